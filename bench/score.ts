import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { openPglite, openPostgres, type Connection } from "@/db/client";
import { prepareDatabase } from "@/lib/db";
import { reloadEnv } from "@/lib/env";
import { importFile } from "@/lib/ingest/import";
import { scorePeriod } from "@/lib/scoring/score";
import { province, writeCsv, writeRecords } from "./generate";

/**
 * Scoring one month with N records in the table (default 5 M on PostgreSQL, 1 M on PGlite) beside
 * the bare GROUP BY of the same month's records per unit, in the same run; best of 3 warm runs each.
 * Usage: npm run bench:score [-- 5000000]   (PGlite: BENCH_PGLITE_ROWS, 0 to skip)
 */
const ROWS = Number(process.argv[2] ?? 5_000_000);
const PGLITE_ROWS = Number(process.env.BENCH_PGLITE_ROWS ?? 1_000_000);
const SERVER = process.env.BENCH_PG ?? "postgres://postgres@127.0.0.1:5432";
const PERIOD = "2024-06";
const AS_OF = "2024-12-31";
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wx-bench-score-"));

const BARE = `SELECT unit_code, count(*) AS n, count(published_date) AS published, count(received_date) AS received,
  count(*) FILTER (WHERE compliant) AS compliant
  FROM records WHERE decision_date >= '2024-06-01' AND decision_date < '2024-07-01' GROUP BY unit_code`;

async function best(fn: () => Promise<unknown>, runs = 3): Promise<number> {
  let min = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    min = Math.min(min, Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return min;
}

async function measure(where: string, db: Connection, rows: number, unitsFile: string) {
  await importFile(db, "units", unitsFile, { actor: "bench" });
  const file = path.join(dir, `records-${rows}.csv`);
  await writeRecords(file, rows, province().agencies);
  await importFile(db, "records", file, { actor: "bench" });
  fs.rmSync(file);
  await db.exec("ANALYZE");
  const doc = await scorePeriod(db, PERIOD, AS_OF);
  const bare = await best(() => db.query(BARE));
  const ours = await best(() => scorePeriod(db, PERIOD, AS_OF));
  // the same month by the joint-measures method (issue 11: within 2× the bare aggregate too)
  const before = process.env.WENXIAO_JOINT_METHOD_FROM;
  process.env.WENXIAO_JOINT_METHOD_FROM = PERIOD;
  reloadEnv();
  const joint = await best(() => scorePeriod(db, PERIOD, AS_OF));
  if (before === undefined) delete process.env.WENXIAO_JOINT_METHOD_FROM;
  else process.env.WENXIAO_JOINT_METHOD_FROM = before;
  reloadEnv();
  const [m] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM records WHERE decision_date >= '2024-06-01' AND decision_date < '2024-07-01'`);
  console.log(
    `${where}: ${rows.toLocaleString("en-US")} records in the table, ${m!.n.toLocaleString("en-US")} in ${PERIOD}; ` +
      `score ${PERIOD} (${doc.groups.region.length} regions, ${doc.groups.department.length} departments) ${ours.toFixed(2)} s; ` +
      `bare GROUP BY ${bare.toFixed(2)} s; ratio ${(ours / bare).toFixed(2)}; ` +
      `joint-measures method ${joint.toFixed(2)} s, ratio ${(joint / bare).toFixed(2)}`,
  );
}

async function main() {
  const unitsFile = path.join(dir, "units.csv");
  writeCsv(unitsFile, province().units);
  console.log(`bench/score on ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? ""}`);
  if (ROWS > 0) {
    const name = `wx_bench_score_${Date.now()}`;
    const admin = postgres(`${SERVER}/postgres`, { max: 1, onnotice: () => {} });
    await admin.unsafe(`CREATE DATABASE ${name}`);
    try {
      const db = openPostgres(`${SERVER}/${name}`, 2);
      await prepareDatabase(db);
      await measure("PostgreSQL", db, ROWS, unitsFile);
      await db.close();
    } finally {
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  }
  if (PGLITE_ROWS > 0) {
    const db = await openPglite(path.join(dir, "pglite"));
    await prepareDatabase(db);
    await measure("PGlite (on disk)", db, PGLITE_ROWS, unitsFile);
    await db.close();
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
