import Link from "next/link";
import { Chart } from "@/components/charts/Chart";
import { scoreBarOption, trendOption } from "@/components/charts/options";
import { gradeLabel, TOO_FEW } from "@/components/RankingTable";
import { cellText, columnsFor, DATE_COLUMNS, hasSubjectCodes, STATUS, statusText, targetName } from "@/lib/explain-text";
import { TARGETS } from "@/lib/export-items";
import { Pager } from "@/components/Pager";
import { TO_DO_COLUMNS, toDoCellText } from "@/lib/todo-text";
import { numberFormat, percent, periodLabel, withLang } from "@/lib/i18n";
import type { UnitDetailData } from "@/lib/unit-page";
import { standingLabel, standingNote } from "@/lib/publication/standing";
import { EXPLANATION_HEADER, ExplanationCell } from "@/components/ExplanationCell";

export type UnitDetailProps = UnitDetailData;

const T = {
  zh: { peersPublished: "同组比较（已发布排名）", peersNone: "本期排名发布后可与同组单位比较。", rank: (r: number | null, n: number) => (r ? `第 ${r} 名 / 共 ${n} 个` : "无排名"), score: "得分", change: "较上期", period: "期间", asOf: "评价日", show: "查看", status: "状态", all: "全部", exportCsv: "导出 CSV", exportXlsx: "导出 Excel", prev: "上一页", next: "下一页", of: (a: number, b: number, n: number) => `第 ${a}–${b} 条，共 ${n} 条`, none: "没有符合条件的记录。", todo: "怎么办", peers: "同组比较", trend: "近 12 个月得分", violations: "违规反馈", items: "明细", showIds: "显示完整证件号", maskIds: "隐藏完整证件号", idsMasked: "自然人身份证号只显示前 6 位和后 4 位；查看或导出完整号码会被记录。", idsFull: "正在显示完整证件号，本次查看和导出均已记录，仅用于更正记录。", todoTab: "待办", todoDetail: "未报和迟报事项", todoTitle: "待办", todoNote: (asOf: string) => `本期到期未完成（未报）和逾期完成（迟报）的公示、归集和反馈事项，未报在前；逾期按工作日计（法定节假日和周末不计），未报的算到评价日 ${asOf}。`, todoEmpty: (period: string, asOf: string) => `${period}没有待办事项：截至 ${asOf}，所有到期的公示、归集和反馈都已按时完成。`, search: "搜索", searchGo: "搜索", searchClear: "清除搜索", searchTodoHint: "记录编号、决定文书号或案件编号", searchHint: (target: string) => (target === "coverage" ? "目录项" : target.startsWith("feedback") || target === "violations" ? "案件编号或措施编码" : "记录编号或决定文书号"), noneFound: (q: string) => `没有编号含“${q}”的记录。`, source: "来源", sourceTitle: "最后写入该条数据的导入批次", batch: (n: number) => `批次 #${n}`, correct: "更正", correctTitle: "更正这条数据（经导入校验，留有记录，可撤销）", obligations: "待办联合奖惩措施 →", joint: "联合奖惩指标和发现的问题 →" },
  en: { peersPublished: "Compared with peers (published ranking)", peersNone: "Peers are shown once the period's ranking is published.", rank: (r: number | null, n: number) => (r ? `Rank ${r} of ${n}` : "not ranked"), score: "Score", change: "Change", period: "Period", asOf: "As of", show: "Show", status: "Status", all: "All", exportCsv: "Export CSV", exportXlsx: "Export Excel", prev: "Previous", next: "Next", of: (a: number, b: number, n: number) => `${a}–${b} of ${n}`, none: "Nothing matches.", todo: "What to do", peers: "Compared with peers", trend: "Score, last 12 months", violations: "Violations", items: "Items", showIds: "Show full ID numbers", maskIds: "Mask ID numbers", idsMasked: "Natural persons' ID numbers show only their first 6 and last 4 characters; viewing or exporting them in full is logged.", idsFull: "Full ID numbers are shown; this view and its exports are logged, for correcting records only.", todoTab: "To do", todoDetail: "missing and late items", todoTitle: "To do", todoNote: (asOf: string) => `Records to publish or submit and obligations to answer that are past their deadline: missing ones (not done yet) first, then late ones (done after the deadline). Days late are working days (weekends and public holidays do not count); a missing item counts up to the evaluation date, ${asOf}.`, todoEmpty: (period: string, asOf: string) => `Nothing to do for ${period}: as of ${asOf}, everything due was published, submitted and answered on time.`, search: "Search", searchGo: "Search", searchClear: "Clear search", searchTodoHint: "record, decision or case number", searchHint: (target: string) => (target === "coverage" ? "catalogue item" : target.startsWith("feedback") || target === "violations" ? "case or measure" : "record or decision number"), noneFound: (q: string) => `No item's number contains "${q}".`, source: "Source", sourceTitle: "The import batch that last wrote this item", batch: (n: number) => `Batch #${n}`, correct: "Correct", correctTitle: "Correct this row (checked as an import, recorded, can be undone)", obligations: "Open joint measures →", joint: "Joint measures: indicators and findings →" },
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
  const todo = p.view === "todo";
  // the list's own parameters, so that paging, filtering and sorting keep each other
  const own: Record<string, string> = {
    period: p.period,
    asOf: p.asOf,
    ...(todo ? (p.status ? { view: "todo" } : {}) : { indicator: p.target }),
    ...(p.status ? { status: p.status } : {}),
    ...(p.search ? { q: p.search } : {}),
    ...(p.sort ? { sort: p.sort.column, ...(p.sort.dir !== defaultDir(p.sort.column) ? { dir: p.sort.dir } : {}) } : {}),
    ...ids,
  };
  const link = (changes: Record<string, string | number | undefined>) => {
    const params = new URLSearchParams(own);
    for (const [k, v] of Object.entries(changes)) {
      if (v === undefined || v === "") params.delete(k);
      else params.set(k, String(v));
    }
    if (p.lang === "en") params.set("lang", "en");
    return `${p.base}?${params.toString()}`;
  };
  // another list: its own status and order, the search kept
  const otherList = { status: undefined, page: undefined, sort: undefined, dir: undefined, view: undefined };
  const exportLink = (format: string) => {
    const { period, asOf, indicator, status, q, sort, dir } = own;
    const params = new URLSearchParams({ period: period!, asOf: asOf!, indicator: indicator!, format, lang: p.lang, ...(status ? { status } : {}), ...(q ? { q } : {}), ...(sort ? { sort } : {}), ...(dir ? { dir } : {}), ...ids });
    return `${p.exportBase}${p.exportBase.includes("?") ? "&" : "?"}${params.toString()}`;
  };
  const cols: { key: string; zh: string; en: string; titleZh?: string; titleEn?: string }[] = todo ? TO_DO_COLUMNS : withDaysLate(columnsFor(p.target), p.sortable.includes("days_late"));
  const cell = (key: string, item: Record<string, unknown>) => (todo ? toDoCellText(p.lang, key, item) : cellText(p.lang, key, item[key]));
  const from = p.items.total === 0 ? 0 : (p.page - 1) * p.pageSize + 1;
  const to = Math.min(p.page * p.pageSize, p.items.total);
  const pages = Math.max(1, Math.ceil(p.items.total / p.pageSize));
  const ranked = p.rankedCount;
  const peersTitle = p.showTodo ? t.peersPublished : t.peers;
  const allCount = Object.values(p.items.counts).reduce((a, b) => a + b, 0);
  // what to do about the statuses shown (a unit's own page only); none: no empty box
  const advice = p.showTodo ? Object.keys(p.items.counts).filter((s) => (!p.status || s === p.status) && STATUS[s]?.todoZh && (p.items.counts[s] ?? 0) > 0) : [];
  const header = (c: { key: string; zh: string; en: string; titleZh?: string; titleEn?: string }) => {
    const title = p.lang === "en" ? c.titleEn : c.titleZh;
    if (!p.sortable.includes(c.key)) return <th key={c.key} scope="col" title={title}>{c[p.lang]}</th>;
    const current = p.sort?.column === c.key ? p.sort.dir : undefined;
    const dir = current ? (current === "asc" ? "desc" : "asc") : defaultDir(c.key);
    return (
      <th key={c.key} scope="col" className="sortable" title={title} aria-sort={current ? (current === "asc" ? "ascending" : "descending") : undefined}>
        <Link href={link({ sort: c.key, dir: dir === defaultDir(c.key) ? undefined : dir, page: undefined })} prefetch={prefetch}>
          {c[p.lang]}{"\u00a0"}<span aria-hidden="true" className={current ? undefined : "muted"}>{current === "asc" ? "▲" : current === "desc" ? "▼" : "↕"}</span>
        </Link>
      </th>
    );
  };
  return (
    <>
      <section className="card">
        <h1>{e.name}</h1>
        <p className="standing muted" data-standing={p.standing.status}>
          <span className={`badge ${p.standing.status}`}>{standingLabel(p.lang, p.standing)}</span> {standingNote(p.lang, p.standing)}
        </p>
        {/* the unit's own people reach their open measures from the navigation; the office from here */}
        {p.base.startsWith("/office/units/") && <p><Link href={withLang(p.lang, `${p.base}/obligations`)}>{t.obligations}</Link></p>}
        {/* the month's joint-measures figures: a unit's own page, the office's of the province (a month only: the page is by month) */}
        <p><Link href={withLang(p.lang, `${p.base.startsWith("/office/") ? "/office/joint" : "/unit/joint"}${/^\d{4}-\d{2}$/.test(p.period) ? `?period=${p.period}` : ""}`)}>{t.joint}</Link></p>
        <form className="filters" method="get">
          {p.lang === "en" && <input type="hidden" name="lang" value="en" />}
          {!todo && <input type="hidden" name="indicator" value={p.target} />}
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
          <Link href={link({ ...otherList, indicator: undefined })} className="indicator todo-tab" aria-current={todo ? "true" : undefined} prefetch={prefetch}>
            <div className="muted small">{t.todoTab}</div>
            <div className="value">{todo ? nf.format(allCount) : "→"}</div>
            <div className="detail">{t.todoDetail}</div>
          </Link>
          {TARGETS.map((k) => {
            const fig = k === "violations" ? undefined : e.indicators[k];
            return (
              <Link key={k} href={link({ ...otherList, indicator: k })} className="indicator" aria-current={!todo && k === p.target ? "true" : undefined} prefetch={prefetch}>
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
        <h2 id="items">{todo ? `${t.todoTitle} · ${periodLabel(p.lang, p.period)}` : `${targetName(p.lang, p.target)} · ${t.items}`}</h2>
        {todo && <p className="muted small">{t.todoNote(p.asOf)}</p>}
        <div className="filters">
          <span>{t.status}:</span>
          <Link href={link({ status: undefined, page: undefined, view: undefined })} aria-current={!p.status ? "page" : undefined} prefetch={prefetch}>{t.all} ({allCount})</Link>
          {Object.entries(p.items.counts).map(([s, n]) => (
            <Link key={s} href={link({ status: s, page: undefined, view: todo ? "todo" : undefined })} aria-current={p.status === s ? "page" : undefined} prefetch={prefetch}>
              <span className={`status ${s}`}>{statusText(p.lang, s)}</span> {n}
            </Link>
          ))}
          <span style={{ marginLeft: "auto" }}>
            {!todo && p.idNumbers.mayAsk && hasSubjectCodes(p.target) && (
              <>
                {p.idNumbers.view === "full" ? (
                  <Link href={link({ ids: undefined })} rel="nofollow">{t.maskIds}</Link>
                ) : (
                  <Link href={link({ ids: "full" })} rel="nofollow" prefetch={false} title={t.idsMasked}>{t.showIds}</Link>
                )}
                {" · "}
              </>
            )}
            {!todo && (
              <>
                <a href={exportLink("csv")}>{t.exportCsv}</a> · <a href={exportLink("xlsx")}>{t.exportXlsx}</a>
              </>
            )}
          </span>
        </div>
        <form className="filters search" method="get" role="search">
          {Object.entries(own)
            .filter(([k]) => k !== "q")
            .map(([k, v]) => <input key={k} type="hidden" name={k} value={v} />)}
          {p.lang === "en" && <input type="hidden" name="lang" value="en" />}
          <label>
            {t.search}
            <input type="search" name="q" defaultValue={p.search ?? ""} maxLength={100} placeholder={todo ? t.searchTodoHint : t.searchHint(p.target)} />
          </label>
          <button type="submit">{t.searchGo}</button>
          {p.search && <Link href={link({ q: undefined, page: undefined })} prefetch={prefetch}>{t.searchClear}</Link>}
        </form>
        {p.idNumbers.view === "full" && <p className="notice small">{t.idsFull}</p>}
        {advice.length > 0 && (
          <ul className="notice todo" aria-label={t.todo}>
            {advice.map((s) => (
              <li key={s}>
                <span className={`status ${s}`}>{statusText(p.lang, s)}</span> <strong>{t.todo}{p.lang === "en" ? ": " : "："}</strong>
                {p.lang === "en" ? STATUS[s]!.todoEn : STATUS[s]!.todoZh}
              </li>
            ))}
          </ul>
        )}
        {p.items.items.length === 0 ? (
          todo && !p.search && !p.status ? (
            <p className="todo-empty" data-empty="todo">{t.todoEmpty(periodLabel(p.lang, p.period), p.asOf)}</p>
          ) : (
            <p className="muted">{p.search ? t.noneFound(p.search) : t.none}</p>
          )
        ) : (
          <div className="table-wrap">
            <table className={todo ? "items todo" : "items"}>
              <thead>
                <tr>
                  {cols.map(header)}
                  <th scope="col" title={t.sourceTitle}>{t.source}</th>
                  <th scope="col">{EXPLANATION_HEADER[p.lang]}</th>
                  <th scope="col">{t.status}</th>
                </tr>
              </thead>
              <tbody>
                {p.items.items.map((i, n) => (
                  <tr key={n}>
                    {cols.map((c) => (
                      <td key={c.key} className={cellClass(c.key)}>
                        {todo && c.key === "number" ? (
                          <Link href={link({ ...otherList, indicator: String(i.task), q: String(i.number), view: undefined })} prefetch={prefetch}>{cell(c.key, i)}</Link>
                        ) : (
                          cell(c.key, i)
                        )}
                      </td>
                    ))}
                    <td className="explanation"><ExplanationCell lang={p.lang} note={p.notes[n]} period={p.period} from={todo ? "todo" : "items"} explainBase={p.explainBase} /></td>
                    <td className="source">
                      {typeof i.batch_id === "number" && i.batch_id > 0 ? (
                        <Link href={withLang(p.lang, `${p.batchBase}/${i.batch_id}`)} prefetch={false}>{t.batch(i.batch_id)}</Link>
                      ) : (
                        "—"
                      )}
                      {p.corrections[n] && (
                        <>
                          {" · "}
                          <Link href={withLang(p.lang, p.corrections[n])} prefetch={false} title={t.correctTitle}>{t.correct}</Link>
                        </>
                      )}
                    </td>
                    <td><span className={`status ${String(i.status)}`}>{statusText(p.lang, String(i.status))}</span></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pager lang={p.lang} page={p.page} pages={pages} href={(n) => link({ page: n > 1 ? n : undefined })} summary={t.of(from, to, p.items.total)} prefetch={prefetch} />
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

/** Numbers and dates sort from the earliest or smallest; days late from the most. */
function defaultDir(column: string): "asc" | "desc" {
  return column === "days_late" ? "desc" : "asc";
}

/** An item list's columns with its working days late after the deadline column, where the list has them. */
// record numbers and codes never break (a clerk searches for them as typed), nor do short labels
// (处罚, black); a unit's name keeps a readable width even when a long English name shares the row (1366 px screens)
const CODE_COLUMNS = new Set(["record_id", "number", "decision_no", "case_id", "measure_code", "subject_code", "objection_id", "kind", "list_type"]);
function cellClass(key: string): string | undefined {
  if (DATE_COLUMNS.has(key) || key === "date" || key === "done_date") return "date";
  if (key === "days_late") return "num";
  if (key === "task") return "task";
  if (key === "unit_name") return "unit";
  if (CODE_COLUMNS.has(key)) return "code";
  if (key === "flags") return "flags";
  return undefined;
}

function withDaysLate<C extends { key: string }>(cols: C[], has: boolean): (C | (typeof TO_DO_COLUMNS)[number])[] {
  if (!has) return cols;
  const late = TO_DO_COLUMNS.find((c) => c.key === "days_late")!;
  const at = cols.findIndex((c) => c.key === "deadline" || c.key === "due_date");
  return [...cols.slice(0, at + 1), late, ...cols.slice(at + 1)];
}
