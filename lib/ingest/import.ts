import "server-only";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Connection, Sql } from "@/db/client";
import { renumberWorkdays } from "@/lib/calendar/official";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { bumpEvidenceVersion } from "@/lib/scoring/evidence-version";
import type { ImportChannel } from "@/db/schema/imports";
import { namedUnitsSql } from "./batch-units";
import { IMPORT_KINDS, KINDS, headerMapFor, type FieldError, type ImportKind, type KindSpec, type PgType, type Value } from "./kinds";
import { checkHeaders, FileReadError, formatOf, readRows, type RawRow } from "./read";
import { assertScopedKind, refuseOutOfScope, rejectOutOfScope } from "./scope";

export type Lang = "zh" | "en";

/** The one-line summary of CONTRACT §2. */
export interface ImportSummary {
  kind: ImportKind;
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  superseded: number;
  rejected: { row: number; errors: string[] }[];
}

export interface ImportOptions {
  /** who imports: a user name, or "cli" */
  actor: string;
  lang?: Lang;
  /** the name shown in the batch's provenance (defaults to the file's base name) */
  fileName?: string;
  /**
   * A unit code: every row must belong to that unit or one of its agencies (lib/ingest/scope.ts), or
   * the whole import is refused (ScopeError, 403) and nothing is stored. The batch records the unit.
   */
  scope?: string;
  /** with a scope: refuse the whole import for a row of another unit (the push API), or reject that row alone (an upload) */
  outOfScope?: "refuse" | "reject";
  /** more data rows than this: the file is refused (an upload's limit) */
  maxRows?: number;
  /** rows read so far, every few thousand, and once more when all are read and the checks in SQL begin (an upload's progress) */
  onRows?: (rows: number, done?: boolean) => void;
  /** how the batch came in, shown in the import history (default "cli") */
  channel?: ImportChannel;
  /** why the batch was made (a correction's reason): stored with the batch and in its audit row */
  note?: string;
}

export interface ImportResult {
  summary: ImportSummary;
  batchId: number;
  /** every rejected row with its reasons in both languages (the summary has them in `lang`) */
  rejections: Rejection[];
}

export interface Rejection {
  row: number;
  errors: { zh: string; en: string }[];
}

const STAGING = "wx_staging";
const IMPORT_KINDS_INDEX = Object.fromEntries(IMPORT_KINDS.map((k, i) => [k, i])) as Record<ImportKind, number>;
// WENXIAO_TRACE=1 prints how long each step of an import takes (for bench/ingest)
const trace = (step: string, t0: number) => {
  if (env().WENXIAO_TRACE === "1") console.error(`  ${step}: ${Date.now() - t0} ms`);
};
const KEPT_REJECTIONS = 1000;
// rows per COPY chunk handed to the driver: big enough to amortise, small enough to stream
const CHUNK_ROWS = 2000;

/**
 * Imports one file of one kind in one transaction: a failure stores nothing. Rows are streamed
 * (constant memory) into a staging table with COPY, then checked, de-duplicated and upserted by
 * set-based SQL in the server (shared/PERFORMANCE.md). Changed rows are audited with their
 * before and after values; the batch itself is audited with its counts.
 */
export async function importFile(db: Connection, kind: ImportKind, file: string, opts: ImportOptions): Promise<ImportResult> {
  const spec = KINDS[kind];
  formatOf(file); // unsupported extensions fail before anything is opened
  const { sha256, bytes } = await fingerprint(file);
  let headersChecked = false;
  // read lazily: the generator runs inside the import's transaction, as the COPY pulls its rows
  const rows = readRows(file, headerMapFor(spec), (fields) => {
    checkHeaders(spec, fields);
    headersChecked = true;
  });
  return runImport(db, kind, { name: opts.fileName ?? path.basename(file), sha256, bytes, rows }, opts, () => {
    if (!headersChecked) throw new FileReadError("empty_file", "文件为空（没有表头）", "the file is empty (no header row)");
  });
}

/**
 * Rows that come from elsewhere than a file (the push API's request body): each with the field names
 * of CONTRACT §3 and its number as the sender counts it. `name`, `sha256` and `bytes` are what the
 * batch records as its origin.
 */
export interface RowSource {
  name: string;
  sha256: string;
  bytes: number;
  rows: AsyncIterable<RawRow> | Iterable<RawRow>;
}

/**
 * Imports rows of one kind through the same path as a file (staging, COPY, checks, upsert, audit), so
 * the counts and reasons are those a file of the same rows gets. Each row stands alone: a field it
 * leaves out is empty (there is no header row to check).
 */
export function importRows(db: Sql, kind: ImportKind, source: RowSource, opts: ImportOptions): Promise<ImportResult> {
  return runImport(db, kind, source, opts);
}

async function runImport(db: Sql, kind: ImportKind, source: RowSource, opts: ImportOptions, afterRead?: () => void): Promise<ImportResult> {
  const spec = KINDS[kind];
  const scope = opts.scope ?? null;
  if (scope !== null) assertScopedKind(kind);
  const result = await db.transaction(async (tx) => {
    const [batch] = await tx.query<{ id: number }>(
      `INSERT INTO import_batches (kind, file_name, file_sha256, file_bytes, actor, unit_code, channel, note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [kind, source.name, source.sha256, source.bytes, opts.actor, scope, opts.channel ?? "cli", opts.note ?? null],
    );
    const batchId = batch!.id;
    // a keep column is staged as text whatever its type: NULL (the file does not say) and '' (clear) differ
    await tx.exec(`CREATE TEMP TABLE ${STAGING} (row_no int NOT NULL, ${spec.columns.map((c) => `${c.name} ${pgType(c.keep ? "text" : c.type)}`).join(", ")}) ON COMMIT DROP`);

    const rejections: Rejection[] = [];
    let rows = 0;
    async function* csvChunks(): AsyncGenerator<string> {
      const columns = spec.columns;
      let chunk = "";
      let inChunk = 0;
      for await (const raw of source.rows) {
        rows++;
        if (opts.maxRows !== undefined && rows > opts.maxRows) {
          throw new FileReadError("too_many_rows", `文件超过 ${opts.maxRows} 行，请拆分后分别导入`, `the file has more than ${opts.maxRows} rows: split it and import the parts`);
        }
        if (opts.onRows && rows % CHUNK_ROWS === 0) opts.onRows(rows);
        if (raw.error) {
          rejections.push({ row: raw.rowNo, errors: [raw.error] });
          continue;
        }
        const unstorable = unstorableValue(raw.values, spec.key);
        if (unstorable) {
          rejections.push({ row: raw.rowNo, errors: [unstorable] });
          continue;
        }
        const { row, errors } = spec.convert(raw.values);
        if (errors.length > 0) {
          rejections.push({ row: raw.rowNo, errors: errors.map(message) });
          continue;
        }
        // plain concatenation: this loop runs once per row of files with millions of them
        chunk += raw.rowNo;
        for (let i = 0; i < columns.length; i++) {
          chunk += ",";
          chunk += csvValue(row[columns[i]!.name] ?? null, columns[i]!.type);
        }
        chunk += "\n";
        if (++inChunk >= CHUNK_ROWS) {
          yield chunk;
          chunk = "";
          inChunk = 0;
        }
      }
      if (inChunk > 0) yield chunk;
    }
    let t0 = Date.now();
    await tx.copyIn(STAGING, ["row_no", ...spec.columns.map((c) => c.name)], csvChunks());
    trace("read + copy to staging", t0);
    opts.onRows?.(rows, true);
    afterRead?.();
    // one import of a kind at a time from here: the checks against stored rows and the upsert rely on
    // nobody else adding keys meanwhile. Taken after the rows are read and staged (each session has its
    // own staging table), so concurrent deliveries of a kind parse and copy side by side (bench/api)
    await lockKind(tx, kind);

    t0 = Date.now();
    rejections.push(...(await rejectUnknownReferences(tx, spec)));
    trace("references", t0);
    // a row of another unit refuses the whole batch (the README's choice for the push API): nothing is
    // stored; a file uploaded in the browser has such rows rejected with the reason instead
    if (scope !== null) {
      if (opts.outOfScope === "reject") rejections.push(...(await rejectOutOfScope(tx, kind, STAGING, scope)));
      else await refuseOutOfScope(tx, kind, STAGING, scope);
    }
    t0 = Date.now();
    const superseded = await dropSuperseded(tx, spec);
    trace("superseded", t0);
    await flagDisagreements(tx, spec);
    t0 = Date.now();
    // the units the stored rows name: who besides the office sees the batch (lib/ingest/history.ts)
    await tx.query(
      `UPDATE import_batches SET unit_codes = ARRAY(SELECT DISTINCT code FROM (${namedUnitsSql(kind, STAGING)}) n WHERE code IS NOT NULL ORDER BY code) WHERE id = $1`,
      [batchId],
    );
    trace("units named", t0);
    t0 = Date.now();
    const staged = rows - rejections.length - superseded;
    const probe = kind !== "calendar" && (await fewAgainst(tx, spec.table, staged));
    // a batch that is small beside the stored table (a push API request, a form) finds its stored rows by
    // the key's index; left to itself the planner scanned the whole table for each batch (45 ms at 200 000
    // rows, growing with the table, against 4 ms by index)
    if (probe) await tx.exec(`SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off`);
    const applied = kind === "calendar" ? await applyCalendar(tx, batchId, opts.actor) : await applyEvidence(tx, spec, batchId, opts.actor, trace);
    if (probe) await tx.exec(`RESET enable_hashjoin; RESET enable_mergejoin`);
    trace("apply", t0);

    rejections.sort((a, b) => a.row - b.row);
    const lang = opts.lang ?? "zh";
    const summary: ImportSummary = {
      kind,
      rows,
      inserted: applied.inserted,
      updated: applied.updated,
      unchanged: rows - rejections.length - superseded - applied.inserted - applied.updated,
      superseded,
      rejected: rejections.map((r) => ({ row: r.row, errors: r.errors.map((e) => e[lang]) })),
    };
    const kept = rejections.slice(0, KEPT_REJECTIONS);
    await tx.query(
      `UPDATE import_batches SET finished_at = clock_timestamp(), rows = $2, inserted = $3, updated = $4, unchanged = $5,
         superseded = $6, rejected = $7, rejections = $8::jsonb WHERE id = $1`,
      [batchId, rows, summary.inserted, summary.updated, summary.unchanged, superseded, rejections.length, JSON.stringify(kept)],
    );
    await tx.query(
      `INSERT INTO audit_log (actor, action, entity, batch_id, after) VALUES ($1, 'import', $2, $3, $4::jsonb)`,
      [opts.actor, kind, batchId, JSON.stringify({ ...summary, rejected: rejections.length, file: source.name, sha256: source.sha256, channel: opts.channel ?? "cli", ...(scope !== null ? { unit: scope } : {}), ...(opts.note !== undefined ? { note: opts.note } : {}) })],
    );
    // last, so the counter's row stays locked only until the commit; visible with the data or not at all
    await bumpEvidenceVersion(tx);
    return { summary, batchId, rejections };
  });
  // (a correction of one row, which may run inside its caller's transaction, changes no statistics)
  if (opts.channel !== "form") await analyzeWhenStale(db, spec.table, result.summary.inserted + result.summary.updated + result.summary.superseded, opts.channel === "api");
  return result;
}

/** Fewer staged rows than a tenth of the stored table's (as its statistics last counted it, at least 10 000). */
async function fewAgainst(tx: Sql, table: string, staged: number): Promise<boolean> {
  const [r] = await tx.query<{ tuples: number }>(`SELECT reltuples::float8 AS tuples FROM pg_class WHERE oid = $1::regclass`, [table]);
  return staged * 10 < (r?.tuples ?? 0) && (r?.tuples ?? 0) >= 10_000;
}

/**
 * Fresh planner statistics for a table once it has changed by a tenth since they were last gathered
 * (autovacuum's own rule: 50 rows + 10 %). The embedded database has no autovacuum, and without
 * statistics the item lists' joins are planned as if the tables were empty (a year's list took 14 s
 * instead of 1 s). The changes are counted in `settings` across imports, so that the push API's
 * batches of 5 000 rows do not each wait for an ANALYZE (most of a batch's time, bench/api) and a
 * table that grows by many small batches still gets its statistics.
 */
export async function analyzeWhenStale(db: Sql, table: string, changed: number, background = false): Promise<void> {
  if (changed <= 0) return;
  // the count and the decision in one statement: of two imports ending together, one analyses
  const [r] = await db.query<{ due: boolean }>(
    `WITH t AS (SELECT 50 + 0.1 * greatest(reltuples, 0) AS threshold FROM pg_class WHERE oid = $3::regclass),
     debt AS (
       INSERT INTO settings (key, value)
       SELECT $1, CASE WHEN $2::bigint >= t.threshold THEN '0' ELSE $2::text END FROM t
       ON CONFLICT (key) DO UPDATE SET updated_at = now(), value =
         CASE WHEN settings.value::bigint + $2::bigint >= (SELECT threshold FROM t) THEN '0' ELSE (settings.value::bigint + $2::bigint)::text END
       RETURNING value
     )
     SELECT value = '0' AS due FROM debt`,
    [`analyze_debt.${table}`, changed, table],
  );
  if (!r?.due) return;
  const analyze = db.exec(`ANALYZE ${table}`);
  // the push API answers without waiting: the statistics serve the pages, not the request
  if (background) analyze.catch((e: unknown) => console.error(`ANALYZE ${table}: ${e instanceof Error ? e.message : String(e)}`));
  else await analyze;
}

/**
 * Serialises the writers of one kind: an import (whose upsert relies on nobody else adding keys
 * meanwhile) and an undo (lib/ingest/undo.ts, which must see the batch's rows as they stay).
 */
export async function lockKind(tx: Sql, kind: ImportKind): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(728164002, $1)`, [IMPORT_KINDS_INDEX[kind]]);
}

/** The same lock if it is free now; false while an import or undo of the kind runs (a form should not wait minutes for it). */
export async function tryLockKind(tx: Sql, kind: ImportKind): Promise<boolean> {
  const [r] = await tx.query<{ ok: boolean }>(`SELECT pg_try_advisory_xact_lock(728164002, $1) AS ok`, [IMPORT_KINDS_INDEX[kind]]);
  return r?.ok === true;
}

function message(e: FieldError) {
  return { zh: e.zh, en: e.en };
}

async function fingerprint(file: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash("sha256");
  let bytes = 0;
  try {
    for await (const chunk of fs.createReadStream(file)) {
      hash.update(chunk as Buffer);
      bytes += (chunk as Buffer).length;
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") {
      throw new FileReadError("file_not_found", `文件不存在：${file}`, `file not found: ${file}`);
    }
    throw e;
  }
  return { sha256: hash.digest("hex"), bytes };
}

function pgType(t: PgType): string {
  return t === "text" ? 'text COLLATE "C"' : t === "int" ? "integer" : t === "bool" ? "boolean" : t;
}

// CSV for COPY: an unquoted empty field is NULL, a quoted one is the empty string.
function csvValue(v: Value, type: PgType): string {
  if (v === null) return "";
  if (type === "text[]") return `"{${(v as string[]).join(",")}}"`;
  if (typeof v === "boolean") return v ? "t" : "f";
  if (typeof v === "number") return String(v);
  const s = String(v);
  return `"${s.includes('"') ? s.replace(/"/g, '""') : s}"`;
}

async function rejectUnknownReferences(tx: Sql, spec: KindSpec): Promise<Rejection[]> {
  const found = new Map<number, Rejection>();
  for (const ref of spec.references) {
    let rows: { row_no: number; value: string }[];
    if (ref.list) {
      const f = ref.fields[0]!;
      rows = await tx.query(
        `SELECT s.row_no, c AS value FROM ${STAGING} s, unnest(string_to_array(s.${f}, ';')) c
         WHERE c <> '' AND NOT EXISTS (SELECT 1 FROM ${ref.table} t WHERE t.${ref.targetColumns[0]} = c)`,
      );
    } else {
      const match = (alias: string) => ref.fields.map((f, i) => `${alias}.${ref.targetColumns[i]} = s.${f}`).join(" AND ");
      const present = ref.fields.map((f) => `s.${f} IS NOT NULL AND s.${f} <> ''`).join(" AND ");
      rows = await tx.query(
        `SELECT s.row_no, concat_ws('/', ${ref.fields.map((f) => `s.${f}`).join(", ")}) AS value FROM ${STAGING} s
         WHERE ${present} AND NOT EXISTS (SELECT 1 FROM ${ref.table} t WHERE ${match("t")})
         ${ref.sameFile ? `AND NOT EXISTS (SELECT 1 FROM ${STAGING} t WHERE ${match("t")})` : ""}`,
      );
    }
    for (const r of rows) {
      const rej = found.get(r.row_no) ?? { row: r.row_no, errors: [] };
      rej.errors.push({ zh: ref.zh.replace("{value}", r.value), en: ref.en.replace("{value}", r.value) });
      found.set(r.row_no, rej);
    }
  }
  if (found.size > 0) {
    await tx.query(`DELETE FROM ${STAGING} WHERE row_no = ANY($1::int[])`, [[...found.keys()]]);
  }
  return [...found.values()];
}

/** Within one file the last row of a key wins; the earlier ones are superseded (CONTRACT §2). */
async function dropSuperseded(tx: Sql, spec: KindSpec): Promise<number> {
  const keys = spec.key.join(", ");
  const [r] = await tx.query<{ n: number }>(
    `WITH dup AS (SELECT ${keys}, max(row_no) AS keep FROM ${STAGING} GROUP BY ${keys} HAVING count(*) > 1),
          del AS (DELETE FROM ${STAGING} s USING dup WHERE ${spec.key.map((k) => `s.${k} = dup.${k}`).join(" AND ")} AND s.row_no < dup.keep RETURNING 1)
     SELECT count(*)::int AS n FROM del`,
  );
  return r?.n ?? 0;
}

type Column = KindSpec["columns"][number];

/**
 * The value a row stores: a `keep` column the file did not fill (NULL) keeps the stored value (of the
 * row `t`, NULL for a new row), '' clears it (to NULL, or to '' for a NOT NULL text column); other
 * types than text travel as text and are cast back.
 */
function nextValue(c: Column): string {
  if (!c.keep) return `s.${c.name}`;
  if (c.type !== "text") return `NULLIF(COALESCE(s.${c.name}, t.${c.name}::text), '')::${c.type}`;
  return c.notNull ? `COALESCE(s.${c.name}, t.${c.name})` : `NULLIF(COALESCE(s.${c.name}, t.${c.name}), '')`;
}

/** The value a new row stores (no stored row to keep from). */
function freshValue(c: Column): string {
  if (!c.keep) return `s.${c.name}`;
  if (c.type !== "text") return `NULLIF(s.${c.name}, '')::${c.type}`;
  return c.notNull ? `COALESCE(s.${c.name}, '')` : `NULLIF(s.${c.name}, '')`;
}

/**
 * The flags a row stores: the file's (KindSpec.convert), the `<column>_invalid` flags of the stored row
 * for the keep columns the file does not have (the value it names is kept, so is the flag), and the
 * KindSpec.sqlFlags over the values the row will hold — a kept date is compared as it stays.
 */
function flagsValue(spec: KindSpec, value: (c: Column) => string, stored: boolean): string {
  const keeps = spec.columns.filter((c) => c.keep);
  const kept = stored && keeps.length > 0 ? ` || ARRAY(SELECT f FROM unnest(t.flags) f WHERE ${keeps.map((c) => `(f = '${c.name}_invalid' AND s.${c.name} IS NULL)`).join(" OR ")})` : "";
  const byName = (name: string) => value(spec.columns.find((c) => c.name === name)!);
  const derived = (spec.sqlFlags ?? []).map((f) => `CASE WHEN ${f.when.replace(/\{(\w+)\}/g, (_, name: string) => byName(name))} THEN '${f.flag}' END`);
  return `s.flags${kept}${derived.length > 0 ? ` || array_remove(ARRAY[${derived.join(", ")}]::text[], NULL)` : ""}`;
}

/**
 * The file's rows of a group whose members disagree on the group's fields (KindSpec.agree) are flagged:
 * the group is the file's rows, with a kept field as it will stay, and the stored rows of the group the
 * file does not name (those keep their own flags until they are imported again).
 */
async function flagDisagreements(tx: Sql, spec: KindSpec): Promise<void> {
  const a = spec.agree;
  if (!a) return;
  const merged = a.fields.map((f) => nextValue(spec.columns.find((c) => c.name === f)!));
  const on = (x: string, y: string) => spec.key.map((k) => `${x}.${k} = ${y}.${k}`).join(" AND ");
  await tx.exec(
    `WITH g AS (
       SELECT s.${a.by} AS grp, jsonb_build_array(${merged.join(", ")}) AS v FROM ${STAGING} s LEFT JOIN ${spec.table} t ON ${on("t", "s")}
       UNION ALL
       SELECT t.${a.by}, jsonb_build_array(${a.fields.map((f) => `t.${f}`).join(", ")}) FROM ${spec.table} t
       WHERE t.${a.by} IN (SELECT ${a.by} FROM ${STAGING}) AND NOT EXISTS (SELECT 1 FROM ${STAGING} s WHERE ${on("t", "s")})
     )
     UPDATE ${STAGING} x SET flags = array_append(x.flags, '${a.flag}')
     WHERE x.${a.by} IN (SELECT grp FROM g GROUP BY grp HAVING count(DISTINCT v) > 1)`,
  );
}

async function applyEvidence(
  tx: Sql,
  spec: KindSpec,
  batchId: number,
  actor: string,
  trace: (step: string, t0: number) => void = () => {},
): Promise<{ inserted: number; updated: number }> {
  let t0 = Date.now();
  const cols = spec.columns.map((c) => c.name);
  const on = spec.key.map((k) => `t.${k} = s.${k}`).join(" AND ");
  // kinds without keep columns or derived flags store the staged row as it is (the big kinds: records)
  const next = (c: Column) => (c.name === "flags" ? flagsValue(spec, nextValue, true) : nextValue(c));
  const fresh = (c: Column) => (c.name === "flags" ? flagsValue(spec, freshValue, false) : freshValue(c));
  // flags gathered from the file, the stored row and SQL come in another order than the file alone gives
  // them: compared as sets there, so a re-import that changes nothing stays unchanged
  const asSet = spec.columns.some((c) => c.keep) && spec.columns.some((c) => c.name === "flags");
  const compared = (c: Column, v: string) => (asSet && c.name === "flags" ? `ARRAY(SELECT f FROM unnest(${v}) f ORDER BY f)` : v);
  const changed = `(${spec.columns.map((c) => compared(c, `t.${c.name}`)).join(", ")}) IS DISTINCT FROM (${spec.columns.map((c) => compared(c, next(c))).join(", ")})`;
  const keyText = `concat_ws('|', ${spec.key.map((k) => `s.${k}`).join(", ")})`;
  const touch = spec.table === "units" ? ", updated_at = now()" : "";
  // one pass over the matching rows: the changed ones are audited (before and after) and updated
  const [upd] = await tx.query<{ n: number }>(
    `WITH changed AS (
       SELECT ${spec.columns.map((c) => `${next(c)} AS ${c.name}`).join(", ")},
              jsonb_build_object(${cols.map((c) => `'${c}', t.${c}`).join(", ")}) AS before_values, t.batch_id AS before_batch_id
       FROM ${spec.table} t JOIN ${STAGING} s ON ${on} WHERE ${changed}
     ),
     audited AS (
       INSERT INTO audit_log (actor, action, entity, entity_key, batch_id, before, after, before_batch_id)
       SELECT $1, 'update', $2, ${keyText}, $3, s.before_values, jsonb_build_object(${cols.map((c) => `'${c}', s.${c}`).join(", ")}), s.before_batch_id
       FROM changed s RETURNING 1
     ),
     updated AS (
       UPDATE ${spec.table} t SET ${cols.map((c) => `${c} = s.${c}`).join(", ")}, batch_id = $3${touch}
       FROM changed s WHERE ${on} RETURNING 1
     )
     SELECT count(*)::int AS n FROM updated`,
    [actor, spec.kind, batchId],
  );
  trace("  audit + update", t0);
  t0 = Date.now();
  // New keys only: existing ones were updated above, and the per-kind lock taken at the start of the
  // import keeps others from inserting meanwhile. Sorting by key makes the index insert sequential
  // (~1.5x faster than random order), and an anti-join is cheaper than ON CONFLICT for every row.
  const [ins] = await tx.query<{ n: number }>(
    `WITH i AS (INSERT INTO ${spec.table} (${cols.join(", ")}, batch_id)
       SELECT ${spec.columns.map(fresh).join(", ")}, $1 FROM ${STAGING} s
       WHERE NOT EXISTS (SELECT 1 FROM ${spec.table} t WHERE ${on})
       ORDER BY ${spec.key.join(", ")} RETURNING 1)
     SELECT count(*)::int AS n FROM i`,
    [batchId],
  );
  trace("  insert", t0);
  return { inserted: ins?.n ?? 0, updated: upd?.n ?? 0 };
}

/**
 * Calendar rows override the shipped schedule. A year that is not loaded yet is loaded whole by its
 * first imported day (the other days follow the weekend rule), which is how the office enters a new
 * year's State Council schedule: its holidays and make-up working days.
 */
async function applyCalendar(tx: Sql, batchId: number, actor: string): Promise<{ inserted: number; updated: number }> {
  const [ins] = await tx.query<{ n: number }>(
    `WITH i AS (INSERT INTO calendar_days (date, is_workday, source)
       SELECT date, is_workday, 'override' FROM ${STAGING} ON CONFLICT (date) DO NOTHING RETURNING 1)
     SELECT count(*)::int AS n FROM i`,
  );
  if ((ins?.n ?? 0) > 0) {
    await tx.query(
      `INSERT INTO calendar_days (date, is_workday, source)
       SELECT d::date, extract(isodow FROM d) < 6, 'weekday'
       FROM (SELECT DISTINCT extract(year FROM date)::int AS y FROM ${STAGING}) years,
            generate_series(make_date(y, 1, 1), make_date(y, 12, 31), interval '1 day') d
       ON CONFLICT (date) DO NOTHING`,
    );
  }
  await tx.query(
    `INSERT INTO audit_log (actor, action, entity, entity_key, batch_id, before, after)
     SELECT $1, 'update', 'calendar', s.date::text, $2, jsonb_build_object('is_workday', t.is_workday, 'source', t.source),
            jsonb_build_object('is_workday', s.is_workday, 'source', 'override')
     FROM calendar_days t JOIN ${STAGING} s ON t.date = s.date WHERE t.is_workday <> s.is_workday`,
    [actor, batchId],
  );
  const [upd] = await tx.query<{ n: number }>(
    `WITH u AS (UPDATE calendar_days t SET is_workday = s.is_workday, source = 'override'
       FROM ${STAGING} s WHERE t.date = s.date AND t.is_workday <> s.is_workday RETURNING 1)
     SELECT count(*)::int AS n FROM u`,
  );
  await renumberWorkdays(tx);
  return { inserted: ins?.n ?? 0, updated: upd?.n ?? 0 };
}

export { FileReadError };
export function isUserError(e: unknown): e is FileReadError | AppError {
  return e instanceof FileReadError || e instanceof AppError;
}

/** Longest key a row may have: PostgreSQL's btree indexes refuse entries over ~2.7 KB. */
export const MAX_KEY_CHARS = 200;

/**
 * What PostgreSQL would refuse while loading the staging table — a NUL character, a lone UTF-16
 * surrogate (invalid UTF-8), a key too long for its index — found here, so the row is rejected
 * with its reason instead of failing the whole file.
 */
function unstorableValue(values: Record<string, string>, key: string[]): { zh: string; en: string } | undefined {
  // one pass over the characters (millions of rows): only a NUL or a surrogate needs a closer look
  for (const field in values) {
    const v = values[field]!;
    for (let i = 0; i < v.length; i++) {
      const c = v.charCodeAt(i);
      if (c !== 0 && (c < 0xd800 || c > 0xdfff)) continue;
      if (v.includes("\u0000")) return { zh: `${field}：含有空字符（U+0000），无法保存`, en: `${field}: contains a NUL character (U+0000), which cannot be stored` };
      if (!v.isWellFormed()) return { zh: `${field}：含有无效字符（不成对的代理项）`, en: `${field}: contains an invalid character (a lone surrogate)` };
      break; // well-formed pairs only
    }
  }
  for (const field of key) {
    const v = values[field] ?? "";
    if (v.length > MAX_KEY_CHARS) return { zh: `${field}：长度 ${v.length}，超过 ${MAX_KEY_CHARS} 个字符`, en: `${field}: ${v.length} characters long, more than ${MAX_KEY_CHARS}` };
  }
  return undefined;
}
