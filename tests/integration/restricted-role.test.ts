import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPostgres } from "@/db/client";
import { importFile } from "@/lib/ingest/import";
import { freshDatabase, isPostgres, type TestDatabase } from "../helpers/db";

// The app can run as a PostgreSQL role that may read and write the data but not change the logs
// (README "A restricted database role"): an up-to-date database needs no migration rights.
let db: TestDatabase;
const role = `wx_app_${randomBytes(4).toString("hex")}`;

beforeAll(async () => {
  db = await freshDatabase();
});
afterAll(async () => {
  if (isPostgres()) await db.exec(`DROP OWNED BY ${role}; DROP ROLE IF EXISTS ${role}`).catch(() => {});
  await db.drop();
});

describe("a restricted database role", () => {
  it("imports and migrates (nothing to do) as a role without UPDATE, DELETE or TRUNCATE on the logs", async () => {
    const migrations = async () => (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`))[0]!.n;
    const before = await migrations();
    await db.migrate();
    expect(await migrations()).toBe(before);
    if (!isPostgres()) return; // PGlite has one user: the rest is PostgreSQL's
    const [{ current_database: name }] = (await db.query<{ current_database: string }>(`SELECT current_database()`)) as [{ current_database: string }];
    await db.exec(`CREATE ROLE ${role} LOGIN;
      GRANT USAGE ON SCHEMA public, drizzle TO ${role};
      GRANT SELECT ON ALL TABLES IN SCHEMA drizzle TO ${role};
      GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role};
      GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO ${role};
      REVOKE UPDATE, DELETE, TRUNCATE ON audit_log, access_log, notice_events, publications, notice_pdfs FROM ${role};`);
    const url = new URL(process.env.DATABASE_URL!);
    url.username = role;
    url.password = "";
    url.pathname = `/${name}`;
    const app = openPostgres(url.toString(), 2);
    try {
      await app.migrate();
      const { summary } = await importFile(app, "units", "examples/units.csv", { actor: "restricted" });
      expect(summary.inserted).toBeGreaterThan(0);
      await expect(app.query(`DELETE FROM audit_log`)).rejects.toThrow(/permission denied/);
      await expect(app.query(`UPDATE access_log SET allowed = true`)).rejects.toThrow(/permission denied/);
      await expect(app.exec(`TRUNCATE publications`)).rejects.toThrow(/permission denied/);
    } finally {
      await app.close();
    }
  });
});
