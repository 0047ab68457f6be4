import Link from "next/link";
import { Pager } from "@/components/Pager";
import { TOO_FEW } from "@/components/RankingTable";
import { numberFormat, percent, periodLabel, withLang, type Lang } from "@/lib/i18n";
import { ENTITY_SORTS, type JointOfficeView, type JointRate, type JointStepCounts, type JointUnitView, type JointViolationCounts } from "@/lib/joint/month";
import { DETAIL_NAMES, named } from "@/lib/joint/text";
import { FINDING_SORTS, JOINT_FINDINGS, JOINT_INDICATORS, JOINT_NAMES, JOINT_STATUSES, type JointFinding } from "@/lib/scoring/joint";

/**
 * 联合奖惩 by month (lib/joint/month.ts): the office's page of the whole province and a unit's own.
 * Each figure shows its rate and its counts; each finding and item links to its case's timeline.
 * Subjects are shown by their code, a natural person's masked (lib/codes/mask.ts), never by name.
 */
const T = {
  zh: {
    title: (p: string) => `${p} 联合奖惩`,
    unitTitle: (p: string, u: string) => `${u} · ${p} 联合奖惩`,
    intro: "发起 → 信息推送 → 响应 → 执行反馈 → 异议处理 / 信用修复 → 退出：本月每个环节的数量、各项指标和发现的问题。指标按期限所在月份计；评价日之后到期的不计入。",
    period: "月份",
    asOf: "评价日",
    show: "查看",
    steps: "本月各环节",
    cases_pushed: "推送案件",
    pushed: "推送措施",
    received: "已接收",
    answered: "已反馈",
    executed: "已执行",
    ended: "退出案件",
    indicators: "指标",
    province: "全省",
    indicator: "指标",
    rate: "比率",
    entities: "各市州和省直部门",
    regions: "市州",
    departments: "省直部门",
    name: "单位",
    sortBy: "按此列排序",
    violations: "违规执行",
    during_objection: "异议期间仍执行",
    crossChecks: "名单交叉核查",
    kind: "类型",
    count: "数量",
    warning: "预警名单（在三个及以上领域被列入重点关注名单的主体）",
    warningNone: "本月没有预警名单主体。",
    subject: "主体",
    cases: "案件",
    findings: "各单位发现的问题",
    findingsNone: "没有发现问题。",
    all: "全部",
    unit: "单位",
    unitCode: "单位代码",
    sort: "排序",
    dir: "方向",
    asc: "升序",
    desc: "降序",
    date: "日期",
    case: "案件",
    measure: "措施",
    detail: "内容",
    filter: "筛选",
    total: (n: string) => `共 ${n} 条`,
    sorts: { date: "日期", kind: "类型", unit: "单位", case: "案件" } as Record<string, string>,
    none: "—",
    unitIndicators: "本单位指标",
    items: "明细",
    against: "本单位被发现的问题",
    itemsOf: (name: string) => `${name}：明细`,
    status: "状态",
    deadline: "期限",
    done: "办理日期",
    back: "返回问题清单",
    statuses: { on_time: "按时", late: "逾期", missing: "缺失", not_due: "未到期", answered: "已反馈", complete: "已全部核查", short: "未全部核查", finding: "问题" } as Record<string, string>,
    minSample: (n: number) => `应计对象少于 ${n} 个的比率标“样本不足”，仅供参考。`,
    noData: "还没有任何数据。请先导入单位和证据数据。",
  },
  en: {
    title: (p: string) => `Joint rewards and punishments, ${p}`,
    unitTitle: (p: string, u: string) => `${u} · joint rewards and punishments, ${p}`,
    intro: "Listing → push → receipt → feedback → objection / repair → exit: how many of each step this month, each indicator and the breaches found. Indicators count in the month of their deadline; nothing due after the evaluation date counts.",
    period: "Month",
    asOf: "As of",
    show: "Show",
    steps: "This month's steps",
    cases_pushed: "Cases pushed",
    pushed: "Measures pushed",
    received: "Received",
    answered: "Answered",
    executed: "Executed",
    ended: "Cases ended",
    indicators: "Indicators",
    province: "Province",
    indicator: "Indicator",
    rate: "Rate",
    entities: "Cities, prefectures and provincial departments",
    regions: "Cities and prefectures",
    departments: "Provincial departments",
    name: "Unit",
    sortBy: "sort by this column",
    violations: "Violations",
    during_objection: "Executed during an objection",
    crossChecks: "List cross-checks",
    kind: "Kind",
    count: "Count",
    warning: "Warning list (subjects on key-attention lists in three or more areas)",
    warningNone: "No subject on the warning list this month.",
    subject: "Subject",
    cases: "Cases",
    findings: "Findings per unit",
    findingsNone: "No finding.",
    all: "All",
    unit: "Unit",
    unitCode: "Unit code",
    sort: "Sort",
    dir: "Direction",
    asc: "ascending",
    desc: "descending",
    date: "Date",
    case: "Case",
    measure: "Measure",
    detail: "Details",
    filter: "Filter",
    total: (n: string) => `${n} in all`,
    sorts: { date: "date", kind: "kind", unit: "unit", case: "case" } as Record<string, string>,
    none: "—",
    unitIndicators: "Your unit's indicators",
    items: "items",
    against: "Findings against your unit",
    itemsOf: (name: string) => `${name}: items`,
    status: "Status",
    deadline: "Deadline",
    done: "Done",
    back: "Back to the findings",
    statuses: { on_time: "on time", late: "late", missing: "missing", not_due: "not yet due", answered: "answered", complete: "all checked", short: "not all checked", finding: "finding" } as Record<string, string>,
    minSample: (n: number) => `A rate over fewer than ${n} items is marked "too few items", for information only.`,
    noData: "No data yet. Import units and evidence first.",
  },
};

const str = (v: unknown): string => {
  if (v === null || v === undefined) return "";
  return typeof v === "string" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : JSON.stringify(v);
};

function Rate({ lang, figure }: { lang: Lang; figure: JointRate }) {
  const nf = numberFormat(lang, 0);
  return (
    <>
      <span className={figure.insufficient ? "muted" : undefined}>{percent(lang, figure.rate)}</span>
      {figure.denominator > 0 && <span className="counts">{nf.format(figure.numerator)}/{nf.format(figure.denominator)}</span>}
      {figure.insufficient && <span className="badge too-few">{TOO_FEW[lang].label}</span>}
    </>
  );
}

function MonthPicker({ lang, months, period, asOf, hidden = {} }: { lang: Lang; months: string[]; period: string; asOf: string; hidden?: Record<string, string> }) {
  const t = T[lang];
  return (
    <form className="filters" method="get">
      {lang === "en" && <input type="hidden" name="lang" value="en" />}
      {Object.entries(hidden).map(([k, v]) => <input key={k} type="hidden" name={k} value={v} />)}
      <label>
        {t.period}
        <select name="period" defaultValue={period}>
          {[...months].reverse().map((m) => <option key={m} value={m}>{periodLabel(lang, m)}</option>)}
        </select>
      </label>
      <label>
        {t.asOf}
        <input type="date" name="asOf" defaultValue={asOf} />
      </label>
      <button type="submit">{t.show}</button>
    </form>
  );
}

function Steps({ lang, steps }: { lang: Lang; steps: JointStepCounts }) {
  const t = T[lang];
  const nf = numberFormat(lang, 0);
  return (
    <section className="card" aria-labelledby="joint-steps">
      <h2 id="joint-steps">{t.steps}</h2>
      <div className="grid">
        {(["cases_pushed", "pushed", "received", "answered", "executed", "ended"] as const).map((k) => (
          <div key={k} data-step={k}><div className="kpi">{nf.format(steps[k])}</div><div className="muted">{t[k]}</div></div>
        ))}
      </div>
    </section>
  );
}

function Counts({ lang, caption, rows }: { lang: Lang; caption: string; rows: { key: string; name: string; n: number; href?: string }[] }) {
  const t = T[lang];
  const nf = numberFormat(lang, 0);
  return (
    <table>
      <caption>{caption}</caption>
      <thead><tr><th scope="col">{t.kind}</th><th scope="col" className="num">{t.count}</th></tr></thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key} data-kind={r.key}>
            <td>{r.href ? <Link href={r.href}>{r.name}</Link> : r.name}</td>
            <td className="num">{nf.format(r.n)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function violationRows(lang: Lang, v: JointViolationCounts, href?: (kind: JointFinding) => string) {
  return [
    { key: "during_objection", name: T[lang].during_objection, n: v.during_objection },
    { key: "off_list", name: JOINT_NAMES.off_list[lang], n: v.off_list, ...(href ? { href: href("off_list") } : {}) },
    { key: "after_end", name: JOINT_NAMES.after_end[lang], n: v.after_end, ...(href ? { href: href("after_end") } : {}) },
  ];
}
const CROSS_CHECKS = JOINT_FINDINGS.filter((k) => k !== "off_list" && k !== "after_end");

/** One finding per row: date, kind, unit, case (its timeline), measure, subject (masked), details. */
function FindingTable({ lang, items, caseBase, showUnit = true }: { lang: Lang; items: Record<string, unknown>[]; caseBase: string; showUnit?: boolean }) {
  const t = T[lang];
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{t.date}</th>
            <th scope="col">{t.kind}</th>
            {showUnit && <th scope="col">{t.unit}</th>}
            <th scope="col">{t.case}</th>
            <th scope="col">{t.measure}</th>
            <th scope="col">{t.subject}</th>
            <th scope="col">{t.detail}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((i, n) => (
            <tr key={n}>
              <td>{str(i.event_date)}</td>
              <td>{JOINT_NAMES[i.kind as JointFinding]?.[lang] ?? str(i.kind)}</td>
              {showUnit && <td>{str(i.unit_name) || str(i.unit_code)}</td>}
              <td><Link href={withLang(lang, `${caseBase}/${encodeURIComponent(str(i.case_id))}`)}>{str(i.case_id)}</Link></td>
              <td>{str(i.measure_code)}{i.implementing_unit ? ` · ${str(i.implementing_unit)}` : ""}</td>
              <td>{str(i.subject_code)}</td>
              <td>{named(DETAIL_NAMES, lang, str(i.detail))}{i.ref_id ? ` · ${str(i.ref_id)}` : ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const query = (lang: Lang, path: string, params: Record<string, string | number | undefined>) => {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== "") s.set(k, String(v));
  return withLang(lang, `${path}?${s.toString()}`);
};

/** The office's page: the month's steps, indicators (province and ranked entities), violations, cross-checks, warning list and findings. */
export function JointOffice({ view: v, base, caseBase }: { view: JointOfficeView; base: string; caseBase: string }) {
  const lang = v.lang;
  const t = T[lang];
  const nf = numberFormat(lang, 0);
  const keep = { period: v.period, asOf: v.asOf };
  const tableKeep = { ...keep, kind: v.filter.kind, unit: v.filter.unit, fsort: v.filter.sort, fdir: v.filter.dir === "asc" ? undefined : v.filter.dir };
  const sortHref = (col: string) => query(lang, base, { ...tableKeep, sort: col, dir: v.sort === col && v.dir === "asc" ? "desc" : "asc" }) + "#joint-entities";
  const findingsHref = (p: Record<string, string | number | undefined>) => query(lang, base, { ...keep, sort: v.sort, dir: v.dir === "asc" ? undefined : v.dir, kind: v.filter.kind, unit: v.filter.unit, fsort: v.filter.sort, fdir: v.filter.dir === "asc" ? undefined : v.filter.dir, ...p });
  // the warning list's cases grouped under their subject (one page of the list, in case order)
  const bySubject = new Map<string, Record<string, unknown>[]>();
  for (const i of v.warning.items) bySubject.set(str(i.subject_code), [...(bySubject.get(str(i.subject_code)) ?? []), i]);
  const arrow = (col: string) => (v.sort === col ? (v.dir === "asc" ? " ▲" : " ▼") : "");
  return (
    <>
      <section className="card">
        <h1>{t.title(periodLabel(lang, v.period))}</h1>
        <p className="muted">{t.intro}</p>
        <MonthPicker lang={lang} months={v.months} period={v.period} asOf={v.asOf} />
      </section>
      <Steps lang={lang} steps={v.steps} />
      <section className="card" aria-labelledby="joint-indicators">
        <h2 id="joint-indicators">{t.indicators} · {t.province}</h2>
        <div className="table-wrap">
          <table>
            <thead><tr><th scope="col">{t.indicator}</th><th scope="col" className="num">{t.rate}</th></tr></thead>
            <tbody>
              {JOINT_INDICATORS.map((k) => (
                <tr key={k} data-indicator={k}><td>{JOINT_NAMES[k][lang]}</td><td className="num"><Rate lang={lang} figure={v.province[k]} /></td></tr>
              ))}
            </tbody>
          </table>
        </div>
        {v.minSample > 0 && <p className="muted small">{t.minSample(v.minSample)}</p>}
      </section>
      <section className="card" aria-labelledby="joint-entities-title" id="joint-entities">
        <h2 id="joint-entities-title">{t.entities}</h2>
        <div className="table-wrap">
          <table className="ranking">
            <thead>
              <tr>
                <th scope="col" aria-sort={v.sort === "name" ? (v.dir === "asc" ? "ascending" : "descending") : undefined}>
                  <Link href={sortHref("name")} title={t.sortBy}>{t.name}{arrow("name")}</Link>
                </th>
                {ENTITY_SORTS.filter((k) => k !== "name").map((k) => (
                  <th scope="col" className="num rate" key={k} aria-sort={v.sort === k ? (v.dir === "asc" ? "ascending" : "descending") : undefined}>
                    <Link href={sortHref(k)} title={t.sortBy}>{JOINT_NAMES[k as keyof typeof JOINT_NAMES][lang]}{arrow(k)}</Link>
                  </th>
                ))}
                <th scope="col" className="num">{t.violations}</th>
              </tr>
            </thead>
            <tbody>
              {v.entities.map((e) => (
                <tr key={`${e.group}|${e.code}`} data-entity={e.code}>
                  <td>{e.name} <span className="muted small">{e.group === "region" ? t.regions : t.departments}</span></td>
                  {JOINT_INDICATORS.map((k) => <td className="num rate" key={k}><Rate lang={lang} figure={e.indicators[k]} /></td>)}
                  <td className="num">{nf.format(e.findings.off_list + e.findings.after_end)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <div className="grid">
        <section className="card">
          <Counts lang={lang} caption={t.violations} rows={violationRows(lang, v.violations, (k) => findingsHref({ kind: k, page: undefined }) + "#joint-findings")} />
        </section>
        <section className="card">
          <Counts lang={lang} caption={t.crossChecks} rows={CROSS_CHECKS.map((k) => ({ key: k, name: JOINT_NAMES[k][lang], n: v.crossChecks[k], href: findingsHref({ kind: k, page: undefined }) + "#joint-findings" }))} />
        </section>
      </div>
      <section className="card" aria-labelledby="joint-warning" id="joint-warning-list">
        <h2 id="joint-warning">{t.warning}</h2>
        {bySubject.size === 0 ? (
          <p>{t.warningNone}</p>
        ) : (
          <table>
            <thead><tr><th scope="col">{t.subject}</th><th scope="col">{t.cases}</th></tr></thead>
            <tbody>
              {[...bySubject].map(([subject, items]) => (
                <tr key={subject}>
                  <td>{subject}</td>
                  <td>
                    {items.map((i, n) => (
                      <span key={n}>
                        {n > 0 && (lang === "en" ? ", " : "、")}
                        <Link href={withLang(lang, `${caseBase}/${encodeURIComponent(str(i.case_id))}`)}>{str(i.case_id)}</Link>
                        <span className="muted small"> {str(i.unit_name) || str(i.unit_code)}</span>
                      </span>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <Pager lang={lang} page={v.warningPage} pages={Math.max(1, Math.ceil(v.warning.total / v.warningPageSize))} href={(p) => findingsHref({ wpage: p }) + "#joint-warning-list"} summary={t.total(nf.format(v.warning.total))} />
      </section>
      <section className="card" aria-labelledby="joint-findings-title" id="joint-findings">
        <h2 id="joint-findings-title">{t.findings}</h2>
        <form className="filters" method="get" action={base}>
          {lang === "en" && <input type="hidden" name="lang" value="en" />}
          <input type="hidden" name="period" value={v.period} />
          <input type="hidden" name="asOf" value={v.asOf} />
          <label>
            {t.kind}
            <select name="kind" defaultValue={v.filter.kind ?? ""}>
              <option value="">{t.all}</option>
              {JOINT_FINDINGS.map((k) => <option key={k} value={k}>{JOINT_NAMES[k][lang]}</option>)}
            </select>
          </label>
          <label>
            {t.unit}
            <select name="unit" defaultValue={v.filter.unit ?? ""}>
              <option value="">{t.all}</option>
              {v.filter.unit && !v.findingUnits.some((u) => u.code === v.filter.unit) && <option value={v.filter.unit}>{v.filter.unit}</option>}
              {v.findingUnits.map((u) => <option key={u.code} value={u.code}>{u.name}</option>)}
            </select>
          </label>
          <label>
            {t.sort}
            <select name="fsort" defaultValue={v.filter.sort}>
              {FINDING_SORTS.map((k) => <option key={k} value={k}>{t.sorts[k]}</option>)}
            </select>
          </label>
          <label>
            {t.dir}
            <select name="fdir" defaultValue={v.filter.dir}>
              <option value="asc">{t.asc}</option>
              <option value="desc">{t.desc}</option>
            </select>
          </label>
          <button type="submit">{t.filter}</button>
        </form>
        {v.findings.total === 0 ? <p>{t.findingsNone}</p> : <FindingTable lang={lang} items={v.findings.items} caseBase={caseBase} />}
        <Pager lang={lang} page={v.page} pages={Math.max(1, Math.ceil(v.findings.total / v.pageSize))} href={(p) => findingsHref({ page: p }) + "#joint-findings"} summary={t.total(nf.format(v.findings.total))} />
      </section>
    </>
  );
}

/** A unit's page: its steps, indicators (each linked to its items), violations and the findings against it, or one indicator's items. */
export function JointUnit({ view: v, base, caseBase }: { view: JointUnitView; base: string; caseBase: string }) {
  const lang = v.lang;
  const t = T[lang];
  const nf = numberFormat(lang, 0);
  const keep = { period: v.period, asOf: v.asOf };
  const href = (p: Record<string, string | number | undefined>) => query(lang, base, { ...keep, ...p });
  return (
    <>
      <section className="card">
        <h1>{t.unitTitle(periodLabel(lang, v.period), v.unitName)}</h1>
        <p className="muted">{t.intro}</p>
        <MonthPicker lang={lang} months={v.months} period={v.period} asOf={v.asOf} hidden={v.target ? { indicator: v.target } : {}} />
      </section>
      <Steps lang={lang} steps={v.steps} />
      <section className="card" aria-labelledby="joint-unit-indicators">
        <h2 id="joint-unit-indicators">{t.unitIndicators}</h2>
        <div className="table-wrap">
          <table>
            <thead><tr><th scope="col">{t.indicator}</th><th scope="col" className="num">{t.rate}</th><th scope="col">{t.items}</th></tr></thead>
            <tbody>
              {JOINT_INDICATORS.map((k) => (
                <tr key={k} data-indicator={k} aria-current={v.target === k ? "true" : undefined}>
                  <td>{JOINT_NAMES[k][lang]}</td>
                  <td className="num"><Rate lang={lang} figure={v.indicators[k]} /></td>
                  <td><Link href={href({ indicator: k }) + "#joint-list"}>{t.items}</Link></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {v.minSample > 0 && <p className="muted small">{t.minSample(v.minSample)}</p>}
      </section>
      <div className="grid">
        <section className="card">
          <Counts lang={lang} caption={t.violations} rows={violationRows(lang, v.violations, (k) => href({ kind: k }) + "#joint-list")} />
        </section>
        <section className="card">
          <Counts lang={lang} caption={t.crossChecks} rows={CROSS_CHECKS.map((k) => ({ key: k, name: JOINT_NAMES[k][lang], n: v.findingCounts[k], href: href({ kind: k }) + "#joint-list" }))} />
        </section>
      </div>
      <section className="card" id="joint-list" aria-labelledby="joint-list-title">
        {v.target ? (
          <>
            <h2 id="joint-list-title">{t.itemsOf(JOINT_NAMES[v.target][lang])}</h2>
            <p><Link href={href({})}>{t.back}</Link></p>
            <nav className="filters" aria-label={t.status}>
              <Link href={href({ indicator: v.target }) + "#joint-list"} aria-current={!v.status ? "true" : undefined}>{t.all}</Link>
              {JOINT_STATUSES[v.target].map((s) => (
                <Link key={s} href={href({ indicator: v.target, status: s }) + "#joint-list"} aria-current={v.status === s ? "true" : undefined}>
                  {t.statuses[s] ?? s} ({nf.format(v.list.counts[s] ?? 0)})
                </Link>
              ))}
            </nav>
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t.case}</th>
                    <th scope="col">{t.measure}</th>
                    <th scope="col">{t.unit}</th>
                    <th scope="col">{t.subject}</th>
                    <th scope="col">{t.deadline}</th>
                    <th scope="col">{t.done}</th>
                    <th scope="col">{t.status}</th>
                  </tr>
                </thead>
                <tbody>
                  {v.list.items.map((i, n) => (
                    <tr key={n} data-status={str(i.status)}>
                      <td>{i.case_id ? <Link href={withLang(lang, `${caseBase}/${encodeURIComponent(str(i.case_id))}`)}>{str(i.case_id)}</Link> : str(i.ref_id)}</td>
                      <td>{str(i.measure_code)}</td>
                      <td>{str(i.unit_name) || str(i.unit_code)}</td>
                      <td>{str(i.subject_code)}</td>
                      <td>{str(i.deadline)}</td>
                      <td>{i.total !== null && i.total !== undefined ? `${str(i.counted)}/${str(i.total)}` : str(i.done_date)}</td>
                      <td>{t.statuses[str(i.status)] ?? str(i.status)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        ) : (
          <>
            <h2 id="joint-list-title">{t.against}{v.kind ? ` · ${JOINT_NAMES[v.kind][lang]}` : ""}</h2>
            {v.kind && <p><Link href={href({}) + "#joint-list"}>{t.all}</Link></p>}
            {v.list.total === 0 ? <p>{t.findingsNone}</p> : <FindingTable lang={lang} items={v.list.items} caseBase={caseBase} />}
          </>
        )}
        <Pager lang={lang} page={v.page} pages={Math.max(1, Math.ceil(v.list.total / v.pageSize))} href={(p) => href({ indicator: v.target, status: v.status, kind: v.kind, page: p }) + "#joint-list"} summary={t.total(nf.format(v.list.total))} />
      </section>
    </>
  );
}
