import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { logAccess } from "@/lib/auth/access";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { authSecret } from "@/lib/auth/secret";
import { freshDatabase, rollbackEach, type TestDatabase } from "../helpers/db";

let db: TestDatabase;
const tx = rollbackEach(() => db);

beforeAll(async () => {
  db = await freshDatabase();
});

afterAll(async () => {
  await db?.drop();
});

describe("access records and secrets", () => {
  it("logs views and refusals with who, what and which unit", async () => {
    const head = { username: "head-620100", name: "兰州市负责人", role: "unit_head" as const, unitCode: "620100" };
    await logAccess(tx(), head, "view:unit", "620100", true);
    await logAccess(tx(), head, "view:unit", "620200", false);
    await logAccess(tx(), null, "export:unit", "620200", false);
    const rows = await tx().query(`SELECT username, role, user_unit, action, target_unit, allowed FROM access_log ORDER BY id`);
    expect(rows).toEqual([
      { username: "head-620100", role: "unit_head", user_unit: "620100", action: "view:unit", target_unit: "620100", allowed: true },
      { username: "head-620100", role: "unit_head", user_unit: "620100", action: "view:unit", target_unit: "620200", allowed: false },
      { username: "(anonymous)", role: "none", user_unit: null, action: "export:unit", target_unit: "620200", allowed: false },
    ]);
  });

  it("logs a refusal whose address holds a NUL (PostgreSQL text cannot) instead of failing before it is written", async () => {
    const head = { username: "head-620100", name: "兰州市负责人", role: "unit_head" as const, unitCode: "620100" };
    await logAccess(tx(), head, "view:unit", "620200\0", false, { address: "127.0.0.1", detail: "/unit/620200\0" });
    const rows = await tx().query(`SELECT target_unit, allowed, detail FROM access_log ORDER BY id`);
    expect(rows).toEqual([{ target_unit: "620200\uFFFD", allowed: false, detail: "/unit/620200\uFFFD" }]);
  });

  it("hashes passwords with a salt and checks them", async () => {
    const a = await hashPassword("wenxiao-demo-2026");
    const b = await hashPassword("wenxiao-demo-2026");
    expect(a).not.toBe(b);
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(await verifyPassword("wenxiao-demo-2026", a)).toBe(true);
    expect(await verifyPassword("wenxiao-demo-2027", a)).toBe(false);
    expect(await verifyPassword("x", "not a hash")).toBe(false);
  });

  it("keeps the session secret in a file only its owner reads, or requires it with a database server", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "wx-secret-"));
    const first = authSecret({ fromEnv: undefined, databaseUrl: undefined, dataDir });
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(authSecret({ fromEnv: undefined, databaseUrl: undefined, dataDir })).toBe(first);
    expect(fs.statSync(path.join(dataDir, "auth-secret")).mode & 0o777).toBe(0o600);
    expect(authSecret({ fromEnv: "from-the-environment-0123456789abcdef", databaseUrl: "postgres://x/y", dataDir })).toBe("from-the-environment-0123456789abcdef");
    expect(() => authSecret({ fromEnv: undefined, databaseUrl: "postgres://x/y", dataDir })).toThrow(/AUTH_SECRET must be set with DATABASE_URL/);
    // nothing in the database
    expect(await tx().query(`SELECT key FROM settings WHERE key = 'auth_secret'`)).toEqual([]);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
});
