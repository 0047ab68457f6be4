import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { importFile } from "@/lib/ingest/import";
import { freshDatabase, type TestDatabase } from "../helpers/db";
import { recordFigure } from "../helpers/figures";
import { csv, tempDir, writeText } from "../helpers/files";

// Property-based fuzzing of the importers (fast-check, seeded): mutated CSV and JSON Lines files of
// records. Whatever the input: no crash (an unusable file is an AppError, nothing else), no hang,
// and rows = inserted + updated + unchanged + superseded + rejected, with the table's count moving
// by exactly `inserted`. WENXIAO_FUZZ_RUNS sets how many (500 in CI; 10 000 for the long run).
const RUNS = Number(process.env.WENXIAO_FUZZ_RUNS ?? 250);
const SEED = Number(process.env.WENXIAO_FUZZ_SEED ?? 20261123);

let db: TestDatabase;
let dir: string;

const HEADER = ["record_id", "kind", "unit_code", "subject_type", "subject_code", "subject_name", "decision_no", "decision_date", "published_date", "received_date"];
const VALID = ["R", "license", "620100", "legal", "91350100M000100Y43", "某公司", "许〔2024〕1号", "2024-03-01", "2024-03-05", "2024-03-06"];

// the nasty values a unit's spreadsheet (or an attacker) can hold
const nasty = fc.oneof(
  fc.constantFrom("", " ", "\u0000", "a\u0000b", "\ud800", "\udfff x", '"', '""', "a,b", "a\nb", "\r", "=cmd|' /C calc'!A0", "0000-01-01", "00000101", "2024-02-30", "9999-12-31", "2024/3/5", "2024年3月5日", "NOPE", "natural", "penalty", "-1", "1e309", "K".repeat(3000), "许".repeat(5000), "\uFEFF"),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
);

const recordRow = fc.tuple(fc.integer({ min: 0, max: 40 }), fc.array(fc.tuple(fc.integer({ min: 0, max: 9 }), nasty), { maxLength: 3 })).map(([id, edits]) => {
  const row = [...VALID];
  row[0] = `F${id}`;
  for (const [col, value] of edits) row[col] = value;
  return row;
});

const fileCase = fc.record({
  format: fc.constantFrom("csv", "jsonl"),
  rows: fc.array(recordRow, { minLength: 0, maxLength: 12 }),
  // damage to the file itself, now and then: a cut, stray bytes, a header change (most files are whole)
  cut: fc.oneof({ arbitrary: fc.constant(undefined), weight: 5 }, { arbitrary: fc.integer({ min: 0, max: 400 }), weight: 1 }),
  junk: fc.oneof({ arbitrary: fc.constant(undefined), weight: 5 }, { arbitrary: fc.uint8Array({ minLength: 1, maxLength: 8 }), weight: 1 }),
  header: fc.oneof({ arbitrary: fc.constant("ok" as const), weight: 8 }, { arbitrary: fc.constantFrom("missing" as const, "unknown" as const, "duplicate" as const), weight: 1 }),
});

type FileCase = { format: "csv" | "jsonl"; rows: string[][]; cut?: number; junk?: Uint8Array; header: "ok" | "missing" | "unknown" | "duplicate" };

function encode(c: FileCase, n: number): string {
  const header = c.header === "missing" ? HEADER.slice(1) : c.header === "unknown" ? [...HEADER, "colour"] : c.header === "duplicate" ? [...HEADER, "kind"] : HEADER;
  const text =
    c.format === "csv"
      ? csv([header, ...c.rows.map((r) => r.map((v) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)))])
      : c.rows.map((r) => JSON.stringify(Object.fromEntries(header.map((h, i) => [h, r[i] ?? ""])))).join("\n") + "\n";
  let bytes = Buffer.from(text, "utf8");
  if (c.cut !== undefined && c.cut < bytes.length) bytes = bytes.subarray(0, c.cut);
  if (c.junk) {
    const at = Math.floor(bytes.length / 2);
    bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(c.junk), bytes.subarray(at)]);
  }
  const file = path.join(dir, `fuzz-${n}.${c.format}`);
  fs.writeFileSync(file, bytes);
  return file;
}

beforeAll(async () => {
  db = await freshDatabase();
  dir = tempDir();
  await importFile(db, "units", writeText(dir, "units.csv", csv([["code", "name", "type", "parent_code"], ["620000", "甘肃省", "region", ""], ["620100", "兰州市", "region", "620000"]])), { actor: "test" });
});
afterAll(() => db.drop());

describe("fuzzed imports", () => {
  // each file has its own 5 s limit (a hang); the whole run's limit only has to let RUNS files through
  // on a busy machine (10 000 took over 10 minutes on PostgreSQL at a load average of 12)
  it(`${RUNS} mutated CSV and JSON Lines files: no crash, no hang, every row accounted for`, { timeout: Math.max(600_000, RUNS * 300) }, async () => {
    let n = 0;
    let unusable = 0;
    let rows = 0;
    let rejected = 0;
    let slowest = 0;
    const count = async () => (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM records`))[0]!.n;
    await fc.assert(
      fc.asyncProperty(fileCase, async (c) => {
        const file = encode(c, n++);
        const before = await count();
        const started = Date.now();
        try {
          const { summary } = await importFile(db, "records", file, { actor: "fuzz", lang: "en" });
          const s = summary;
          expect(s.rows).toBe(s.inserted + s.updated + s.unchanged + s.superseded + s.rejected.length);
          expect(await count()).toBe(before + s.inserted);
          rows += s.rows;
          rejected += s.rejected.length;
        } catch (e) {
          // an unusable file stores nothing and says why; anything else is a crash
          if (!(e instanceof AppError)) throw e;
          unusable++;
          expect(await count()).toBe(before);
        } finally {
          slowest = Math.max(slowest, Date.now() - started);
          fs.rmSync(file, { force: true });
        }
        expect(Date.now() - started).toBeLessThan(5_000);
      }),
      { numRuns: RUNS, seed: SEED },
    );
    recordFigure("fuzz.imports", { runs: RUNS, seed: SEED, crashes: 0, hangs: 0, unusable_files: unusable, rows, rejected_rows: rejected, slowest_ms: slowest });
    // the fuzz reaches the row checks, not only the file checks
    expect(unusable).toBeLessThan(RUNS / 2);
  });
});
