import "server-only";
import type { Sql } from "@/db/client";
import { displaySubjectCode } from "@/lib/codes/mask";
import { inScopeSql } from "@/lib/ingest/scope";
import { stepDeadline, stepStatus, type StepStatus } from "./deadlines";

/**
 * One case of the joint-measures cycle followed from its listing to its exit (issue 11 "Where it
 * shows"; docs/design/joint-cycle.md §5): listing → notification → push → per implementing unit
 * receipt and feedback → objections → repairs → exit, each step with its date and, where a deadline
 * applies (lib/joint/deadlines.ts), whether it was met. Only facts the units reported are shown;
 * nothing is inferred.
 *
 * Who sees it (`JointViewer`): the office any case; a unit's head or clerk a case that their unit or
 * one of its agencies (lib/ingest/scope.ts) initiated or implements. A unit that initiated it sees
 * every obligation of the case; a unit that only implements it sees its own units' obligations.
 * A natural person's ID number is masked as everywhere (lib/codes/mask.ts).
 */
export interface JointViewer {
  role: "office" | "unit_head" | "clerk";
  unitCode: string | null;
}

export const TIMELINE_STEPS = [
  "listing",
  "notification",
  "push",
  "receipt",
  "feedback",
  "objection_filed",
  "objection_resolved",
  "withdrawal",
  "repair_applied",
  "repair_accepted",
  "repair_decided",
  "repair_removed",
  "term_end",
  "valid_until",
  "exit",
] as const;
export type TimelineStep = (typeof TIMELINE_STEPS)[number];

export interface TimelineEvent {
  step: TimelineStep;
  /** the day it happened; null for a step not (yet) reported, shown at its deadline */
  date: string | null;
  unit: string | null;
  measure: string | null;
  measureName: string | null;
  /** '1' mandatory, '0' recommended, null: no list version in force on the push date (off-list) */
  mandatory: string | null;
  /** an identifier the page names: a feedback result, an outcome, an end reason, a notification's method, an objection or repair id */
  detail: string | null;
  note: string | null;
  due: string | null;
  status: StepStatus | null;
}

export interface CaseTimeline {
  caseId: string;
  subjectCode: string;
  subjectName: string;
  listType: string;
  area: string;
  initiatingUnits: string[];
  implementingUnits: string[];
  listedDate: string | null;
  termEnd: string | null;
  validUntil: string | null;
  endedDate: string | null;
  endReason: string;
  flags: string[];
  /** the unit whose scope let the viewer in (the access log's target), null for the office */
  scopeUnit: string | null;
  /** false: a unit that only implements the case sees its own obligations only */
  whole: boolean;
  events: TimelineEvent[];
}

interface ObligationRow {
  measure_code: string;
  implementing_unit: string;
  initiating_unit: string;
  subject_code: string;
  subject_name: string;
  list_type: string;
  area: string;
  pushed_date: string;
  due_date: string;
  listed_date: string | null;
  term_end: string | null;
  valid_until: string | null;
  ended_date: string | null;
  end_reason: string;
  flags: string[];
  mine_initiated: boolean;
  mine_implements: boolean;
  measure_name: string | null;
  mandatory: string | null;
  received_date: string | null;
}

/** Who among the viewer's units may see case `caseId`: its obligations, or undefined when none exist or the viewer may see none. */
async function obligations(db: Sql, viewer: JointViewer, caseId: string): Promise<ObligationRow[] | undefined> {
  if (viewer.role !== "office" && viewer.unitCode === null) return undefined;
  const unit = viewer.role === "office" ? null : viewer.unitCode;
  const rows = await db.query<ObligationRow>(
    `SELECT c.measure_code, c.implementing_unit, c.initiating_unit, c.subject_code, c.subject_name, c.list_type, c.area,
       c.pushed_date::text AS pushed_date, c.due_date::text AS due_date, c.listed_date::text AS listed_date, c.term_end::text AS term_end,
       c.valid_until::text AS valid_until, c.ended_date::text AS ended_date, c.end_reason, c.flags,
       ($2::text IS NULL OR ${inScopeSql("$2::text", "c.initiating_unit")}) AS mine_initiated,
       ($2::text IS NULL OR ${inScopeSql("$2::text", "c.implementing_unit")}) AS mine_implements,
       m.name AS measure_name, m.mandatory, r.received_date::text AS received_date
     FROM cases c
     LEFT JOIN LATERAL (SELECT m.name, m.mandatory FROM measures m WHERE m.measure_code = c.measure_code AND m.effective_from <= c.pushed_date
       AND (m.effective_to IS NULL OR c.pushed_date < m.effective_to) ORDER BY m.effective_from DESC LIMIT 1) m ON true
     LEFT JOIN receipts r ON r.case_id = c.case_id AND r.measure_code = c.measure_code AND r.implementing_unit = c.implementing_unit
     WHERE c.case_id = $1
     ORDER BY c.implementing_unit, c.measure_code`,
    [caseId, unit],
  );
  const initiated = rows.some((r) => r.mine_initiated);
  const shown = initiated ? rows : rows.filter((r) => r.mine_implements);
  return shown.length > 0 ? shown : undefined;
}

/** The case's timeline for `viewer`, or undefined when the case does not exist or is not the viewer's (the page answers 404 to both). */
export async function caseTimeline(db: Sql, viewer: JointViewer, caseId: string, today: string): Promise<CaseTimeline | undefined> {
  const rows = await obligations(db, viewer, caseId);
  if (!rows) return undefined;
  const first = rows[0]!;
  const whole = rows.some((r) => r.mine_initiated);
  const units = rows.map((r) => r.implementing_unit);
  const feedback = await db.query<{ measure_code: string; implementing_unit: string; feedback_date: string; result: string; note: string }>(
    `SELECT measure_code, implementing_unit, feedback_date::text AS feedback_date, result, note FROM feedback
     WHERE case_id = $1 AND implementing_unit = ANY($2::text[]) ORDER BY feedback_date, implementing_unit, measure_code`,
    [caseId, units],
  );
  const objections = await db.query<{ objection_id: string; filed_date: string; resolved_date: string | null; outcome: string; due_date: string | null; withdrawn_date: string | null }>(
    `SELECT objection_id, filed_date::text AS filed_date, resolved_date::text AS resolved_date, outcome, due_date::text AS due_date, withdrawn_date::text AS withdrawn_date
     FROM objections WHERE case_id = $1 ORDER BY filed_date, objection_id`,
    [caseId],
  );
  const repairs = await db.query<{ repair_id: string; unit_code: string; applied_date: string; accepted_date: string | null; completed_date: string | null; outcome: string; removed_date: string | null }>(
    `SELECT repair_id, unit_code, applied_date::text AS applied_date, accepted_date::text AS accepted_date, completed_date::text AS completed_date, outcome, removed_date::text AS removed_date
     FROM repairs WHERE case_id = $1 ORDER BY applied_date, repair_id`,
    [caseId],
  );
  const [notification] = await db.query<{ notified_date: string; method: string }>(`SELECT notified_date::text AS notified_date, method FROM notifications WHERE case_id = $1`, [caseId]);

  const events: TimelineEvent[] = [];
  const ev = (e: Partial<TimelineEvent> & Pick<TimelineEvent, "step" | "date">) =>
    events.push({ unit: null, measure: null, measureName: null, mandatory: null, detail: null, note: null, due: null, status: null, ...e });
  const listed = first.listed_date;
  if (listed) ev({ step: "listing", date: listed });
  if (listed || notification) {
    const due = await stepDeadline(db, listed, "notification");
    ev({ step: "notification", date: notification?.notified_date ?? null, detail: notification?.method || null, due, status: stepStatus(notification?.notified_date ?? null, due, today) });
  }
  // one push per pushed date (the rows of a case normally share it)
  const pushDue = await stepDeadline(db, listed, "push");
  for (const pushed of [...new Set(rows.map((r) => r.pushed_date))].sort()) {
    ev({ step: "push", date: pushed, due: pushDue, status: pushDue ? stepStatus(pushed, pushDue, today) : null });
  }
  for (const o of rows) {
    const base = { unit: o.implementing_unit, measure: o.measure_code, measureName: o.measure_name, mandatory: o.mandatory };
    const receiptDue = await stepDeadline(db, o.pushed_date, "receipt");
    ev({ ...base, step: "receipt", date: o.received_date, due: receiptDue, status: stepStatus(o.received_date, receiptDue, today) });
    const mine = feedback.filter((f) => f.implementing_unit === o.implementing_unit && f.measure_code === o.measure_code);
    if (mine.length === 0) ev({ ...base, step: "feedback", date: null, due: o.due_date, status: stepStatus(null, o.due_date, today) });
    // the first feedback answers the obligation (CONTRACT §4); later ones are shown as they came
    mine.forEach((f, i) => ev({ ...base, step: "feedback", date: f.feedback_date, detail: f.result, note: f.note || null, due: i === 0 ? o.due_date : null, status: i === 0 ? stepStatus(f.feedback_date, o.due_date, today) : null }));
  }
  for (const x of objections) {
    ev({ step: "objection_filed", date: x.filed_date, detail: x.objection_id });
    const due = x.due_date ?? (await stepDeadline(db, x.filed_date, "objection"));
    ev({ step: "objection_resolved", date: x.resolved_date, detail: x.outcome || null, note: x.objection_id, due, status: stepStatus(x.resolved_date, due, today) });
    if (x.outcome === "upheld" && x.resolved_date) {
      const wdue = await stepDeadline(db, x.resolved_date, "withdrawal");
      ev({ step: "withdrawal", date: x.withdrawn_date, note: x.objection_id, due: wdue, status: stepStatus(x.withdrawn_date, wdue, today) });
    }
  }
  for (const x of repairs) {
    ev({ step: "repair_applied", date: x.applied_date, unit: x.unit_code, detail: x.repair_id });
    if (x.accepted_date) ev({ step: "repair_accepted", date: x.accepted_date, unit: x.unit_code, detail: x.repair_id });
    const due = await stepDeadline(db, x.accepted_date, "repair");
    if (x.accepted_date || x.completed_date) ev({ step: "repair_decided", date: x.completed_date, unit: x.unit_code, detail: x.outcome || null, note: x.repair_id, due, status: due ? stepStatus(x.completed_date, due, today) : null });
    if (x.outcome === "approved" && x.completed_date) {
      const wdue = await stepDeadline(db, x.completed_date, "withdrawal");
      ev({ step: "repair_removed", date: x.removed_date, unit: x.unit_code, note: x.repair_id, due: wdue, status: stepStatus(x.removed_date, wdue, today) });
    }
  }
  if (first.term_end) ev({ step: "term_end", date: first.term_end });
  if (first.valid_until) ev({ step: "valid_until", date: first.valid_until });
  if (first.ended_date) ev({ step: "exit", date: first.ended_date, detail: first.end_reason || null });

  const order = (e: TimelineEvent) => `${e.date ?? e.due ?? "9999-12-31"}|${String(TIMELINE_STEPS.indexOf(e.step)).padStart(2, "0")}`;
  events.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
  return {
    caseId,
    subjectCode: displaySubjectCode(first.subject_code),
    subjectName: first.subject_name,
    listType: first.list_type,
    area: first.area,
    initiatingUnits: [...new Set(rows.map((r) => r.initiating_unit))].sort(),
    implementingUnits: [...new Set(units)].sort(),
    listedDate: listed,
    termEnd: first.term_end,
    validUntil: first.valid_until,
    endedDate: first.ended_date,
    endReason: first.end_reason,
    flags: [...new Set(rows.flatMap((r) => r.flags))].sort(),
    scopeUnit: viewer.role === "office" ? null : viewer.unitCode,
    whole,
    events,
  };
}
