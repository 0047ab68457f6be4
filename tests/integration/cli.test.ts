import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "@/db";
import { lockDataDir } from "@/db/lock";
import { ensureOfficialCalendar } from "@/lib/calendar/official";
import { importFile } from "@/lib/ingest/import";
import type { ImportKind } from "@/lib/ingest/kinds";
import { tempDir } from "../helpers/files";

// The CLI as a user runs it. A test that writes has an embedded database (or a server database) of
// its own, and imports in it what it needs; the tests that only read share one.
const dir = tempDir();
const serverUrl = process.env.DATABASE_URL;
const serverDatabases: string[] = [];
let databases = 0;

/** The CLI's environment on a new, empty database: a data directory of its own, or a new database on the server. */
function ownDatabase(): NodeJS.ProcessEnv {
  const n = ++databases;
  const environment: NodeJS.ProcessEnv = { ...process.env, WENXIAO_DATA_DIR: path.join(dir, `data-${n}`) };
  if (serverUrl) {
    const name = `wx_cli_${Date.now().toString(36)}_${n}`;
    spawnSync("psql", [serverUrl, "-qc", `CREATE DATABASE ${name}`]);
    serverDatabases.push(name);
    const u = new URL(serverUrl);
    u.pathname = `/${name}`;
    environment.DATABASE_URL = u.toString();
  }
  return environment;
}

let readOnly: NodeJS.ProcessEnv | undefined;
/** One database for the tests that write nothing to it. */
const sharedDatabase = () => (readOnly ??= ownDatabase());

const EXAMPLES: ImportKind[] = ["units", "records", "stats", "cases", "feedback", "objections"];

/** Imports examples/<kind>.csv into the environment's database in this process: a test's starting point, without a CLI start for each file. */
async function importExamples(environment: NodeJS.ProcessEnv, kinds: ImportKind[]) {
  const db = await openDatabase({ url: environment.DATABASE_URL, dataDir: environment.WENXIAO_DATA_DIR! });
  try {
    await ensureOfficialCalendar(db);
    for (const kind of kinds) {
      const { summary } = await importFile(db, kind, `examples/${kind}.csv`, { actor: "cli" });
      expect(summary.rejected, kind).toEqual([]);
    }
  } finally {
    await db.close();
  }
}

function run(environment: NodeJS.ProcessEnv, args: string[]) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "--import", "./scripts/server-only.mjs", "cli/wenxiao.ts", ...args], { env: environment, encoding: "utf8", cwd: process.cwd() });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

afterAll(() => {
  for (const name of serverDatabases) spawnSync("psql", [serverUrl!, "-qc", `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]);
  fs.rmSync(dir, { recursive: true, force: true });
});

// each case starts several CLI processes (each opens and migrates the database): minutes, not seconds, on a loaded 2-core machine
describe("the wenxiao command", { timeout: 240_000 }, () => {
  it("imports the examples, prints one JSON line each, and scores", () => {
    const env = ownDatabase();
    const wenxiao = (...args: string[]) => run(env, args);
    for (const kind of EXAMPLES) {
      const r = wenxiao("import", kind, `examples/${kind}.csv`);
      expect(r.code, `${kind}: ${r.err}`).toBe(0);
      const lines = r.out.trim().split("\n");
      expect(lines).toHaveLength(1);
      const summary = JSON.parse(lines[0]!);
      expect(Object.keys(summary)).toEqual(["kind", "rows", "inserted", "updated", "unchanged", "superseded", "rejected"]);
      expect(summary.rows).toBe(summary.inserted);
    }
    const again = JSON.parse(wenxiao("import", "records", "examples/records.csv").out);
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 3 });

    const score = wenxiao("score", "--period", "2024-03", "--as-of", "2024-04-30", "--json");
    expect(score.code, score.err).toBe(0);
    const doc = JSON.parse(score.out);
    expect(doc.period).toBe("2024-03");
    expect(doc.as_of).toBe("2024-04-30");
    expect(doc.groups.region.map((e: { code: string }) => e.code)).toEqual(["620200", "620100"]);
    expect(Object.keys(doc.groups.region[0].indicators)).toEqual([
      "publication_timeliness",
      "collection_timeliness",
      "compliance",
      "coverage",
      "feedback_timeliness",
      "feedback_coverage",
    ]);
  });

  it("closes a period: drafts notices by the default rules, once", async () => {
    const env = ownDatabase();
    await importExamples(env, EXAMPLES);
    const wenxiao = (...args: string[]) => run(env, args);
    const first = wenxiao("close", "--period", "2024-03", "--as-of", "2024-04-30", "--json");
    expect(first.code, first.err).toBe(0);
    const doc = JSON.parse(first.out);
    expect(doc.period).toBe("2024-03");
    expect(doc.drafts).toContainEqual({ group: "region", code: "620100", rules: ["violations"] });
    const again = wenxiao("close", "--period", "2024-03", "--as-of", "2024-04-30", "--json");
    expect(JSON.parse(again.out)).toEqual(doc);
  });

  it("refuses to close a period before its end unless told --early with a --reason, which the drafts keep", async () => {
    const env = ownDatabase();
    await importExamples(env, EXAMPLES);
    const wenxiao = (...args: string[]) => run(env, args);
    const open = wenxiao("close", "--period", "2024-03", "--as-of", "2024-03-25", "--json");
    expect(open.code).toBe(2);
    expect(open.err).toContain("期间 2024-03 尚未结束");
    expect(open.out).toBe("");
    expect(wenxiao("close", "--period", "2024-03", "--as-of", "2024-03-25", "--early").code).toBe(2);
    expect(wenxiao("close", "--period", "2024-03", "--as-of", "2024-04-30", "--reason", "x").code).toBe(2);
    const early = wenxiao("close", "--period", "2024-03", "--as-of", "2024-03-25", "--early", "--reason", "督查组提前进驻", "--json");
    expect(early.code, early.err).toBe(0);
    const doc = JSON.parse(early.out) as { period: string; drafts: unknown[] };
    expect(doc.period).toBe("2024-03");
    expect(doc.drafts.length).toBeGreaterThan(0);
    const db = await openDatabase({ url: env.DATABASE_URL, dataDir: env.WENXIAO_DATA_DIR! });
    try {
      const reasons = await db.query<{ early_close_reason: string | null }>(`SELECT early_close_reason FROM notices`);
      expect(reasons).toHaveLength(doc.drafts.length);
      expect(new Set(reasons.map((r) => r.early_close_reason))).toEqual(new Set(["督查组提前进驻"]));
      expect(await db.query(`SELECT action, actor FROM audit_log WHERE entity = 'periods'`)).toEqual([{ action: "close_early", actor: "cli" }]);
    } finally {
      await db.close();
    }
  });

  it("undoes an import batch: import undo BATCH_ID --reason, once; the file imports again after", async () => {
    const env = ownDatabase();
    await importExamples(env, ["units", "records"]);
    const wenxiao = (...args: string[]) => run(env, args);
    const noReason = wenxiao("import", "undo", "2");
    expect(noReason.code).toBe(2);
    expect(noReason.err).toContain("--reason");
    const r = wenxiao("import", "undo", "2", "--reason", "重复导入");
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toEqual({ batch: 2, kind: "records", removed: 3, restored: 0 });
    const again = wenxiao("import", "undo", "2", "--reason", "再撤销一次", "--lang", "en");
    expect(again.code).toBe(2);
    expect(again.err).toContain("batch #2 cannot be undone: the batch has already been undone");
    expect(JSON.parse(wenxiao("import", "records", "examples/records.csv").out)).toMatchObject({ inserted: 3, updated: 0 });
  });

  it("exits 1 when rows were rejected, with their numbers and reasons", async () => {
    const env = ownDatabase();
    await importExamples(env, ["units"]);
    const wenxiao = (...args: string[]) => run(env, args);
    const file = path.join(dir, "bad.csv");
    fs.writeFileSync(file, "unit_code,catalog_item,period,expected,collected\n620100-SCJGJ,许可,2024-04,10,9\nNOPE,许可,2024-04,1,1\n");
    const r = wenxiao("import", "stats", file, "--lang", "en");
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toMatchObject({ rows: 2, inserted: 1, rejected: [{ row: 2, errors: [expect.stringContaining('unit "NOPE" does not exist')] }] });
  });

  it("exits 2 on a usage error or an unusable file", () => {
    const wenxiao = (...args: string[]) => run(sharedDatabase(), args);
    expect(wenxiao("import", "widgets", "x.csv").code).toBe(2);
    expect(wenxiao("score").code).toBe(2);
    expect(wenxiao("frobnicate").code).toBe(2);
    const r = wenxiao("import", "records", path.join(dir, "missing.csv"));
    expect(r.code).toBe(2);
    expect(r.err).toContain("文件不存在");
  });

  it("prints the working-day calendar as CSV", () => {
    const wenxiao = (...args: string[]) => run(sharedDatabase(), args);
    const r = wenxiao("calendar", "--from", "2024-09-28", "--to", "2024-10-01");
    expect(r.out).toBe("date,is_workday\n2024-09-28,0\n2024-09-29,1\n2024-09-30,1\n2024-10-01,0\n");
    const missing = wenxiao("calendar", "--from", "2027-01-01", "--to", "2027-01-02", "--lang", "en");
    expect(missing.code).not.toBe(0);
    expect(missing.err).toContain("calendar for 2027 not loaded");
  });

  it("refuses at once while another process holds the embedded database", () => {
    // always on the embedded database, whichever database the suite runs on
    const embedded: NodeJS.ProcessEnv = { ...process.env, WENXIAO_DATA_DIR: path.join(dir, "embedded") };
    delete embedded.DATABASE_URL;
    const release = lockDataDir(embedded.WENXIAO_DATA_DIR!);
    try {
      // this test process holds it: the child sees a live owner
      const r = run(embedded, ["calendar", "--from", "2024-10-01", "--to", "2024-10-02"]);
      expect(r.code).toBe(3);
      expect(r.err).toContain("正被另一个进程");
    } finally {
      release();
    }
    // a lock left by a process that died does not block
    fs.writeFileSync(path.join(embedded.WENXIAO_DATA_DIR!, "wenxiao.lock"), JSON.stringify({ pid: 2 ** 22 + 12345, host: os.hostname() }));
    expect(run(embedded, ["calendar", "--from", "2024-10-01", "--to", "2024-10-02"]).code).toBe(0);
  });

  it("creates the first office account of a deployment and prints its one-time password", () => {
    const environment = ownDatabase();
    const created = run(environment, ["user", "create", "--username", "admin", "--role", "office", "--name", "办公室", "--lang", "en"]);
    expect(created.code, created.err).toBe(0);
    expect(created.out).toMatch(/^created admin; one-time password: \S{16,}\n$/);
    const again = run(environment, ["user", "create", "--username", "admin", "--role", "office"]);
    expect(again.code).toBe(2);
    expect(again.err).toContain("已存在");
    const unlocked = run(environment, ["user", "unlock", "--username", "admin"]);
    expect(unlocked.code, unlocked.err).toBe(0);
  });
});
