import "server-only";
import type { Sql } from "@/db/client";
import { BATCH_STATUSES, IMPORT_CHANNELS, type BatchStatus, type ImportChannel } from "@/db/schema/imports";
import { maskSubjectCodes } from "@/lib/codes/mask";
import { ENTITY_UNITS } from "@/lib/scoring/sql";
import { namesUnitCondition } from "./batch-units";
import { KINDS, type ImportKind } from "./kinds";

/**
 * The import history (issue 10 §2): who imported what, when, how (CLI, API, upload, correction form, demo), the file's
 * name and SHA-256, the counts, the status and how long it took; one batch with its rejected rows
 * and the stored rows it last wrote. Filtered, sorted and paged in SQL.
 *
 * Who sees a batch (`VISIBLE`, one SQL condition used by the list, the page and the undo):
 * - the office (and the system: CLI, jobs) sees every batch;
 * - a unit head or clerk sees the batches they made themselves, and the batches whose rows name one
 *   of their units: their unit and every unit whose figures count toward it (its agencies, a city's
 *   districts: entity_units of lib/scoring/sql.ts), as recorded in import_batches.unit_codes when the
 *   batch was stored (lib/ingest/batch-units.ts says which column of each kind names the unit).
 *   Within such a batch, they see only their units' rows.
 */
export const HISTORY_PAGE_SIZE = 50;
export const BATCH_ROWS_PAGE_SIZE = 50;
export const REJECTIONS_PAGE_SIZE = 50;

export { BATCH_STATUSES, IMPORT_CHANNELS };
export type { BatchStatus, ImportChannel };

/** Who looks: a signed-in user or the system, as far as the history cares. */
export interface Viewer {
  username: string;
  role: "office" | "unit_head" | "clerk" | "system";
  unitCode: string | null;
}

/** The columns the list can be sorted by (then by id, newest first, so pages are stable). */
export const BATCH_SORTABLE = ["id", "started_at", "kind", "channel", "status", "rows", "inserted", "updated", "rejected", "duration"] as const;
export type BatchSortColumn = (typeof BATCH_SORTABLE)[number];

const ORDER_SQL: Record<BatchSortColumn, string> = {
  id: "b.id",
  started_at: "b.started_at",
  kind: "b.kind",
  channel: "b.channel",
  status: "b.status",
  rows: "b.rows",
  inserted: "b.inserted",
  updated: "b.updated",
  rejected: "b.rejected",
  duration: "(b.finished_at - b.started_at)",
};

export interface BatchFilter {
  kind?: ImportKind;
  channel?: ImportChannel;
  status?: BatchStatus;
  /** YYYY-MM-DD, inclusive, Beijing time: the day the import started */
  from?: string;
  to?: string;
  /** only batches whose rows name this unit or a unit counting toward it */
  unit?: string;
  sort?: { column: BatchSortColumn; dir: "asc" | "desc" };
}

export interface BatchRow {
  id: number;
  kind: ImportKind;
  channel: ImportChannel;
  status: BatchStatus;
  file_name: string;
  file_sha256: string;
  file_bytes: number;
  actor: string;
  /** Beijing time, YYYY-MM-DD HH:MM:SS */
  started_at: string;
  finished_at: string | null;
  /** milliseconds from start to commit; null while running */
  duration_ms: number | null;
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  superseded: number;
  rejected: number;
  unit_codes: string[];
  undone_at: string | null;
  undone_by: string | null;
  undo_reason: string | null;
  /** why the batch was made (a correction's reason, channel form) */
  note: string | null;
}

const LOCAL = (col: string) => `to_char(${col} AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS')`;
const DAY = (param: string) => `(${param}::date::timestamp AT TIME ZONE 'Asia/Shanghai')`;

const COLUMNS = `b.id, b.kind, b.channel, b.status, b.file_name, b.file_sha256, b.file_bytes, b.actor,
  ${LOCAL("b.started_at")} AS started_at, ${LOCAL("b.finished_at")} AS finished_at,
  round(extract(epoch FROM (b.finished_at - b.started_at)) * 1000)::float8 AS duration_ms,
  b.rows, b.inserted, b.updated, b.unchanged, b.superseded, b.rejected, b.unit_codes,
  ${LOCAL("b.undone_at")} AS undone_at, b.undone_by, b.undo_reason, b.note`;

/**
 * The CTEs the conditions below use: `viewer_units`, the units of the viewer's unit ($1; NULL: the
 * office, every unit), and `filter_units`, those of the unit filter (`unitParam`).
 */
export function scopeCtes(viewerParam: string, unitParam?: string): string {
  const unitsOf = (p: string) => `SELECT coalesce(array_agg(DISTINCT e.unit_code), '{}'::text[]) || ${p}::text AS codes FROM entity_units e WHERE e.entity = ${p}::text`;
  return `WITH RECURSIVE ${ENTITY_UNITS},
    viewer_units AS (${unitsOf(viewerParam)})${unitParam ? `,
    filter_units AS (${unitsOf(unitParam)})` : ""}`;
}

/**
 * Whether batch `b` is visible to the viewer (the rule at the top of this file): $viewer is the
 * viewer's unit (NULL: the office or the system, who see all), $name their user name.
 */
export const visibleSql = (viewerParam: string, nameParam: string) =>
  `(${viewerParam}::text IS NULL OR b.actor = ${nameParam}::text OR b.unit_codes && (SELECT codes FROM viewer_units))`;

/** The unit whose batches a viewer sees (`all`: the office and the system), or `none` for a unit role without a unit. */
export function viewerUnit(viewer: Viewer): { unit: string | null } | "none" {
  if (viewer.role === "office" || viewer.role === "system") return { unit: null };
  return viewer.unitCode === null ? "none" : { unit: viewer.unitCode };
}

/** A page of the batches the viewer may see, filtered and sorted, with how many there are in all. */
export async function listBatches(db: Sql, viewer: Viewer, f: BatchFilter, page: number, limit = HISTORY_PAGE_SIZE): Promise<{ rows: BatchRow[]; total: number }> {
  const scope = viewerUnit(viewer);
  if (scope === "none") return { rows: [], total: 0 };
  const params: unknown[] = [scope.unit, viewer.username, f.kind ?? null, f.channel ?? null, f.status ?? null, f.from ?? null, f.to ?? null, f.unit ?? null];
  const where = `${visibleSql("$1", "$2")}
    AND ($3::text IS NULL OR b.kind = $3) AND ($4::text IS NULL OR b.channel = $4) AND ($5::text IS NULL OR b.status = $5)
    AND ($6::text IS NULL OR b.started_at >= ${DAY("$6")}) AND ($7::text IS NULL OR b.started_at < ${DAY("$7")} + interval '1 day')
    AND ($8::text IS NULL OR b.unit_codes && (SELECT codes FROM filter_units))`;
  const prefix = scopeCtes("$1", "$8");
  const [count] = await db.query<{ n: number }>(`${prefix} SELECT count(*)::int AS n FROM import_batches b WHERE ${where}`, params);
  const sort = f.sort && BATCH_SORTABLE.includes(f.sort.column) ? `${ORDER_SQL[f.sort.column]} ${f.sort.dir === "asc" ? "ASC" : "DESC"} NULLS LAST, b.id DESC` : "b.id DESC";
  const rows = await db.query<BatchRow>(
    `${prefix} SELECT ${COLUMNS} FROM import_batches b WHERE ${where} ORDER BY ${sort} LIMIT $9 OFFSET $10`,
    [...params, limit, (Math.max(1, page) - 1) * limit],
  );
  return { rows, total: count?.n ?? 0 };
}

/** One batch, if it exists and the viewer may see it; undefined otherwise (the page answers 404 to both). */
export async function findBatch(db: Sql, viewer: Viewer, id: number): Promise<BatchRow | undefined> {
  const scope = viewerUnit(viewer);
  if (scope === "none") return undefined;
  const [row] = await db.query<BatchRow>(
    `${scopeCtes("$1")} SELECT ${COLUMNS} FROM import_batches b WHERE b.id = $3 AND ${visibleSql("$1", "$2")}`,
    [scope.unit, viewer.username, id],
  );
  return row;
}

export interface StoredRows {
  /** the kind's columns, key first, as the file names them */
  columns: string[];
  rows: Record<string, unknown>[];
  total: number;
}

/**
 * The stored rows that `batch` wrote last (inserted or changed, and not changed since), by key, a page
 * at a time; a unit's viewer sees only its own units' rows. Subject codes that may be a natural person's
 * ID number are masked. The calendar keeps no batch per day: its changes are in the audit log.
 */
export async function batchRows(db: Sql, viewer: Viewer, batch: BatchRow, page: number, limit = BATCH_ROWS_PAGE_SIZE): Promise<StoredRows> {
  if (batch.kind === "calendar") return { columns: [], rows: [], total: 0 };
  const spec = KINDS[batch.kind];
  const scope = viewerUnit(viewer);
  if (scope === "none") return { columns: [], rows: [], total: 0 };
  const unit = scope.unit;
  const columns = spec.columns.map((c) => c.name);
  const mine = unit === null ? "true" : namesUnitCondition(batch.kind, "(SELECT codes FROM viewer_units)::text[]");
  const prefix = scopeCtes("$1");
  const where = `t.batch_id = $2 AND (${mine})`;
  const [count] = await db.query<{ n: number }>(`${prefix} SELECT count(*)::int AS n FROM ${spec.table} t WHERE ${where}`, [unit, batch.id]);
  const rows = await db.query<Record<string, unknown>>(
    `${prefix} SELECT ${columns.map((c) => `t.${c}`).join(", ")} FROM ${spec.table} t WHERE ${where} ORDER BY ${spec.key.map((k) => `t.${k}`).join(", ")} LIMIT $3 OFFSET $4`,
    [unit, batch.id, limit, (Math.max(1, page) - 1) * limit],
  );
  return { columns, rows: maskSubjectCodes(rows), total: count?.n ?? 0 };
}

export interface Rejection {
  row: number;
  errors: { zh: string; en: string }[];
}

/** A page of the batch's rejected rows (the first 1 000 are kept, lib/ingest/import.ts), in row order. */
export async function batchRejections(db: Sql, batchId: number, page: number, limit = REJECTIONS_PAGE_SIZE): Promise<{ rows: Rejection[]; kept: number }> {
  const [count] = await db.query<{ n: number }>(`SELECT jsonb_array_length(rejections)::int AS n FROM import_batches WHERE id = $1`, [batchId]);
  const rows = await db.query<{ e: Rejection }>(
    `SELECT t.e FROM import_batches b, jsonb_array_elements(b.rejections) WITH ORDINALITY AS t(e, ord)
     WHERE b.id = $1 ORDER BY t.ord LIMIT $2 OFFSET $3`,
    [batchId, limit, (Math.max(1, page) - 1) * limit],
  );
  return { rows: rows.map((r) => r.e), kept: count?.n ?? 0 };
}
