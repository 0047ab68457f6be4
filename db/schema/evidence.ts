import { sql } from "drizzle-orm";
import { type AnyPgColumn, boolean, check, index, integer, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { day, key } from "./types";

// Evidence as the units submit it (shared/CONTRACT.md §3). Rows that can be attributed are stored even
// when they break a quality rule; `flags` names the rules broken, so every score can be explained.
// Every row carries the batch that last wrote it (`batch_id`, indexed: a batch's rows are found by
// its page and its undo, lib/ingest/undo.ts).

/**
 * An enumerated column holds one of its identifiers (lib/ingest/kinds.ts), or, in a row flagged
 * `<column>_missing` or `<column>_invalid`, what the unit actually sent: such rows are stored, not
 * rejected (CONTRACT §2). An unflagged stray value is refused.
 */
function enumerated(table: string, column: AnyPgColumn, flags: AnyPgColumn, values: string[]) {
  const allowed = sql.raw(values.map((v) => `'${v}'`).join(", "));
  const escapes = sql.raw(`array['${column.name}_missing', '${column.name}_invalid']`);
  return check(`${table}_${column.name}_check`, sql`${column} in (${allowed}) or ${flags} && ${escapes}`);
}

/**
 * 双公示 records: administrative licences and penalties (003 (五)).
 * No index on decision_date alone: rows are stored in key order, so a month's records are spread over
 * nearly every page and a scan reads them as fast as an index would, while the index would cost
 * ~30 % of bulk-import time (bench/ingest). One unit's records of a period are another matter: its
 * item list (and the exports) read a few percent of the table, through (unit_code, decision_date),
 * where every list otherwise scanned all of it (bench/pages, issue 9).
 */
export const records = pgTable(
  "records",
  {
    recordId: key("record_id").primaryKey(),
    kind: text("kind").notNull(),
    unitCode: key("unit_code").notNull(),
    subjectType: text("subject_type").notNull(),
    subjectCode: text("subject_code").notNull(),
    subjectName: text("subject_name").notNull(),
    decisionNo: text("decision_no").notNull(),
    decisionDate: day("decision_date").notNull(),
    publishedDate: day("published_date"),
    receivedDate: day("received_date"),
    compliant: boolean("compliant").notNull(),
    flags: text("flags").array().notNull().default([]),
    batchId: integer("batch_id").notNull(),
  },
  (t) => [
    index("records_unit_decision_idx").on(t.unitCode, t.decisionDate),
    index("records_batch_idx").on(t.batchId),
    enumerated("records", t.kind, t.flags, ["license", "penalty"]),
    enumerated("records", t.subjectType, t.flags, ["legal", "natural"]),
  ],
);

/** 归集统计: expected vs collected per unit, catalogue item and month (000 item 18). */
export const stats = pgTable(
  "stats",
  {
    unitCode: key("unit_code").notNull(),
    catalogItem: key("catalog_item").notNull(),
    period: key("period").notNull(),
    expected: integer("expected").notNull(),
    collected: integer("collected").notNull(),
    flags: text("flags").array().notNull().default([]),
    batchId: integer("batch_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.unitCode, t.catalogItem, t.period] }), index("stats_period_idx").on(t.period), index("stats_batch_idx").on(t.batchId)],
);

/** 联合奖惩: one row per obligation of an implementing unit to apply a measure (004 三(三)4). */
export const cases = pgTable(
  "cases",
  {
    caseId: key("case_id").notNull(),
    measureCode: key("measure_code").notNull(),
    implementingUnit: key("implementing_unit").notNull(),
    initiatingUnit: key("initiating_unit").notNull(),
    subjectCode: text("subject_code").notNull(),
    subjectName: text("subject_name").notNull(),
    listType: text("list_type").notNull(),
    area: text("area").notNull(),
    pushedDate: day("pushed_date").notNull(),
    dueDate: day("due_date").notNull(),
    flags: text("flags").array().notNull().default([]),
    batchId: integer("batch_id").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.caseId, t.measureCode, t.implementingUnit] }),
    index("cases_due_date_idx").on(t.dueDate),
    index("cases_batch_idx").on(t.batchId),
    enumerated("cases", t.listType, t.flags, ["red", "black", "key_attention"]),
  ],
);

/** 执行反馈: what an implementing unit reported back on an obligation. */
export const feedback = pgTable(
  "feedback",
  {
    caseId: key("case_id").notNull(),
    measureCode: key("measure_code").notNull(),
    implementingUnit: key("implementing_unit").notNull(),
    feedbackDate: day("feedback_date").notNull(),
    result: text("result").notNull(),
    note: text("note").notNull(),
    flags: text("flags").array().notNull().default([]),
    batchId: integer("batch_id").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.caseId, t.measureCode, t.implementingUnit, t.feedbackDate] }),
    index("feedback_batch_idx").on(t.batchId),
    enumerated("feedback", t.result, t.flags, ["executed", "not_applicable", "suspended"]),
  ],
);

/** 异议: while one is being verified the measures are suspended (001 四(五)). */
export const objections = pgTable(
  "objections",
  {
    objectionId: key("objection_id").primaryKey(),
    caseId: key("case_id").notNull(),
    filedDate: day("filed_date").notNull(),
    resolvedDate: day("resolved_date"),
    outcome: text("outcome").notNull(),
    flags: text("flags").array().notNull().default([]),
    batchId: integer("batch_id").notNull(),
  },
  // an unresolved objection has no outcome yet: stored as ''
  (t) => [index("objections_case_idx").on(t.caseId), index("objections_batch_idx").on(t.batchId), enumerated("objections", t.outcome, t.flags, ["upheld", "rejected", ""])],
);

/** 信用修复: a subject that completed repair is no longer a target of measures (000 item 21; 003 (十一)(十二)). */
export const repairs = pgTable(
  "repairs",
  {
    repairId: key("repair_id").primaryKey(),
    caseId: key("case_id").notNull(),
    unitCode: key("unit_code").notNull(),
    appliedDate: day("applied_date").notNull(),
    completedDate: day("completed_date"),
    outcome: text("outcome").notNull(),
    flags: text("flags").array().notNull().default([]),
    batchId: integer("batch_id").notNull(),
  },
  // a repair still in progress has no outcome yet: stored as ''
  (t) => [index("repairs_case_idx").on(t.caseId), index("repairs_batch_idx").on(t.batchId), enumerated("repairs", t.outcome, t.flags, ["approved", "rejected", ""])],
);

/** 任务分工: numbered tasks of the implementation plan with a lead unit and a due date (000; 002 专栏). */
export const tasks = pgTable(
  "tasks",
  {
    taskId: key("task_id").primaryKey(),
    title: text("title").notNull(),
    leadUnit: key("lead_unit").notNull(),
    cooperatingUnits: text("cooperating_units").notNull(),
    dueDate: day("due_date").notNull(),
    target: text("target").notNull(),
    flags: text("flags").array().notNull().default([]),
    batchId: integer("batch_id").notNull(),
  },
  (t) => [index("tasks_batch_idx").on(t.batchId)],
);

/** Progress reports of a unit on a task. */
export const progress = pgTable(
  "progress",
  {
    taskId: key("task_id").notNull(),
    unitCode: key("unit_code").notNull(),
    reportDate: day("report_date").notNull(),
    status: text("status").notNull(),
    percent: integer("percent"),
    note: text("note").notNull(),
    flags: text("flags").array().notNull().default([]),
    batchId: integer("batch_id").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.taskId, t.unitCode, t.reportDate] }),
    index("progress_batch_idx").on(t.batchId),
    enumerated("progress", t.status, t.flags, ["not_started", "in_progress", "done"]),
  ],
);
