import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { afterEach, beforeEach } from "vitest";
import { openPglite, openPostgres, type Connection, type Sql } from "@/db/client";
import { prepareDatabase } from "@/lib/db";

export type TestDatabase = Connection & { drop(): Promise<void> };

/**
 * A fresh, migrated database for one test file: a new database on the PostgreSQL server named by
 * DATABASE_URL (dropped afterwards), or an in-memory PGlite when it is unset. The same tests
 * therefore run on both drivers (.ci/run runs the suite once each way).
 */
export async function freshDatabase(): Promise<TestDatabase> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const db = await openPglite(undefined);
    await prepareDatabase(db);
    return guarded({ ...db, drop: () => db.close() });
  }
  const name = `wx_test_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  const db = openPostgres(u.toString(), 4);
  await prepareDatabase(db);
  return guarded({
    ...db,
    async drop() {
      await db.close();
      const a = postgres(url, { max: 1, onnotice: () => {} });
      await a.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  });
}

export const isPostgres = () => Boolean(process.env.DATABASE_URL);

// ---------- tests that leave the database as they found it ----------

/** Databases whose connection is lent to a rolled-back test at the moment. */
const lent = new WeakSet<object>();

/**
 * While a test runs in withRollback, using the database itself instead of the test's connection is
 * a mistake that would hang (PGlite waits for the open transaction) or read around the test's own
 * writes (PostgreSQL): it fails at once instead.
 */
function guarded(db: TestDatabase): TestDatabase {
  const check = () => {
    if (lent.has(guardedDb)) throw new Error("this test runs in withRollback: use the connection it was given, not the database");
  };
  const guardedDb: TestDatabase = {
    ...db,
    query: <T>(text: string, params?: unknown[]) => (check(), db.query<T>(text, params)),
    exec: (text) => (check(), db.exec(text)),
    copyIn: (table, columns, chunks) => (check(), db.copyIn(table, columns, chunks)),
    transaction: (fn) => (check(), db.transaction(fn)),
  };
  return guardedDb;
}

class RolledBack extends Error {}

/**
 * Runs `body` in a transaction that is always rolled back, so the test leaves the database as it
 * found it, whatever it writes and whether it passes or fails (STYLE.md rule 9). `body` works on the
 * connection it is given — a Connection, so any domain function takes it — never on `db` itself.
 *
 * Inside, that connection behaves as the application's does outside:
 * - each statement is atomic on its own (a savepoint around it), so a statement the test expects the
 *   database to refuse does not abort the rest of the test, as it would in a bare transaction;
 * - the domain's own transactions become savepoints (db/client.ts), released or rolled back as usual,
 *   and the temporary tables they leave are dropped when they end, as their commit would drop them
 *   (ON COMMIT DROP: an import's staging table);
 * - one statement or transaction at a time, as PGlite runs them: calls made together queue, as
 *   savepoints on one connection must not interleave.
 * What needs commits or several connections (concurrency, other processes) cannot be tested this
 * way: such a test builds what it needs in a database of its own.
 */
export async function withRollback<T>(db: Connection, body: (tx: Connection) => Promise<T>): Promise<T> {
  let result: T | undefined;
  try {
    await db.transaction(async (tx) => {
      lent.add(db);
      try {
        result = await body(rolledBackConnection(db, tx));
      } finally {
        lent.delete(db);
      }
      throw new RolledBack();
    });
  } catch (e) {
    if (!(e instanceof RolledBack)) throw e;
  }
  return result as T;
}

/**
 * withRollback around each test of the file (or `describe` block) that calls it, for files where
 * every test writes: the returned function gives the running test's connection.
 */
export function rollbackEach(db: () => Connection): () => Connection {
  let current: Connection | undefined;
  let finish: (() => void) | undefined;
  let done: Promise<void> | undefined;
  beforeEach(async () => {
    current = await new Promise<Connection>((resolve, reject) => {
      const testEnded = new Promise<void>((r) => (finish = r));
      done = withRollback(db(), async (tx) => {
        resolve(tx);
        await testEnded;
      });
      done.catch(reject);
    });
  });
  afterEach(async () => {
    finish?.();
    await done;
    current = undefined;
  });
  return () => {
    if (!current) throw new Error("no test is running: rollbackEach gives a connection inside a test only");
    return current;
  };
}

function rolledBackConnection(db: Connection, tx: Sql): Connection {
  let queue: Promise<unknown> = Promise.resolve();
  const oneAtATime = <T>(op: () => Promise<T>): Promise<T> => {
    const run = queue.then(op, op);
    queue = run.catch(() => {});
    return run;
  };
  const atomic = <T>(op: (s: Sql) => Promise<T>) => oneAtATime(() => tx.transaction(op));
  const unavailable = (what: string) => () => Promise.reject(new Error(`${what} is not available inside withRollback`));
  return {
    driver: db.driver,
    query: <T>(text: string, params?: unknown[]) => atomic((s) => s.query<T>(text, params)),
    exec: (text) => atomic((s) => s.exec(text)),
    copyIn: (table, columns, chunks) => atomic((s) => s.copyIn(table, columns, chunks)),
    transaction: (fn) =>
      oneAtATime(async () => {
        const value = await tx.transaction(fn);
        await dropTemporaryTables(tx);
        return value;
      }),
    migrate: unavailable("migrate()"),
    close: unavailable("close()"),
  };
}

async function dropTemporaryTables(tx: Sql): Promise<void> {
  const tables = await tx.query<{ name: string }>(
    `SELECT quote_ident(relname) AS name FROM pg_class WHERE relnamespace = pg_my_temp_schema() AND relkind IN ('r', 'p')`,
  );
  for (const t of tables) await tx.exec(`DROP TABLE pg_temp.${t.name}`);
}
