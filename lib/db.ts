import "server-only";
import { DataDirLockedError, openDatabase, type Connection } from "@/db";
import { ensureOfficialCalendar } from "@/lib/calendar/official";
import { dataDir, env } from "@/lib/env";
import { AppError } from "@/lib/errors";

export type { Connection, Sql } from "@/db";

/**
 * The deployment's database as DATABASE_URL and WENXIAO_DATA_DIR choose it (CONTRACT §1): migrated,
 * with the shipped working-day calendar loaded. Used by the app, the CLI and the jobs alike.
 */
export async function openAppDatabase(): Promise<Connection> {
  const { DATABASE_URL } = env();
  let conn: Connection;
  try {
    conn = await openDatabase({ url: DATABASE_URL, dataDir: dataDir() });
  } catch (e) {
    if (e instanceof DataDirLockedError) throw dataDirLocked(e);
    throw e;
  }
  await ensureOfficialCalendar(conn);
  await analyzeNeverAnalyzed(conn);
  return conn;
}

/** What a deployment needs beyond migrations; tests call it on the fresh databases they make. */
export async function prepareDatabase(conn: Connection): Promise<void> {
  await conn.migrate();
  await ensureOfficialCalendar(conn);
}

/**
 * Planner statistics for tables that have never had any (the embedded database has no autovacuum;
 * imports analyze what they change, lib/ingest/import.ts, but a database loaded before that did not):
 * without them PostgreSQL plans joins as if the tables were empty.
 */
async function analyzeNeverAnalyzed(conn: Connection): Promise<void> {
  const tables = await conn.query<{ t: string }>(
    // reltuples is -1 until a table is first analyzed (or vacuumed)
    `SELECT quote_ident(c.relname) AS t FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.reltuples < 0`,
  );
  for (const { t } of tables) await conn.exec(`ANALYZE ${t}`);
}

/** The user's message for a data directory another process holds (exit 3 in the CLI). */
export function dataDirLocked(e: DataDirLockedError): AppError {
  return e.pid === null
    ? new AppError("data_dir_locked", `无法锁定数据目录 ${e.dir}`, `Could not lock the data directory ${e.dir}`, 409)
    : new AppError(
        "data_dir_locked",
        `数据目录 ${e.dir} 正被另一个进程（pid ${e.pid}）使用。请先停止它（例如正在运行的应用），或设置 DATABASE_URL 使用 PostgreSQL 服务器。应用运行时导入数据无需停止它：import <kind> <file> --server http://localhost:3000 --token <接口令牌> 经推送接口导入。`,
        `The data directory ${e.dir} is in use by another process (pid ${e.pid}). Stop it first (the running app, say), or set DATABASE_URL to use a PostgreSQL server. To import while the app runs, without stopping it: import <kind> <file> --server http://localhost:3000 --token <API token> delivers through the push API.`,
        409,
      );
}

// One connection per process, cached on globalThis so Next's dev reloads do not open another
// (which for PGlite would also trip the data-directory lock).
const g = globalThis as unknown as { wenxiaoDb?: Promise<Connection> };

export function getDb(): Promise<Connection> {
  g.wenxiaoDb ??= openAppDatabase().catch((e: unknown) => {
    g.wenxiaoDb = undefined;
    throw e;
  });
  return g.wenxiaoDb;
}
