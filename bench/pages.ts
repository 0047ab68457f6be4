import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { openPglite, openPostgres, type Connection } from "@/db/client";
import type { SessionUser } from "@/lib/auth/users";
import { loadDemo } from "@/lib/demo/demo";
import { exportItems } from "@/lib/export-items";
import { prepareDatabase } from "@/lib/db";
import { explain } from "@/lib/scoring/explain";
import { todoList } from "@/lib/scoring/todo";
import { warmScores } from "@/lib/scoring/warm";
import { loadUnitDetail } from "@/lib/unit-page";
import { QueryReader } from "@/lib/web/query";

/**
 * A unit's whole-year page, a month page and the year's exports, as the pages compute them
 * (lib/unit-page.ts, lib/export-items.ts), on the demo deployment at scale 1 and 10 (about 90 000 and
 * 900 000 records). Cold: the first call after the evidence version moved (an import, an evidence
 * change: every cache keyed by it is empty); warm: best of 3 after it; and the first view once the
 * app's warmer has scored the pages' figures after the change (as users find it at month end).
 * Targets (issue 9): under 1 s at the demo's scale, under 3 s at 10×.
 * Usage: npm run bench:pages [-- 1 10]   (BENCH_PG=postgres://… also measures PostgreSQL, in a fresh
 * database named BENCH_PG_PREFIX (default wx_bench_pages_) and a timestamp, dropped after)
 */
const SCALES = process.argv.slice(2).map(Number).filter((n) => n > 0);
const SERVER = process.env.BENCH_PG;
const UNIT = "620100";
const HEAD: SessionUser = { username: `head-${UNIT}`, name: "兰州市负责人", role: "unit_head", unitCode: UNIT };
const YEAR = { period: "2026", asOf: "2026-11-23" };
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wx-bench-pages-"));

const MONTH = { period: "2026-11", asOf: "2026-11-23" };

// the caches are the process's, keyed by the version alone (the app has one database): each cold
// call moves the version to one no database of this run had, as an import would
let version = Date.now();

/** Seconds of the first call after the evidence version moved, and the best of 3 calls after it. */
async function newVersion(db: Connection) {
  await db.query(`INSERT INTO settings (key, value) VALUES ('evidence_version', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, [String(++version)]);
}

async function coldWarm(db: Connection, fn: () => Promise<unknown>, runs = 3): Promise<[number, number]> {
  await newVersion(db);
  const seconds = async () => {
    const t0 = process.hrtime.bigint();
    await fn();
    return Number(process.hrtime.bigint() - t0) / 1e9;
  };
  const cold = await seconds();
  let warm = Infinity;
  for (let i = 0; i < runs; i++) warm = Math.min(warm, await seconds());
  return [cold, warm];
}

/**
 * The first call after the evidence version moved once the app's warmer (lib/scoring/warm.ts) has
 * scored the pages' figures, as users find it a few seconds after an import; and the warm-up's time.
 */
async function afterWarmUp(db: Connection, fn: () => Promise<unknown>, asOf: string): Promise<[number, number]> {
  await newVersion(db);
  const t0 = process.hrtime.bigint();
  await warmScores(db, asOf);
  const t1 = process.hrtime.bigint();
  await fn();
  return [Number(process.hrtime.bigint() - t1) / 1e9, Number(t1 - t0) / 1e9];
}

async function measure(where: string, db: Connection, scale: number) {
  const t0 = Date.now();
  await loadDemo(db, { scale });
  const loadS = (Date.now() - t0) / 1000;
  const [{ n }] = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM records`)) as [{ n: number }];
  // the item list (the page opens on the to-do list unless an indicator is named)
  const page = (p: { period: string; asOf: string }) => () =>
    loadUnitDetail(db, UNIT, new QueryReader({ ...p, indicator: "publication_timeliness" }), { base: "/unit", exportBase: "/unit/export" }, true, HEAD);
  await newVersion(db);
  const detail = await page(YEAR)();
  const items = detail && detail !== "bad address" ? detail.items.total : 0;
  const exported = (format: "csv" | "xlsx") => async () => {
    const r = await exportItems(db, { ...YEAR, group: "region", entity: UNIT, target: "publication_timeliness", lang: "zh", format });
    return r.arrayBuffer();
  };
  const figures: [string, [number, number]][] = [
    [`year ${YEAR.period} page`, await coldWarm(db, page(YEAR))],
    [`month ${MONTH.period} page`, await coldWarm(db, page(MONTH))],
    ["year CSV export", await coldWarm(db, exported("csv"))],
    ["year XLSX export", await coldWarm(db, exported("xlsx"))],
  ];
  const warmed: [string, [number, number]][] = [
    [`year ${YEAR.period} page`, await afterWarmUp(db, page(YEAR), YEAR.asOf)],
    [`month ${MONTH.period} page`, await afterWarmUp(db, page(MONTH), MONTH.asOf)],
  ];
  // the to-do list (first page and counts), beside the item list's own query for the same month
  const unit = { group: "region" as const, entity: UNIT, limit: 50 };
  const month = { period: MONTH.period, asOf: YEAR.asOf };
  const todoMonth = await todoList(db, { ...month, ...unit });
  figures.push(
    [`to-do ${MONTH.period} (${todoMonth.total} items)`, await coldWarm(db, () => todoList(db, { ...month, ...unit }))],
    [`to-do ${YEAR.period}`, await coldWarm(db, () => todoList(db, { ...YEAR, ...unit }))],
    [`item list ${MONTH.period}`, await coldWarm(db, () => explain(db, { ...month, ...unit, target: "publication_timeliness", daysLate: true }))],
  );
  console.log(
    `${where}, demo ×${scale} (${n.toLocaleString("en-US")} records, loaded in ${loadS.toFixed(0)} s): ${UNIT}, ` +
      `${items.toLocaleString("en-US")} items behind publication timeliness in ${YEAR.period} (target ${scale <= 1 ? "1" : "3"} s)`,
  );
  for (const [what, [cold, warm]] of figures) console.log(`  ${what.padEnd(26)} cold ${cold.toFixed(2)} s, warm ${warm.toFixed(2)} s`);
  for (const [what, [first, warmUp]] of warmed) console.log(`  ${what.padEnd(26)} first view after the warm-up ${first.toFixed(2)} s (the warm-up itself ${warmUp.toFixed(2)} s)`);
}

async function main() {
  console.log(`bench/pages on ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? ""}`);
  for (const scale of SCALES.length ? SCALES : [1, 10]) {
    const db = await openPglite(path.join(dir, `pglite-${scale}`));
    await prepareDatabase(db);
    await measure("PGlite (on disk)", db, scale);
    await db.close();
    if (SERVER) {
      const name = `${process.env.BENCH_PG_PREFIX ?? "wx_bench_pages_"}${Date.now()}`;
      const admin = postgres(`${SERVER}/postgres`, { max: 1, onnotice: () => {} });
      await admin.unsafe(`CREATE DATABASE ${name}`);
      try {
        const pg = openPostgres(`${SERVER}/${name}`, 2);
        await prepareDatabase(pg);
        await measure("PostgreSQL", pg, scale);
        await pg.close();
      } finally {
        await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.end();
      }
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
