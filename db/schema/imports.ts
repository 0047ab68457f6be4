import { bigserial, integer, jsonb, pgTable, serial, text, timestamp, index } from "drizzle-orm/pg-core";
import { key } from "./types";

/** Provenance: every evidence row carries the batch that last inserted or changed it. */
export const importBatches = pgTable("import_batches", {
  id: serial("id").primaryKey(),
  kind: text("kind").notNull(),
  fileName: text("file_name").notNull(),
  fileSha256: text("file_sha256").notNull(),
  fileBytes: integer("file_bytes").notNull(),
  actor: text("actor").notNull(),
  /** the unit of the API token that pushed the batch (null for the CLI and the demo) */
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
});

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
  },
  (t) => [index("audit_log_entity_idx").on(t.entity, t.entityKey)],
);
