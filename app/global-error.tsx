"use client";

import { useSearchParams } from "next/navigation";
import { htmlLang, langOf } from "@/lib/i18n";

/**
 * The last resort, when even the root layout fails: a plain page of its own (it replaces <html>), in
 * the language the address asks for (`?lang=en`), like every other page.
 */
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const lang = langOf(useSearchParams().get("lang") ?? undefined);
  const en = lang === "en";
  return (
    <html lang={htmlLang(lang)}>
      <body style={{ fontFamily: "system-ui, sans-serif", maxWidth: 640, margin: "48px auto", padding: "0 16px", color: "#1f2933" }}>
        <h1>{en ? "Wenxiao · Something went wrong" : "问效 · 出错了"}</h1>
        <p>
          {en
            ? "The page could not be shown because of a server error; it has been logged and nothing was saved by this attempt."
            : "服务器出现错误，页面无法显示。错误已记录；本次操作未保存任何内容。"}
        </p>
        {error.digest && (
          <p>
            {en ? "Reference: " : "编号："}
            <code>{error.digest}</code>
          </p>
        )}
        <p>
          <button type="button" onClick={reset}>{en ? "Try again" : "重试"}</button> · <a href={en ? "/?lang=en" : "/"}>{en ? "Home" : "首页"}</a>
        </p>
      </body>
    </html>
  );
}
