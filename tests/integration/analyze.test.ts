import fs from "node:fs";
import { afterAll, beforeAll, expect, it } from "vitest";
import { importFile } from "@/lib/ingest/import";
import { freshDatabase, type TestDatabase } from "../helpers/db";
import { csv, tempDir, writeText } from "../helpers/files";

// Planner statistics after imports (lib/ingest/import.ts analyzeWhenStale): gathered once the changes since
// the last ANALYZE reach 50 rows + 10 % of the table, counted across imports, not after every batch.
let db: TestDatabase;
let dir: string;

const HEADER = ["record_id", "kind", "unit_code", "subject_type", "subject_code", "subject_name", "decision_no", "decision_date", "published_date", "received_date"];
const records = (name: string, from: number, n: number) =>
  writeText(dir, name, csv([HEADER, ...Array.from({ length: n }, (_, i) => [`R${from + i}`, "license", "A1", "legal", "91350100M000100Y43", "某公司", `许${from + i}`, "2024-03-01", "2024-03-05", "2024-03-06"])]));
const tuples = async () => (await db.query<{ n: number }>(`SELECT reltuples::int AS n FROM pg_class WHERE oid = 'records'::regclass`))[0]!.n;
const debt = async () => (await db.query<{ value: string }>(`SELECT value FROM settings WHERE key = 'analyze_debt.records'`))[0]?.value;
const load = (name: string, from: number, n: number) => importFile(db, "records", records(name, from, n), { actor: "test" });

beforeAll(async () => {
  db = await freshDatabase();
  dir = tempDir();
  const units = csv([["code", "name", "type", "parent_code", "region_code", "line_code"], ["620000", "甘肃省", "region", "", "", ""], ["A1", "某机构", "agency", "", "620000", ""]]);
  await importFile(db, "units", writeText(dir, "units.csv", units), { actor: "test" });
});

afterAll(async () => {
  await db?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

it("analyses a table once its changes reach 50 rows + 10 % since the last time, counting small batches together", async () => {
  await load("a.csv", 0, 200);
  expect(await tuples()).toBe(200); // the first 200 rows: analysed, the count starts again
  expect(await debt()).toBe("0");
  await load("b.csv", 200, 40);
  expect(await tuples()).toBe(200); // 40 < 50 + 20: no ANALYZE yet
  expect(await debt()).toBe("40");
  await load("c.csv", 240, 20);
  expect(await debt()).toBe("60");
  expect(await tuples()).toBe(200);
  await load("d.csv", 260, 10); // 70 ≥ 70: analysed with every row since
  expect(await tuples()).toBe(270);
  expect(await debt()).toBe("0");
  await load("a.csv", 0, 200); // the same rows again: nothing changed, nothing counted
  expect(await debt()).toBe("0");
});

it("a small batch beside a large table is applied by the key's index, with the same counts", async () => {
  await load("big.csv", 1000, 12_000);
  expect(await tuples()).toBeGreaterThanOrEqual(12_000);
  const file = writeText(dir, "small.csv", csv([
    HEADER,
    ["R1000", "license", "A1", "legal", "91350100M000100Y43", "某公司", "许1000", "2024-03-01", "2024-03-05", "2024-03-06"], // unchanged
    ["R1001", "license", "A1", "legal", "91350100M000100Y43", "某公司", "许1001", "2024-03-01", "2024-03-04", "2024-03-06"], // changed
    ["N1", "license", "A1", "legal", "91350100M000100Y43", "某公司", "许N1", "2024-03-01", "2024-03-05", "2024-03-06"], // new
  ]));
  const { summary } = await importFile(db, "records", file, { actor: "test" });
  expect(summary).toMatchObject({ rows: 3, inserted: 1, updated: 1, unchanged: 1, superseded: 0, rejected: [] });
  const [r] = await db.query<{ published_date: string }>(`SELECT published_date FROM records WHERE record_id = 'R1001'`);
  expect(r!.published_date).toBe("2024-03-04");
  // the planner's settings are the import's own: nothing is left switched off for the connection
  const [s] = await db.query<{ h: string; m: string }>(`SELECT current_setting('enable_hashjoin') AS h, current_setting('enable_mergejoin') AS m`);
  expect(s).toEqual({ h: "on", m: "on" });
});
