import type { Metadata } from "next";
import type { ReactNode } from "react";
import { htmlLang } from "@/lib/i18n";
import { requestLang } from "@/lib/web/request-lang";
import "./globals.css";

// every page is rendered per request, so that its scripts carry that response's nonce (proxy.ts)
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "问效 · 社会信用体系建设跟踪问效平台",
  description: "Wenxiao — follow-up and accountability for the social credit system",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang={htmlLang(await requestLang())}>
      <body>{children}</body>
    </html>
  );
}
