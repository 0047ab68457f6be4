import "server-only";
import { PGlite } from "@electric-sql/pglite";
import postgres from "postgres";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import fs from "node:fs";
import path from "node:path";

export const MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "migrations");

/**
 * Rows are typed where the SQL that reads them is written (lib/), not by an ORM: drizzle here only
 * applies the migrations drizzle-kit generates from db/schema.
 *
 * The one SQL surface the domain code uses, with the same behaviour on both drivers:
 * postgres.js against a server (DATABASE_URL) and PGlite embedded. Dates come back as
 * 'YYYY-MM-DD' strings on both, so the domain never meets a time zone.
 */
export interface Sql {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Several statements separated by semicolons, no parameters. */
  exec(text: string): Promise<void>;
  /** COPY csv text into a table, chunk by chunk, inside the current transaction when there is one. */
  copyIn(table: string, columns: string[], chunks: AsyncIterable<string>): Promise<void>;
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
}

export interface Connection extends Sql {
  readonly driver: "postgres" | "pglite";
  /** Applies the committed drizzle-kit migrations (idempotent). */
  migrate(): Promise<void>;
  close(): Promise<void>;
}

const DATE_OID = 1082;

// Arrays travel as PostgreSQL array literals (cast in the SQL: $1::date[]), so both drivers
// bind them the same way whatever the element type.
function bindable(params: unknown[]): unknown[] {
  return params.map((p) => (Array.isArray(p) ? arrayLiteral(p) : p));
}

function arrayLiteral(items: unknown[]): string {
  return `{${items.map((i) => (i === null ? "NULL" : `"${(typeof i === "string" ? i : JSON.stringify(i)).replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`)).join(",")}}`;
}
const copySql = (table: string, columns: string[], source: string) =>
  `COPY ${table} (${columns.join(", ")}) FROM ${source} WITH (FORMAT csv)`;

// ---------- postgres.js ----------

type PgClient = postgres.Sql | postgres.TransactionSql;

function postgresSql(client: PgClient, root: postgres.Sql, inTx: boolean): Sql {
  return {
    async query<T>(text: string, params: unknown[] = []) {
      const rows = await client.unsafe(text, bindable(params) as postgres.ParameterOrJSON<never>[]);
      return rows as unknown as T[];
    },
    async exec(text: string) {
      await client.unsafe(text);
    },
    async copyIn(table, columns, chunks) {
      const writable = await client.unsafe(copySql(table, columns, "STDIN")).writable();
      await new Promise<void>((resolve, reject) => {
        writable.on("error", reject);
        writable.on("finish", resolve);
        (async () => {
          for await (const chunk of chunks) {
            if (!writable.write(chunk)) await new Promise((r) => writable.once("drain", r));
          }
          writable.end();
        })().catch((e: unknown) => {
          const error = e instanceof Error ? e : new Error(String(e));
          writable.destroy(error);
          reject(error);
        });
      });
    },
    async transaction(fn) {
      if (inTx) {
        const tx = client as postgres.TransactionSql;
        return (await tx.savepoint((sp) => fn(postgresSql(sp, root, true)))) as never;
      }
      return (await root.begin((tx) => fn(postgresSql(tx, root, true)))) as never;
    },
  };
}

export function openPostgres(url: string, max = 10): Connection {
  const root = postgres(url, {
    max,
    onnotice: () => {},
    types: {
      dateOnly: { to: DATE_OID, from: [DATE_OID], serialize: (x: string) => x, parse: (x: string) => x },
    },
  });
  const orm = drizzlePostgres({ client: root });
  return {
    driver: "postgres",
    ...postgresSql(root, root, false),
    async migrate() {
      // Already up to date: nothing to do, and nothing that needs more than SELECT — so the app can run
      // as a role that may not create schemas or change the logs (README "A restricted database role").
      if (await appliedMigrations(root)) return;
      // Two app instances starting together must not both migrate: serialise on an advisory lock,
      // held on one reserved connection so lock and unlock meet.
      const conn = await root.reserve();
      try {
        await conn.unsafe("SELECT pg_advisory_lock(728164001)");
        await migratePostgres(orm, { migrationsFolder: MIGRATIONS_FOLDER });
      } finally {
        await conn.unsafe("SELECT pg_advisory_unlock(728164001)").catch(() => {});
        conn.release();
      }
    },
    close: () => root.end({ timeout: 5 }),
  };
}

/** How many migrations this version of the app ships (db/migrations, drizzle-kit's journal). */
export function committedMigrations(): number {
  const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_FOLDER, "meta", "_journal.json"), "utf8")) as { entries: unknown[] };
  return journal.entries.length;
}

/** True when every committed migration is recorded as applied in the database. */
async function appliedMigrations(root: postgres.Sql): Promise<boolean> {
  try {
    const [row] = await root.unsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`);
    return (row?.n ?? 0) >= committedMigrations();
  } catch {
    return false; // not migrated at all yet
  }
}

// ---------- PGlite ----------

// PGlite takes COPY input as one Blob; batching keeps memory bounded for large files.
const PGLITE_COPY_BATCH_BYTES = 16 * 1024 * 1024;

type PgliteClient = Pick<PGlite, "query" | "exec">;

function pgliteSql(client: PgliteClient, root: PGlite, inTx: boolean): Sql {
  return {
    async query<T>(text: string, params: unknown[] = []) {
      const result = await client.query<T>(text, bindable(params));
      return result.rows;
    },
    async exec(text: string) {
      await client.exec(text);
    },
    async copyIn(table, columns, chunks) {
      let parts: string[] = [];
      let size = 0;
      const flush = async () => {
        if (parts.length === 0) return;
        await client.query(copySql(table, columns, "'/dev/blob'"), [], { blob: new Blob(parts) });
        parts = [];
        size = 0;
      };
      for await (const chunk of chunks) {
        parts.push(chunk);
        size += chunk.length;
        if (size >= PGLITE_COPY_BATCH_BYTES) await flush();
      }
      await flush();
    },
    async transaction(fn) {
      if (inTx) {
        // PGlite has no nested transaction API; a savepoint gives the same all-or-nothing inner block.
        await client.exec("SAVEPOINT wx_inner");
        try {
          const value = await fn(this);
          await client.exec("RELEASE SAVEPOINT wx_inner");
          return value;
        } catch (e) {
          await client.exec("ROLLBACK TO SAVEPOINT wx_inner");
          throw e;
        }
      }
      return root.transaction((tx) => fn(pgliteSql(tx as unknown as PgliteClient, root, true)));
    },
  };
}

/**
 * PGlite in `dir` (in memory when undefined). `loadDataDir`, a tarball of a data directory
 * (PGlite's dumpDataDir), creates the database from it; PGlite refuses when `dir` already holds one.
 */
export async function openPglite(dir: string | undefined, options: { loadDataDir?: Blob } = {}): Promise<Connection & { pglite: PGlite }> {
  const pg = await PGlite.create({ dataDir: dir, loadDataDir: options.loadDataDir, parsers: { [DATE_OID]: (v: string) => v } });
  const orm = drizzlePglite({ client: pg });
  return {
    driver: "pglite",
    pglite: pg,
    ...pgliteSql(pg, pg, false),
    migrate: () => migratePglite(orm, { migrationsFolder: MIGRATIONS_FOLDER }),
    close: () => pg.close(),
  };
}
