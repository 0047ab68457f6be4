import "server-only";
import type { Sql } from "@/db/client";
import { evidenceVersion } from "./evidence-version";
import { itemsSql, type ExplainResult, type ItemSort } from "./explain";
import { parsePeriod } from "./period";
import type { Group } from "./score";
import { ENTITY_UNITS, RECORD_DEADLINES } from "./sql";

/**
 * A unit's to-do list (待办) for a period: every late or missing item of the lists that have a
 * deadline — records to publish (双公示) and to submit (归集), obligations to answer (联合奖惩反馈) —
 * with its deadline and its working days late. Built on the item lists of lib/scoring/explain.ts, so
 * an item is late or missing here exactly when it is there (tests/integration/todo.test.ts).
 *
 * Missing items come first: they still need doing (publish, submit, answer) and every working day adds
 * to them, while a late one is done and needs only an explanation. Within each, the latest first.
 */
export const TO_DO_TASKS = ["publication_timeliness", "collection_timeliness", "feedback_timeliness"] as const;
export type TodoTask = (typeof TO_DO_TASKS)[number];
export const TO_DO_STATUSES = ["missing", "late"] as const;
/** The columns the to-do list can be sorted by. */
export const TO_DO_SORTABLE = ["number", "date", "deadline", "days_late"] as const;

export interface TodoQuery {
  period: string;
  asOf: string;
  group: Group;
  entity: string;
  /** only "missing" or only "late" */
  status?: string;
  /** only items whose record number, decision number, case id or measure contains this text (any case) */
  search?: string;
  sort?: ItemSort;
  limit?: number;
  offset?: number;
}

const TASK_ROWS = `
  SELECT 'publication_timeliness'::text AS task, record_id AS number, NULL::text AS measure_code, decision_no, unit_code, unit_name,
    decision_date AS date, deadline, published_date AS done_date, batch_id, status FROM pub WHERE status IN ('missing', 'late')
  UNION ALL
  SELECT 'collection_timeliness', record_id, NULL, decision_no, unit_code, unit_name,
    decision_date, deadline, received_date, batch_id, status FROM col WHERE status IN ('missing', 'late')
  UNION ALL
  SELECT 'feedback_timeliness', case_id, measure_code, NULL, implementing_unit, unit_name,
    pushed_date, due_date, first_feedback_date, batch_id, status FROM fb WHERE status IN ('missing', 'late')`;

// unique per row: a record's id is unique, an obligation is its case, measure and implementing unit
const TIEBREAK = "task, number, measure_code, unit_code";
const DEFAULT_ORDER = `CASE status WHEN 'missing' THEN 0 ELSE 1 END, days_late DESC NULLS LAST, deadline, ${TIEBREAK}`;

function orderBy(sort: ItemSort | undefined): string {
  if (!sort || !(TO_DO_SORTABLE as readonly string[]).includes(sort.column)) return DEFAULT_ORDER;
  return `${sort.column} ${sort.dir === "desc" ? "DESC" : "ASC"} NULLS LAST, ${TIEBREAK}`;
}

/** The to-do list, a page of it, with its counts by status (over the whole list, the search applied). */
export async function todoList(sql: Sql, q: TodoQuery): Promise<ExplainResult> {
  const period = parsePeriod(q.period);
  const limit = Math.min(Math.max(q.limit ?? 50, 1), 200_000);
  const offset = Math.max(q.offset ?? 0, 0);
  const params: unknown[] = [period.start, period.end, q.asOf, period.months, q.group, q.entity, q.search ?? null];
  const prefix = `WITH RECURSIVE ${ENTITY_UNITS}, ${RECORD_DEADLINES},
    params AS (SELECT $1::date, $2::date, $3::date, $4::text[], $5::text, $6::text, $7::text),
    mine AS (SELECT DISTINCT unit_code FROM entity_units WHERE grp = $5 AND entity = $6),
    pub AS (${itemsSql("publication_timeliness")}),
    col AS (${itemsSql("collection_timeliness")}),
    fb AS (${itemsSql("feedback_timeliness")}),
    todo AS (${TASK_ROWS}),
    items AS (
      SELECT t.*, done.workday_index - due.workday_index AS days_late
      FROM todo t LEFT JOIN calendar_days due ON due.date = t.deadline
      LEFT JOIN calendar_days done ON done.date = least(coalesce(t.done_date, $3::date), $3::date)
      WHERE $7::text IS NULL OR strpos(lower(t.number), lower($7::text)) > 0 OR strpos(lower(t.decision_no), lower($7::text)) > 0
        OR strpos(lower(t.measure_code), lower($7::text)) > 0)`;
  const items = await sql.query<Record<string, unknown>>(`${prefix} SELECT * FROM items WHERE ($8::text IS NULL OR status = $8) ORDER BY ${orderBy(q.sort)} LIMIT ${limit} OFFSET ${offset}`, [...params, q.status ?? null]);
  const counts = await sql.query<{ status: string; n: number }>(`${prefix} SELECT status, count(*)::int AS n FROM items GROUP BY status`, params);
  // missing first, as the list is
  const byStatus = Object.fromEntries(TO_DO_STATUSES.map((s) => [s, counts.find((c) => c.status === s)?.n ?? 0]));
  const total = q.status ? (byStatus[q.status] ?? 0) : counts.reduce((s, c) => s + c.n, 0);
  return { counts: byStatus, total, items };
}

/**
 * The same, remembered until the evidence changes (lib/scoring/explain.ts cachedExplain): at month end
 * every unit opens on its to-do list, often more than once.
 */
export async function cachedTodoList(sql: Sql, q: TodoQuery): Promise<ExplainResult> {
  const key = JSON.stringify([await evidenceVersion(sql), q.period, q.asOf, q.group, q.entity, q.status ?? null, q.search ?? null, q.sort ?? null, q.limit ?? null, q.offset ?? 0]);
  let hit = cache.get(key);
  if (!hit) {
    hit = await todoList(sql, q);
    if (cache.size >= CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
    cache.set(key, hit);
  }
  return hit;
}

const CACHE_ENTRIES = 500;
const cache = new Map<string, ExplainResult>();
