import Link from "next/link";
import type { ReactNode } from "react";
import type { SessionUser } from "@/lib/auth/users";
import { LangSwitch } from "@/components/LangSwitch";
import { htmlLang, withLang, type Lang } from "@/lib/i18n";

const ROLE = {
  zh: { office: "领导小组办公室", unit_head: "单位负责人", clerk: "联络员" },
  en: { office: "Leading-group office", unit_head: "Unit head", clerk: "Clerk" },
};

/** The frame of signed-in pages: who is signed in, their start page, the public site, sign-out. */
export function AppShell({ lang, user, children }: { lang: Lang; user: SessionUser; children: ReactNode }) {
  const home = user.role === "office" ? "/office" : "/unit";
  return (
    <>
      <a href="#main" className="skip-link">{lang === "en" ? "Skip to content" : "跳到正文"}</a>
      <header className="masthead app">
        <div className="inner">
          <Link href={withLang(lang, home)} className="brand">
            <span className="title">{lang === "en" ? "Wenxiao" : "问效"}</span>
            <span className="sub">{user.role === "office" ? (lang === "en" ? "Office dashboard" : "工作台") : lang === "en" ? "My unit" : "本单位"}</span>
          </Link>
          <nav aria-label={lang === "en" ? "Account" : "账户"}>
            <Link href={withLang(lang, home)}>{user.role === "office" ? (lang === "en" ? "Scores" : "得分") : lang === "en" ? "My unit" : "本单位"}</Link>
            {user.role !== "office" && <Link href={withLang(lang, "/unit/obligations")}>{lang === "en" ? "Open measures" : "待办措施"}</Link>}
            <Link href={withLang(lang, `${home}/joint`)}>{lang === "en" ? "Joint measures" : "联合奖惩"}</Link>
            <Link href={withLang(lang, `${home}/notices`)}>{lang === "en" ? "Notices" : "通报"}</Link>
            <Link href={withLang(lang, "/inbox")}>{lang === "en" ? "Reminders" : "提醒"}</Link>
            <Link href={withLang(lang, `${home}/upload`)}>{lang === "en" ? "Upload" : "上传数据"}</Link>
            <Link href={withLang(lang, `${home}/imports`)}>{lang === "en" ? "Imports" : "导入记录"}</Link>
            <Link href={withLang(lang, "/templates")}>{lang === "en" ? "Templates" : "导入模板"}</Link>
            {user.role === "office" && <Link href={withLang(lang, "/office/method")}>{lang === "en" ? "Method" : "评价方法"}</Link>}
            {user.role === "office" && <Link href={withLang(lang, "/office/jobs")}>{lang === "en" ? "Jobs" : "定时任务"}</Link>}
            {user.role === "office" && <Link href={withLang(lang, "/office/users")}>{lang === "en" ? "Accounts" : "账户"}</Link>}
            {user.role === "unit_head" && <Link href={withLang(lang, "/unit/users")}>{lang === "en" ? "Clerks" : "联络员"}</Link>}
            {user.role === "office" && <Link href={withLang(lang, "/office/api-tokens")}>{lang === "en" ? "API tokens" : "接口令牌"}</Link>}
            {user.role === "unit_head" && <Link href={withLang(lang, "/unit/api-tokens")}>{lang === "en" ? "API tokens" : "接口令牌"}</Link>}
            {user.role === "office" && <Link href={withLang(lang, "/office/audit")}>{lang === "en" ? "Audit" : "审计"}</Link>}
            <Link href={withLang(lang, "/")}>{lang === "en" ? "Public site" : "公示页面"}</Link>
            <Link href={withLang(lang, "/account")}>{lang === "en" ? "My account" : "我的账户"}</Link>
            <span className="who">
              {/* the office's account name already says who it is */}
              {user.role === "office" ? user.name : `${user.name} · ${ROLE[lang][user.role]}`}
            </span>
            <LangSwitch lang={lang} />
            <form action="/logout" method="post">
              <button type="submit" className="link-button">
                {lang === "en" ? "Sign out" : "退出"}
              </button>
            </form>
          </nav>
        </div>
      </header>
      <main lang={htmlLang(lang)} id="main" className="app">
        {children}
      </main>
    </>
  );
}
