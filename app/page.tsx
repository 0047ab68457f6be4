import Link from "next/link";
import { getDb } from "@/db";
import { systemStatus } from "@/db/queries/status";

// reads the database on every request, never at build time
export const dynamic = "force-dynamic";

const TEXT = {
  zh: {
    title: "问效",
    subtitle: "社会信用体系建设跟踪问效平台",
    switchTo: "English",
    intro:
      "本平台跟踪各市州和省直部门的信用工作：双公示记录是否在决定之日起 7 个工作日内公示和归集、信用信息是否应归尽归、联合奖惩措施是否按期反馈，据此计算得分并排名。",
    none: "尚未发布排名。排名经领导小组办公室审核后在此公示。",
    status: "系统状态",
    calendar: "已加载的工作日历",
    units: "单位",
    records: "双公示记录",
    years: (a: number, b: number) => `${a}–${b} 年`,
    footer: "数据按《甘肃省信用信息归集和公示目录》归集；本页只显示已公开的统计数据，不含自然人信息。",
  },
  en: {
    title: "Wenxiao",
    subtitle: "Follow-up and accountability for the social credit system",
    switchTo: "中文",
    intro:
      "Wenxiao follows the credit work of every city and provincial department: whether licence and penalty records are published and collected within 7 working days of the decision, whether credit information is collected in full, and whether joint measures are answered on time — and scores and ranks them on it.",
    none: "No rankings have been published yet. They appear here once the leading-group office has reviewed them.",
    status: "System status",
    calendar: "Working-day calendar loaded",
    units: "Units",
    records: "Publication records",
    years: (a: number, b: number) => `${a}–${b}`,
    footer: "Only published statistics are shown on this page; no data on natural persons.",
  },
};

export default async function HomePage({ searchParams }: { searchParams: Promise<{ lang?: string }> }) {
  const lang = (await searchParams).lang === "en" ? "en" : "zh";
  const t = TEXT[lang];
  const status = await systemStatus(await getDb());
  const nf = new Intl.NumberFormat(lang === "en" ? "en-US" : "zh-CN");
  return (
    <>
      <header className="masthead">
        <div className="inner">
          <h1>{t.title}</h1>
          <span className="sub">{t.subtitle}</span>
          <nav>
            <Link href={lang === "en" ? "/" : "/?lang=en"} hrefLang={lang === "en" ? "zh-CN" : "en"}>
              {t.switchTo}
            </Link>
          </nav>
        </div>
      </header>
      <main lang={lang === "en" ? "en" : "zh-CN"}>
        <section className="card">
          <p>{t.intro}</p>
          <p className="muted">{t.none}</p>
        </section>
        <section className="card" aria-labelledby="status">
          <h2 id="status">{t.status}</h2>
          <table>
            <tbody>
              <tr>
                <th scope="row">{t.calendar}</th>
                <td className="num">{status.firstYear && status.lastYear ? t.years(status.firstYear, status.lastYear) : "—"}</td>
              </tr>
              <tr>
                <th scope="row">{t.units}</th>
                <td className="num">{nf.format(status.units)}</td>
              </tr>
              <tr>
                <th scope="row">{t.records}</th>
                <td className="num">{nf.format(status.records)}</td>
              </tr>
            </tbody>
          </table>
        </section>
      </main>
      <footer>{t.footer}</footer>
    </>
  );
}
