import "server-only";
import type { Sql } from "@/db/client";
import { CalendarNotLoadedError, assertIsoDate } from "@/lib/calendar";
import { AppError } from "@/lib/errors";
import { DEFAULT_WEIGHTS, INDICATORS, VIOLATION_PENALTY, type Indicator, type Weights } from "./indicators";
import { JOINT_INDICATORS, jointRows, type JointFinding, type JointIndicator } from "./joint";
import { JOINT_METHOD_DEDUCTED, JOINT_METHOD_WEIGHTS, jointMethodApplies, jointMethodFrom } from "./joint-method";
import { parsePeriod, type Period } from "./period";
import { ENTITY_FIGURES, MONTHLY_ENTITY_FIGURES } from "./sql";

export type Group = "region" | "department";
export const GROUPS: Group[] = ["region", "department"];

export interface IndicatorFigure {
  numerator: number;
  denominator: number;
  /** numerator ÷ denominator rounded to 6 decimals; null when the denominator is 0 */
  rate: number | null;
  /**
   * 样本不足: fewer due items than the method's minimum sample (but some): the rate is shown, yet left
   * out of the score like an empty indicator and never read by a notice rule. Absent when false, so a
   * document under the contract's method (minimum 0) is byte for byte what it always was.
   */
  insufficient?: true;
}

export interface EntityScore {
  code: string;
  name: string;
  /** shared by equal rounded scores (1, 2, 2, 4); null when the entity has no figure at all */
  rank: number | null;
  score: number | null;
  violations: number;
  /** the joint method only (lib/scoring/joint-method.ts): its deducted findings, absent under the contract's method */
  joint_violations?: Partial<Record<JointFinding, number>>;
  /** under the joint method also the joint indicators (after the six, in JOINT_INDICATORS order) */
  indicators: Record<Indicator, IndicatorFigure> & Partial<Record<JointIndicator, IndicatorFigure>>;
}

/** The document of CONTRACT §5. */
export interface ScoreDocument {
  period: string;
  as_of: string;
  /** the minimum sample the figures were judged by; absent when 0 (the contract's method) */
  min_sample?: number;
  /** "joint" when the period was scored by the joint method (WENXIAO_JOINT_METHOD_FROM or the setting); absent under the contract's */
  method?: "joint";
  groups: Record<Group, EntityScore[]>;
}

export interface ScoreOptions {
  /** judge by this minimum sample instead of the one in force (previews, earlier versions) */
  minSample?: number;
}

interface FigureRow {
  grp: Group;
  code: string;
  name: string;
  min_sample: number;
  records_due: string;
  published_on_time: string;
  received_on_time: string;
  records_total: string;
  records_compliant: string;
  covered: string;
  expected: string;
  obligations_due: string;
  answered_on_time: string;
  answered: string;
  violations: string;
}

/** Scores every ranked region and department for a period as evaluated on `asOf` (CONTRACT §4–5). */
export async function scorePeriod(sql: Sql, periodKey: string, asOf: string, options: ScoreOptions = {}): Promise<ScoreDocument> {
  const period = parsePeriod(periodKey);
  assertIsoDate(asOf);
  await assertCalendarCovers(sql, period, asOf);
  const rows = await sql.query<FigureRow>(ENTITY_FIGURES, [period.start, period.end, asOf, period.months, options.minSample ?? null]);
  const from = await jointMethodFrom(sql);
  const joint = jointMethodApplies(period, from) ? jointByEntity(await jointRows(sql, [period.start, period.end, asOf, period.months], { forScore: true })) : undefined;
  return scoreDocument(period.key, asOf, rows, options, joint);
}

/** The joint method's counts per ranked entity (`grp|code`), and per month when the rows carry one. */
type JointCounts = Map<string, Map<string, [bigint, bigint]>>;
function jointByEntity(rows: { scope: string; code: string; month: string | null; key: string; numerator: string; denominator: string }[], month?: string): JointCounts {
  const out: JointCounts = new Map();
  for (const r of rows) {
    if (month !== undefined && r.month !== month) continue;
    const k = `${r.scope}|${r.code}`;
    if (!out.has(k)) out.set(k, new Map());
    out.get(k)!.set(r.key, [BigInt(r.numerator), BigInt(r.denominator)]);
  }
  return out;
}

/** The joint counts of several months summed (a quarter's or a year's). */
function sumJoint(months: JointCounts[]): JointCounts {
  const out: JointCounts = new Map();
  for (const m of months) {
    for (const [entity, figures] of m) {
      if (!out.has(entity)) out.set(entity, new Map());
      const o = out.get(entity)!;
      for (const [key, [n, d]] of figures) {
        const [n0, d0] = o.get(key) ?? [0n, 0n];
        o.set(key, [n0 + n, d0 + d]);
      }
    }
  }
  return out;
}

/**
 * Scores each of the months given (YYYY-MM, any order, gaps allowed) as scorePeriod would score it
 * alone, in one pass over the evidence grouped by month (the trend of a year costs one scan, not 12).
 */
export async function scoreMonths(sql: Sql, months: string[], asOf: string, options: ScoreOptions = {}): Promise<ScoreDocument[]> {
  if (months.some((m) => parsePeriod(m).kind !== "month")) throw new AppError("bad_period", "只能按月逐月计分", "only months can be scored month by month");
  return (await scorePeriods(sql, months, asOf, options)).periods;
}

/**
 * Scores periods of any kind (months, quarters, years) as scorePeriod would, in one pass over the
 * evidence grouped by month: every count of CONTRACT §4 falls in exactly one month (records by
 * decision date, statistics by period, obligations and violations by due date), so a period's
 * figures are the sums of its months', and its score is computed from those sums. A year page's
 * year, the year before and its trend thus cost one scan; `months` are the months' own documents.
 */
export async function scorePeriods(sql: Sql, keys: string[], asOf: string, options: ScoreOptions = {}): Promise<{ periods: ScoreDocument[]; months: ScoreDocument[] }> {
  if (keys.length === 0) return { periods: [], months: [] };
  const periods = keys.map(parsePeriod);
  assertIsoDate(asOf);
  const months = [...new Set(periods.flatMap((p) => p.months))].sort();
  const start = `${months[0]}-01`;
  const end = parsePeriod(months.at(-1)!).end;
  await assertCalendarCovers(sql, { ...parsePeriod(months[0]!), end }, asOf);
  const rows = await sql.query<FigureRow & { month: string }>(MONTHLY_ENTITY_FIGURES, [start, end, asOf, months, options.minSample ?? null]);
  const byMonth = new Map<string, FigureRow[]>(months.map((m) => [m, []]));
  for (const r of rows) byMonth.get(r.month)!.push(r);
  // the joint method's counts month by month, read only when some period (or month) is scored by it
  const from = await jointMethodFrom(sql);
  const anyJoint = months.some((m) => jointMethodApplies(parsePeriod(m), from));
  const jointRowsByMonth = anyJoint ? await jointRows(sql, [start, end, asOf, months], { byMonth: true, forScore: true }) : [];
  const jointMonth = new Map(months.map((m) => [m, jointByEntity(jointRowsByMonth, m)]));
  const jointOf = (p: Period) => (jointMethodApplies(p, from) ? sumJoint(p.months.map((m) => jointMonth.get(m)!)) : undefined);
  return {
    periods: periods.map((p) => scoreDocument(p.key, asOf, p.kind === "month" ? byMonth.get(p.key)! : sumRows(p.months.map((m) => byMonth.get(m)!)), options, jointOf(p))),
    months: months.map((m) => scoreDocument(m, asOf, byMonth.get(m)!, options, jointOf(parsePeriod(m)))),
  };
}

const COUNTS = ["records_due", "published_on_time", "received_on_time", "records_total", "records_compliant", "covered", "expected", "obligations_due", "answered_on_time", "answered", "violations"] as const;

/** Each entity's figures summed over months (every month lists the same ranked entities in the same order). */
function sumRows(months: FigureRow[][]): FigureRow[] {
  return months[0]!.map((first, i) => {
    const sum = { ...first };
    for (const k of COUNTS) sum[k] = months.reduce((s, rows) => s + BigInt(rows[i]![k]), 0n).toString();
    return sum;
  });
}

/** The document of a period from its figure rows (one per ranked entity, ordered by group and code). */
function scoreDocument(periodKey: string, asOf: string, rows: FigureRow[], options: ScoreOptions, joint?: JointCounts): ScoreDocument {
  const groups: Record<Group, EntityScore[]> = { region: [], department: [] };
  // the method comes with every row of the one pass (the same value in each)
  const minSample = rows[0] ? Number(rows[0].min_sample) : (options.minSample ?? 0);
  for (const r of rows) {
    const figures: Record<Indicator, [bigint, bigint]> = {
      publication_timeliness: [BigInt(r.published_on_time), BigInt(r.records_due)],
      collection_timeliness: [BigInt(r.received_on_time), BigInt(r.records_due)],
      compliance: [BigInt(r.records_compliant), BigInt(r.records_total)],
      coverage: [BigInt(r.covered), BigInt(r.expected)],
      feedback_timeliness: [BigInt(r.answered_on_time), BigInt(r.obligations_due)],
      feedback_coverage: [BigInt(r.answered), BigInt(r.obligations_due)],
    };
    const violations = Number(r.violations);
    if (joint) {
      // the joint method: the six and the cycle's indicators, its findings deducted like violations
      const counts = joint.get(`${r.grp}|${r.code}`) ?? new Map<string, [bigint, bigint]>();
      const all: Record<string, [bigint, bigint]> = { ...figures };
      for (const k of JOINT_INDICATORS) all[k] = counts.get(k) ?? [0n, 0n];
      const deducted = Object.fromEntries(JOINT_METHOD_DEDUCTED.map((k) => [k, Number(counts.get(k)?.[0] ?? 0n)])) as Partial<Record<JointFinding, number>>;
      const extra = Object.values(deducted).reduce((s, n) => s + (n ?? 0), 0);
      groups[r.grp].push({
        code: r.code,
        name: r.name,
        rank: null,
        score: combine(sampledAll(all, minSample), JOINT_METHOD_WEIGHTS, violations + extra),
        violations,
        joint_violations: deducted,
        indicators: Object.fromEntries([...INDICATORS, ...JOINT_INDICATORS].map((k) => [k, indicatorFigure(all[k]!, minSample)])) as EntityScore["indicators"],
      });
      continue;
    }
    groups[r.grp].push({
      code: r.code,
      name: r.name,
      rank: null,
      score: combine(sampled(figures, minSample), DEFAULT_WEIGHTS, violations),
      violations,
      indicators: Object.fromEntries(INDICATORS.map((k) => [k, indicatorFigure(figures[k], minSample)])) as Record<Indicator, IndicatorFigure>,
    });
  }
  for (const g of GROUPS) groups[g] = rank(groups[g]);
  return { period: periodKey, as_of: asOf, ...(minSample > 0 ? { min_sample: minSample } : {}), ...(joint ? { method: "joint" as const } : {}), groups };
}

function indicatorFigure([num, den]: [bigint, bigint], minSample: number): IndicatorFigure {
  const figure: IndicatorFigure = { numerator: Number(num), denominator: Number(den), rate: den === 0n ? null : roundRatio(num, den, 6) };
  if (isInsufficient(den, minSample)) figure.insufficient = true;
  return figure;
}

/** sampled() over any indicators (the joint method's too). */
function sampledAll(figures: Record<string, [bigint, bigint]>, minSample: number): Record<string, [bigint, bigint]> {
  if (minSample <= 0) return figures;
  return Object.fromEntries(Object.entries(figures).map(([k, f]) => [k, isInsufficient(f[1], minSample) ? [0n, 0n] : f]));
}

/** 样本不足: some items, but fewer than the minimum sample (an empty indicator is simply empty). */
export function isInsufficient(denominator: bigint | number, minSample: number): boolean {
  return BigInt(denominator) > 0n && BigInt(denominator) < BigInt(minSample);
}

/**
 * The figures the score is combined from: an indicator with too few items counts as empty, so it is
 * left out and the other weights are scaled up exactly as for an indicator with nothing due.
 */
export function sampled(figures: Record<Indicator, [bigint, bigint]>, minSample: number): Record<Indicator, [bigint, bigint]> {
  if (minSample <= 0) return figures;
  return Object.fromEntries(INDICATORS.map((k) => [k, isInsufficient(figures[k][1], minSample) ? [0n, 0n] : figures[k]])) as Record<Indicator, [bigint, bigint]>;
}

/**
 * Score = Σ weight × rate over the indicators with a denominator, weights scaled up to 100,
 * less the violation penalty, not below 0, rounded to 2 decimals (CONTRACT §5). Computed as an
 * exact fraction so that a score on a rounding edge rounds the same way every time.
 */
export function combine<K extends string = Indicator>(figures: Record<K, [bigint, bigint]>, weights: Record<K, number> | Weights, violations: number): number | null {
  // weights may carry up to 4 decimals; scale them to integers
  const ws = weights as Record<K, number>;
  const w = (k: K) => BigInt(Math.round(ws[k] * 10_000));
  const present = (Object.keys(ws) as K[]).filter((k) => figures[k] !== undefined && figures[k][1] > 0n && w(k) > 0n);
  if (present.length === 0) return null;
  const totalWeight = present.reduce((s, k) => s + w(k), 0n);
  // Σ w_k n_k / d_k as one fraction
  let num = 0n;
  let den = 1n;
  for (const k of present) {
    const [n, d] = figures[k];
    num = num * d + w(k) * n * den;
    den = den * d;
  }
  // score = 100 × num / (den × totalWeight) − penalty
  const scoreNum = 100n * num - BigInt(VIOLATION_PENALTY * violations) * den * totalWeight;
  const scoreDen = den * totalWeight;
  if (scoreNum <= 0n) return 0;
  return roundRatio(scoreNum, scoreDen, 2);
}

/** num ÷ den rounded half up to `digits` decimals, exactly. */
export function roundRatio(num: bigint, den: bigint, digits: number): number {
  const scale = 10n ** BigInt(digits);
  const q = (2n * num * scale + den) / (2n * den);
  return Number(q) / Number(scale);
}

/** Competition ranking on rounded scores: 1, 2, 2, 4; listed by rank then code; unscored last. */
export function rank(entities: EntityScore[]): EntityScore[] {
  const scored = entities.filter((e) => e.score !== null).sort((a, b) => b.score! - a.score! || cmp(a.code, b.code));
  scored.forEach((e, i) => {
    const prev = scored[i - 1];
    e.rank = prev && prev.score === e.score ? prev.rank : i + 1;
  });
  const unscored = entities.filter((e) => e.score === null).sort((a, b) => cmp(a.code, b.code));
  return [...scored, ...unscored];
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Deadlines are counted in working days, so every year from the period's start to the as-of date
 * must have its schedule loaded; a guess from weekends alone would misjudge holidays.
 */
async function assertCalendarCovers(sql: Sql, period: Period, asOf: string): Promise<void> {
  const first = Number(period.start.slice(0, 4));
  const last = Math.max(Number(asOf.slice(0, 4)), first);
  const rows = await sql.query<{ y: number }>(
    `SELECT DISTINCT extract(year FROM date)::int AS y FROM calendar_days WHERE date >= make_date($1, 1, 1) AND date < make_date($2 + 1, 1, 1)`,
    [first, last],
  );
  const have = new Set(rows.map((r) => r.y));
  for (let y = first; y <= last; y++) if (!have.has(y)) throw new CalendarNotLoadedError(y);
}
