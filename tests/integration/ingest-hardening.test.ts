import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Connection } from "@/db/client";
import { importFile, MAX_KEY_CHARS } from "@/lib/ingest/import";
import { parseDate, parseMonth } from "@/lib/ingest/values";
import { checkAttachment } from "@/lib/notices/report-files";
import { freshDatabase } from "../helpers/db";
import { csv, tempDir, writeText } from "../helpers/files";

// Values PostgreSQL refuses while loading the staging table used to fail (or, on PostgreSQL, hang)
// the whole import; each is now one rejected row with its reason, and the rest of the file is stored.
let db: Connection & { drop(): Promise<void> };
let dir: string;

const HEADER = ["record_id", "kind", "unit_code", "subject_type", "subject_code", "subject_name", "decision_no", "decision_date", "published_date", "received_date"];
const rec = (id: string, over: Partial<Record<string, string>> = {}): string[] =>
  HEADER.map((h) => over[h] ?? { record_id: id, kind: "license", unit_code: "620100", subject_type: "legal", subject_code: "91350100M000100Y43", subject_name: "某公司", decision_no: `许〔2024〕${id}号`, decision_date: "2024-03-01", published_date: "2024-03-05", received_date: "2024-03-06" }[h]!);
const jsonl = (rows: string[][]) => rows.map((r) => JSON.stringify(Object.fromEntries(HEADER.map((h, i) => [h, r[i]])))).join("\n") + "\n";

beforeAll(async () => {
  db = await freshDatabase();
  dir = tempDir();
  await importFile(db, "units", writeText(dir, "units.csv", csv([["code", "name", "type", "parent_code"], ["620000", "甘肃省", "region", ""], ["620100", "兰州市", "region", "620000"]])), { actor: "test" });
});
afterAll(() => db.drop());

const recordIds = async (prefix: string) => (await db.query<{ record_id: string }>(`SELECT record_id FROM records WHERE record_id LIKE $1 ORDER BY record_id`, [`${prefix}%`])).map((r) => r.record_id);

describe("values the database cannot store are rejected rows, not failed imports", () => {
  it("a NUL byte after the first 64 KB of a CSV", async () => {
    const filler = Array.from({ length: 800 }, (_, i) => rec(`N${String(i).padStart(4, "0")}`));
    const file = writeText(dir, "nul.csv", csv([HEADER, ...filler, rec("NX", { subject_name: "坏\u0000公司" })]));
    const { summary } = await importFile(db, "records", file, { actor: "test", lang: "en" });
    expect(summary).toMatchObject({ rows: 801, inserted: 800 });
    expect(summary.rejected).toEqual([{ row: 801, errors: ["subject_name: contains a NUL character (U+0000), which cannot be stored"] }]);
    expect(await recordIds("NX")).toEqual([]);
  });

  it("\\u0000 and a lone surrogate in JSON Lines", async () => {
    const file = writeText(dir, "bad.jsonl", jsonl([rec("J1"), rec("J2", { subject_name: "a\u0000b" }), rec("J3", { decision_no: "x\ud800y" }), rec("J4")]));
    const { summary } = await importFile(db, "records", file, { actor: "test", lang: "zh" });
    expect(summary).toMatchObject({ rows: 4, inserted: 2 });
    expect(summary.rejected.map((r) => r.row)).toEqual([2, 3]);
    expect(summary.rejected[1]!.errors[0]).toContain("不成对的代理项");
    expect(await recordIds("J")).toEqual(["J1", "J4"]);
  });

  it("a date in year 0 or far outside credit work, in every accepted spelling", async () => {
    for (const bad of ["0000-01-01", "00000101", "0000/1/1", "1899-12-31", "2101-01-01"]) expect(parseDate(bad), bad).toBeUndefined();
    expect(parseDate("1900-01-01")).toBe("1900-01-01");
    expect(parseMonth("0000-01")).toBeUndefined();
    const file = writeText(dir, "year0.csv", csv([HEADER, rec("Y1", { decision_date: "0000-01-01" }), rec("Y2", { decision_date: "00000101" }), rec("Y3")]));
    const { summary } = await importFile(db, "records", file, { actor: "test", lang: "en" });
    expect(summary).toMatchObject({ rows: 3, inserted: 1 });
    expect(summary.rejected.map((r) => r.row)).toEqual([1, 2]);
  });

  it(`a key longer than ${MAX_KEY_CHARS} characters (an index entry PostgreSQL would refuse)`, async () => {
    const file = writeText(dir, "longkey.csv", csv([HEADER, rec("K".repeat(3000)), rec("K1")]));
    const { summary } = await importFile(db, "records", file, { actor: "test", lang: "en" });
    expect(summary).toMatchObject({ rows: 2, inserted: 1 });
    expect(summary.rejected[0]!.errors[0]).toMatch(/record_id: 3000 characters long/);
  });
});

describe("a COPY the server refuses", () => {
  it("fails the transaction at once instead of leaving it open (patches/postgres+3.4.9.patch on PostgreSQL)", async () => {
    async function* chunks() {
      yield "a,b\n";
      yield "x".repeat(70_000) + ",y\n";
      yield "c\u0000,d\n";
    }
    const started = Date.now();
    await expect(
      db.transaction(async (tx) => {
        await tx.exec("CREATE TEMP TABLE wx_copy_probe (a text, b text) ON COMMIT DROP");
        await tx.copyIn("wx_copy_probe", ["a", "b"], chunks());
      }),
    ).rejects.toThrow(/0x00/);
    expect(Date.now() - started).toBeLessThan(10_000);
    // and the connection is usable again: nothing left "idle in transaction (aborted)"
    expect(await db.query<{ one: number }>(`SELECT 1 AS one`)).toEqual([{ one: 1 }]);
  });
});

describe("names that are also JavaScript's own", () => {
  it("a kind of __proto__ is flagged as invalid like any unknown kind, not taken for a known one (found by the fuzzer)", async () => {
    const file = writeText(dir, "proto.csv", csv([HEADER, rec("PR1", { kind: "__proto__" }), rec("PR2", { kind: "constructor" })]));
    const { summary } = await importFile(db, "records", file, { actor: "test", lang: "en" });
    expect(summary).toMatchObject({ rows: 2, inserted: 2, rejected: [] });
    const rows = await db.query<{ flags: string[] }>(`SELECT flags FROM records WHERE record_id IN ('PR1', 'PR2') ORDER BY record_id`);
    expect(rows.every((r) => r.flags.includes("kind_invalid"))).toBe(true);
  });

  it("an attachment named x.constructor or x.__proto__ is refused by name, not a crash", () => {
    for (const name of ["x.constructor", "x.__proto__", "x.toString"]) {
      expect(() => checkAttachment({ fileName: name, data: Buffer.from("hello") }), name).toThrow(/its name should end in \.txt/);
    }
    expect(() => checkAttachment({ fileName: "a\u0000b.txt", data: Buffer.from("hello") })).toThrow(/file name is invalid/);
  });
});
