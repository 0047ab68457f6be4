import "server-only";
import type { Sql } from "@/db/client";
import { deadlineTableSql } from "@/lib/calendar";
import { inScopeSql } from "@/lib/ingest/scope";
import type { QueryReader } from "@/lib/web/query";
import { jointStepDays } from "./deadlines";

/**
 * A unit's open obligations as implementing unit (issue 11 "Where it shows": 待办的联合奖惩措施): the
 * measures pushed to the unit or one of its agencies (lib/ingest/scope.ts) that are not yet received
 * (响应) or not yet answered (执行反馈), on a case that has not ended — no ended_date on or before
 * today, no upheld objection, no approved repair decided. A feedback `suspended` (异议期间暂停) leaves
 * the obligation open. The next step's deadline: the receipt's (pushed_date + 3 working days,
 * lib/joint/deadlines.ts) while not received, else the obligation's due_date. Overdue first, then by
 * that deadline; filtered, sorted and paged in SQL.
 */
export const OBLIGATIONS_PAGE_SIZE = 50;

export const OBLIGATION_STEPS = {
  receive: { zh: "待接收", en: "To receive" },
  answer: { zh: "待反馈", en: "To answer" },
} as const;
export type ObligationStep = keyof typeof OBLIGATION_STEPS;

export const OBLIGATION_SORTS = {
  due: { zh: "期限（逾期在前）", en: "Deadline (overdue first)" },
  pushed: { zh: "推送日期", en: "Pushed" },
  case: { zh: "案件编号", en: "Case" },
} as const;
export type ObligationSort = keyof typeof OBLIGATION_SORTS;

export interface ObligationFilter {
  step?: ObligationStep;
  overdue?: boolean;
  /** part of a case id */
  q?: string;
  sort: ObligationSort;
  dir: "asc" | "desc";
}

export interface ObligationRow {
  case_id: string;
  measure_code: string;
  measure_name: string | null;
  /** '1' mandatory, '0' recommended, null: on no list in force on the push date */
  mandatory: string | null;
  implementing_unit: string;
  list_type: string;
  area: string;
  pushed_date: string;
  due_date: string;
  received_date: string | null;
  receipt_due: string | null;
  step: ObligationStep;
  next_due: string | null;
  overdue: boolean;
  suspended: boolean;
}

export interface ObligationCounts {
  open: number;
  overdue: number;
  receive: number;
  answer: number;
}

const ORDER: Record<ObligationSort, string> = {
  due: "o.overdue DESC, o.next_due ASC NULLS LAST",
  pushed: "o.pushed_date ASC",
  case: "o.case_id ASC",
};

/** The open obligations of `unit`'s scope as of `today` (a CTE named `o`); params $1 unit, $2 today. */
function openSql(): string {
  // only the days a case of the list can have been pushed on: the calendar from the first push to today
  return `receipt_deadline AS (${deadlineTableSql(jointStepDays().receipt, { from: "(SELECT min(pushed_date) FROM cases)", to: "($2::date + 1)" })}),
  o AS (
    SELECT c.case_id, c.measure_code, c.implementing_unit, c.list_type, c.area, c.pushed_date::text AS pushed_date, c.due_date::text AS due_date,
      r.received_date::text AS received_date, rd.deadline::text AS receipt_due,
      CASE WHEN r.case_id IS NULL THEN 'receive' ELSE 'answer' END AS step,
      (CASE WHEN r.case_id IS NULL THEN rd.deadline ELSE c.due_date END)::text AS next_due,
      coalesce(CASE WHEN r.case_id IS NULL THEN rd.deadline ELSE c.due_date END < $2::date, false) AS overdue,
      EXISTS (SELECT 1 FROM feedback f WHERE f.case_id = c.case_id AND f.measure_code = c.measure_code AND f.implementing_unit = c.implementing_unit) AS suspended
    FROM cases c
    LEFT JOIN receipts r ON r.case_id = c.case_id AND r.measure_code = c.measure_code AND r.implementing_unit = c.implementing_unit
    LEFT JOIN receipt_deadline rd ON rd.date = c.pushed_date
    WHERE ${inScopeSql("$1::text", "c.implementing_unit")}
      AND c.pushed_date <= $2::date
      AND (c.ended_date IS NULL OR c.ended_date > $2::date)
      AND NOT EXISTS (SELECT 1 FROM feedback f WHERE f.case_id = c.case_id AND f.measure_code = c.measure_code AND f.implementing_unit = c.implementing_unit AND f.result <> 'suspended')
      AND NOT EXISTS (SELECT 1 FROM objections x WHERE x.case_id = c.case_id AND x.outcome = 'upheld' AND x.resolved_date <= $2::date)
      AND NOT EXISTS (SELECT 1 FROM repairs p WHERE p.case_id = c.case_id AND p.outcome = 'approved' AND p.completed_date <= $2::date)
  )`;
}

/** A page of `unit`'s open obligations, the counts of all of them, and how many the filter keeps. */
export async function listObligations(db: Sql, unit: string, today: string, f: ObligationFilter, page: number, limit = OBLIGATIONS_PAGE_SIZE): Promise<{ rows: ObligationRow[]; total: number; counts: ObligationCounts }> {
  const params = [unit, today, f.step ?? null, f.overdue ?? false, f.q ?? null];
  const where = `($3::text IS NULL OR o.step = $3) AND (NOT $4::boolean OR o.overdue) AND ($5::text IS NULL OR strpos(o.case_id, $5) > 0)`;
  const [counts] = await db.query<ObligationCounts & { total: number }>(
    `WITH ${openSql()}
     SELECT count(*)::int AS open, count(*) FILTER (WHERE o.overdue)::int AS overdue, count(*) FILTER (WHERE o.step = 'receive')::int AS receive,
       count(*) FILTER (WHERE o.step = 'answer')::int AS answer, count(*) FILTER (WHERE ${where})::int AS total
     FROM o`,
    params,
  );
  const dir = f.dir === "desc" ? "DESC" : "ASC";
  const order = f.sort === "due" && f.dir === "desc" ? "o.overdue ASC, o.next_due DESC NULLS LAST" : ORDER[f.sort].replace(/ ASC$/, ` ${dir}`);
  const rows = await db.query<ObligationRow>(
    `WITH ${openSql()}
     SELECT o.*, m.name AS measure_name, m.mandatory
     FROM o
     LEFT JOIN LATERAL (SELECT m.name, m.mandatory FROM measures m WHERE m.measure_code = o.measure_code AND m.effective_from <= o.pushed_date::date
       AND (m.effective_to IS NULL OR o.pushed_date::date < m.effective_to) ORDER BY m.effective_from DESC LIMIT 1) m ON true
     WHERE ${where}
     ORDER BY ${order}, o.case_id, o.measure_code, o.implementing_unit
     LIMIT $6 OFFSET $7`,
    [...params, limit, (Math.max(1, page) - 1) * limit],
  );
  const { total, ...rest } = counts ?? { open: 0, overdue: 0, receive: 0, answer: 0, total: 0 };
  return { rows, total, counts: rest };
}

/** The list's filters from the address (step, overdue, case search, sort and direction); a wrong value is a problem the page says. */
export function obligationQuery(q: QueryReader): ObligationFilter {
  const step = q.oneOf("step", OBLIGATION_STEPS);
  const overdue = q.flag("overdue");
  const search = q.text("q", 50);
  const sort = q.oneOf("sort", OBLIGATION_SORTS, "due")!;
  const dir = q.oneOf("dir", ["asc", "desc"] as const, "asc")!;
  return { step, overdue: overdue || undefined, q: search, sort, dir };
}

export interface ObligationsView {
  unit: string;
  filter: ObligationFilter;
  rows: ObligationRow[];
  total: number;
  counts: ObligationCounts;
  page: number;
  pageSize: number;
  today: string;
}

/** What /unit/obligations shows, read from the address and the database (the page stays a guard and a render). */
export async function loadObligations(db: Sql, unit: string, q: QueryReader, today: string): Promise<ObligationsView | "bad address"> {
  const filter = obligationQuery(q);
  const page = q.page();
  if (!q.ok) return "bad address";
  const { rows, total, counts } = await listObligations(db, unit, today, filter, page);
  q.pageWithin("page", page, Math.max(1, Math.ceil(total / OBLIGATIONS_PAGE_SIZE)));
  if (!q.ok) return "bad address";
  return { unit, filter, rows, total, counts, page, pageSize: OBLIGATIONS_PAGE_SIZE, today };
}
