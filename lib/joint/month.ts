import "server-only";
import type { Sql } from "@/db/client";
import type { Lang } from "@/lib/i18n";
import { methodInForce } from "@/lib/scoring/method";
import { FINDING_SORTS, JOINT_FINDINGS, JOINT_INDICATORS, JOINT_STATUSES, jointExplain, jointFigures, jointFindings, type FindingSort, type JointEntityFigures, type JointFigure, type JointFinding, type JointIndicator, type JointListResult } from "@/lib/scoring/joint";
import { workingPeriod } from "@/lib/publication/working-period";
import { dataMonths } from "@/lib/scoring/provisional";
import { parsePeriod } from "@/lib/scoring/period";
import type { Group } from "@/lib/scoring/score";
import { ENTITY_UNITS, VIOLATION_CONDITION } from "@/lib/scoring/sql";
import { unitNamer, withItemNames, withNames } from "@/lib/unit-names";
import type { QueryReader } from "@/lib/web/query";

/**
 * 联合奖惩 by month (issue 11 "Where it shows"): the office's page (/office/joint) and a unit's
 * (/unit/joint) read here from the address and the database, the pages staying a guard and a render.
 * Every figure is lib/scoring/joint.ts's, every list paginated there in SQL; this module adds only
 * the month's counts of the cycle's steps and the contract's own violation (executed during an
 * objection, lib/scoring/sql.ts), and sorts the few ranked entities.
 */
export const JOINT_PAGE_SIZE = 50;
export const WARNING_PAGE_SIZE = 20;

/** The month's steps of the cycle: obligations pushed (and their cases), receipts, first feedback, executions, cases ended. */
export interface JointStepCounts {
  cases_pushed: number;
  pushed: number;
  received: number;
  answered: number;
  executed: number;
  ended: number;
}

/** The violations of the month by kind: the contract's (during an objection) and the joint rules' two. */
export interface JointViolationCounts {
  during_objection: number;
  off_list: number;
  after_end: number;
}

export const ENTITY_SORTS = ["name", ...JOINT_INDICATORS] as const;
export type EntitySort = (typeof ENTITY_SORTS)[number];

/** Each step counted on the day it happened in the month [$1, $2), up to the evaluation date $3. */
export async function stepCounts(db: Sql, start: string, end: string, asOf: string, unitCodes: string[] | null = null): Promise<JointStepCounts> {
  const mine = (col: string) => `($4::text[] IS NULL OR ${col} = ANY($4::text[]))`;
  const [row] = await db.query<JointStepCounts>(
    `SELECT
       (SELECT count(DISTINCT case_id) FROM cases WHERE pushed_date >= $1::date AND pushed_date < $2::date AND pushed_date <= $3::date AND ${mine("implementing_unit")})::int AS cases_pushed,
       (SELECT count(*) FROM cases WHERE pushed_date >= $1::date AND pushed_date < $2::date AND pushed_date <= $3::date AND ${mine("implementing_unit")})::int AS pushed,
       (SELECT count(*) FROM receipts WHERE received_date >= $1::date AND received_date < $2::date AND received_date <= $3::date AND ${mine("implementing_unit")})::int AS received,
       (SELECT count(*) FROM (SELECT case_id, measure_code, implementing_unit, min(feedback_date) AS first FROM feedback WHERE ${mine("implementing_unit")}
          GROUP BY case_id, measure_code, implementing_unit) f WHERE f.first >= $1::date AND f.first < $2::date AND f.first <= $3::date)::int AS answered,
       (SELECT count(DISTINCT (case_id, measure_code, implementing_unit)) FROM feedback WHERE result = 'executed' AND feedback_date >= $1::date
          AND feedback_date < $2::date AND feedback_date <= $3::date AND ${mine("implementing_unit")})::int AS executed,
       (SELECT count(DISTINCT case_id) FROM cases WHERE ended_date >= $1::date AND ended_date < $2::date AND ended_date <= $3::date
          AND ${mine("implementing_unit")})::int AS ended`,
    [start, end, asOf, unitCodes],
  );
  return row ?? { cases_pushed: 0, pushed: 0, received: 0, answered: 0, executed: 0, ended: 0 };
}

/** The contract's violation (a feedback executed while an objection was pending) in the period, as the score counts it. */
async function duringObjection(db: Sql, start: string, end: string, asOf: string, unitCodes: string[] | null = null): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM feedback f JOIN cases c USING (case_id, measure_code, implementing_unit)
     WHERE c.due_date >= $1::date AND c.due_date < $2::date AND ${VIOLATION_CONDITION} AND ($4::text[] IS NULL OR c.implementing_unit = ANY($4::text[]))`,
    [start, end, asOf, unitCodes],
  );
  return row?.n ?? 0;
}

/** A figure with the 样本不足 mark of the ranking pages (fewer due items than the method's minimum sample). */
export interface JointRate extends JointFigure {
  insufficient?: true;
}
const withSample = (f: JointFigure, minSample: number): JointRate => (f.denominator > 0 && f.denominator < minSample ? { ...f, insufficient: true } : f);
const rate = (numerator: number, denominator: number): JointFigure => ({ numerator, denominator, rate: denominator === 0 ? null : Math.round((numerator / denominator) * 1_000_000) / 1_000_000 });

export interface JointEntityRow {
  group: Group;
  code: string;
  name: string;
  indicators: Record<JointIndicator, JointRate>;
  findings: Record<JointFinding, number>;
}

/** The month chosen in the address (months with data; absent: the month at work) and its evaluation date. */
async function readMonth(db: Sql, q: QueryReader, today: string): Promise<{ period?: string; asOf: string; months: string[] }> {
  const months = await dataMonths(db);
  const fallback = await workingPeriod(db, months);
  const period = q.period("period", months, fallback && /^\d{4}-\d{2}$/.test(fallback) ? fallback : months.at(-1));
  const asOf = q.asOf("asOf", period, today);
  return { period, asOf, months };
}

export interface JointOfficeView {
  lang: Lang;
  period: string;
  asOf: string;
  months: string[];
  steps: JointStepCounts;
  province: Record<JointIndicator, JointRate>;
  entities: JointEntityRow[];
  sort: EntitySort;
  dir: "asc" | "desc";
  violations: JointViolationCounts;
  /** the cross-checks' findings by kind over the whole province */
  crossChecks: Record<JointFinding, number>;
  warning: JointListResult;
  warningPage: number;
  findings: JointListResult;
  filter: { kind?: JointFinding; unit?: string; sort: FindingSort; dir: "asc" | "desc" };
  page: number;
  pageSize: number;
  warningPageSize: number;
  minSample: number;
  /** the units with a finding this month, for the unit filter */
  findingUnits: { code: string; name: string }[];
}

/**
 * What /office/joint shows for the month: the steps, the indicators of the province and of each ranked
 * entity (sortable, with 样本不足), the violations and cross-checks by kind, the warning list and the
 * findings per unit (filtered by kind and unit, sorted and paged in SQL). A wrong address is said.
 */
export async function loadJointOffice(db: Sql, q: QueryReader, today: string): Promise<JointOfficeView | "bad address" | undefined> {
  const { period, asOf, months } = await readMonth(db, q, today);
  const sort = q.oneOf("sort", ENTITY_SORTS, "name")!;
  const dir = q.oneOf("dir", ["asc", "desc"] as const, "asc")!;
  const kind = q.oneOf("kind", JOINT_FINDINGS);
  const unit = q.text("unit", 50);
  const fsort = q.oneOf("fsort", FINDING_SORTS, "date")!;
  const fdir = q.oneOf("fdir", ["asc", "desc"] as const, "asc")!;
  const page = q.page();
  const warningPage = q.page("wpage");
  if (!q.ok) return "bad address";
  if (!period) return undefined;
  const lang = q.lang;
  const { start, end } = parsePeriod(period);
  const { minSample } = await methodInForce(db);
  const figures = await jointFigures(db, period, asOf);
  const name = await unitNamer(db, lang);
  const province = sumFigures(figures.units, minSample);
  const entities = sortEntities(
    withNames(figures.entities, name).map((e) => toRow(e, minSample)),
    sort,
    dir,
  );
  const crossChecks = Object.fromEntries(JOINT_FINDINGS.map((k) => [k, figures.units.reduce((s, u) => s + u.findings[k], 0)])) as Record<JointFinding, number>;
  const violations: JointViolationCounts = { during_objection: await duringObjection(db, start, end, asOf), off_list: crossChecks.off_list, after_end: crossChecks.after_end };
  const warning = await jointFindings(db, period, asOf, { kind: "warning_list", sort: "case", limit: WARNING_PAGE_SIZE, offset: (warningPage - 1) * WARNING_PAGE_SIZE });
  const findings = await jointFindings(db, period, asOf, { kind, unit, sort: fsort, dir: fdir, limit: JOINT_PAGE_SIZE, offset: (page - 1) * JOINT_PAGE_SIZE });
  q.pageWithin("page", page, Math.max(1, Math.ceil(findings.total / JOINT_PAGE_SIZE)));
  q.pageWithin("wpage", warningPage, Math.max(1, Math.ceil(warning.total / WARNING_PAGE_SIZE)));
  if (!q.ok) return "bad address";
  const findingUnits = figures.units
    .filter((u) => JOINT_FINDINGS.some((k) => u.findings[k] > 0))
    .map((u) => ({ code: u.code, name: name(u.code, u.name) }));
  return {
    lang,
    period,
    asOf,
    months,
    steps: await stepCounts(db, start, end, asOf),
    province,
    entities,
    sort,
    dir,
    violations,
    crossChecks,
    warning: { ...warning, items: withItemNames(warning.items, name) },
    warningPage,
    findings: { ...findings, items: withItemNames(findings.items, name) },
    filter: { kind, unit, sort: fsort, dir: fdir },
    page,
    pageSize: JOINT_PAGE_SIZE,
    warningPageSize: WARNING_PAGE_SIZE,
    minSample,
    findingUnits,
  };
}

export interface JointUnitView {
  lang: Lang;
  unit: string;
  unitName: string;
  period: string;
  asOf: string;
  months: string[];
  steps: JointStepCounts;
  indicators: Record<JointIndicator, JointRate>;
  violations: JointViolationCounts;
  findingCounts: Record<JointFinding, number>;
  /** the findings against the unit (kind filter), or the items behind one indicator (`indicator`) */
  target?: JointIndicator;
  status?: string;
  kind?: JointFinding;
  list: JointListResult;
  page: number;
  pageSize: number;
  minSample: number;
}

/**
 * What /unit/joint (and the office's view of a unit at /office/units/<code>/joint) shows: the unit's
 * joint indicators for the month — a ranked entity's rolled up as its score is, any other unit's own —,
 * the findings against it, and either those findings (by kind) or the items behind one indicator
 * (`indicator`, by status), paged in SQL.
 */
export async function loadJointUnit(db: Sql, code: string, q: QueryReader, today: string): Promise<JointUnitView | "bad address" | undefined> {
  const { period, asOf, months } = await readMonth(db, q, today);
  const target = q.oneOf("indicator", JOINT_INDICATORS);
  const status = target ? q.oneOf("status", JOINT_STATUSES[target]) : undefined;
  const kind = target ? undefined : q.oneOf("kind", JOINT_FINDINGS);
  const page = q.page();
  if (!q.ok) return "bad address";
  if (!period) return undefined;
  const lang = q.lang;
  const { start, end } = parsePeriod(period);
  const { minSample } = await methodInForce(db);
  const figures = await jointFigures(db, period, asOf);
  const name = await unitNamer(db, lang);
  const entity = figures.entities.find((e) => e.code === code);
  const own = figures.units.find((u) => u.code === code);
  const scope = entity ? { group: entity.scope as Group, entity: code } : { unit: code };
  const shown = entity ?? own;
  const indicators = Object.fromEntries(JOINT_INDICATORS.map((k) => [k, withSample(shown?.indicators[k] ?? rate(0, 0), minSample)])) as Record<JointIndicator, JointRate>;
  const findingCounts = Object.fromEntries(JOINT_FINDINGS.map((k) => [k, shown?.findings[k] ?? 0])) as Record<JointFinding, number>;
  const units = entity ? await entityUnits(db, entity.scope as Group, code) : [code];
  const slice = { limit: JOINT_PAGE_SIZE, offset: (page - 1) * JOINT_PAGE_SIZE };
  const list = target
    ? await jointExplain(db, { period, asOf, ...scope, target, status, ...slice })
    : await jointFindings(db, period, asOf, { ...scope, kind, ...slice });
  q.pageWithin("page", page, Math.max(1, Math.ceil(list.total / JOINT_PAGE_SIZE)));
  if (!q.ok) return "bad address";
  return {
    lang,
    unit: code,
    unitName: name(code, shown?.name ?? code),
    period,
    asOf,
    months,
    steps: await stepCounts(db, start, end, asOf, units),
    indicators,
    violations: { during_objection: await duringObjection(db, start, end, asOf, units), off_list: findingCounts.off_list, after_end: findingCounts.after_end },
    findingCounts,
    ...(target ? { target } : {}),
    ...(status ? { status } : {}),
    ...(kind ? { kind } : {}),
    list: { ...list, items: withItemNames(list.items, name) },
    page,
    pageSize: JOINT_PAGE_SIZE,
    minSample,
  };
}

/** The units whose figures count toward a ranked entity (its agencies, a city's districts). */
async function entityUnits(db: Sql, group: Group, code: string): Promise<string[]> {
  const rows = await db.query<{ unit_code: string }>(`WITH RECURSIVE ${ENTITY_UNITS} SELECT DISTINCT unit_code FROM entity_units WHERE grp = $1 AND entity = $2`, [group, code]);
  return rows.map((r) => r.unit_code);
}

function toRow(e: JointEntityFigures, minSample: number): JointEntityRow {
  return {
    group: e.scope as Group,
    code: e.code,
    name: e.name,
    indicators: Object.fromEntries(JOINT_INDICATORS.map((k) => [k, withSample(e.indicators[k], minSample)])) as Record<JointIndicator, JointRate>,
    findings: e.findings,
  };
}

/** The province's figure of each indicator: the sums of every unit's items (each item belongs to one unit). */
function sumFigures(units: JointEntityFigures[], minSample: number): Record<JointIndicator, JointRate> {
  return Object.fromEntries(
    JOINT_INDICATORS.map((k) => {
      const n = units.reduce((s, u) => s + u.indicators[k].numerator, 0);
      const d = units.reduce((s, u) => s + u.indicators[k].denominator, 0);
      return [k, withSample(rate(n, d), minSample)];
    }),
  ) as Record<JointIndicator, JointRate>;
}

/** Regions first, then departments; within each, by the chosen column (an empty figure last), then by code. */
function sortEntities(rows: JointEntityRow[], sort: EntitySort, dir: "asc" | "desc"): JointEntityRow[] {
  const sign = dir === "desc" ? -1 : 1;
  const key = (r: JointEntityRow) => (sort === "name" ? null : r.indicators[sort].rate);
  return [...rows].sort((a, b) => {
    if (a.group !== b.group) return a.group === "region" ? -1 : 1;
    if (sort === "name") return sign * a.name.localeCompare(b.name, "zh") || (a.code < b.code ? -1 : 1);
    const x = key(a);
    const y = key(b);
    if (x === null || y === null) return x === y ? (a.code < b.code ? -1 : 1) : x === null ? 1 : -1;
    return sign * (x - y) || (a.code < b.code ? -1 : 1);
  });
}
