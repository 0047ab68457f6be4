import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { openPglite, openPostgres, type Connection } from "@/db/client";
import { prepareDatabase } from "@/lib/db";

/**
 * A fresh, migrated database for one test file: a new database on the PostgreSQL server named by
 * DATABASE_URL (dropped afterwards), or an in-memory PGlite when it is unset. The same tests
 * therefore run on both drivers (.ci/run runs the suite once each way).
 */
export async function freshDatabase(): Promise<Connection & { drop(): Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const db = await openPglite(undefined);
    await prepareDatabase(db);
    return { ...db, drop: () => db.close() };
  }
  const name = `wx_test_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  const db = openPostgres(u.toString(), 4);
  await prepareDatabase(db);
  return {
    ...db,
    async drop() {
      await db.close();
      const a = postgres(url, { max: 1, onnotice: () => {} });
      await a.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

export const isPostgres = () => Boolean(process.env.DATABASE_URL);
