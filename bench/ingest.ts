import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { openPglite, openPostgres, type Connection } from "@/db/client";
import { prepareDatabase } from "@/lib/db";
import { importFile } from "@/lib/ingest/import";
import { province, writeCsv, writeRecords } from "./generate";

/**
 * Ingest throughput of the CLI's bulk path (importFile: parse, check, COPY to staging, upsert)
 * beside the ceiling: a plain COPY of the same file into a bare table with the same unique index,
 * in the same run. Usage: npm run bench:ingest [-- 1000000 5000000]   (PGlite: BENCH_PGLITE_ROWS)
 */
const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const SIZES = sizes.length > 0 ? sizes : [1_000_000, 5_000_000];
const PGLITE_ROWS = Number(process.env.BENCH_PGLITE_ROWS ?? 1_000_000);
const SERVER = process.env.BENCH_PG ?? "postgres://postgres@127.0.0.1:5432";
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wx-bench-"));

const BARE = `CREATE TABLE bare_records (record_id text COLLATE "C" PRIMARY KEY, kind text, unit_code text, subject_type text,
  subject_code text, subject_name text, decision_no text, decision_date date, published_date date, received_date date)`;
const BARE_COLUMNS = "record_id, kind, unit_code, subject_type, subject_code, subject_name, decision_no, decision_date, published_date, received_date";

async function seconds<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = process.hrtime.bigint();
  const v = await fn();
  return [Number(process.hrtime.bigint() - t0) / 1e9, v];
}

async function onServer(rows: number, file: string, unitsFile: string) {
  const name = `wx_bench_${Date.now()}`;
  const admin = postgres(`${SERVER}/postgres`, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  try {
    const raw = postgres(`${SERVER}/${name}`, { max: 1, onnotice: () => {} });
    await raw.unsafe(BARE);
    const [ceiling] = await seconds(async () => {
      const w = await raw.unsafe(`COPY bare_records (${BARE_COLUMNS}) FROM STDIN WITH (FORMAT csv, HEADER true)`).writable();
      await new Promise<void>((res, rej) => fs.createReadStream(file).pipe(w).on("finish", res).on("error", rej));
    });
    await raw.unsafe("DROP TABLE bare_records");
    await raw.end();

    const db = openPostgres(`${SERVER}/${name}`, 2);
    await prepareDatabase(db);
    await importFile(db, "units", unitsFile, { actor: "bench" });
    const [ours, result] = await seconds(() => importFile(db, "records", file, { actor: "bench" }));
    const [again, second] = await seconds(() => importFile(db, "records", file, { actor: "bench" }));
    await db.close();
    report("PostgreSQL", rows, ceiling, ours, result.summary.inserted);
    console.log(`  re-import of the same file (all unchanged: ${second.summary.unchanged}): ${again.toFixed(1)} s, ${fmt(rows / again)} rows/s`);
  } finally {
    await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

async function onPglite(rows: number, file: string, unitsFile: string) {
  const bare = await openPglite(path.join(dir, "pglite-bare"));
  await bare.exec(BARE);
  const [ceiling] = await seconds(async () => {
    // PGlite takes COPY input as a Blob; feed it in the same 16 MiB batches our import uses
    const lines = fs.readFileSync(file, "utf8").split("\n").slice(1).filter(Boolean);
    const batch = 100_000;
    for (let i = 0; i < lines.length; i += batch) {
      await bare.pglite.query(`COPY bare_records (${BARE_COLUMNS}) FROM '/dev/blob' WITH (FORMAT csv)`, [], {
        blob: new Blob([lines.slice(i, i + batch).join("\n") + "\n"]),
      });
    }
  });
  await bare.close();
  const db: Connection = await openPglite(path.join(dir, "pglite-ours"));
  await prepareDatabase(db);
  await importFile(db, "units", unitsFile, { actor: "bench" });
  const [ours, result] = await seconds(() => importFile(db, "records", file, { actor: "bench" }));
  await db.close();
  report("PGlite (on disk)", rows, ceiling, ours, result.summary.inserted);
  return rows / ours;
}

function fmt(n: number) {
  return Math.round(n).toLocaleString("en-US");
}

function report(where: string, rows: number, ceiling: number, ours: number, inserted: number) {
  console.log(
    `${where} ${fmt(rows)} records: import ${ours.toFixed(1)} s = ${fmt(rows / ours)} rows/s (${fmt(inserted)} inserted); ` +
      `bare COPY ceiling ${ceiling.toFixed(1)} s = ${fmt(rows / ceiling)} rows/s; ratio ${(ceiling / ours).toFixed(2)}`,
  );
}

async function main() {
  const { units, agencies } = province();
  const unitsFile = path.join(dir, "units.csv");
  writeCsv(unitsFile, units);
  console.log(`bench/ingest on ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? ""}; files in ${dir}`);
  for (const rows of SIZES) {
    const file = path.join(dir, `records-${rows}.csv`);
    await writeRecords(file, rows, agencies);
    await onServer(rows, file, unitsFile);
    if (rows === PGLITE_ROWS) await onPglite(rows, file, unitsFile);
    fs.rmSync(file);
  }
  if (!SIZES.includes(PGLITE_ROWS) && PGLITE_ROWS > 0) {
    const file = path.join(dir, `records-${PGLITE_ROWS}.csv`);
    await writeRecords(file, PGLITE_ROWS, agencies);
    await onPglite(PGLITE_ROWS, file, unitsFile);
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
