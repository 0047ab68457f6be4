import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Connection } from "@/db";
import { openPostgres } from "@/db/client";
import { creditCodeCheckChar } from "@/lib/codes";
import { rng } from "@/lib/demo/random";
import { isPostgres } from "../helpers/db";
import { recordFigure } from "../helpers/figures";
import { insertRegions } from "../helpers/fixtures";
import { tempDir } from "../helpers/files";

// Crash safety of an import (issue 8): the real CLI importing a file of tens of thousands of records
// is killed at seeded random moments spread from its start to just before it would have finished —
// SIGKILL, and on PostgreSQL every other time its backend terminated (pg_terminate_backend) at a
// moment spread from its first connection to its end instead. After each kill:
// that file's batch is visible whole or not at all, every import acknowledged before (summary
// printed) still has all its rows, the embedded data directory opens again, and the re-run of the
// file exits 0 with the right totals. WENXIAO_CRASH_RUNS sets the number of moments (6 by default;
// `npm run reliability` runs 24).
const RUNS = Number(process.env.WENXIAO_CRASH_RUNS ?? 6);
const SEED = Number(process.env.WENXIAO_CRASH_SEED ?? 20261124);
// new keys per file: the import itself, not only the process start, takes a good part of the window
// (PostgreSQL imports about twice as fast as PGlite)
const NEW = process.env.DATABASE_URL ? 60_000 : 30_000;
const UPDATES = 500; // rows that change the previous file's first records
const SUPERSEDED = 200; // earlier rows of a key repeated later in the same file
const SMALL = 100; // rows of the small file killed as soon as it has printed its summary
const HANG_MS = 60_000;

const dir = tempDir();
const dataDir = path.join(dir, "data");
const serverUrl = process.env.DATABASE_URL;
const dbName = `wx_crash_${Date.now().toString(36)}_${process.pid}`;
const APP = `wenxiao-crash-${process.pid}`; // application_name of the CLI's connections (postgres.js reads PGAPPNAME)
const cliEnv: NodeJS.ProcessEnv = { ...process.env, WENXIAO_DATA_DIR: dataDir, PGAPPNAME: APP, WENXIAO_TRACE: "0" };
delete cliEnv.DATABASE_URL;
let testDbUrl: string | undefined;
/** PostgreSQL: one connection held by the test for its checks. PGlite: none, the data directory is opened for each check. */
let server: Connection | undefined;

beforeAll(async () => {
  if (serverUrl) {
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`CREATE DATABASE ${dbName}`);
    await admin.end();
    const u = new URL(serverUrl);
    u.pathname = `/${dbName}`;
    testDbUrl = u.toString();
    cliEnv.DATABASE_URL = testDbUrl;
    server = await openDatabase({ url: testDbUrl, dataDir });
  }
  await withDatabase((sql) => insertRegions(sql, 3));
});

afterAll(async () => {
  await server?.close();
  if (serverUrl) {
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Runs `fn` on the database: the test's connection, or the data directory opened (and its lock taken) for it. */
async function withDatabase<T>(fn: (sql: Connection) => Promise<T>): Promise<T> {
  if (server) return fn(server);
  const db = await openDatabase({ dataDir });
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

const UNITS = ["620100", "620200", "620300"];
const HEADER = "record_id,kind,unit_code,subject_type,subject_code,subject_name,decision_no,decision_date,published_date,received_date\n";

function recordLine(id: string, n: number, name: string): string {
  const first17 = `91620100MA${String(n % 10_000_000).padStart(7, "0")}`;
  const day = String(1 + (n % 28)).padStart(2, "0");
  return `${id},${n % 3 ? "license" : "penalty"},${UNITS[n % 3]},legal,${first17}${creditCodeCheckChar(first17)},${name},决〔2024〕${n}号,2024-03-${day},2024-03-28,\n`;
}

/**
 * File k: UPDATES rows changing the previous file's first records (their name becomes 改k), SUPERSEDED
 * early versions (旧) of this file's first keys, then NEW rows with keys Ck-0 … Ck-(NEW-1).
 */
function bigFile(k: number): { file: string; sha256: string; rows: number; updates: number } {
  const updates = k === 0 ? 0 : UPDATES;
  let text = HEADER;
  for (let i = 0; i < updates; i++) text += recordLine(`C${k - 1}-${i}`, i, `改${k}`);
  for (let i = 0; i < SUPERSEDED; i++) text += recordLine(`C${k}-${i}`, i, "旧");
  for (let i = 0; i < NEW; i++) text += recordLine(`C${k}-${i}`, i, `某公司${i}`);
  const file = path.join(dir, `crash-${k}.csv`);
  fs.writeFileSync(file, text);
  return { file, sha256: createHash("sha256").update(text).digest("hex"), rows: updates + SUPERSEDED + NEW, updates };
}

function smallFile(k: number): string {
  let text = HEADER;
  for (let i = 0; i < SMALL; i++) text += recordLine(`A${k}-${i}`, i, `小${i}`);
  const file = path.join(dir, `small-${k}.csv`);
  fs.writeFileSync(file, text);
  return file;
}

// ---------- the CLI as a user runs it ----------

interface Outcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
  ms: number;
  hung: boolean;
}

interface Running {
  pid: number;
  started: number;
  exited: () => boolean;
  done: Promise<Outcome>;
  /** resolves when the JSON summary line has been printed */
  printed: Promise<void>;
  /** SIGKILL; false when the process had already gone */
  kill: () => boolean;
}

/** `wenxiao import records <file> --lang en`, as `npm run wenxiao` starts it; `preload` is one more module loaded first. */
function startImport(file: string, preload?: { module: string; env: Record<string, string> }): Running {
  const started = Date.now();
  const loaders = ["--import", "tsx", "--import", "./scripts/server-only.mjs", ...(preload ? ["--import", preload.module] : [])];
  const child = spawn(process.execPath, ["--max-semi-space-size=64", ...loaders, "cli/wenxiao.ts", "import", "records", file, "--lang", "en"], {
    env: { ...cliEnv, ...preload?.env },
    cwd: process.cwd(),
  });
  let out = "";
  let err = "";
  let exited = false;
  let hung = false;
  let printed!: () => void;
  const printedP = new Promise<void>((r) => (printed = r));
  child.stdout.on("data", (d: Buffer) => {
    out += d.toString();
    if (out.includes("\n")) printed();
  });
  child.stderr.on("data", (d: Buffer) => (err += d.toString()));
  const timer = setTimeout(() => {
    hung = true;
    child.kill("SIGKILL");
  }, HANG_MS);
  const done = new Promise<Outcome>((resolve) =>
    child.on("close", (code, signal) => {
      exited = true;
      clearTimeout(timer);
      resolve({ code, signal, out, err, ms: Date.now() - started, hung });
    }),
  );
  child.on("exit", () => (exited = true));
  return { pid: child.pid!, started, exited: () => exited, done, printed: printedP, kill: () => child.kill("SIGKILL") };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** When the CLI's first backend appeared (ms after its start), or undefined if it ended first. */
async function backendAppears(run: Running): Promise<number | undefined> {
  while (!run.exited()) {
    const [r] = await server!.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND application_name = $2`, [dbName, APP]);
    if (r!.n > 0) return Date.now() - run.started;
    await sleep(5);
  }
  return undefined;
}

/**
 * Terminates the CLI's backends (waiting for one if it has none at the moment). `inTransaction`: one of
 * them was inside the import's transaction (between its statements, or on one after BEGIN).
 */
async function terminateBackends(run: Running): Promise<{ terminated: number; inTransaction: boolean }> {
  for (;;) {
    const rows = await server!.query<{ ok: boolean; in_tx: boolean }>(
      `SELECT pg_terminate_backend(pid) AS ok, coalesce(state = 'idle in transaction' OR xact_start < query_start, false) AS in_tx
       FROM pg_stat_activity WHERE datname = $1 AND application_name = $2`,
      [dbName, APP],
    );
    const terminated = rows.filter((r) => r.ok).length;
    if (terminated > 0 || run.exited()) return { terminated, inTransaction: rows.some((r) => r.ok && r.in_tx) };
    await sleep(5);
  }
}

/** After a SIGKILL the server ends the orphaned backend (rolling back its transaction) once it notices: wait for that. */
async function settle(): Promise<boolean> {
  if (!server) return true;
  const until = Date.now() + HANG_MS;
  while (Date.now() < until) {
    const [r] = await server.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND application_name = $2`, [dbName, APP]);
    if (r!.n === 0) return true;
    await sleep(20);
  }
  return false;
}

// ---------- what the database holds ----------

interface Observed {
  /** rows per file prefix (C3, A2), and per mark (改k, 旧) within it */
  rows: Map<string, number>;
  marks: Map<string, number>;
  batches: { sha256: string; finished: boolean; rows: number; inserted: number; updated: number; unchanged: number; superseded: number; rejected: number; audited: number; update_audits: number }[];
}

async function observe(sql: Connection): Promise<Observed> {
  const groups = await sql.query<{ f: string; mark: string | null; n: number }>(
    `SELECT split_part(record_id, '-', 1) AS f, CASE WHEN subject_name LIKE '改%' OR subject_name = '旧' THEN subject_name END AS mark, count(*)::int AS n
     FROM records GROUP BY 1, 2`,
  );
  const rows = new Map<string, number>();
  const marks = new Map<string, number>();
  for (const g of groups) {
    rows.set(g.f, (rows.get(g.f) ?? 0) + g.n);
    if (g.mark) marks.set(`${g.f}:${g.mark}`, g.n);
  }
  const batches = await sql.query<Observed["batches"][number]>(
    `SELECT b.file_sha256 AS sha256, b.finished_at IS NOT NULL AS finished, b.rows, b.inserted, b.updated, b.unchanged, b.superseded, b.rejected,
            (SELECT count(*)::int FROM audit_log a WHERE a.batch_id = b.id AND a.action = 'import') AS audited,
            (SELECT count(*)::int FROM audit_log a WHERE a.batch_id = b.id AND a.action = 'update') AS update_audits
     FROM import_batches b WHERE b.kind = 'records' ORDER BY b.id`,
  );
  return { rows, marks, batches };
}

interface Summary {
  kind: string;
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  superseded: number;
  rejected: unknown[];
}

const firstImport = (f: { rows: number; updates: number }) => ({ kind: "records", rows: f.rows, inserted: NEW, updated: f.updates, unchanged: 0, superseded: SUPERSEDED, rejected: [] });
const repeatImport = (f: { rows: number; updates: number }) => ({ kind: "records", rows: f.rows, inserted: 0, updated: 0, unchanged: f.updates + NEW, superseded: SUPERSEDED, rejected: [] });

function parseSummary(out: string): Summary | undefined {
  try {
    return JSON.parse(out.trim().split("\n")[0] ?? "") as Summary;
  } catch {
    return undefined;
  }
}

describe("crash safety of an import", () => {
  it(`${RUNS} imports killed at random moments: no partial batch, no acknowledged row lost, the re-run completes`, { timeout: 120_000 + RUNS * 45_000 }, async () => {
    const random = rng(SEED);
    const problems: string[] = [];
    const figures = {
      kills_sigkill: 0,
      kills_backend_terminated: 0,
      finished_before_kill: 0,
      killed_after_commit: 0,
      terminated_in_transaction: 0,
      terminations_survived: 0,
      killed_after_summary: 0,
      partial_batches_visible: 0,
      acknowledged_rows_lost: 0,
      reruns_with_wrong_totals: 0,
      wrong_exit_codes: 0,
      hangs: 0,
      data_dir_failed_to_open: 0,
    };
    // what has been acknowledged (the CLI printed its summary): big files by number (their new keys, and
    // the marks they left on the previous file), small files by number
    const ackedBig: number[] = [];
    const ackedSmall: number[] = [];
    const smallImports: number[] = [];
    const files: ReturnType<typeof bigFile>[] = [];

    /**
     * Compares what the database holds with what was acknowledged, the big file k being in flight
     * (committed or not: its batch is there whole or not at all).
     */
    const check = async (k: number | null, label: string): Promise<boolean | undefined> => {
      let seen: Observed;
      try {
        seen = await withDatabase(observe);
      } catch (e) {
        figures.data_dir_failed_to_open++;
        problems.push(`${label}: the database did not open: ${(e as Error).message}`);
        return undefined;
      }
      const sha = k === null ? undefined : files[k]!.sha256;
      const inFlight = seen.batches.filter((b) => b.sha256 === sha);
      const committed = inFlight.length > 0;
      // the batch in flight: all of it or nothing, its record rows with it
      if (k !== null) {
        const partial: string[] = [];
        if (inFlight.length > 1) partial.push(`${inFlight.length} batches of the file`);
        const b = inFlight[0];
        if (b && (!b.finished || b.audited !== 1 || b.update_audits !== b.updated)) partial.push(`its batch is ${JSON.stringify(b)}`);
        const want = firstImport(files[k]!);
        if (b && (b.rows !== want.rows || b.inserted !== want.inserted || b.updated !== want.updated || b.unchanged !== 0 || b.superseded !== want.superseded || b.rejected !== 0)) {
          partial.push(`its batch counts ${JSON.stringify(b)}`);
        }
        const newRows = seen.rows.get(`C${k}`) ?? 0;
        if (newRows !== (committed ? NEW : 0)) partial.push(`${newRows} of its ${NEW} new rows (batch ${committed ? "" : "not "}committed)`);
        const changed = k === 0 ? 0 : (seen.marks.get(`C${k - 1}:改${k}`) ?? 0);
        if (changed !== (committed ? files[k]!.updates : 0)) partial.push(`${changed} of its ${files[k]!.updates} updates`);
        if (partial.length) {
          figures.partial_batches_visible++;
          problems.push(`${label}: partial batch of file ${k}: ${partial.join("; ")}`);
        }
      }
      // every acknowledged row still there, with the change the last acknowledged import made to it
      let lost = 0;
      for (const j of ackedBig) {
        lost += Math.max(0, NEW - (seen.rows.get(`C${j}`) ?? 0));
        if (j > 0) lost += Math.max(0, files[j]!.updates - (seen.marks.get(`C${j - 1}:改${j}`) ?? 0));
      }
      for (const j of ackedSmall) lost += Math.max(0, SMALL - (seen.rows.get(`A${j}`) ?? 0));
      if (lost > 0) {
        figures.acknowledged_rows_lost += lost;
        problems.push(`${label}: ${lost} acknowledged rows lost: ${JSON.stringify([...seen.rows])}`);
      }
      // nothing else: no superseded version stored, no unfinished or unaudited batch, no stray rows
      const expectedPrefixes = new Set([...ackedBig.map((j) => `C${j}`), ...ackedSmall.map((j) => `A${j}`), ...(k !== null && committed ? [`C${k}`] : [])]);
      const stray = [...seen.rows.keys()].filter((f) => !expectedPrefixes.has(f));
      const superseded = [...seen.marks].filter(([m]) => m.endsWith(":旧"));
      const unfinished = seen.batches.filter((b) => !b.finished || b.audited !== 1);
      if (stray.length || superseded.length || unfinished.length) problems.push(`${label}: stray ${JSON.stringify({ stray, superseded, unfinished })}`);
      return committed;
    };

    // Imports that are not killed give the windows the moments are spread over: from the start to the
    // exit (SIGKILL), and from the first backend to the exit (pg_terminate_backend: before it there is
    // nothing to terminate). The shortest seen so far, so that the moments fall before the end.
    let window = Infinity;
    let backendWindow = Infinity;
    const wholeImport = async (f: ReturnType<typeof bigFile>) => {
      const run = startImport(f.file);
      const appeared = server ? backendAppears(run) : Promise.resolve(undefined);
      const outcome = await run.done;
      const backendAt = await appeared;
      if (outcome.code === 0) {
        window = Math.min(window, outcome.ms);
        if (backendAt !== undefined) backendWindow = Math.min(backendWindow, outcome.ms - backendAt);
      }
      return outcome;
    };
    // the first acknowledged file, imported twice (the second time all unchanged): its first run is a cold start
    files.push(bigFile(0));
    const first = await wholeImport(files[0]!);
    expect(first.code, first.err).toBe(0);
    expect(parseSummary(first.out)).toEqual(firstImport(files[0]!));
    ackedBig.push(0);
    const again = await wholeImport(files[0]!);
    expect(again.code, again.err).toBe(0);
    expect(parseSummary(again.out)).toEqual(repeatImport(files[0]!));

    // the moments, as fractions of the window: one in each of RUNS equal slices of [0, 0.95), in random order
    const slices = Array.from({ length: RUNS }, (_, i) => i);
    for (let i = slices.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [slices[i], slices[j]] = [slices[j]!, slices[i]!];
    }
    const fractions = slices.map((s) => ((s + random()) / RUNS) * 0.95);
    const killedAt: number[] = [];

    // a moment whose import finished before the kill reached it is tried again (on the next file), a little earlier
    for (let m = 0, k = 1, tries = 0; m < RUNS && tries < 2 * RUNS; k++, tries++) {
      const fraction = fractions[m]! * 0.9 ** (tries - m);
      // PostgreSQL: every other moment terminates the import's backend instead of killing the process
      const method = server && m % 2 === 1 ? "terminate" : "sigkill";
      const label = `moment ${m + 1}, file ${k} (${method} at ${fraction.toFixed(3)} of ${method === "sigkill" ? window : backendWindow} ms)`;
      files.push(bigFile(k));
      const run = startImport(files[k]!.file);
      let delivered = false;
      let at = 0;
      if (method === "sigkill") {
        await sleep(Math.max(0, fraction * window - (Date.now() - run.started)));
        at = Date.now() - run.started;
        delivered = !run.exited() && run.kill();
      } else {
        const backendAt = await backendAppears(run);
        if (backendAt !== undefined) {
          await sleep(Math.max(0, backendAt + fraction * backendWindow - (Date.now() - run.started)));
          at = Date.now() - run.started;
          const t = await terminateBackends(run);
          delivered = t.terminated > 0;
          if (t.inTransaction) figures.terminated_in_transaction++;
        }
      }
      const outcome = await run.done;
      if (outcome.hung) {
        figures.hangs++;
        problems.push(`${label}: the import did not end within ${HANG_MS} ms: ${outcome.err}`);
      }
      const summary = parseSummary(outcome.out);
      // the signal reached a process that had already finished (not yet reaped): no kill
      if (method === "sigkill" && outcome.signal !== "SIGKILL" && outcome.code === 0) delivered = false;
      if (!delivered) {
        figures.finished_before_kill++;
        if (outcome.code !== 0) {
          figures.wrong_exit_codes++;
          problems.push(`${label}: not killed, yet exit ${outcome.code}: ${outcome.err}`);
        }
      } else if (method === "sigkill") {
        figures.kills_sigkill++;
        if (outcome.signal !== "SIGKILL") problems.push(`${label}: ended by ${outcome.signal ?? `exit ${outcome.code}`} instead of the kill`);
      } else {
        figures.kills_backend_terminated++;
        // a lost connection is a system error: exit 3 and one line saying so (exit 1 means "rows rejected,
        // the rest stored"); exit 0 only when the terminated connection was not in use and a new one finished the import
        const lines = outcome.err.trim().split("\n");
        if (outcome.code === 0 && summary) figures.terminations_survived++;
        else if (outcome.code !== 3 || lines.length !== 1 || !/^The database could not be used: .*the connection was lost; .*run it again\)$/.test(lines[0]!)) {
          figures.wrong_exit_codes++;
          problems.push(`${label}: exit ${outcome.code} (${outcome.signal}), stderr ${JSON.stringify(outcome.err)}, stdout ${JSON.stringify(outcome.out)}`);
        }
      }
      if (!(await settle())) {
        figures.hangs++;
        problems.push(`${label}: the killed import's backend still runs after ${HANG_MS} ms`);
      }

      const committed = await check(k, label);
      if (committed === undefined) break; // the data directory does not open: nothing further can be checked
      if (delivered) {
        m++;
        killedAt.push(at);
        if (committed && !(outcome.code === 0 && summary)) figures.killed_after_commit++;
      }
      // a printed summary is an acknowledgement, whatever happened to the process after it
      if (summary && !committed) {
        figures.acknowledged_rows_lost += NEW + files[k]!.updates;
        problems.push(`${label}: acknowledged ${JSON.stringify(summary)}, but nothing of it is stored`);
      }

      // the re-run completes: exit 0, the right totals, whether the killed attempt committed or not
      const rerun = await wholeImport(files[k]!);
      const totals = parseSummary(rerun.out);
      const expected = committed ? repeatImport(files[k]!) : firstImport(files[k]!);
      if (rerun.code !== 0 || JSON.stringify(totals) !== JSON.stringify(expected)) {
        figures.reruns_with_wrong_totals++;
        problems.push(`${label}: re-run exit ${rerun.code}, ${rerun.out.trim()} ${rerun.err.trim()}, expected ${JSON.stringify(expected)}`);
      } else {
        ackedBig.push(k);
      }
      fs.rmSync(files[k - 1]!.file, { force: true });

      // every other moment, a small import killed the instant it has printed its summary: acknowledged, so it must stay
      if (k % 2 === 0) continue;
      smallImports.push(k);
      const small = startImport(smallFile(k));
      await Promise.race([small.printed, small.done]);
      if (!small.exited() && small.kill()) figures.killed_after_summary++;
      const smallOutcome = await small.done;
      const smallSummary = parseSummary(smallOutcome.out);
      if (smallSummary?.inserted === SMALL) ackedSmall.push(k);
      else problems.push(`${label}: the small import printed ${JSON.stringify(smallOutcome.out)} ${smallOutcome.err}`);
    }
    // everything acknowledged is there at the end, and the data directory opens once more
    await check(null, "at the end");

    const kills = figures.kills_sigkill + figures.kills_backend_terminated;
    recordFigure("crash.imports", {
      moments: kills,
      ...figures,
      rows_per_file: files[0]!.rows,
      import_ms: first.ms,
      window_ms: window,
      ...(server ? { backend_window_ms: backendWindow } : {}),
      earliest_kill_ms: Math.min(...killedAt),
      latest_kill_ms: Math.max(...killedAt),
      seed: SEED,
      ...(server ? { data_dir_failed_to_open: null } : {}),
    });
    expect(problems).toEqual([]);
    expect(kills, "moments whose kill landed").toBe(RUNS);
    if (server) expect(figures.kills_backend_terminated).toBe(Math.floor(RUNS / 2));
    expect(figures.partial_batches_visible).toBe(0);
    expect(figures.acknowledged_rows_lost).toBe(0);
    expect(figures.reruns_with_wrong_totals).toBe(0);
    expect(figures.data_dir_failed_to_open).toBe(0);
    expect(ackedBig).toHaveLength(files.length);
    expect(ackedSmall).toEqual(smallImports);
    expect(figures.killed_after_summary).toBeGreaterThan(0);
  });
});


describe("the CLI when something fails outside the import's own promise chain", () => {
  // Node ends a process on an uncaught error with exit code 1, which here means "rows rejected, the rest stored"
  for (const kind of ["exception", "rejection"]) {
    it(`a stray ${kind} is a system error: exit 3, one line, nothing stored`, { timeout: 60_000 }, async () => {
      const file = smallFile(1000 + kind.length);
      const run = startImport(file, { module: "./tests/integration/crash/stray-error.ts", env: { WX_STRAY: kind } });
      const outcome = await run.done;
      expect(outcome.code, outcome.err).toBe(3);
      expect(outcome.err.trim().split("\n")).toEqual([`The database could not be used: stray ${kind}`]);
      expect(outcome.out).toBe("");
      const seen = await withDatabase(observe);
      expect(seen.rows.get(`A${1000 + kind.length}`)).toBeUndefined();
    });
  }
});

if (isPostgres()) {
  // The driver (postgres.js 3.4.9, patched: patches/postgres+3.4.9.patch) when the server ends a connection
  // under it — what the random moments above found, pinned down one case at a time.
  describe("a connection the server terminates", () => {
    const stray: unknown[] = [];
    const collect = (e: unknown) => stray.push(e);
    beforeAll(() => {
      process.on("uncaughtException", collect);
      process.on("unhandledRejection", collect);
    });
    afterAll(() => {
      process.off("uncaughtException", collect);
      process.off("unhandledRejection", collect);
    });
    const deferred = <T>() => {
      let resolve!: (v: T) => void;
      const promise = new Promise<T>((r) => (resolve = r));
      return { promise, resolve };
    };

    it("in the middle of a transaction's statement: the transaction fails with it, nothing throws elsewhere, the pool goes on", async () => {
      const conn = openPostgres(testDbUrl!, 1);
      try {
        const started = deferred<number>();
        const tx = conn.transaction(async (t) => {
          started.resolve((await t.query<{ pid: number }>(`SELECT pg_backend_pid() AS pid`))[0]!.pid);
          await t.query(`SELECT pg_sleep(30)`);
        });
        const settled = tx.then(() => "committed", (e: Error) => e.message);
        await server!.query(`SELECT pg_terminate_backend($1)`, [await started.promise]);
        expect(await settled).toMatch(/CONNECTION_CLOSED|terminating connection/);
        // the transaction's automatic ROLLBACK used to be written to the closed socket from a timer: a TypeError nobody could catch
        await sleep(100);
        expect(stray).toEqual([]);
        expect(await conn.query(`SELECT 1 AS one`)).toEqual([{ one: 1 }]);
      } finally {
        await conn.close();
      }
    });

    it("while its transaction waits: what the transaction still asks for fails, and never runs on the replacement connection outside it", async () => {
      await server!.exec(`CREATE TABLE IF NOT EXISTS crash_probe (n int)`);
      const conn = openPostgres(testDbUrl!, 1);
      try {
        const started = deferred<number>();
        const go = deferred<void>();
        const insert = deferred<string>();
        const tx = conn.transaction(async (t) => {
          const [{ pid }] = (await t.query<{ pid: number }>(`SELECT pg_backend_pid() AS pid`)) as [{ pid: number }];
          await t.query(`INSERT INTO crash_probe VALUES (1)`);
          started.resolve(pid);
          await go.promise; // idle in transaction, as between two statements of an import
          insert.resolve(await t.query(`INSERT INTO crash_probe VALUES (2)`).then(() => "ran", (e: Error) => `refused: ${e.message}`));
        });
        const settled = tx.then(() => "committed", (e: Error) => e.message);
        await server!.query(`SELECT pg_terminate_backend($1)`, [await started.promise]);
        expect(await settled).toMatch(/CONNECTION_CLOSED|terminating connection/);
        // the pool opens a new connection in the old one's place for other work ...
        expect(await conn.query(`SELECT 1 AS one`)).toEqual([{ one: 1 }]);
        // ... and the transaction's code, which knows nothing of it, goes on
        go.resolve();
        expect(await insert.promise).toMatch(/^refused: .*CONNECTION_CLOSED/);
        await sleep(100);
        expect(await server!.query(`SELECT n FROM crash_probe`)).toEqual([]);
        expect(stray).toEqual([]);
      } finally {
        await conn.close();
        await server!.exec(`DROP TABLE IF EXISTS crash_probe`);
      }
    });

    it("while the process's first connection starts: opening the database never hangs, 20 times", { timeout: 120_000 }, async () => {
      const outcomes: string[] = [];
      for (let round = 0; round < 20; round++) {
        const app = `${APP}-start-${round}`;
        const url = new URL(testDbUrl!);
        url.searchParams.set("application_name", app);
        const conn = openPostgres(url.toString());
        // what the CLI does first: migrate (a reserved connection) and read
        const work = (async () => {
          await conn.migrate();
          await conn.query(`SELECT 1`);
        })().then(
          () => "ok",
          (e: Error) => `failed: ${e.message}`,
        );
        // terminated the instant its backend appears, whatever it is doing then
        for (let seen = 0; seen === 0; ) {
          seen = (await server!.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1`, [app])).length;
          if (seen === 0 && (await Promise.race([work, sleep(1).then(() => undefined)]))) break;
        }
        outcomes.push(await Promise.race([work, sleep(15_000).then(() => "hung")]));
        await conn.close();
      }
      expect(outcomes.filter((o) => o === "hung")).toEqual([]);
      expect(stray).toEqual([]);
    });
  });
}
