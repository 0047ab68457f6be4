import "server-only";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { gunzip, gzip } from "node:zlib";
import { committedMigrations, DataDirLockedError, lockDataDir, openPglite, openPostgres, type Sql } from "@/db";
import { assertOffice, type Actor } from "@/lib/auth/actor";
import { dataDirLocked } from "@/lib/db";
import { dataDir, env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { createBackupFile, payloadBytes, payloadStream, readBackup, type BackupHeader, type BackupKind, type BackupTarget, type WrittenBackup } from "./file";
import { pgDump, pgRestore, shownUrl, toolTarget } from "./pg-tools";
import { withoutTopLevel } from "./tar";

/**
 * `wenxiao backup` and `wenxiao restore` (README "Backup and restore"): the whole database in one
 * file and back, on the database DATABASE_URL and WENXIAO_DATA_DIR select. PostgreSQL through
 * pg_dump/pg_restore (a consistent snapshot while the app runs); the embedded database as a copy of
 * its data directory made under its lock, so nothing writes meanwhile. A restore fills an empty
 * database only, and both are audited: the backup in the database it copied, the restore in the
 * database it made.
 */
export interface RestoreResult extends WrittenBackup {
  created_at: string;
}

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

export async function backupDatabase(input: { file: string; force: boolean; actor: Actor }): Promise<WrittenBackup> {
  assertOffice(input.actor, { zh: "备份数据库", en: "back up the database" });
  const url = env().DATABASE_URL;
  return url ? backupPostgres(url, input) : backupEmbedded(dataDir(), input);
}

export async function restoreDatabase(input: { file: string; actor: Actor }): Promise<RestoreResult> {
  assertOffice(input.actor, { zh: "恢复数据库", en: "restore the database" });
  const url = env().DATABASE_URL;
  const header = await readBackup(input.file);
  const here: BackupKind = url ? "postgres" : "pglite";
  if (header.database !== here) throw wrongKind(header.database);
  if (header.migrations > committedMigrations()) {
    throw new AppError(
      "backup_newer",
      `这份备份来自更新版本的问效（${header.migrations} 个数据库迁移，本版本只有 ${committedMigrations()} 个）：请先升级问效再恢复`,
      `this backup was made by a newer version of Wenxiao (${header.migrations} database migrations; this version has ${committedMigrations()}): upgrade Wenxiao first`,
    );
  }
  const written = url ? await restorePostgres(url, input, header) : await restoreEmbedded(dataDir(), input, header);
  return { ...written, created_at: header.created_at };
}

// ---------- PostgreSQL ----------

async function backupPostgres(url: string, input: { file: string; force: boolean; actor: Actor }): Promise<WrittenBackup> {
  const db = openPostgres(url, 1);
  try {
    const target = await createBackupFile(input.file, input.force);
    const written = await fill(target, async () => {
      const source = await describeSource(db, shownUrl(url));
      const createdAt = new Date().toISOString();
      for await (const chunk of pgDump(toolTarget(url))) await target.write(chunk);
      return { database: "postgres", payload: "pg_dump --format=custom", created_at: createdAt, ...source };
    });
    await audit(db, input.actor, "backup", written, {});
    return written;
  } finally {
    await db.close();
  }
}

async function restorePostgres(url: string, input: { file: string; actor: Actor }, header: BackupHeader): Promise<WrittenBackup> {
  const db = openPostgres(url, 2);
  try {
    await assertEmptyServerDatabase(db, shownUrl(url));
    await pgRestore(toolTarget(url), payloadStream(input.file));
    // a backup made by an older version of the app is brought up to date, as a start would
    await db.migrate();
    const restored: WrittenBackup = { file: path.resolve(input.file), database: "postgres", bytes: header.bytes, sha256: header.sha256 };
    await audit(db, input.actor, "restore", restored, restoredFrom(header));
    return restored;
  } finally {
    await db.close();
  }
}

/**
 * A restore writes into an empty database only: no table, view, sequence or function of its own and no
 * schema but `public`. Even a database the app has started against once (migrated, empty of data) is
 * refused — pg_restore would collide with its tables — and nothing in a database with data is ever
 * replaced.
 */
async function assertEmptyServerDatabase(db: Sql, shown: string): Promise<void> {
  const system = `n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'`;
  const [row] = await db.query<{ objects: number; tables: number }>(
    `SELECT (SELECT count(*)::int FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND ${system})
          + (SELECT count(*)::int FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE ${system})
          + (SELECT count(*)::int FROM pg_namespace n WHERE n.nspname <> 'public' AND ${system}) AS objects,
            (SELECT count(*)::int FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p') AND ${system}) AS tables`,
  );
  if ((row?.objects ?? 0) > 0) {
    throw new AppError(
      "restore_target_not_empty",
      `目标数据库不是空的（${shown}：${row!.tables} 个表，共 ${row!.objects} 个对象）：恢复只写入空数据库，不覆盖任何数据。请新建一个空数据库（createdb），把 DATABASE_URL 指向它再恢复。`,
      `the target database is not empty (${shown}: ${row!.tables} tables, ${row!.objects} objects in all): a restore writes into an empty database only and replaces nothing. Create an empty database (createdb), point DATABASE_URL at it and restore again.`,
    );
  }
}

// ---------- the embedded database ----------

/** The data directory's lock belongs to the process that holds it, never to a backup (lib/backup/tar.ts). */
const isLockFile = (name: string) => name === "wenxiao.lock" || name.startsWith("wenxiao.lock.");
/**
 * What a directory may hold and still count as empty for a restore: the lock, and a session key
 * made by a start before the restore. The backup's own key replaces it: two-factor secrets are
 * sealed with a key derived from it (lib/auth/secret.ts), so it travels with the data.
 */
const isInstallationFile = (name: string) => name === "auth-secret" || isLockFile(name);

async function backupEmbedded(dir: string, input: { file: string; force: boolean; actor: Actor }): Promise<WrittenBackup> {
  if (!fs.existsSync(path.join(dir, "PG_VERSION"))) {
    throw new AppError("no_database", `数据目录 ${dir} 中没有数据库，没有可备份的内容（WENXIAO_DATA_DIR 设对了吗？）`, `the data directory ${dir} holds no database: nothing to back up (is WENXIAO_DATA_DIR right?)`);
  }
  const target = await createBackupFile(input.file, input.force);
  let release: () => void;
  try {
    release = lock(dir);
  } catch (e) {
    await target.abandon();
    throw e;
  }
  try {
    const db = await openPglite(dir);
    try {
      const written = await fill(target, async () => {
        const source = await describeSource(db, dir);
        // the copy is taken between two statements of this, the only process on the directory
        await db.exec("CHECKPOINT");
        const createdAt = new Date().toISOString();
        const dump = new Uint8Array(await (await db.pglite.dumpDataDir("none")).arrayBuffer());
        await target.write(await gzipAsync(withoutTopLevel(dump, isLockFile)));
        return { database: "pglite", payload: "PGlite data directory, tar.gz", created_at: createdAt, ...source };
      });
      await audit(db, input.actor, "backup", written, {});
      return written;
    } finally {
      await db.close();
    }
  } finally {
    release();
  }
}

/**
 * Creates the database in `dir` from the backup, under the directory's lock, when the directory holds
 * no database (nothing but this installation's lock and session key). A restore that fails removes
 * what it wrote.
 */
async function restoreEmbedded(dir: string, input: { file: string; actor: Actor }, header: BackupHeader): Promise<WrittenBackup> {
  const release = lock(dir);
  try {
    const before = fs.readdirSync(dir);
    const present = before.filter((n) => !isInstallationFile(n));
    if (present.length > 0) {
      const what = present.includes("PG_VERSION") ? { zh: "已有数据库", en: "already holds a database" } : { zh: `已有其他文件：${present.slice(0, 3).join("、")}`, en: `already holds other files: ${present.slice(0, 3).join(", ")}` };
      throw new AppError(
        "restore_target_not_empty",
        `目标数据目录 ${dir} ${what.zh}：恢复只写入空的数据目录，不覆盖任何数据。请把 WENXIAO_DATA_DIR 指向一个新的（不存在或空的）目录再恢复。`,
        `the target data directory ${dir} ${what.en}: a restore writes into an empty data directory only and replaces nothing. Point WENXIAO_DATA_DIR at a new (missing or empty) directory and restore again.`,
      );
    }
    const tar = withoutTopLevel(await gunzipAsync(await payloadBytes(input.file, header)), isLockFile);
    let db: Awaited<ReturnType<typeof openPglite>> | undefined;
    try {
      db = await openPglite(dir, { loadDataDir: new Blob([tar], { type: "application/x-tar" }) });
      // the session key came with the data: readable by this user only, as lib/auth/secret.ts writes it
      if (fs.existsSync(path.join(dir, "auth-secret"))) fs.chmodSync(path.join(dir, "auth-secret"), 0o600);
      await db.migrate();
      const restored: WrittenBackup = { file: path.resolve(input.file), database: "pglite", bytes: header.bytes, sha256: header.sha256 };
      await audit(db, input.actor, "restore", restored, restoredFrom(header));
      return restored;
    } catch (e) {
      await db?.close().catch(() => {});
      db = undefined;
      for (const name of fs.readdirSync(dir)) {
        if (!before.includes(name) && !isLockFile(name)) fs.rmSync(path.join(dir, name), { recursive: true, force: true });
      }
      throw e;
    } finally {
      await db?.close();
    }
  } finally {
    release();
  }
}

function lock(dir: string): () => void {
  try {
    return lockDataDir(dir);
  } catch (e) {
    throw e instanceof DataDirLockedError ? dataDirLocked(e) : e;
  }
}

// ---------- both ----------

/** Runs `produce`, which writes the payload and describes it, then puts the file in place; on any failure no file is left. */
async function fill(target: BackupTarget, produce: () => Promise<Omit<BackupHeader, "bytes" | "sha256">>): Promise<WrittenBackup> {
  try {
    return await target.commit(await produce());
  } catch (e) {
    await target.abandon();
    throw e;
  }
}

/** The source's version facts for the header; a database the app never migrated holds nothing to back up. */
async function describeSource(db: Sql, shown: string): Promise<{ migrations: number; server_version: string }> {
  try {
    const [row] = await db.query<{ migrations: number; server_version: string }>(
      `SELECT (SELECT count(*)::int FROM drizzle.__drizzle_migrations) AS migrations, current_setting('server_version') AS server_version`,
    );
    return row!;
  } catch (e) {
    if ((e as { code?: unknown }).code !== "42P01") throw e;
    throw new AppError("no_database", `${shown} 中没有问效的数据（从未迁移），没有可备份的内容`, `${shown} holds no Wenxiao data (never migrated): nothing to back up`);
  }
}

async function audit(db: Sql, actor: Actor, action: "backup" | "restore", file: WrittenBackup, extra: Record<string, unknown>): Promise<void> {
  await db.query(`INSERT INTO audit_log (actor, action, entity, entity_key, after) VALUES ($1, $2, 'database', $3, $4::jsonb)`, [
    actor.username,
    action,
    file.file,
    JSON.stringify({ ...file, ...extra }),
  ]);
}

function restoredFrom(header: BackupHeader): Record<string, unknown> {
  return { backup_created_at: header.created_at, backup_migrations: header.migrations, backup_server_version: header.server_version, migrations: committedMigrations() };
}

/** A backup of one kind of database cannot fill the other: pg_dump's archive and PGlite's files differ. */
function wrongKind(kind: BackupKind): AppError {
  return kind === "pglite"
    ? new AppError(
        "backup_wrong_kind",
        "这是内置数据库（PGlite）的备份，不能恢复到 PostgreSQL 服务器。请不设 DATABASE_URL，把 WENXIAO_DATA_DIR 指向一个新的空目录，再恢复。",
        "this is a backup of the embedded database (PGlite); it cannot be restored into a PostgreSQL server. Unset DATABASE_URL, point WENXIAO_DATA_DIR at a new empty directory and restore again.",
      )
    : new AppError(
        "backup_wrong_kind",
        "这是 PostgreSQL 服务器的备份（pg_dump），不能恢复到内置数据库。请把 DATABASE_URL 设为一个空的 PostgreSQL 数据库，再恢复。",
        "this is a backup of a PostgreSQL server (pg_dump); it cannot be restored into the embedded database. Set DATABASE_URL to an empty PostgreSQL database and restore again.",
      );
}
