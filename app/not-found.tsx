import Link from "next/link";
import { PublicShell } from "@/components/PublicShell";
import { withLang } from "@/lib/i18n";
import { headers } from "next/headers";
import { missingThing } from "@/lib/web/missing";
import { NOT_FOUND_FOR } from "@/lib/web/not-found-front";
import { requestLang } from "@/lib/web/request-lang";

/** Wenxiao's own 404: what happened and where to go, in the page's language. */
export default async function NotFound() {
  const lang = await requestLang();
  const en = lang === "en";
  // the address asked for, as proxy.ts passed it on: the 404 names the period, unit or notice it was after
  const asked = await askedFor();
  const missing = missingThing(asked);
  return (
    <PublicShell lang={lang} address={asked}>
      <section className="card narrow">
        <h1>{en ? "Page not found" : "页面不存在"}</h1>
        <p><strong>{en ? missing.en : missing.zh}</strong></p>
        <p>
          {en
            ? "There is no such page, or it is not open to your account. Check the address, or start again from one of these:"
            : "没有这个页面，或您的账户无权查看。请检查网址，或从以下页面重新开始："}
        </p>
        <ul>
          <li><Link href={withLang(lang, "/")}>{en ? "Published rankings" : "绩效排名"}</Link></li>
          <li><Link href={withLang(lang, "/open-data")}>{en ? "Open data" : "开放数据"}</Link></li>
          <li><Link href={withLang(lang, "/after-login")}>{en ? "My start page (signed in)" : "我的工作台（需登录）"}</Link></li>
        </ul>
      </section>
    </PublicShell>
  );
}

async function askedFor(): Promise<string> {
  try {
    const h = await headers();
    // the page a notFound() stood in for, when the HTTP front asks for this page in its place (lib/web/not-found-front.ts)
    return h.get(NOT_FOUND_FOR) ?? h.get("x-wenxiao-url") ?? "/";
  } catch {
    return "/"; // outside a request
  }
}
