import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import postgres from "postgres";
import { openPostgres, type Connection } from "@/db/client";
import { parseRows } from "@/lib/api/body";
import { createToken } from "@/lib/api/tokens";
import { systemActor } from "@/lib/auth/actor";
import { prepareDatabase } from "@/lib/db";
import { fieldDocs } from "@/lib/ingest/fields";
import { importFile } from "@/lib/ingest/import";
import { checkUpload, commitUpload, createUpload, getUpload, runCommit } from "@/lib/ingest/upload";
import { province, writeCsv, writeRecords } from "./generate";

/**
 * The push API's throughput beside the CLI's bulk path for the same rows, in the same run, on
 * PostgreSQL (issue 10): N records pushed to the built app (`npm start`) on loopback by 4 clients in
 * batches of up to 5 000 rows, each with its own Idempotency-Key, against importFile of the same CSV;
 * each path into a fresh database with the province's units and an empty records table. Then the
 * browser upload's path for an XLSX of M rows: the lib functions the upload handler calls (createUpload,
 * the dry run checkUpload, commitUpload + runCommit), timed step by step.
 * Usage: npm run bench:api [-- 1000000 200000]   (BENCH_API_FORMAT=ndjson for NDJSON bodies; BENCH_PG;
 * WENXIAO_TRACE=1 BENCH_API_LOG=<file> keeps the app's timing of each import step; BENCH_API_PROF=<dir> its CPU profile)
 */
const arg = (i: number, fallback: number) => {
  const n = Number(process.argv[2 + i]);
  return process.argv[2 + i] !== undefined && Number.isInteger(n) && n >= 0 ? n : fallback;
};
// the XLSX's size 0 skips the upload path
const ROWS = Math.max(1, arg(0, 1_000_000));
const XLSX_ROWS = arg(1, 200_000);
const BATCH = Number(process.env.BENCH_API_BATCH ?? 5000);
const CLIENTS = Number(process.env.BENCH_API_CLIENTS ?? 4);
// JSON array bodies by default: the handler parsed them a little faster than NDJSON in most runs (the bench prints both)
const FORMAT = process.env.BENCH_API_FORMAT === "ndjson" ? "ndjson" : "json";
const SERVER = process.env.BENCH_PG ?? "postgres://postgres@127.0.0.1:5432";
const PORT = 3950 + Math.floor(Math.random() * 40);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wx-bench-api-"));
const actor = systemActor("bench");

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

async function seconds<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = process.hrtime.bigint();
  const v = await fn();
  return [Number(process.hrtime.bigint() - t0) / 1e9, v];
}

/** A fresh database with the schema and the province's units; dropped by the returned function. */
async function freshDatabase(unitsFile: string, tag: string): Promise<{ url: string; db: Connection; drop: () => Promise<void> }> {
  const name = `wx_bench_api_${tag}_${Date.now()}`;
  const admin = postgres(`${SERVER}/postgres`, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const url = `${SERVER}/${name}`;
  const db = openPostgres(url, 2);
  await prepareDatabase(db);
  await importFile(db, "units", unitsFile, { actor: "bench" });
  const drop = async () => {
    await db.close().catch(() => {});
    await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  };
  return { url, db, drop };
}

async function count(db: Connection): Promise<number> {
  const [r] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM records`);
  return r?.n ?? 0;
}

/** The CLI's bulk path: importFile of the CSV into an empty records table. */
async function cliPath(file: string, unitsFile: string): Promise<number> {
  const { db, drop } = await freshDatabase(unitsFile, "cli");
  try {
    const [t, result] = await seconds(() => importFile(db, "records", file, { actor: "bench" }));
    const stored = await count(db);
    console.log(`CLI bulk path (importFile of the CSV, own fresh database): ${t.toFixed(1)} s = ${fmt(ROWS / t)} rows/s; ${fmt(result.summary.inserted)} inserted, ${fmt(stored)} in records`);
    return ROWS / t;
  } finally {
    await drop();
  }
}

interface Batch {
  token: string;
  key: string;
  rows: number;
  body: Uint8Array<ArrayBuffer>;
}

/**
 * The rows grouped by department: a token writes its unit's rows and its agencies' (region_code or
 * line_code), and the generator's agencies are `<department>-<region>`, so one token per department
 * (40) covers every row. Each department's rows are cut into batches of up to BATCH rows; the bodies
 * are made before the clock starts (a pushing system has its rows at hand).
 */
function batches(file: string, tokens: Map<string, string>): Batch[] {
  const lines = fs.readFileSync(file, "utf8").split("\n");
  const header = lines[0]!.split(",");
  const unitAt = header.indexOf("unit_code");
  const byDept = new Map<string, string[]>();
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === "") continue;
    const cells = line.split(",");
    const row: Record<string, string | null> = {};
    header.forEach((h, j) => (row[h] = cells[j] === "" ? null : cells[j]!));
    const dept = cells[unitAt]!.split("-")[0]!;
    let list = byDept.get(dept);
    if (!list) byDept.set(dept, (list = []));
    list.push(JSON.stringify(row));
  }
  const out: Batch[] = [];
  for (const [dept, rows] of byDept) {
    for (let i = 0; i < rows.length; i += BATCH) {
      const part = rows.slice(i, i + BATCH);
      const text = FORMAT === "json" ? `[${part.join(",")}]` : part.join("\n") + "\n";
      out.push({ token: tokens.get(dept)!, key: `bench-${dept}-${i / BATCH}`, rows: part.length, body: new TextEncoder().encode(text) });
    }
  }
  // the departments' batches interleaved, so the clients work on different units at the same time
  return out.sort((a, b) => Number(a.key.split("-")[2]) - Number(b.key.split("-")[2]) || a.key.localeCompare(b.key));
}

/**
 * The handler's own work on one body, in this process: lib/api/body.ts parseRows of the same rows as
 * NDJSON and as a JSON array (best of 5 each), so the choice of format is measured, not guessed.
 */
function bodyParsing(b: Batch) {
  const text = new TextDecoder().decode(b.body);
  const rows = FORMAT === "json" ? (JSON.parse(text) as unknown[]).map((r) => JSON.stringify(r)) : text.split("\n").filter(Boolean);
  const bodies = { ndjson: Buffer.from(rows.join("\n") + "\n"), json: Buffer.from(`[${rows.join(",")}]`) };
  const best = (format: "ndjson" | "json") => {
    let min = Infinity;
    for (let i = 0; i < 5; i++) {
      const t0 = process.hrtime.bigint();
      parseRows("records", format, bodies[format]);
      min = Math.min(min, Number(process.hrtime.bigint() - t0) / 1e6);
    }
    return min;
  };
  const nd = best("ndjson");
  const js = best("json");
  console.log(
    `body parsing of one batch (lib/api/body.ts parseRows, ${fmt(rows.length)} rows, in this process, best of 5): ` +
      `NDJSON ${nd.toFixed(0)} ms (${fmt((rows.length / nd) * 1000)} rows/s), JSON array ${js.toFixed(0)} ms (${fmt((rows.length / js) * 1000)} rows/s)`,
  );
}

async function startApp(url: string): Promise<{ child: ChildProcess; log: () => string; base: string }> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(PORT),
    DATABASE_URL: url,
    WENXIAO_DEMO: "0",
    WENXIAO_JOBS: "0",
    WENXIAO_DATA_DIR: path.join(dir, "data"),
    AUTH_SECRET: randomBytes(32).toString("base64"),
  };
  const child = spawn(process.execPath, [...(process.env.BENCH_API_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_API_PROF}`] : []), "--import", "tsx", "--import", "./scripts/server-only.mjs", "scripts/start.ts"], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let log = "";
  child.stdout.on("data", (d) => (log += d));
  child.stderr.on("data", (d) => (log += d));
  const base = `http://127.0.0.1:${PORT}`;
  const deadline = Date.now() + 900_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the app stopped:\n${log}`);
    try {
      if ((await fetch(`${base}/api/v1/openapi.json`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the app did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
  return { child, log: () => log, base };
}

async function stopApp(child: ChildProcess) {
  if (!child.pid || child.exitCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  process.kill(-child.pid, "SIGTERM");
  await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
}

const SAMPLE_MS = 50;

/**
 * A poor man's profile of the database side: what the app's connections are doing, every SAMPLE_MS
 * (pg_stat_activity; a statement by its first words, with what it waits on).
 */
function sampleActivity(url: string): { stop: () => Promise<{ total: number; counts: Map<string, number> }> } {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  const counts = new Map<string, number>();
  let total = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const rows = await sql<{ q: string; wait: string | null }[]>`
        SELECT regexp_replace(left(query, 70), '[[:space:]]+', ' ', 'g') AS q, wait_event_type || ':' || wait_event AS wait
        FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'active'`;
      total++;
      for (const r of rows) {
        const key = `${r.q}${r.wait ? ` [${r.wait}]` : ""}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      await new Promise((r) => setTimeout(r, SAMPLE_MS));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      await sql.end();
      return { total, counts };
    },
  };
}

/** The push API: 4 clients take the batches in turn, one request at a time each. */
async function apiPath(file: string, unitsFile: string, cliRate: number) {
  const { url, db, drop } = await freshDatabase(unitsFile, "api");
  let app: Awaited<ReturnType<typeof startApp>> | undefined;
  try {
    const tokens = new Map<string, string>();
    for (let d = 1; d <= 40; d++) {
      const dept = `D${String(d).padStart(2, "0")}`;
      tokens.set(dept, (await createToken(db, actor, { unitCode: dept, name: "bench" })).token);
    }
    const work = batches(file, tokens);
    bodyParsing(work[0]!);
    app = await startApp(url);
    const target = `${app.base}/api/v1/records`;
    const contentType = FORMAT === "json" ? "application/json" : "application/x-ndjson";
    let next = 0;
    let inserted = 0;
    const client = async () => {
      for (;;) {
        const b = work[next++];
        if (!b) return;
        const r = await fetch(target, {
          method: "POST",
          headers: { authorization: `Bearer ${b.token}`, "content-type": contentType, "idempotency-key": b.key },
          body: b.body,
        });
        const text = await r.text();
        if (r.status !== 200) throw new Error(`batch ${b.key}: ${r.status} ${text.slice(0, 500)}`);
        inserted += (JSON.parse(text) as { inserted: number }).inserted;
      }
    };
    const sampler = process.env.WENXIAO_TRACE === "1" ? sampleActivity(url) : undefined;
    const [t] = await seconds(() => Promise.all(Array.from({ length: CLIENTS }, client)));
    const samples = await sampler?.stop();
    const stored = await count(db);
    const rate = ROWS / t;
    const sizes = work.map((b) => b.rows);
    console.log(
      `push API (${work.length} requests of ${Math.min(...sizes)}–${Math.max(...sizes)} rows, ${FORMAT === "json" ? "JSON array" : "NDJSON"} bodies, ` +
        `${CLIENTS} clients, one token per department = the rows of its 98 agencies, loopback): ${t.toFixed(1)} s = ${fmt(rate)} rows/s; ` +
        `${fmt(inserted)} inserted, ${fmt(stored)} in records${stored === ROWS ? "" : ` — NOT ${fmt(ROWS)}`}`,
    );
    console.log(`  ratio API / CLI bulk path: ${(rate / cliRate).toFixed(2)} (target ≥ 0.5)`);
    if (process.env.WENXIAO_TRACE === "1") {
      // where the server's time went: the import's steps as lib/ingest/import.ts traces them (summed
      // over the requests; they run one import at a time, under the kind's lock), and the ANALYZE each
      // import ends with, timed once on the full table
      const steps = new Map<string, { n: number; ms: number }>();
      for (const m of app.log().matchAll(/^ {2}( *[a-z +]+): (\d+) ms$/gm)) {
        const s = steps.get(m[1]!) ?? { n: 0, ms: 0 };
        s.n++;
        s.ms += Number(m[2]);
        steps.set(m[1]!, s);
      }
      for (const [step, s] of steps) console.log(`  trace ${step.trim()}: ${(s.ms / 1000).toFixed(1)} s in ${s.n} imports (${Math.round(s.ms / s.n)} ms each)`);
      if (samples) {
        console.log(`  the app's database connections, sampled every ${SAMPLE_MS} ms (${samples.total} samples; share of samples each statement was running or waiting in):`);
        for (const [what, n] of [...samples.counts].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`    ${((100 * n) / samples.total).toFixed(0).padStart(3)} %  ${what}`);
      }
      const [analyze] = await seconds(() => db.exec("ANALYZE records"));
      console.log(`  ANALYZE records on the ${fmt(stored)} rows, once: ${(analyze * 1000).toFixed(0)} ms`);
    }
    const warmed = app.log().split("\n").filter((l) => l.startsWith("scores warmed") || l.startsWith("scores not warmed"));
    if (warmed.length > 0) console.log(`  the app's score warmer during the run: ${warmed.map((l) => l.replace(/^.* in /, "")).join(", ")}`);
  } finally {
    if (app) {
      await stopApp(app.child);
      // BENCH_API_LOG=<file>: the app's output (with WENXIAO_TRACE=1, the time of each import step)
      if (process.env.BENCH_API_LOG) fs.writeFileSync(process.env.BENCH_API_LOG, app.log());
    }
    await drop();
  }
}

/** An XLSX of the CSV's rows with the template's (Chinese) headers, written by ExcelJS's streaming writer. */
async function writeXlsx(csv: string, xlsx: string): Promise<number> {
  const lines = fs.readFileSync(csv, "utf8").split("\n").filter(Boolean);
  const fields = lines[0]!.split(",");
  const docs = fieldDocs("records");
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: xlsx, useStyles: false, useSharedStrings: false });
  const sheet = wb.addWorksheet("行政许可和行政处罚");
  sheet.addRow(fields.map((f) => docs.find((d) => d.field === f)?.header ?? f)).commit();
  for (let i = 1; i < lines.length; i++) sheet.addRow(lines[i]!.split(",")).commit();
  sheet.commit();
  await wb.commit();
  return fs.statSync(xlsx).size;
}

/** The browser upload's path without HTTP: the functions app/_upload's handlers call, in order. */
async function uploadPath(unitsFile: string, agencies: string[]) {
  const csv = path.join(dir, `upload-${XLSX_ROWS}.csv`);
  const xlsx = path.join(dir, `upload-${XLSX_ROWS}.xlsx`);
  await writeRecords(csv, XLSX_ROWS, agencies, 2025, 7);
  const bytes = await writeXlsx(csv, xlsx);
  fs.rmSync(csv);
  const { db, drop } = await freshDatabase(unitsFile, "upload");
  try {
    const data = fs.readFileSync(xlsx);
    const [tCreate, upload] = await seconds(() => createUpload(db, actor, { kind: "records", fileName: path.basename(xlsx), data }));
    const [tCheck] = await seconds(() => checkUpload(db, upload.id));
    const checked = await getUpload(db, actor, upload.id);
    if (checked.status !== "checked") throw new Error(`the dry run ended ${checked.status}: ${JSON.stringify(checked.error)}`);
    const [tCommit] = await seconds(async () => {
      await commitUpload(db, actor, upload.id);
      await runCommit(db, upload.id);
    });
    const done = await getUpload(db, actor, upload.id);
    if (done.status !== "committed") throw new Error(`the commit ended ${done.status}: ${JSON.stringify(done.error)}`);
    const stored = await count(db);
    const total = tCreate + tCheck + tCommit;
    console.log(
      `upload path, XLSX of ${fmt(XLSX_ROWS)} rows (${(bytes / 1024 / 1024).toFixed(1)} MB, ExcelJS streaming writer, template headers), ` +
        `lib/ingest/upload.ts called directly as app/_upload's handlers call it (no HTTP, no session):`,
    );
    console.log(
      `  keep (createUpload: sniff, zip check, store) ${tCreate.toFixed(1)} s; dry run (checkUpload) ${tCheck.toFixed(1)} s = ${fmt(XLSX_ROWS / tCheck)} rows/s; ` +
        `commit (commitUpload + runCommit) ${tCommit.toFixed(1)} s = ${fmt(XLSX_ROWS / tCommit)} rows/s; ` +
        `total ${total.toFixed(1)} s = ${fmt(XLSX_ROWS / total)} rows/s; ${fmt(done.committed?.inserted ?? 0)} inserted, ${fmt(stored)} in records`,
    );
  } finally {
    await drop();
  }
}

async function main() {
  const { units, agencies } = province();
  const unitsFile = path.join(dir, "units.csv");
  writeCsv(unitsFile, units);
  console.log(
    `bench/api on ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? ""}; PostgreSQL at ${SERVER}; ${fmt(ROWS)} records, batches of ≤ ${fmt(BATCH)}, ` +
      `${CLIENTS} clients; XLSX ${fmt(XLSX_ROWS)} rows; files in ${dir}`,
  );
  const file = path.join(dir, `records-${ROWS}.csv`);
  await writeRecords(file, ROWS, agencies);
  const cliRate = await cliPath(file, unitsFile);
  await apiPath(file, unitsFile, cliRate);
  fs.rmSync(file);
  if (XLSX_ROWS > 0) await uploadPath(unitsFile, agencies);
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
