import { AppShell } from "@/components/AppShell";
import { ISSUER } from "@/components/NoticeDocument";
import { getDb } from "@/db";
import { dataMonths } from "@/db/queries/dashboard";
import { requireOffice } from "@/lib/auth/guards";
import { isoOrToday, langOf, periodLabel } from "@/lib/i18n";
import { monthlySummary } from "@/lib/notices/summary";

export const dynamic = "force-dynamic";

const pct = (r: number | null) => (r === null ? "—" : `${(r * 100).toFixed(1)}%`);

/** The monthly summary notice of all units (the Qinghai style), ready to print. */
export default async function SummaryPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const sp = await searchParams;
  const lang = langOf(sp.lang);
  const user = await requireOffice("view:summary", "/office/notices/summary");
  const db = await getDb();
  const months = [...(await dataMonths(db))].reverse();
  const period = sp.period && months.includes(sp.period) ? sp.period : (months[1] ?? months[0]);
  if (!period) return <AppShell lang={lang} user={user} path="/office/notices/summary"><section className="card"><p>—</p></section></AppShell>;
  const asOf = isoOrToday(sp.asOf);
  const s = await monthlySummary(db, period, asOf);
  const label = periodLabel("zh", period);
  return (
    <AppShell lang={lang} user={user} path="/office/notices/summary">
      <section className="card">
        <form className="filters" method="get">
          <label>期间 / Period<select name="period" defaultValue={period}>{months.map((m) => <option key={m} value={m}>{periodLabel(lang, m)}</option>)}</select></label>
          <label>评价日 / As of<input type="date" name="asOf" defaultValue={asOf} /></label>
          <button type="submit">{lang === "en" ? "Show" : "查看"}</button>
        </form>
      </section>
      <section className="card">
        <article className="doc" lang="zh-CN" style={{ maxWidth: 900 }}>
          <div className="org" style={{ color: "#c00", textAlign: "center", fontSize: 26, fontWeight: 700 }}>{ISSUER}</div>
          <hr style={{ borderTop: "3px solid #c00" }} />
          <h1 style={{ textAlign: "center" }}>关于{label}全省社会信用信息归集公示情况的通报</h1>
          <p>各市州人民政府、兰州新区管委会，省直有关部门：</p>
          <p style={{ textIndent: "2em" }}>现将{label}（截至 {asOf}）全省行政许可和行政处罚信息归集公示情况通报如下。</p>
          <table className="items">
            <thead>
              <tr><th>单位</th><th>应公示记录</th><th>按时公示</th><th>迟报率</th><th>合规率</th><th>归集覆盖率</th><th>违规反馈</th><th>得分</th><th>排名</th></tr>
            </thead>
            <tbody>
              {s.rows.map((r) => (
                <tr key={`${r.group}-${r.code}`} className={s.named.includes(r) ? "below-line" : undefined}>
                  <th scope="row">{r.name}</th>
                  <td className="num">{r.records}</td>
                  <td className="num">{r.published_on_time}</td>
                  <td className="num">{pct(r.late_rate)}</td>
                  <td className="num">{pct(r.compliance)}</td>
                  <td className="num">{pct(r.coverage)}</td>
                  <td className="num">{r.violations}</td>
                  <td className="num">{r.score ?? "—"}</td>
                  <td className="num">{r.rank ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p style={{ textIndent: "2em" }}>{s.named.length > 0 ? `迟报率超过 50% 的单位：${s.named.map((r) => r.name).join("、")}。请上述单位认真查找原因，限期整改。` : "本期没有迟报率超过 50% 的单位。"}</p>
          {s.escalated.length > 0 && (
            <p style={{ textIndent: "2em" }}>以下通报逾期未完成整改，再次通报：{s.escalated.map((e) => `${e.number}（${e.addressees}，整改期限 ${e.rectification_due}）`).join("；")}。</p>
          )}
          <p style={{ textAlign: "right", marginTop: 32 }}>{ISSUER}<br />{asOf}</p>
        </article>
      </section>
    </AppShell>
  );
}
