import Link from "next/link";
import type { ReactNode } from "react";
import { LangSwitch } from "@/components/LangSwitch";
import { htmlLang, withLang, type Lang } from "@/lib/i18n";

const NAV = {
  zh: { home: "绩效排名", methodology: "评价方法", notices: "通报", data: "开放数据", login: "登录", title: "问效", sub: "社会信用体系建设跟踪问效平台" },
  en: { home: "Rankings", methodology: "Methodology", notices: "Notices", data: "Open data", login: "Sign in", title: "Wenxiao", sub: "Credit work follow-up and accountability" },
};

/** The public pages' frame: masthead, navigation, language switch, footer. */
export function PublicShell({ lang, children, address }: { lang: Lang; children: ReactNode; /** the address the language switch keeps, when not the page's own (the 404 page) */ address?: string }) {
  const t = NAV[lang];
  return (
    <>
      <a href="#main" className="skip-link">{lang === "en" ? "Skip to content" : "跳到正文"}</a>
      <header className="masthead">
        <div className="inner">
          <Link href={withLang(lang, "/")} className="brand">
            <span className="title">{t.title}</span> <span className="sub">{t.sub}</span>
          </Link>
          <nav aria-label={lang === "en" ? "Main" : "主导航"}>
            <Link href={withLang(lang, "/")}>{t.home}</Link>
            <Link href={withLang(lang, "/methodology")}>{t.methodology}</Link>
            <Link href={withLang(lang, "/notices")}>{t.notices}</Link>
            <Link href={withLang(lang, "/open-data")}>{t.data}</Link>
            <Link href={withLang(lang, "/login")}>{t.login}</Link>
            <LangSwitch lang={lang} address={address} />
          </nav>
        </div>
      </header>
      <main lang={htmlLang(lang)} id="main">
        {children}
      </main>
      <footer lang={htmlLang(lang)}>
        {lang === "en"
          ? "Published by the office of the provincial leading group for the social credit system. Only published statistics appear here; no data on natural persons."
          : "甘肃省社会信用体系建设领导小组办公室发布。本站只公示经审核发布的统计结果，不含自然人信息。"}
      </footer>
    </>
  );
}
