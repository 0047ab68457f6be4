"use client";

import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { switchLangHref, type Lang } from "@/lib/i18n";

/**
 * The link to the same page in the other language: the address actually asked for (path and every
 * filter, page and period), with only `lang` replaced. Rendered on the server with the request's own
 * address, so it works without JavaScript, and it follows the address after in-page navigation.
 */
export function LangSwitch({ lang, address }: { lang: Lang; address?: string }) {
  const pathname = usePathname();
  const search = useSearchParams().toString();
  // a 404 page the HTTP front drew in place of another address (lib/web/not-found-front.ts) gives that address
  const own = address && /^\/(?![/\\])/.test(address) ? address : undefined;
  const [path, query] = own ? [own.split("?")[0] ?? "/", own.split("?").slice(1).join("?")] : [pathname, search];
  const href = switchLangHref(path, query, lang === "en" ? "zh" : "en");
  return (
    <Link href={href} hrefLang={lang === "en" ? "zh-CN" : "en"} lang={lang === "en" ? "zh-CN" : "en"} className="lang-switch">
      {lang === "en" ? "中文" : "English"}
    </Link>
  );
}
