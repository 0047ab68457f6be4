import "server-only";
import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Connection, Sql } from "@/db/client";
import type { Actor } from "@/lib/auth/actor";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { Lang } from "@/lib/i18n";
import { importFile, type ImportResult } from "./import";
import { IGNORED_COLUMN, IMPORT_KINDS, isImportKind, type ImportKind } from "./kinds";
import { kindName } from "./history-text";
import { UNIT_KINDS } from "./scope";
import { FileReadError, readRows, REPORT_REASON_HEADERS, type FileFormat } from "./read";
import { checkXlsx, mb, sniffFormat, type UploadLimits } from "./upload-file";

/**
 * Evidence uploaded in the browser (issue 10 §1), in three steps a clerk can follow:
 *  1. upload: the file is checked by its content and its limits, and kept (uploads.data);
 *  2. dry run: the import runs in full — the same code, the same counts — and is rolled back; the
 *     page shows new / changed / unchanged / rejected rows and offers the rejected rows as a workbook;
 *  3. commit: the same file is imported as a batch (import_batches, audited like any import).
 * Steps 2 and 3 run off the request (the page follows them); one file of a kind is at work at a time
 * per unit, a second one is refused until the first is checked (uploads_one_at_work_idx).
 */
export type UploadStatus = "checking" | "checked" | "committing" | "committed" | "failed" | "discarded";

export interface Upload {
  id: number;
  username: string;
  unit_code: string | null;
  kind: ImportKind;
  file_name: string;
  file_sha256: string;
  file_bytes: number;
  format: FileFormat;
  status: UploadStatus;
  rows_read: number;
  checked: StoredSummary | null;
  committed: StoredSummary | null;
  batch_id: number | null;
  error: { zh: string; en: string } | null;
  created_at: string;
  checked_at: string | null;
  committed_at: string | null;
  /** while at work in this process: every row is read and the checks in SQL are running */
  all_read?: boolean;
}

/** The counts of an import and its first rejections (all of them are in the error report). */
export interface StoredSummary {
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  superseded: number;
  rejectedCount: number;
  rejected: { row: number; zh: string[]; en: string[] }[];
}

/** Rejections kept with the upload; the error report re-reads the file for all of them. */
const KEPT = 200;

export function uploadLimits(): UploadLimits {
  const e = env();
  return {
    bytes: e.WENXIAO_UPLOAD_MAX_MB * 1024 * 1024,
    rows: e.WENXIAO_UPLOAD_MAX_ROWS,
    xlsxInflatedBytes: e.WENXIAO_UPLOAD_MAX_XLSX_INFLATED_MB * 1024 * 1024,
    xlsxEntries: 1000,
  };
}

/** The limits in words, as the upload page states them (and the server enforces them). */
export function limitsText(lang: Lang, l = uploadLimits()): string {
  return lang === "en"
    ? `One file of at most ${mb(l.bytes)} and ${l.rows.toLocaleString("en-US")} rows: CSV (UTF-8, with or without BOM, or GB18030 as Chinese Excel saves it), XLSX (the first sheet; at most ${mb(l.xlsxInflatedBytes)} once unzipped) or JSON Lines. The type is read from the content, not the name.`
    : `每次一个文件，不超过 ${mb(l.bytes)}、${l.rows.toLocaleString("zh-CN")} 行：CSV（UTF-8，带或不带 BOM；或中文版 Excel 保存的 GB18030）、XLSX（读取第一个工作表，解压后不超过 ${mb(l.xlsxInflatedBytes)}）或 JSON Lines。文件类型按内容判断，与文件名无关。`;
}

/** Kinds the actor may upload: the office any; a unit's head or clerk the kinds units deliver (lib/ingest/scope.ts). */
export function uploadKinds(actor: Actor): readonly ImportKind[] {
  return isOffice(actor) ? IMPORT_KINDS : UNIT_KINDS;
}

const isOffice = (actor: Actor) => actor.role === "office" || actor.role === "system";

/**
 * Who uploads: the office (rows of any unit), or a unit's head or clerk, whose file is imported in the
 * unit's scope — its own rows and its agencies' (lib/ingest/scope.ts); a row of another unit is
 * rejected with the reason, the others imported.
 */
function assertUploader(actor: Actor): void {
  if (!isOffice(actor) && !((actor.role === "unit_head" || actor.role === "clerk") && actor.unitCode)) {
    throw AppError.forbidden("只有领导小组办公室和单位的负责人、联络员可以上传数据", "only the office and a unit's head or clerks may upload data");
  }
}

/** An upload is the office's to see and the unit's that uploaded it; to anyone else it does not exist. */
function assertSees(actor: Actor, upload: Upload): void {
  assertUploader(actor);
  if (!isOffice(actor) && upload.unit_code !== actor.unitCode) throw AppError.notFound(`没有编号为 ${upload.id} 的上传文件`, `there is no uploaded file ${upload.id}`);
}

/**
 * Step 1: keep the file and start its dry run. The file is refused here, before anything is kept,
 * when it is empty, too large, of a type that is not CSV/XLSX/JSON Lines by its content, or an XLSX
 * whose zip is too large inflated; and when a file of the same kind is still at work.
 */
export async function createUpload(db: Connection, actor: Actor, input: { kind: string; fileName: string; data: Uint8Array }): Promise<Upload> {
  assertUploader(actor);
  if (!isImportKind(input.kind) || !uploadKinds(actor).includes(input.kind)) {
    throw AppError.invalid(`数据类别“${input.kind}”不存在，请从列表中选择`, `there is no kind of data "${input.kind}": choose one from the list`);
  }
  const kind = input.kind;
  const fileName = cleanFileName(input.fileName);
  const limits = uploadLimits();
  if (input.data.byteLength > limits.bytes) {
    throw new AppError("too_large", `文件 ${mb(input.data.byteLength)}，超过上限 ${mb(limits.bytes)}`, `the file is ${mb(input.data.byteLength)}, more than the limit of ${mb(limits.bytes)}`, 413);
  }
  const format = sniffFormat(input.data);
  if (format === "xlsx") await checkXlsx(input.data, limits);
  const sha256 = createHash("sha256").update(input.data).digest("hex");
  let upload: Upload;
  try {
    // in its own (sub)transaction: a refused insert must not spoil a transaction the caller holds
    [upload] = (await db.transaction((tx) =>
      tx.query<Upload>(
        `INSERT INTO uploads (username, unit_code, kind, file_name, file_sha256, file_bytes, format, data)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
        [actor.username, actor.unitCode, kind, fileName, sha256, input.data.byteLength, format, input.data],
      ),
    )) as [Upload];
  } catch (e) {
    if (/uploads_one_at_work_idx/.test(String((e as Error).message))) {
      throw new AppError("busy", `同类数据（${kindName("zh", kind)}）的另一个文件仍在检查或导入中，请等它完成后再上传`, `another file of the same kind (${kindName("en", kind)}) is still being checked or imported: upload this one when it has finished`, 409);
    }
    throw e;
  }
  return upload;
}

/** Step 2, off the request: the import run and rolled back; its summary kept with the upload. */
export async function checkUpload(db: Connection, id: number): Promise<void> {
  const upload = await getUploadRow(db, id);
  if (upload.status !== "checking") return;
  try {
    const result = await withFile(db, upload, (file) => dryRun(db, upload, file, (rows, read = false) => progress.set(id, { rows, read })));
    await db.query(`UPDATE uploads SET status = 'checked', checked = $2::jsonb, rows_read = $3, checked_at = now() WHERE id = $1 AND status = 'checking'`, [id, JSON.stringify(stored(result)), result.summary.rows]);
  } catch (e) {
    await fail(db, id, e);
  } finally {
    progress.delete(id);
  }
}

/**
 * Step 3: the checked file imported for good, as one batch. Started by the person who uploaded it or
 * the office; refused unless the dry run has finished. Runs off the request like the check.
 */
export async function commitUpload(db: Connection, actor: Actor, id: number): Promise<Upload> {
  assertSees(actor, await getUploadRow(db, id));
  const [upload] = await db.query<Upload>(`UPDATE uploads SET status = 'committing' WHERE id = $1 AND status = 'checked' RETURNING ${COLUMNS}`, [id]);
  if (!upload) {
    const now = await getUploadRow(db, id);
    throw new AppError("not_checked", `该文件${STATUS_TEXT[now.status].zh}，不能导入`, `this file ${STATUS_TEXT[now.status].en} and cannot be imported`, 409);
  }
  await db.query(`INSERT INTO audit_log (actor, action, entity, entity_key, after) VALUES ($1, 'upload:commit', 'uploads', $2, $3::jsonb)`, [actor.username, String(id), JSON.stringify({ kind: upload.kind, file: upload.file_name, sha256: upload.file_sha256 })]);
  return upload;
}

/** Runs a commit started by commitUpload (off the request). */
export async function runCommit(db: Connection, id: number): Promise<void> {
  const upload = await getUploadRow(db, id);
  if (upload.status !== "committing") return;
  try {
    const result = await withFile(db, upload, (file) =>
      importFile(db, upload.kind, file, { actor: upload.username, fileName: upload.file_name, channel: "upload", ...scoped(upload), maxRows: uploadLimits().rows, onRows: (rows, read = false) => progress.set(id, { rows, read }) }),
    );
    // the file is in the batch now (its SHA-256 and counts); the bytes are no longer needed
    await db.query(`UPDATE uploads SET status = 'committed', committed = $2::jsonb, batch_id = $3, committed_at = now(), data = NULL WHERE id = $1`, [id, JSON.stringify(stored(result)), result.batchId]);
  } catch (e) {
    await fail(db, id, e);
  } finally {
    progress.delete(id);
  }
}

/** A checked or failed file given up: its bytes dropped, nothing imported. */
export async function discardUpload(db: Connection, actor: Actor, id: number): Promise<void> {
  assertSees(actor, await getUploadRow(db, id));
  const [row] = await db.query<{ id: number }>(`UPDATE uploads SET status = 'discarded', data = NULL WHERE id = $1 AND status IN ('checked', 'failed') RETURNING id`, [id]);
  if (!row) {
    const now = await getUploadRow(db, id);
    throw new AppError("not_discardable", `该文件${STATUS_TEXT[now.status].zh}，不能放弃`, `this file ${STATUS_TEXT[now.status].en} and cannot be discarded`, 409);
  }
  await db.query(`INSERT INTO audit_log (actor, action, entity, entity_key) VALUES ($1, 'upload:discard', 'uploads', $2)`, [actor.username, String(id)]);
}

/**
 * Runs a check or a commit off the request: the answer goes back at once and the page follows the
 * work (its rows read, then its counts). A failure is recorded on the upload, never thrown.
 */
export function inBackground(db: Connection, id: number, step: "check" | "commit"): Promise<void> {
  const work = (step === "check" ? checkUpload(db, id) : runCommit(db, id))
    .catch((e: unknown) => console.error(`upload ${id} (${step}):`, e))
    .finally(() => running.delete(id));
  running.set(id, work);
  return work;
}

/** The work running for an upload in this process, if any (tests wait for it). */
export function settled(id: number): Promise<void> {
  return running.get(id) ?? Promise.resolve();
}

/**
 * Uploads left at work by a server that stopped (a restart, a crash): failed, with the reason, so
 * that the unit can upload again. Called once when the server starts.
 */
export async function failInterruptedUploads(db: Sql): Promise<number> {
  const rows = await db.query<{ id: number }>(
    `UPDATE uploads SET status = 'failed', error = $1::jsonb WHERE status IN ('checking', 'committing') RETURNING id`,
    [JSON.stringify({ zh: "服务器重启，检查或导入被中断（未导入任何数据），请重新上传", en: "the server restarted and interrupted the check or import (nothing was imported): upload the file again" })],
  );
  return rows.length;
}

/** One upload: the office any, a unit's head or clerk their unit's. */
export async function getUpload(db: Sql, actor: Actor, id: number): Promise<Upload> {
  const upload = await getUploadRow(db, id);
  assertSees(actor, upload);
  const now = progress.get(id);
  return now === undefined ? upload : { ...upload, rows_read: now.rows, all_read: now.read };
}

export const UPLOADS_PAGE_SIZE = 20;

/** The latest uploads, newest first, a page at a time: the office all, a unit's head or clerk their unit's. */
export async function listUploads(db: Sql, actor: Actor, page: number): Promise<{ uploads: Upload[]; total: number; pages: number; page: number }> {
  assertUploader(actor);
  const unit = isOffice(actor) ? null : actor.unitCode;
  const mine = `($1::text IS NULL OR unit_code = $1)`;
  const [c] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM uploads WHERE ${mine}`, [unit]);
  const total = c?.n ?? 0;
  const pages = Math.max(1, Math.ceil(total / UPLOADS_PAGE_SIZE));
  const p = Math.min(Math.max(1, page), pages);
  const uploads = await db.query<Upload>(`SELECT ${COLUMNS} FROM uploads WHERE ${mine} ORDER BY id DESC LIMIT $2 OFFSET $3`, [unit, UPLOADS_PAGE_SIZE, (p - 1) * UPLOADS_PAGE_SIZE]);
  return { uploads: uploads.map((u) => (progress.has(u.id) ? { ...u, rows_read: progress.get(u.id)!.rows } : u)), total, pages, page: p };
}

/**
 * The rejected rows as a workbook to fix: every rejected row as it stands in the file (its own
 * headers and cells), and a last column 错误原因 with the row number and the reasons. The importer
 * ignores that column, so the fixed report can be uploaded as it is.
 */
export async function errorReport(db: Connection, actor: Actor, id: number, lang: Lang): Promise<{ fileName: string; body: Uint8Array<ArrayBuffer> }> {
  const upload = await getUpload(db, actor, id);
  const summary = upload.checked;
  if (!summary || upload.status === "discarded" || upload.status === "committed") {
    throw AppError.notFound("该文件没有可下载的错误报告", "this file has no error report to download");
  }
  // the reasons of every rejected row: the dry run again (the upload keeps only the first ones)
  const body = await withFile(db, upload, async (file) => {
    const reasons = new Map((await dryRun(db, upload, file)).rejections.map((r) => [r.row, r.errors.map((e) => e[lang])]));
    const ExcelJS = (await import("exceljs")).default;
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet(lang === "en" ? "Rejected rows" : "未通过的行", { views: [{ state: "frozen", ySplit: 1 }] });
    let headers: string[] = [];
    const head = () => (ws.addRow([...headers, REASON_HEADER[lang]]).font = { bold: true });
    for await (const raw of readRows(file, (h) => h, (fields) => (headers = fields.filter((f) => !REPORT_REASON_HEADERS.has(f) && f !== IGNORED_COLUMN)))) {
      const why = reasons.get(raw.rowNo);
      if (!why) continue;
      if (ws.rowCount === 0) head();
      ws.addRow([...headers.map((h) => raw.values[h] ?? ""), `${lang === "en" ? `Row ${raw.rowNo}: ` : `第 ${raw.rowNo} 行：`}${why.join(lang === "en" ? "; " : "；")}`]);
    }
    if (ws.rowCount === 0) head();
    headers.forEach((_, i) => (ws.getColumn(i + 1).width = 18));
    ws.getColumn(headers.length + 1).width = 60;
    return new Uint8Array(await wb.xlsx.writeBuffer());
  });
  return { fileName: `${upload.file_name.replace(/\.[^.]*$/, "")}-${lang === "en" ? "errors" : "错误报告"}.xlsx`, body };
}

/** The reason column of the error report; the importer reads past it (lib/ingest/read.ts). */
export const REASON_HEADER = { zh: "错误原因", en: "error_reason" } as const;

/** The import run in full inside a transaction that is then rolled back: its counts, nothing stored. */
async function dryRun(db: Connection, upload: Upload, file: string, onRows?: (rows: number, read?: boolean) => void): Promise<ImportResult> {
  let result: ImportResult | undefined;
  await db
    .transaction(async (tx) => {
      result = await importFile(tx as Connection, upload.kind, file, { actor: upload.username, fileName: upload.file_name, channel: "upload", ...scoped(upload), maxRows: uploadLimits().rows, onRows });
      throw new Rollback("dry run");
    })
    .catch((e: unknown) => {
      if (!(e instanceof Rollback)) throw e;
    });
  return result!;
}

export const STATUS_TEXT: Record<UploadStatus, { zh: string; en: string }> = {
  checking: { zh: "正在检查", en: "is being checked" },
  checked: { zh: "已检查，待确认导入", en: "has been checked and awaits the import" },
  committing: { zh: "正在导入", en: "is being imported" },
  committed: { zh: "已导入", en: "has been imported" },
  failed: { zh: "未能检查或导入", en: "could not be checked or imported" },
  discarded: { zh: "已放弃", en: "has been discarded" },
};

/** A kind's name in the page's language: the one name the templates and the import history use. */
export { kindName };

// ---------- inside ----------

const COLUMNS = `id, username, unit_code, kind, file_name, file_sha256, file_bytes, format, status, rows_read, checked, committed, batch_id, error,
  created_at::text, checked_at::text, committed_at::text`;
/** thrown to roll a dry run back; never leaves dryRun */
class Rollback extends Error {}
/** rows read so far, and whether all are read (the checks in SQL run then) */
export interface Progress {
  rows: number;
  read: boolean;
}
// rows read so far by the checks and imports running in this process (the page polls it), and their
// work; on globalThis because Next bundles the upload handler and the pages separately, each with its
// own copy of this module
const shared = globalThis as unknown as { wenxiaoUploads?: { progress: Map<number, Progress>; running: Map<number, Promise<void>> } };
shared.wenxiaoUploads ??= { progress: new Map(), running: new Map() };
const { progress, running } = shared.wenxiaoUploads;

async function getUploadRow(db: Sql, id: number): Promise<Upload> {
  const [u] = await db.query<Upload>(`SELECT ${COLUMNS} FROM uploads WHERE id = $1`, [id]);
  if (!u) throw AppError.notFound(`没有编号为 ${id} 的上传文件`, `there is no uploaded file ${id}`);
  return u;
}

/** The upload's bytes in a temporary file named by the format its content has (the importer reads paths). */
async function withFile<T>(db: Sql, upload: Upload, fn: (file: string) => Promise<T>): Promise<T> {
  const [row] = await db.query<{ data: Uint8Array | null }>(`SELECT data FROM uploads WHERE id = $1`, [upload.id]);
  if (!row?.data) throw new AppError("gone", "该文件已不在系统中（已导入或已放弃），请重新上传", "the file is no longer kept (imported or discarded): upload it again", 410);
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), "wenxiao-upload-"));
  const file = path.join(dir, `${randomUUID()}.${upload.format}`);
  try {
    await fs.promises.writeFile(file, row.data, { mode: 0o600 });
    return await fn(file);
  } finally {
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
}

/** A unit's upload imports in the unit's scope, its other units' rows rejected one by one. */
function scoped(upload: Upload): { scope?: string; outOfScope?: "reject" } {
  return upload.unit_code ? { scope: upload.unit_code, outOfScope: "reject" } : {};
}

function stored({ summary: s, rejections }: ImportResult): StoredSummary {
  return {
    rows: s.rows,
    inserted: s.inserted,
    updated: s.updated,
    unchanged: s.unchanged,
    superseded: s.superseded,
    rejectedCount: rejections.length,
    rejected: rejections.slice(0, KEPT).map((r) => ({ row: r.row, zh: r.errors.map((e) => e.zh), en: r.errors.map((e) => e.en) })),
  };
}

async function fail(db: Sql, id: number, e: unknown): Promise<void> {
  const error = e instanceof AppError || e instanceof FileReadError ? { zh: e.zh, en: e.en } : { zh: "检查或导入时出错，已记录；未导入任何数据", en: "the check or import failed and was logged; nothing was imported" };
  if (!(e instanceof AppError)) console.error(`upload ${id}:`, e);
  await db.query(`UPDATE uploads SET status = 'failed', error = $2::jsonb WHERE id = $1`, [id, JSON.stringify(error)]);
}

function cleanFileName(name: string): string {
  // a name to show and to record, not a path: its last segment, without control characters, bounded
  const base = name.split(/[\\/]/).pop() ?? "";
  const clean = [...base].filter((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) !== 0x7f).join("").trim().slice(0, 200);
  return clean || "upload";
}
