import Link from "next/link";
import { Chart } from "@/components/charts/Chart";
import { scoreBarOption, trendOption } from "@/components/charts/options";
import { gradeLabel, TOO_FEW } from "@/components/RankingTable";
import { cellText, columnsFor, DATE_COLUMNS, hasSubjectCodes, STATUS, statusText, targetName } from "@/lib/explain-text";
import { TARGETS } from "@/lib/export-items";
import { numberFormat, percent, periodLabel } from "@/lib/i18n";
import type { UnitDetailData } from "@/lib/unit-page";
import { standingLabel, standingNote } from "@/lib/publication/standing";

export type UnitDetailProps = UnitDetailData;

const T = {
  zh: { peersPublished: "同组比较（已发布排名）", peersNone: "本期排名发布后可与同组单位比较。", rank: (r: number | null, n: number) => (r ? `第 ${r} 名 / 共 ${n} 个` : "无排名"), score: "得分", change: "较上期", period: "期间", asOf: "评价日", show: "查看", status: "状态", all: "全部", exportCsv: "导出 CSV", exportXlsx: "导出 Excel", prev: "上一页", next: "下一页", of: (a: number, b: number, n: number) => `第 ${a}–${b} 条，共 ${n} 条`, none: "没有符合条件的记录。", todo: "怎么办", peers: "同组比较", trend: "近 12 个月得分", violations: "违规反馈", items: "明细", showIds: "显示完整证件号", maskIds: "隐藏完整证件号", idsMasked: "自然人身份证号只显示前 6 位和后 4 位；查看或导出完整号码会被记录。", idsFull: "正在显示完整证件号，本次查看和导出均已记录，仅用于更正记录。" },
  en: { peersPublished: "Compared with peers (published ranking)", peersNone: "Peers are shown once the period's ranking is published.", rank: (r: number | null, n: number) => (r ? `Rank ${r} of ${n}` : "not ranked"), score: "Score", change: "Change", period: "Period", asOf: "As of", show: "Show", status: "Status", all: "All", exportCsv: "Export CSV", exportXlsx: "Export Excel", prev: "Previous", next: "Next", of: (a: number, b: number, n: number) => `${a}–${b} of ${n}`, none: "Nothing matches.", todo: "What to do", peers: "Compared with peers", trend: "Score, last 12 months", violations: "Violations", items: "Items", showIds: "Show full ID numbers", maskIds: "Mask ID numbers", idsMasked: "Natural persons' ID numbers show only their first 6 and last 4 characters; viewing or exporting them in full is logged.", idsFull: "Full ID numbers are shown; this view and its exports are logged, for correcting records only." },
};

/** One unit's score, every indicator, and the exact items behind the selected one. */
export function UnitDetail(p: UnitDetailProps) {
  const t = T[p.lang];
  const nf = numberFormat(p.lang);
  const e = p.entity;
  // full ID numbers stay asked for while paging and filtering, and go with the export links
  const ids: Record<string, string> = p.idNumbers.view === "full" ? { ids: "full" } : {};
  // a prefetched full view would be logged as seen: links that carry ids=full load only when followed
  const prefetch = p.idNumbers.view === "full" ? false : undefined;
  const link = (changes: Record<string, string | number | undefined>) => {
    const params = new URLSearchParams({ period: p.period, asOf: p.asOf, indicator: p.target, ...(p.status ? { status: p.status } : {}), ...ids });
    for (const [k, v] of Object.entries(changes)) {
      if (v === undefined || v === "") params.delete(k);
      else params.set(k, String(v));
    }
    if (p.lang === "en") params.set("lang", "en");
    return `${p.base}?${params.toString()}`;
  };
  const exportLink = (format: string) => {
    const params = new URLSearchParams({ period: p.period, asOf: p.asOf, indicator: p.target, format, lang: p.lang, ...(p.status ? { status: p.status } : {}), ...ids });
    return `${p.exportBase}${p.exportBase.includes("?") ? "&" : "?"}${params.toString()}`;
  };
  const cols = columnsFor(p.target);
  const from = p.items.total === 0 ? 0 : (p.page - 1) * p.pageSize + 1;
  const to = Math.min(p.page * p.pageSize, p.items.total);
  const ranked = p.rankedCount;
  const peersTitle = p.showTodo ? t.peersPublished : t.peers;
  return (
    <>
      <section className="card">
        <h1>{e.name}</h1>
        <p className="standing muted" data-standing={p.standing.status}>
          <span className={`badge ${p.standing.status}`}>{standingLabel(p.lang, p.standing)}</span> {standingNote(p.lang, p.standing)}
        </p>
        <form className="filters" method="get">
          {p.lang === "en" && <input type="hidden" name="lang" value="en" />}
          <input type="hidden" name="indicator" value={p.target} />
          <label>
            {t.period}
            <select name="period" defaultValue={p.period}>
              {p.periods.map((x) => <option key={x} value={x}>{periodLabel(p.lang, x)}</option>)}
            </select>
          </label>
          <label>
            {t.asOf}
            <input type="date" name="asOf" defaultValue={p.asOf} />
          </label>
          <button type="submit">{t.show}</button>
        </form>
        <div className="grid">
          <div><div className="kpi">{e.score === null ? "—" : nf.format(e.score)}</div><div className="muted">{t.score} · {gradeLabel(p.lang, e.grade)}</div></div>
          <div><div className="kpi">{t.rank(e.rank, ranked)}</div><div className="muted">{periodLabel(p.lang, p.period)} · {standingLabel(p.lang, p.standing)}</div></div>
          <div><div className="kpi">{e.change === null ? "—" : `${e.change > 0 ? "+" : ""}${nf.format(e.change)}`}</div><div className="muted">{t.change}</div></div>
        </div>
      </section>

      <section className="card">
        <nav className="indicators" aria-label={t.items}>
          {TARGETS.map((k) => {
            const fig = k === "violations" ? undefined : e.indicators[k];
            return (
              <Link key={k} href={link({ indicator: k, status: undefined, page: undefined })} className="indicator" aria-current={k === p.target ? "true" : undefined} prefetch={prefetch}>
                <div className="muted small">{targetName(p.lang, k)}</div>
                <div className="value">{fig ? percent(p.lang, fig.rate) : e.violations}</div>
                <div className="detail">{fig ? `${nf.format(fig.numerator)} / ${nf.format(fig.denominator)}` : t.violations}</div>
                {fig?.insufficient && <span className="badge too-few" title={TOO_FEW[p.lang].title(p.minSample)}>{TOO_FEW[p.lang].label}</span>}
              </Link>
            );
          })}
        </nav>
      </section>

      <section className="card" aria-labelledby="items">
        <h2 id="items">{targetName(p.lang, p.target)} · {t.items}</h2>
        <div className="filters">
          <span>{t.status}:</span>
          <Link href={link({ status: undefined, page: undefined })} aria-current={!p.status ? "page" : undefined} prefetch={prefetch}>{t.all} ({p.items.counts ? Object.values(p.items.counts).reduce((a, b) => a + b, 0) : 0})</Link>
          {Object.entries(p.items.counts).map(([s, n]) => (
            <Link key={s} href={link({ status: s, page: undefined })} aria-current={p.status === s ? "page" : undefined} prefetch={prefetch}>
              <span className={`status ${s}`}>{statusText(p.lang, s)}</span> {n}
            </Link>
          ))}
          <span style={{ marginLeft: "auto" }}>
            {p.idNumbers.mayAsk && hasSubjectCodes(p.target) && (
              <>
                {p.idNumbers.view === "full" ? (
                  <Link href={link({ ids: undefined })} rel="nofollow">{t.maskIds}</Link>
                ) : (
                  <Link href={link({ ids: "full" })} rel="nofollow" prefetch={false} title={t.idsMasked}>{t.showIds}</Link>
                )}
                {" · "}
              </>
            )}
            <a href={exportLink("csv")}>{t.exportCsv}</a> · <a href={exportLink("xlsx")}>{t.exportXlsx}</a>
          </span>
        </div>
        {p.idNumbers.view === "full" && <p className="notice small">{t.idsFull}</p>}
        {p.showTodo && (
          <ul className="notice todo" aria-label={t.todo}>
            {Object.keys(p.items.counts)
              .filter((s) => (!p.status || s === p.status) && STATUS[s]?.todoZh)
              .map((s) => (
                <li key={s}>
                  <span className={`status ${s}`}>{statusText(p.lang, s)}</span> <strong>{t.todo}{p.lang === "en" ? ": " : "："}</strong>
                  {p.lang === "en" ? STATUS[s]!.todoEn : STATUS[s]!.todoZh}
                </li>
              ))}
          </ul>
        )}
        {p.items.items.length === 0 ? (
          <p className="muted">{t.none}</p>
        ) : (
          <div className="table-wrap">
            <table className="items">
              <thead>
                <tr>
                  {cols.map((c) => <th key={c.key} scope="col">{c[p.lang]}</th>)}
                  <th scope="col">{t.status}</th>
                </tr>
              </thead>
              <tbody>
                {p.items.items.map((i, n) => (
                  <tr key={n}>
                    {cols.map((c) => <td key={c.key} className={DATE_COLUMNS.has(c.key) ? "date" : undefined}>{cellText(p.lang, c.key, i[c.key])}</td>)}
                    <td><span className={`status ${String(i.status)}`}>{statusText(p.lang, String(i.status))}</span></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <div className="pager">
          <span className="muted">{t.of(from, to, p.items.total)}</span>
          {p.page > 1 && <Link href={link({ page: p.page - 1 })} prefetch={prefetch}>{t.prev}</Link>}
          {to < p.items.total && <Link href={link({ page: p.page + 1 })} prefetch={prefetch}>{t.next}</Link>}
        </div>
      </section>

      <div className="grid">
        <section className="card">
          {p.showTodo && p.peers.length <= 1 ? (
            <p className="muted">{t.peersNone}</p>
          ) : (
            <Chart title={peersTitle} width={520} height={Math.max(300, p.peers.length * 18 + 60)} option={scoreBarOption(p.lang, peersTitle, p.peers.map((x) => ({ name: x.code === e.code ? `▶ ${x.name}` : x.name, score: x.score })))} />
          )}
        </section>
        <section className="card">
          <Chart title={t.trend} width={520} height={300} option={trendOption(p.lang, t.trend, p.trend.months.map((m) => periodLabel(p.lang, m)), [{ name: e.name, values: p.trend.values }])} />
        </section>
      </div>
    </>
  );
}
