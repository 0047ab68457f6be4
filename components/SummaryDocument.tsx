import { ISSUER } from "@/components/NoticeDocument";
import { periodLabel } from "@/lib/i18n";
import type { MonthlySummary } from "@/lib/notices/summary";

const pct = (r: number | null) => (r === null ? "—" : `${(r * 100).toFixed(1)}%`);
const CSS = `
.sum { max-width: 900px; margin: 0 auto; background: #fff; color: #000; font-family: "Noto Serif CJK SC", "SimSun", "Noto Sans CJK SC", serif; font-size: 12pt; line-height: 1.7; }
.sum .org { color: #c00; text-align: center; font-size: 24pt; font-weight: 700; }
.sum hr { border: 0; border-top: 3px solid #c00; }
.sum h1 { text-align: center; font-size: 17pt; }
.sum p.i { text-indent: 2em; }
.sum table { width: 100%; border-collapse: collapse; font-size: 10pt; }
.sum th, .sum td { border: 1px solid #000; padding: 2px 4px; text-align: center; }
.sum tr.named { background: #fde8e8; }
.sum .sign { text-align: right; margin-top: 32px; }
@media print { @page { size: A4; margin: 18mm 15mm; } }
`;

/** The monthly summary notice of all units (the Qinghai office's style), for the page and the PDF. */
export function SummaryDocument({ s }: { s: MonthlySummary }) {
  const label = periodLabel("zh", s.period);
  return (
    <article className="sum" lang="zh-CN">
      <style>{CSS}</style>
      <div className="org">{ISSUER}</div>
      <hr />
      <h1>关于{label}全省社会信用信息归集公示情况的通报</h1>
      <p>各市州人民政府、兰州新区管委会，省直有关部门：</p>
      <p className="i">现将{label}（截至 {s.asOf}）全省行政许可和行政处罚信息归集公示情况通报如下。</p>
      <table>
        <thead>
          <tr><th>单位</th><th>应公示记录</th><th>按时公示</th><th>迟报率</th><th>合规率</th><th>归集覆盖率</th><th>违规反馈</th><th>得分</th><th>排名</th></tr>
        </thead>
        <tbody>
          {s.rows.map((r) => (
            <tr key={`${r.group}-${r.code}`} className={s.named.includes(r) ? "named" : undefined}>
              <th scope="row">{r.name}</th>
              <td>{r.records}</td>
              <td>{r.published_on_time}</td>
              <td>{pct(r.late_rate)}</td>
              <td>{pct(r.compliance)}</td>
              <td>{pct(r.coverage)}</td>
              <td>{r.violations}</td>
              <td>{r.score ?? "—"}</td>
              <td>{r.rank ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="i">{s.named.length > 0 ? `迟报率超过 50% 的单位：${s.named.map((r) => r.name).join("、")}。请上述单位认真查找原因，限期整改。` : "本期没有迟报率超过 50% 的单位。"}</p>
      {s.escalated.length > 0 && <p className="i">以下通报逾期未完成整改，再次通报：{s.escalated.map((e) => `${e.number}（${e.addressees}，整改期限 ${e.rectification_due}）`).join("；")}。</p>}
      <p className="sign">{ISSUER}<br />{s.asOf}</p>
    </article>
  );
}
