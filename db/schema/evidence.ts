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
    // the case's listing and its end (issue 11): the same on every obligation row of a case, or the
    // rows are flagged `case_fields_disagree`; optional, and kept when a file does not have the column
    listedDate: day("listed_date"),
    termEnd: day("term_end"),
    validUntil: day("valid_until"),
    endedDate: day("ended_date"),
    endReason: text("end_reason").notNull().default(""),
    flags: text("flags").array().notNull().default([]),
    batchId: integer("batch_id").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.caseId, t.measureCode, t.implementingUnit] }),
    index("cases_due_date_idx").on(t.dueDate),
    index("cases_batch_idx").on(t.batchId),
    enumerated("cases", t.listType, t.flags, ["red", "black", "key_attention"]),
    // a case that has not ended has no reason: ''
    enumerated("cases", t.endReason, t.flags, ["list_exit", "term_expired", "repaired", "objection_upheld", ""]),
  ],
);

/**
 * 措施清单: the national base list and the province's supplementary list of joint measures, each
 * version in force from `effective_from` until the day before `effective_to` (004 三(三)6; 003 (十九)).
 * `mandatory` is '1' (强制性, to be executed by law) or '0' (推荐性); kept as its identifier like
 * every enumerated column, so a row with an unreadable value is stored and flagged, not guessed.
 */
export const measures = pgTable(
  "measures",
  {
    measureCode: key("measure_code").notNull(),
    effectiveFrom: day("effective_from").notNull(),
    effectiveTo: day("effective_to"),
    name: text("name").notNull(),
    legalBasis: text("legal_basis").notNull(),
    listLevel: text("list_level").notNull(),
    listType: text("list_type").notNull(),
    mandatory: text("mandatory").notNull(),
    flags: text("flags").array().notNull().default([]),
    batchId: integer("batch_id").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.measureCode, t.effectiveFrom] }),
    index("measures_batch_idx").on(t.batchId),
    enumerated("measures", t.listLevel, t.flags, ["national", "province"]),
    enumerated("measures", t.listType, t.flags, ["red", "black", "key_attention"]),
    enumerated("measures", t.mandatory, t.flags, ["1", "0"]),
  ],
);

/** 响应: an implementing unit acknowledged a pushed obligation, distinct from its feedback (004 三(三)4). */
export const receipts = pgTable(
  "receipts",
  {
    caseId: key("case_id").notNull(),
    measureCode: key("measure_code").notNull(),
    implementingUnit: key("implementing_unit").notNull(),
    receivedDate: day("received_date").notNull(),
    flags: text("flags").array().notNull().default([]),
    batchId: integer("batch_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.measureCode, t.implementingUnit] }), index("receipts_batch_idx").on(t.batchId)],
);

/** 告知: the subject was told of the listing, before the decision (003 (八); 004 三(二)2). */
export const notifications = pgTable(
  "notifications",
  {
    caseId: key("case_id").primaryKey(),
    notifiedDate: day("notified_date").notNull(),
    method: text("method").notNull(),
    flags: text("flags").array().notNull().default([]),
    batchId: integer("batch_id").notNull(),
  },
  (t) => [index("notifications_batch_idx").on(t.batchId)],
);

/** 应查必查: licences decided by a unit in a month and how many of them checked the subject's credit first (000 item 19). */
export const creditChecks = pgTable(
  "credit_checks",
  {
    unitCode: key("unit_code").notNull(),
    period: key("period").notNull(),
    licences: integer("licences").notNull(),
    checked: integer("checked").notNull(),
    flags: text("flags").array().notNull().default([]),
    batchId: integer("batch_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.unitCode, t.period] }), index("credit_checks_batch_idx").on(t.batchId)],
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
    // 办理期限 (empty: filed_date + the setting) and the day the measures were withdrawn after it was upheld
    dueDate: day("due_date"),
    withdrawnDate: day("withdrawn_date"),
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
    // completed_date is the decision's date; accepted_date and removed_date (移出名单) are optional
    completedDate: day("completed_date"),
    outcome: text("outcome").notNull(),
    acceptedDate: day("accepted_date"),
    removedDate: day("removed_date"),
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
