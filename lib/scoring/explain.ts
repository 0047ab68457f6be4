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

/**
 * The same, remembered until the evidence changes (its version is the key, as for the scores,
 * lib/scoring/cache.ts) — for the pages, where many people open the same lists at month end. Only
 * pages of a list are kept (not whole exports); ID numbers are masked on the way out, as ever.
 */
export async function cachedExplain(sql: Sql, q: ExplainQuery): Promise<ExplainResult> {
  if ((q.limit ?? 100) > PAGE_CACHE_MAX_ITEMS) return explain(sql, q);
  const key = JSON.stringify([await evidenceVersion(sql), q.period, q.asOf, q.group, q.entity, q.target, q.status ?? null, q.statuses ?? null, q.limit ?? null, q.offset ?? 0, q.counts !== false]);
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
    items AS MATERIALIZED (${base})`;
  const params = [period.start, period.end, q.asOf, period.months, q.group, q.entity];
  const wanted = q.statuses ?? (q.status ? [q.status] : null);
  const items = await sql.query<Record<string, unknown>>(
    `${prefix} SELECT * FROM items WHERE ($7::text[] IS NULL OR status = ANY($7::text[])) ORDER BY ${ORDER[q.target]} LIMIT ${limit} OFFSET ${offset}`,
    [...params, wanted],
  );
  const counts =
    q.counts === false
      ? countByStatus(items)
      : await sql.query<{ status: string; n: number }>(`${prefix} SELECT status, count(*)::int AS n FROM items GROUP BY status`, params);
  const byStatus = Object.fromEntries(counts.map((c) => [c.status, c.n]));
  const total = wanted ? wanted.reduce((s, w) => s + (byStatus[w] ?? 0), 0) : counts.reduce((s, c) => s + c.n, 0);
  return { counts: byStatus, total, items: q.idNumbers === "full" ? items : maskSubjectCodes(items) };
}

/** Counts by status of the items fetched (all of them, when the caller asked for no counts). */
function countByStatus(items: Record<string, unknown>[]): { status: string; n: number }[] {
  const n = new Map<string, number>();
  for (const i of items) n.set(String(i.status), (n.get(String(i.status)) ?? 0) + 1);
  return [...n].map(([status, count]) => ({ status, n: count }));
}
