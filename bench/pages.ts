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
import { loadUnitDetail } from "@/lib/unit-page";
import { QueryReader } from "@/lib/web/query";

/**
 * A unit's whole-year page and its export, as the pages compute them (lib/unit-page.ts,
 * lib/export-items.ts), on the demo deployment at scale 1 and 10 (about 90 000 and 900 000 records);
 * best of 3 warm runs each. Targets (issue 9): under 1 s at the demo's scale, under 3 s at 10×.
 * Usage: npm run bench:pages [-- 1 10]   (BENCH_PG=postgres://… also measures PostgreSQL)
 */
const SCALES = process.argv.slice(2).map(Number).filter((n) => n > 0);
const SERVER = process.env.BENCH_PG;
const UNIT = "620100";
const HEAD: SessionUser = { username: `head-${UNIT}`, name: "兰州市负责人", role: "unit_head", unitCode: UNIT };
const YEAR = { period: "2026", asOf: "2026-11-23" };
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wx-bench-pages-"));

async function best(fn: () => Promise<unknown>, runs = 3): Promise<number> {
  await fn(); // warm
  let min = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    min = Math.min(min, Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return min;
}

async function measure(where: string, db: Connection, scale: number) {
  const t0 = Date.now();
  await loadDemo(db, { scale });
  const loadS = (Date.now() - t0) / 1000;
  const [{ n }] = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM records`)) as [{ n: number }];
  // the item list (the page opens on the to-do list unless an indicator is named)
  const page = () => loadUnitDetail(db, UNIT, new QueryReader({ ...YEAR, indicator: "publication_timeliness" }), { base: "/unit", exportBase: "/unit/export" }, true, HEAD);
  const detail = await page();
  const items = detail && detail !== "bad address" ? detail.items.total : 0;
  const exported = (format: "csv" | "xlsx") => async () => {
    const r = await exportItems(db, { ...YEAR, group: "region", entity: UNIT, target: "publication_timeliness", lang: "zh", format });
    return r.arrayBuffer();
  };
  const [pageS, csvS, xlsxS] = [await best(page), await best(exported("csv")), await best(exported("xlsx"))];
  // the to-do list (first page, counts) uncached, beside the item list's own query for the same month, uncached
  const unit = { group: "region" as const, entity: UNIT, limit: 50 };
  const month = { period: "2026-11", asOf: YEAR.asOf };
  const todoMonth = await todoList(db, { ...month, ...unit });
  const [todoMonthS, todoYearS, listMonthS] = [
    await best(() => todoList(db, { ...month, ...unit })),
    await best(() => todoList(db, { ...YEAR, ...unit })),
    await best(() => explain(db, { ...month, ...unit, target: "publication_timeliness", daysLate: true })),
  ];
  console.log(
    `${where}, demo ×${scale}: to-do list of ${UNIT} (${todoMonth.total.toLocaleString("en-US")} items in 2026-11), uncached — month ${todoMonthS.toFixed(2)} s, ` +
      `year ${todoYearS.toFixed(2)} s; the publication-timeliness list of the month, uncached, ${listMonthS.toFixed(2)} s`,
  );
  console.log(
    `${where}, demo ×${scale} (${n.toLocaleString("en-US")} records, loaded in ${loadS.toFixed(0)} s): ${UNIT}'s year ${YEAR.period} ` +
      `(${items.toLocaleString("en-US")} items behind publication timeliness) — page data ${pageS.toFixed(2)} s, ` +
      `CSV export ${csvS.toFixed(2)} s, XLSX export ${xlsxS.toFixed(2)} s (target ${scale <= 1 ? "1" : "3"} s)`,
  );
}

async function main() {
  console.log(`bench/pages on ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? ""}`);
  for (const scale of SCALES.length ? SCALES : [1, 10]) {
    const db = await openPglite(path.join(dir, `pglite-${scale}`));
    await prepareDatabase(db);
    await measure("PGlite (on disk)", db, scale);
    await db.close();
    if (SERVER) {
      const name = `wx_bench_pages_${Date.now()}`;
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
