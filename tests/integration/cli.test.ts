import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { lockDataDir } from "@/db/lock";
import { tempDir } from "../helpers/files";

// The CLI as a user runs it, on its own embedded database (or on a fresh server database).
const dir = tempDir();
const env: NodeJS.ProcessEnv = { ...process.env, WENXIAO_DATA_DIR: path.join(dir, "data") };
const serverUrl = process.env.DATABASE_URL;
let dbName: string | undefined;
if (serverUrl) {
  dbName = `wx_cli_${Date.now().toString(36)}`;
  spawnSync("psql", [serverUrl, "-qc", `CREATE DATABASE ${dbName}`]);
  const u = new URL(serverUrl);
  u.pathname = `/${dbName}`;
  env.DATABASE_URL = u.toString();
}

function wenxiao(...args: string[]) {
  return run(env, args);
}

function run(environment: NodeJS.ProcessEnv, args: string[]) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "--import", "./scripts/server-only.mjs", "cli/wenxiao.ts", ...args], { env: environment, encoding: "utf8", cwd: process.cwd() });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

afterAll(() => {
  if (serverUrl && dbName) spawnSync("psql", [serverUrl, "-qc", `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`]);
  fs.rmSync(dir, { recursive: true, force: true });
});

// each case starts several CLI processes (each opens and migrates the database): minutes, not seconds, on a loaded 2-core machine
describe("the wenxiao command", { timeout: 240_000 }, () => {
  it("imports the examples, prints one JSON line each, and scores", () => {
    for (const kind of ["units", "records", "stats", "cases", "feedback", "objections"]) {
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

  it("closes a period: drafts notices by the default rules, once", () => {
    const first = wenxiao("close", "--period", "2024-03", "--as-of", "2024-04-30", "--json");
    expect(first.code, first.err).toBe(0);
    const doc = JSON.parse(first.out);
    expect(doc.period).toBe("2024-03");
    expect(doc.drafts).toContainEqual({ group: "region", code: "620100", rules: ["violations"] });
    const again = wenxiao("close", "--period", "2024-03", "--as-of", "2024-04-30", "--json");
    expect(JSON.parse(again.out)).toEqual(doc);
  });

  it("exits 1 when rows were rejected, with their numbers and reasons", () => {
    const file = path.join(dir, "bad.csv");
    fs.writeFileSync(file, "unit_code,catalog_item,period,expected,collected\n620100-SCJGJ,许可,2024-04,10,9\nNOPE,许可,2024-04,1,1\n");
    const r = wenxiao("import", "stats", file, "--lang", "en");
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toMatchObject({ rows: 2, inserted: 1, rejected: [{ row: 2, errors: [expect.stringContaining('unit "NOPE" does not exist')] }] });
  });

  it("exits 2 on a usage error or an unusable file", () => {
    expect(wenxiao("import", "widgets", "x.csv").code).toBe(2);
    expect(wenxiao("score").code).toBe(2);
    expect(wenxiao("frobnicate").code).toBe(2);
    const r = wenxiao("import", "records", path.join(dir, "missing.csv"));
    expect(r.code).toBe(2);
    expect(r.err).toContain("文件不存在");
  });

  it("prints the working-day calendar as CSV", () => {
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
});
