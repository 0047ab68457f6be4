import { sql } from "drizzle-orm";
import { bigserial, check, integer, jsonb, pgTable, serial, text, timestamp, index, uniqueIndex } from "drizzle-orm/pg-core";
import { bytes, key } from "./types";
import { units } from "./units";

/** How a batch came in (README "Import history and undo"). */
export const IMPORT_CHANNELS = ["cli", "api", "upload", "demo", "form"] as const;
export type ImportChannel = (typeof IMPORT_CHANNELS)[number];
/**
 * A batch's state: an import commits whole or not at all, so a stored batch is `done` (or `running`
 * and `failed` for work that runs off the request); `undone` once lib/ingest/undo.ts took it back.
 */
export const BATCH_STATUSES = ["running", "done", "failed", "undone"] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number];

/** Provenance: every evidence row carries the batch that last inserted or changed it. */
export const importBatches = pgTable(
  "import_batches",
  {
    id: serial("id").primaryKey(),
    kind: text("kind").notNull(),
    fileName: text("file_name").notNull(),
    fileSha256: text("file_sha256").notNull(),
    fileBytes: integer("file_bytes").notNull(),
    actor: text("actor").notNull(),
    /** the unit of the API token that pushed the batch (null for the CLI, an upload by the office and the demo) */
    unitCode: key("unit_code"),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    rows: integer("rows").notNull().default(0),
    inserted: integer("inserted").notNull().default(0),
    updated: integer("updated").notNull().default(0),
    unchanged: integer("unchanged").notNull().default(0),
    superseded: integer("superseded").notNull().default(0),
    rejected: integer("rejected").notNull().default(0),
    // the first rejections with their reasons, enough to show a user what to fix
    rejections: jsonb("rejections").notNull().default([]),
    channel: text("channel").notNull().default("cli"),
    status: text("status").notNull().default("done"),
    /**
     * the units the batch's rows name (records' deciding unit, obligations' implementing and initiating
     * units …, lib/ingest/batch-units.ts): who besides the office sees the batch
     */
    unitCodes: text("unit_codes").array().notNull().default([]),
    undoneAt: timestamp("undone_at", { withTimezone: true }),
    undoneBy: text("undone_by"),
    undoReason: text("undo_reason"),
    /** why the batch was made: the reason given for a correction in the browser (channel form) */
    note: text("note"),
  },
  (t) => [
    check("import_batches_channel_check", sql`${t.channel} in ('cli', 'api', 'upload', 'demo', 'form')`),
    check("import_batches_status_check", sql`${t.status} in ('running', 'done', 'failed', 'undone')`),
    index("import_batches_unit_codes_idx").using("gin", t.unitCodes),
  ],
);

/**
 * Append-only log of every change to evidence: one row per updated record (before/after), one row
 * per import batch for its inserts (the rows themselves carry batch_id), calendar overrides.
 */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    actor: text("actor").notNull(),
    action: text("action").notNull(),
    entity: text("entity").notNull(),
    entityKey: text("entity_key"),
    batchId: integer("batch_id"),
    before: jsonb("before"),
    after: jsonb("after"),
    /** an update's row: the batch that had written it before (restored with its values by an undo) */
    beforeBatchId: integer("before_batch_id"),
  },
  (t) => [
    index("audit_log_entity_idx").on(t.entity, t.entityKey),
    index("audit_log_batch_idx").on(t.batchId),
    // the later changes to a batch's rows, which stand in the way of its undo
    index("audit_log_before_batch_idx").on(t.beforeBatchId),
  ],
);

/**
 * A file uploaded in the browser (issue 10 §1): kept until it is committed or discarded, checked by a
 * dry run first (the import run and rolled back), then imported as a batch. The bytes live here, not
 * on a disk one server of several may not share.
 */
export const uploads = pgTable(
  "uploads",
  {
    id: serial("id").primaryKey(),
    username: text("username").notNull(),
    // the uploader's unit; null for the office (rows of any unit)
    unitCode: key("unit_code").references(() => units.code),
    kind: text("kind").notNull(),
    fileName: text("file_name").notNull(),
    fileSha256: text("file_sha256").notNull(),
    fileBytes: integer("file_bytes").notNull(),
    // read from the content, not the name
    format: text("format").notNull(),
    data: bytes("data"),
    status: text("status").notNull().default("checking"),
    rowsRead: integer("rows_read").notNull().default(0),
    // the dry run's summary (counts, the first rejections) and the commit's
    checked: jsonb("checked"),
    committed: jsonb("committed"),
    batchId: integer("batch_id").references(() => importBatches.id),
    // a file that could not be read at all, or a run that failed: { zh, en }
    error: jsonb("error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    checkedAt: timestamp("checked_at", { withTimezone: true }),
    committedAt: timestamp("committed_at", { withTimezone: true }),
  },
  (t) => [
    index("uploads_created_idx").on(t.createdAt),
    check("uploads_status_check", sql`${t.status} IN ('checking', 'checked', 'committing', 'committed', 'failed', 'discarded')`),
    check("uploads_format_check", sql`${t.format} IN ('csv', 'xlsx', 'jsonl')`),
    // one file of a kind at work at a time per unit (the office counts as one): a second waits its turn
    uniqueIndex("uploads_one_at_work_idx")
      .on(sql`coalesce(${t.unitCode}, '')`, t.kind)
      .where(sql`${t.status} IN ('checking', 'committing')`),
  ],
);
