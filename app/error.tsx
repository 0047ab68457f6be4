"use client";

import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { PublicShell } from "@/components/PublicShell";
import { langOf, withLang } from "@/lib/i18n";

/**
 * Wenxiao's own error page, for a fault while rendering (never its text: that is in the server's log,
 * found by the reference shown). Trying again re-renders the page.
 */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const lang = langOf(useSearchParams().get("lang") ?? undefined);
  const en = lang === "en";
  return (
    <PublicShell lang={lang}>
      <section className="card narrow">
        <h1>{en ? "Something went wrong" : "出错了"}</h1>
        <p>
          {en
            ? "The page could not be shown because of an error on the server. It has been logged; nothing you entered was saved by this attempt."
            : "服务器出现错误，页面无法显示。错误已记录；本次操作未保存任何内容。"}
        </p>
        {error.digest && (
          <p className="small muted">
            {en ? "Reference for the administrator: " : "供管理员查询的编号："}
            <code>{error.digest}</code>
          </p>
        )}
        <p className="filters">
          <button type="button" onClick={reset}>{en ? "Try again" : "重试"}</button>
          <Link href={withLang(lang, "/")}>{en ? "Home" : "返回首页"}</Link>
        </p>
      </section>
    </PublicShell>
  );
}
