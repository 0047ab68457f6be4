import "server-only";
import { openPglite, openPostgres, type Connection } from "./client";
import { lockDataDir } from "./lock";

export type { Connection, Sql } from "./client";
export { committedMigrations, openPglite, openPostgres } from "./client";
export { DataDirLockedError, lockDataDir } from "./lock";

/**
 * Opens a database and applies the committed migrations: the PostgreSQL server at `url`, or PGlite
 * in `dataDir` (locked against a second process). Which one, and what else a deployment needs at
 * start-up (the shipped calendar), is decided above this floor, in lib/db.ts.
 */
export async function openDatabase(config: { url?: string; dataDir: string }): Promise<Connection> {
  let conn: Connection;
  if (config.url) {
    conn = openPostgres(config.url);
  } else {
    const release = lockDataDir(config.dataDir);
    try {
      const pg = await openPglite(config.dataDir);
      conn = { ...pg, close: async () => { await pg.close(); release(); } };
    } catch (e) {
      release();
      throw e;
    }
  }
  try {
    await conn.migrate();
  } catch (e) {
    await conn.close().catch(() => {});
    throw e;
  }
  return conn;
}
