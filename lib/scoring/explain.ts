import "server-only";
import type { Sql } from "@/db/client";
import { maskSubjectCodes, type IdNumberView } from "@/lib/codes/mask";
import { AppError } from "@/lib/errors";
import type { Indicator } from "./indicators";
import { parsePeriod } from "./period";
import type { Group } from "./score";
import { evidenceVersion } from "./evidence-version";
import { ENTITY_UNITS, RECORD_DEADLINES, VIOLATION_CONDITION } from "./sql";

/**
 * The records and obligations behind each figure of an entity's score: every item of a
 * denominator with the status that put it in the numerator or not. The counts by status always
 * equal the figures of scorePeriod (tests/integration/explain.test.ts holds them together).
 */
export type ExplainTarget = Indicator | "violations";

export interface ExplainQuery {
  period: string;
  asOf: string;
  group: Group;
  entity: string;
  target: ExplainTarget;
  /** only items with this status */
  status?: string;
  /** only items with one of these statuses (a notice's annex: late and missing together) */
  statuses?: string[];
  limit?: number;
  offset?: number;
  /**
   * subject codes that may be a natural person's ID number are masked unless "full" is asked for;
   * only the caller knows whether the viewer may (lib/auth/personal-data.ts)
   */
  idNumbers?: IdNumberView;
  /** false: only the items (an export needs no counts, and they cost a second pass over the period) */
  counts?: boolean;
  /** only items whose number contains this text, any case (record id or decision number; case id; catalogue item) */
  search?: string;
  /** the order of the list: one of SORTABLE[target] (the default order breaks ties, so pages are stable) */
  sort?: ItemSort;
  /** each item's working days late (`days_late`), where the list has deadlines; also given when sorting by it */
  daysLate?: boolean;
}

export interface ItemSort {
  column: string;
  dir: "asc" | "desc";
}

export interface ExplainResult {
  /** items per status, over the whole list (not just the page) */
  counts: Record<string, number>;
  total: number;
  items: Record<string, unknown>[];
}

const TIMELINESS_STATUS = (dateColumn: string) => `CASE
    WHEN d.deadline IS NULL OR d.deadline > $3::date THEN 'not_due'
    WHEN r.${dateColumn} <= d.deadline THEN 'on_time'
    WHEN r.${dateColumn} IS NULL OR r.${dateColumn} > $3::date THEN 'missing'
    ELSE 'late' END`;

const ITEMS: Record<ExplainTarget, string> = {
  publication_timeliness: recordItems(TIMELINESS_STATUS("published_date")),
  collection_timeliness: recordItems(TIMELINESS_STATUS("received_date")),
  compliance: recordItems(`CASE WHEN r.compliant THEN 'compliant' ELSE 'non_compliant' END`),
  coverage: `
    SELECT s.unit_code, u.name AS unit_name, s.catalog_item, s.period, s.expected, s.collected,
      least(s.collected, s.expected) AS counted,
      CASE WHEN s.collected >= s.expected THEN 'complete' ELSE 'short' END AS status
    FROM stats s JOIN mine m ON m.unit_code = s.unit_code JOIN units u ON u.code = s.unit_code
    WHERE s.period = ANY($4::text[])`,
  feedback_timeliness: obligationItems(`CASE
      WHEN c.due_date > $3::date THEN 'not_due'
      WHEN f.first_date <= c.due_date THEN 'on_time'
      WHEN f.first_date <= $3::date THEN 'late'
      ELSE 'missing' END`),
  feedback_coverage: obligationItems(`CASE
      WHEN c.due_date > $3::date THEN 'not_due'
      WHEN f.first_date <= $3::date THEN 'answered'
      ELSE 'missing' END`),
  violations: `
    SELECT f.case_id, f.measure_code, f.implementing_unit, u.name AS unit_name, f.feedback_date, f.result,
      o.objection_id, o.filed_date, o.resolved_date, c.subject_code, 'violation' AS status
    FROM feedback f JOIN cases c USING (case_id, measure_code, implementing_unit)
    JOIN mine m ON m.unit_code = c.implementing_unit JOIN units u ON u.code = c.implementing_unit
    JOIN LATERAL (SELECT * FROM objections o WHERE o.case_id = f.case_id AND f.feedback_date >= o.filed_date
                  AND (o.resolved_date IS NULL OR f.feedback_date < o.resolved_date) ORDER BY o.filed_date LIMIT 1) o ON true
    WHERE c.due_date >= $1::date AND c.due_date < $2::date AND ${VIOLATION_CONDITION}`,
};

/** The SQL of one list's items (parameters as in explain: $1–$6, CTEs `mine` and `record_deadlines`), for lists built on it (lib/scoring/todo.ts). */
export const itemsSql = (target: ExplainTarget): string => ITEMS[target];

function recordItems(status: string): string {
  return `
    SELECT r.record_id, r.unit_code, u.name AS unit_name, r.kind, r.decision_no, r.decision_date, d.deadline,
      r.published_date, r.received_date, r.subject_type, r.subject_code, r.compliant, r.flags, ${status} AS status
    FROM records r JOIN mine m ON m.unit_code = r.unit_code JOIN units u ON u.code = r.unit_code
    LEFT JOIN record_deadlines d ON d.date = r.decision_date
    WHERE r.decision_date >= $1::date AND r.decision_date < $2::date`;
}

function obligationItems(status: string): string {
  return `
    SELECT c.case_id, c.measure_code, c.implementing_unit, u.name AS unit_name, c.initiating_unit, c.list_type,
      c.pushed_date, c.due_date, f.first_date AS first_feedback_date, c.subject_code, ${status} AS status
    FROM cases c JOIN mine m ON m.unit_code = c.implementing_unit JOIN units u ON u.code = c.implementing_unit
    LEFT JOIN (SELECT case_id, measure_code, implementing_unit, min(feedback_date) AS first_date FROM feedback
               GROUP BY case_id, measure_code, implementing_unit) f USING (case_id, measure_code, implementing_unit)
    WHERE c.due_date >= $1::date AND c.due_date < $2::date`;
}

const ORDER: Record<ExplainTarget, string> = {
  publication_timeliness: "decision_date, record_id",
  collection_timeliness: "decision_date, record_id",
  compliance: "decision_date, record_id",
  coverage: "unit_code, catalog_item, period",
  feedback_timeliness: "due_date, case_id, measure_code, implementing_unit",
  feedback_coverage: "due_date, case_id, measure_code, implementing_unit",
  violations: "feedback_date, case_id, measure_code, implementing_unit",
};

/** The key columns a search looks in, per list (the numbers people quote: 记录编号, 决定文书号, 案件编号). */
const SEARCH: Record<ExplainTarget, string[]> = {
  publication_timeliness: ["record_id", "decision_no"],
  collection_timeliness: ["record_id", "decision_no"],
  compliance: ["record_id", "decision_no"],
  coverage: ["catalog_item"],
  feedback_timeliness: ["case_id", "measure_code"],
  feedback_coverage: ["case_id", "measure_code"],
  violations: ["case_id", "objection_id"],
};

/**
 * Working days late of a late or missing item: the working days after its deadline up to its date, or
 * up to the evaluation date while it is missing (calendar_days.workday_index counts the working days
 * up to and including each day, so the difference counts the days in (deadline, date]).
 */
const DAYS_LATE: Partial<Record<ExplainTarget, { deadline: string; done: string }>> = {
  publication_timeliness: { deadline: "deadline", done: "published_date" },
  collection_timeliness: { deadline: "deadline", done: "received_date" },
  feedback_timeliness: { deadline: "due_date", done: "first_feedback_date" },
  feedback_coverage: { deadline: "due_date", done: "first_feedback_date" },
};

/** The columns each list can be sorted by (its ORDER breaks ties). */
export const SORTABLE: Record<ExplainTarget, readonly string[]> = {
  publication_timeliness: ["record_id", "decision_no", "decision_date", "deadline", "published_date", "days_late"],
  collection_timeliness: ["record_id", "decision_no", "decision_date", "deadline", "received_date", "days_late"],
  compliance: ["record_id", "decision_no", "decision_date", "deadline", "published_date"],
  coverage: ["catalog_item", "expected", "collected"],
  feedback_timeliness: ["case_id", "pushed_date", "due_date", "first_feedback_date", "days_late"],
  feedback_coverage: ["case_id", "pushed_date", "due_date", "first_feedback_date", "days_late"],
  violations: ["case_id", "feedback_date", "filed_date"],
};

/** The ORDER BY of a list: the chosen column (empty values last), then the default order. */
function orderBy(q: ExplainQuery): string {
  const tiebreak = ORDER[q.target];
  if (!q.sort || !SORTABLE[q.target].includes(q.sort.column)) return tiebreak;
  return `${q.sort.column} ${q.sort.dir === "desc" ? "DESC" : "ASC"} NULLS LAST, ${tiebreak}`;
}

/**
 * The same, remembered until the evidence changes (its version is the key, as for the scores,
 * lib/scoring/cache.ts) — for the pages, where many people open the same lists at month end. Only
 * pages of a list are kept (not whole exports); ID numbers are masked on the way out, as ever.
 */
export async function cachedExplain(sql: Sql, q: ExplainQuery): Promise<ExplainResult> {
  if ((q.limit ?? 100) > PAGE_CACHE_MAX_ITEMS) return explain(sql, q);
  const key = JSON.stringify([await evidenceVersion(sql), q.period, q.asOf, q.group, q.entity, q.target, q.status ?? null, q.statuses ?? null, q.limit ?? null, q.offset ?? 0, q.counts !== false, q.search ?? null, q.sort ?? null, q.daysLate ?? false]);
  let raw = pageCache.get(key);
  if (!raw) {
    raw = await explain(sql, { ...q, idNumbers: "full" });
    if (pageCache.size >= PAGE_CACHE_ENTRIES) pageCache.delete(pageCache.keys().next().value!);
    pageCache.set(key, raw);
  }
  return q.idNumbers === "full" ? raw : { ...raw, items: maskSubjectCodes(raw.items) };
}

const PAGE_CACHE_MAX_ITEMS = 200;
const PAGE_CACHE_ENTRIES = 1000;
const pageCache = new Map<string, ExplainResult>();

export async function explain(sql: Sql, q: ExplainQuery): Promise<ExplainResult> {
  const period = parsePeriod(q.period);
  const base = ITEMS[q.target];
  if (!base) throw new AppError("bad_indicator", `未知指标“${q.target}”`, `unknown indicator "${q.target}"`);
  // pages ask for a screenful; exports for everything (bounded so one request cannot exhaust memory)
  const limit = Math.min(Math.max(q.limit ?? 100, 1), 200_000);
  const offset = Math.max(q.offset ?? 0, 0);
  const prefix = `WITH RECURSIVE ${ENTITY_UNITS}, ${RECORD_DEADLINES},
    -- names every parameter's type, whichever of them the chosen list uses
    params AS (SELECT $1::date, $2::date, $3::date, $4::text[], $5::text, $6::text),
    mine AS (SELECT DISTINCT unit_code FROM entity_units WHERE grp = $5 AND entity = $6),
    items AS MATERIALIZED (${q.search ? searched(base, q.target) : base})`;
  const params: unknown[] = [period.start, period.end, q.asOf, period.months, q.group, q.entity, ...(q.search ? [q.search] : [])];
  const wanted = q.statuses ?? (q.status ? [q.status] : null);
  const w = `$${params.length + 1}`;
  // the list comes back as one JSON value, not a row each: the embedded database hands over rows one
  // value at a time in its own thread (a year's 117 000 items took 2.2 s of a 2.7 s export there, the
  // query 0.5 s); PostgreSQL's driver is no slower for it. Dates are 'YYYY-MM-DD' and lists arrays either way.
  const order = orderBy(q);
  const [{ items }] = (await sql.query<{ items: Record<string, unknown>[] }>(
    `${prefix} SELECT coalesce(json_agg(x ORDER BY ${order}), '[]'::json) AS items FROM (
       SELECT * FROM ${q.daysLate || q.sort?.column === "days_late" ? withDaysLate(q.target) : "items"} WHERE (${w}::text[] IS NULL OR status = ANY(${w}::text[])) ORDER BY ${order} LIMIT ${limit} OFFSET ${offset}) x`,
    [...params, wanted],
  )) as [{ items: Record<string, unknown>[] }];
  const counts =
    q.counts === false
      ? countByStatus(items)
      : await sql.query<{ status: string; n: number }>(`${prefix} SELECT status, count(*)::int AS n FROM items GROUP BY status`, params);
  const byStatus = Object.fromEntries(counts.map((c) => [c.status, c.n]));
  const total = wanted ? wanted.reduce((s, w) => s + (byStatus[w] ?? 0), 0) : counts.reduce((s, c) => s + c.n, 0);
  return { counts: byStatus, total, items: q.idNumbers === "full" ? items : maskSubjectCodes(items) };
}

/** The list's items whose key columns contain $7 (any case; a plain substring, so % and _ are just characters). */
function searched(base: string, target: ExplainTarget): string {
  const where = SEARCH[target].map((c) => `strpos(lower(s.${c}), lower($7::text)) > 0`).join(" OR ");
  return `SELECT * FROM (${base}) s WHERE ${where}`;
}

/** The items with their working days late (NULL for an item that is not late or missing), as a FROM clause. */
function withDaysLate(target: ExplainTarget): string {
  const d = DAYS_LATE[target];
  if (!d) return "items";
  return `(SELECT i.*, CASE WHEN i.status IN ('late', 'missing') THEN done.workday_index - due.workday_index END AS days_late
    FROM items i LEFT JOIN calendar_days due ON due.date = i.${d.deadline}
    LEFT JOIN calendar_days done ON done.date = least(coalesce(i.${d.done}, $3::date), $3::date)) items`;
}

/** Counts by status of the items fetched (all of them, when the caller asked for no counts). */
function countByStatus(items: Record<string, unknown>[]): { status: string; n: number }[] {
  const n = new Map<string, number>();
  for (const i of items) n.set(String(i.status), (n.get(String(i.status)) ?? 0) + 1);
  return [...n].map(([status, count]) => ({ status, n: count }));
}
