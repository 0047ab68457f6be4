import { dataDir, env } from "@/lib/env";
import { ensureOfficialCalendar } from "@/lib/calendar/official";
import { openPglite, openPostgres, type Connection } from "./client";
import { lockDataDir } from "./lock";

export type { Connection, Sql } from "./client";

/**
 * Opens the deployment's database (PostgreSQL when DATABASE_URL is set, PGlite under
 * WENXIAO_DATA_DIR otherwise), applies migrations and makes sure the shipped calendar is loaded.
 */
export async function openDatabase(): Promise<Connection> {
  const { DATABASE_URL } = env();
  let conn: Connection;
  if (DATABASE_URL) {
    conn = openPostgres(DATABASE_URL);
  } else {
    const dir = dataDir();
    const release = lockDataDir(dir);
    try {
      const pg = await openPglite(dir);
      conn = { ...pg, close: async () => { await pg.close(); release(); } };
    } catch (e) {
      release();
      throw e;
    }
  }
  await prepare(conn);
  return conn;
}

export async function prepare(conn: Connection): Promise<void> {
  await conn.migrate();
  await ensureOfficialCalendar(conn);
}

// One connection per process, cached on globalThis so Next's dev reloads do not open another
// (which for PGlite would also trip the data-directory lock).
const g = globalThis as unknown as { wenxiaoDb?: Promise<Connection> };

export function getDb(): Promise<Connection> {
  g.wenxiaoDb ??= openDatabase().catch((e: unknown) => {
    g.wenxiaoDb = undefined;
    throw e;
  });
  return g.wenxiaoDb;
}
