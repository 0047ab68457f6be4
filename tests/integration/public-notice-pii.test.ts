import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setPublic } from "@/lib/notices/lifecycle";
import { personalDataIn } from "@/lib/notices/personal-data";
import { OFFICE } from "../helpers/actors";
import { freshDatabase, type TestDatabase } from "../helpers/db";
import { insertRegions, insertRows, record } from "../helpers/fixtures";

// A notice made public names units, never persons: its text is checked against ID-number and mobile
// patterns and against the natural persons the evidence knows, before it reaches /notices.
let db: TestDatabase;

beforeAll(async () => {
  db = await freshDatabase();
  await insertRegions(db, 1);
  await insertRows(db, "records", [{ ...record("P1", "620100", "2024-03-01", null, null), subject_type: "natural", subject_code: "11010519491231002X", subject_name: "欧阳明" }]);
});
afterAll(() => db.drop());

async function issuedNotice(seq: number, body: string): Promise<number> {
  const [row] = await db.query<{ id: number }>(
    `INSERT INTO notices (period, grp, unit_code, rules, rules_version, as_of, figures, worst_items, status, title, body, addressees, year, seq, number, issued_by, issued_at, rectification_due)
     VALUES ('2024-0${seq}', 'region', '620100', '{score_below_line}', 1, '2024-04-30', '{}', '[]', 'issued', '关于兰州市的通报', $1, '兰州市', 2024, $2, $3, 'office', now(), '2024-05-31') RETURNING id`,
    [body, seq, `甘信用办通〔2024〕${seq}号`],
  );
  return row!.id;
}

describe("making a notice public", () => {
  it("finds ID numbers, mobile numbers and known natural persons, masked", async () => {
    expect(await personalDataIn(db, "当事人欧阳明（身份证号 11010519491231002X，电话 13912345678）")).toEqual(["110105********002X", "139****5678", "欧**"]);
    expect(await personalDataIn(db, "兰州市迟报率 66.7%，共 1234567890 条")).toEqual([]);
  });

  it("refuses a notice that names a person, and allows one that does not", async () => {
    const bad = await issuedNotice(1, "兰州市：经查，欧阳明的处罚记录迟报。");
    await expect(setPublic(db, OFFICE, bad, true)).rejects.toThrow(/personal data \(欧\*\*\)/);
    const [row] = await db.query<{ is_public: boolean }>(`SELECT is_public FROM notices WHERE id = $1`, [bad]);
    expect(row!.is_public).toBe(false);

    const good = await issuedNotice(2, "兰州市：你单位本月迟报率 66.7%。");
    await setPublic(db, OFFICE, good, true);
    const [ok] = await db.query<{ is_public: boolean }>(`SELECT is_public FROM notices WHERE id = $1`, [good]);
    expect(ok!.is_public).toBe(true);
    // withdrawing is never refused
    await setPublic(db, OFFICE, bad, false);
  });
});
