import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Readable } from "node:stream";
import { z } from "zod";
import { AppError } from "@/lib/errors";

/**
 * A backup file says what it is. It starts with a text header of exactly HEADER_BYTES bytes — the
 * line `WENXIAO BACKUP 1`, then one line of JSON padded with spaces — followed by the payload as the
 * database's own tool wrote it: pg_dump's custom-format archive, or PGlite's data directory as a
 * tar.gz. The header names the database kind and carries the payload's length and SHA-256, so a
 * truncated or damaged file is refused before anything is touched; `head -2` shows it, and
 * `tail -c +1025 file` gives back the bare payload (for pg_restore or tar by hand).
 */
export const HEADER_BYTES = 1024;
const MAGIC = "WENXIAO BACKUP 1\n";

const headerSchema = z.object({
  database: z.enum(["postgres", "pglite"]),
  /** what the payload is, in words */
  payload: z.string(),
  created_at: z.string(),
  /** migrations applied in the database that was backed up */
  migrations: z.number().int().nonnegative(),
  server_version: z.string(),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

export type BackupHeader = z.infer<typeof headerSchema>;
export type BackupKind = BackupHeader["database"];

export interface WrittenBackup {
  file: string;
  database: BackupKind;
  bytes: number;
  sha256: string;
}

export interface BackupTarget {
  write(chunk: Uint8Array): Promise<void>;
  /** Writes the header and puts the file in place, whole. */
  commit(describe: Omit<BackupHeader, "bytes" | "sha256">): Promise<WrittenBackup>;
  /** Removes what was written: a failed backup leaves no file behind (and an older one untouched). */
  abandon(): Promise<void>;
}

/**
 * Starts a backup file at `file`: checked first (so a dump is not made for nothing), written aside
 * with mode 0600 (it holds personal data and password hashes) and renamed into place by commit.
 */
export async function createBackupFile(file: string, force: boolean): Promise<BackupTarget> {
  const target = path.resolve(file);
  const st = fs.statSync(target, { throwIfNoEntry: false });
  if (st?.isDirectory()) throw new AppError("backup_path", `${target} 是一个目录：请给出备份文件的路径`, `${target} is a directory: give the backup file's path`);
  if (st && !force) throw exists(target);
  const dir = path.dirname(target);
  if (!fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
    throw new AppError("backup_path", `目录 ${dir} 不存在，无法写入备份文件`, `the directory ${dir} does not exist: cannot write the backup file`);
  }
  const aside = `${target}.partial-${process.pid}-${randomBytes(4).toString("hex")}`;
  let fh: fs.promises.FileHandle;
  try {
    fh = await fs.promises.open(aside, "wx", 0o600);
  } catch (e) {
    throw writeError(e, target);
  }
  const hash = createHash("sha256");
  let bytes = 0;
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await fh.close();
  };
  return {
    async write(chunk) {
      try {
        await fh.write(chunk, 0, chunk.length, HEADER_BYTES + bytes);
      } catch (e) {
        throw writeError(e, target);
      }
      hash.update(chunk);
      bytes += chunk.length;
    },
    async commit(describe) {
      const header: BackupHeader = { ...describe, bytes, sha256: hash.digest("hex") };
      try {
        await fh.write(encodeHeader(header), 0, HEADER_BYTES, 0);
        await fh.sync();
        await close();
        // no --force: a file that appeared meanwhile is not replaced either
        if (!force && fs.existsSync(target)) throw exists(target);
        await fs.promises.rename(aside, target);
      } catch (e) {
        throw e instanceof AppError ? e : writeError(e, target);
      }
      await syncDir(dir);
      return { file: target, database: header.database, bytes, sha256: header.sha256 };
    },
    async abandon() {
      await close().catch(() => {});
      await fs.promises.rm(aside, { force: true });
    },
  };
}

function encodeHeader(header: BackupHeader): Buffer {
  const json = JSON.stringify(header);
  const text = MAGIC + json;
  const size = Buffer.byteLength(text);
  if (size >= HEADER_BYTES) throw new Error(`backup header too long (${size} bytes)`);
  return Buffer.from(text + " ".repeat(HEADER_BYTES - size - 1) + "\n");
}

/**
 * Reads a backup file's header and checks its payload against it (length and SHA-256) before anything
 * is restored from it; every way it can be unusable is one clear message.
 */
export async function readBackup(file: string): Promise<BackupHeader> {
  const source = path.resolve(file);
  const header = await readHeader(source);
  const size = fs.statSync(source).size - HEADER_BYTES;
  if (size < header.bytes) {
    throw damaged(
      `备份文件 ${source} 不完整：应有 ${header.bytes} 字节数据，只有 ${size} 字节（复制或传输被截断？）`,
      `the backup file ${source} is incomplete: ${header.bytes} bytes of data expected, ${size} found (cut short while copying?)`,
    );
  }
  const hash = createHash("sha256");
  for await (const chunk of payloadStream(source)) hash.update(chunk as Buffer);
  if (size !== header.bytes || hash.digest("hex") !== header.sha256) throw checksumMismatch(source);
  return header;
}

/** The payload of a checked backup file, streamed. */
export function payloadStream(file: string): Readable {
  return fs.createReadStream(path.resolve(file), { start: HEADER_BYTES });
}

/** The payload of a checked backup file, in memory and checked again (the file could have changed since). */
export async function payloadBytes(file: string, header: BackupHeader): Promise<Buffer> {
  const source = path.resolve(file);
  const data = (await fs.promises.readFile(source)).subarray(HEADER_BYTES);
  if (data.length !== header.bytes || createHash("sha256").update(data).digest("hex") !== header.sha256) throw checksumMismatch(source);
  return data;
}

async function readHeader(source: string): Promise<BackupHeader> {
  let fh: fs.promises.FileHandle;
  try {
    fh = await fs.promises.open(source, "r");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new AppError("backup_not_found", `备份文件不存在：${source}`, `backup file not found: ${source}`);
    if (code === "EACCES" || code === "EPERM") throw new AppError("backup_unreadable", `无法读取备份文件 ${source}（权限不足）`, `cannot read the backup file ${source} (permission denied)`);
    throw e;
  }
  const buf = Buffer.alloc(HEADER_BYTES);
  let got: number;
  try {
    ({ bytesRead: got } = await fh.read(buf, 0, HEADER_BYTES, 0));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EISDIR") throw new AppError("backup_path", `${source} 是一个目录，不是备份文件`, `${source} is a directory, not a backup file`);
    throw e;
  } finally {
    await fh.close();
  }
  const head = buf.subarray(0, got);
  if (!head.subarray(0, MAGIC.length).equals(Buffer.from(MAGIC))) {
    if (head.subarray(0, 5).toString("latin1") === "PGDMP") {
      throw new AppError(
        "not_a_backup",
        `${source} 是 pg_dump 直接生成的归档，不是问效的备份文件：请用 pg_restore 恢复它，或用 wenxiao backup 重新备份`,
        `${source} is a bare pg_dump archive, not a Wenxiao backup: restore it with pg_restore, or make a backup with wenxiao backup`,
      );
    }
    throw new AppError("not_a_backup", `${source} 不是问效的备份文件（开头没有 WENXIAO BACKUP 标记）`, `${source} is not a Wenxiao backup file (it does not start with WENXIAO BACKUP)`);
  }
  if (got < HEADER_BYTES) {
    throw damaged(`备份文件 ${source} 不完整：连文件头都不全（复制或传输被截断？）`, `the backup file ${source} is incomplete: not even its header is whole (cut short while copying?)`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(head.subarray(MAGIC.length).toString("utf8"));
  } catch {
    parsed = undefined;
  }
  const header = headerSchema.safeParse(parsed);
  if (!header.success) throw damaged(`备份文件 ${source} 的文件头已损坏`, `the header of the backup file ${source} is damaged`);
  return header.data;
}

const damaged = (zh: string, en: string) => new AppError("backup_damaged", zh, en);

const checksumMismatch = (source: string) =>
  damaged(`备份文件 ${source} 已损坏（长度或 SHA-256 与文件头不符），不能用它恢复`, `the backup file ${source} is damaged (its length or SHA-256 does not match its header): it cannot be restored`);

const exists = (target: string) =>
  new AppError("backup_exists", `备份文件 ${target} 已存在：请换一个文件名，或加 --force 替换它`, `the backup file ${target} exists: choose another name, or add --force to replace it`);

function writeError(e: unknown, target: string): AppError {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === "EACCES" || code === "EPERM" || code === "EROFS") {
    return new AppError("backup_unwritable", `无法写入备份文件 ${target}（权限不足或只读文件系统）`, `cannot write the backup file ${target} (permission denied or a read-only file system)`);
  }
  if (code === "ENOSPC" || code === "EDQUOT") {
    return new AppError("backup_unwritable", `无法写入备份文件 ${target}：磁盘空间不足`, `cannot write the backup file ${target}: no space left on the device`);
  }
  return e instanceof AppError ? e : new AppError("backup_unwritable", `无法写入备份文件 ${target}：${String(e)}`, `cannot write the backup file ${target}: ${String(e)}`);
}

/** The rename survives a power cut only once the directory itself is synced (best effort: not every platform can). */
async function syncDir(dir: string): Promise<void> {
  try {
    const d = await fs.promises.open(dir, "r");
    try {
      await d.sync();
    } finally {
      await d.close();
    }
  } catch {
    // not supported here: the file itself was synced
  }
}
