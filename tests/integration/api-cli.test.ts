import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "@/db";
import { importFile } from "@/lib/ingest/import";
import { tempDir } from "../helpers/files";

/**
 * `wenxiao token create|list|revoke` as a user runs it (CONTRACT §8: `--json` prints exactly
 * {"token":"…","unit":"CODE"}), and `import --server`'s usage errors. The push itself is tested
 * against the route handler in api-push.test.ts (lib/api/client.ts).
 */
const dir = tempDir();
const serverUrl = process.env.DATABASE_URL;
let serverDatabase: string | undefined;

function environment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, WENXIAO_DATA_DIR: path.join(dir, "data"), WENXIAO_DEMO: "0" };
  if (serverUrl) {
    serverDatabase ??= `wx_apicli_${Date.now().toString(36)}`;
    const u = new URL(serverUrl);
    u.pathname = `/${serverDatabase}`;
    env.DATABASE_URL = u.toString();
  }
  return env;
}

function run(args: string[]) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "--import", "./scripts/server-only.mjs", "cli/wenxiao.ts", ...args], { env: environment(), encoding: "utf8", cwd: process.cwd() });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

async function withDatabase<T>(fn: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>): Promise<T> {
  const env = environment();
  const db = await openDatabase({ url: env.DATABASE_URL, dataDir: env.WENXIAO_DATA_DIR! });
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

afterAll(() => {
  if (serverDatabase) spawnSync("psql", [serverUrl!, "-qc", `DROP DATABASE IF EXISTS ${serverDatabase} WITH (FORCE)`]);
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("wenxiao token", { timeout: 240_000 }, () => {
  it("creates a token, prints it once as the contract says, stores its hash; lists and revokes it", async () => {
    if (serverUrl) spawnSync("psql", [serverUrl, "-qc", `CREATE DATABASE ${environment().DATABASE_URL!.split("/").pop()}`]);
    await withDatabase(async (db) => {
      const { summary } = await importFile(db, "units", "examples/units.csv", { actor: "test" });
      expect(summary.rejected).toEqual([]);
    });

    const created = run(["token", "create", "--unit", "620100", "--name", "信用平台", "--json"]);
    expect(created.code, created.err).toBe(0);
    expect(created.out).toMatch(/^\{"token":"wx_[A-Za-z0-9_-]{43}","unit":"620100"\}\n$/);
    const { token } = JSON.parse(created.out) as { token: string };

    const stored = await withDatabase((db) => db.query<{ id: number; token_hash: string; prefix: string; created_by: string; name: string }>(`SELECT id, token_hash, prefix, created_by, name FROM api_tokens`));
    expect(stored).toEqual([{ id: expect.any(Number), token_hash: createHash("sha256").update(token).digest("hex"), prefix: token.slice(0, 10), created_by: "cli", name: "信用平台" }]);

    const listed = run(["token", "list", "--json"]);
    expect(listed.code, listed.err).toBe(0);
    const rows = JSON.parse(listed.out) as { id: number; unit: string; prefix: string; status: string }[];
    expect(rows).toEqual([expect.objectContaining({ id: stored[0]!.id, unit: "620100", prefix: token.slice(0, 10), status: "active" })]);
    expect(listed.out).not.toContain(token.slice(10));

    const revoked = run(["token", "revoke", String(stored[0]!.id), "--lang", "en"]);
    expect(revoked.code, revoked.err).toBe(0);
    expect(revoked.out).toContain("revoked");
    expect((JSON.parse(run(["token", "list", "--json", "--unit", "620100"]).out) as { status: string }[])[0]!.status).toBe("revoked");
  });

  it("refuses a missing unit, an unknown unit and an unknown verb as usage errors (exit 2)", () => {
    expect(run(["token", "create"]).code).toBe(2);
    const unknown = run(["token", "create", "--unit", "NOPE", "--lang", "en"]);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('unit "NOPE" does not exist');
    expect(run(["token", "rename"]).code).toBe(2);
    expect(run(["token", "revoke", "abc"]).code).toBe(2);
  });

  it("import --server needs --token, an http(s) address, and answers a server that cannot be reached with exit 3", () => {
    expect(run(["import", "records", "examples/records.csv", "--server", "http://127.0.0.1:9"]).code).toBe(2);
    expect(run(["import", "records", "examples/records.csv", "--server", "ftp://x", "--token", "wx_x"]).code).toBe(2);
    const down = run(["import", "records", "examples/records.csv", "--server", "http://127.0.0.1:9", "--token", "wx_x", "--lang", "en"]);
    expect(down.code, down.err).toBe(3);
    expect(down.err).toContain("cannot reach the server http://127.0.0.1:9");
  });
});
