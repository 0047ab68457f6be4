import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OFFICE } from "../helpers/actors";
import type { Sql } from "@/db/client";
import { latestPublication, openDataBody, publishPeriod, publishedPeriods } from "@/lib/publication/publish";
import { freshDatabase, rollbackEach, type TestDatabase } from "../helpers/db";
import { insertRows, insertUnits, record } from "../helpers/fixtures";

let db: TestDatabase;
// the evidence is the file's; what a test publishes or corrects is rolled back after it
const tx = rollbackEach(() => db);

/** February and March published, in that order. */
async function publishFebruaryAndMarch(sql: Sql) {
  await publishPeriod(sql, { period: "2024-02", asOf: "2024-03-15", actor: OFFICE });
  return publishPeriod(sql, { period: "2024-03", asOf: "2024-04-15", actor: OFFICE });
}

/** 嘉峪关's missing publication date supplied, and March published again as version 2. */
async function correctMarch(sql: Sql) {
  await sql.query(`UPDATE records SET published_date = '2024-03-02', received_date = '2024-03-02' WHERE record_id = 'm2'`);
  return publishPeriod(sql, { period: "2024-03", asOf: "2024-04-15", actor: OFFICE, note: "嘉峪关更正公示日期" });
}

beforeAll(async () => {
  db = await freshDatabase();
  await insertUnits(db, ["620100", "620200", "D1", "A1", "A2"]);
  await insertRows(db, "records", [
    record("f1", "A1", "2024-02-01", "2024-02-02", "2024-02-02"),
    record("m1", "A1", "2024-03-01", "2024-03-05", "2024-03-05"),
    record("m2", "A2", "2024-03-01", null, null),
    { ...record("n1", "A2", "2024-03-04", null, null), subject_type: "natural", subject_code: "11010519491231002X", subject_name: "张建国" },
  ]);
});

afterAll(async () => {
  await db?.drop();
});

describe("publishing a period", () => {
  it("refuses a period that has not ended", async () => {
    await expect(publishPeriod(tx(), { period: "2024-03", asOf: "2024-03-20", actor: OFFICE })).rejects.toThrow(/has not ended/);
  });

  it("stores an immutable, audited snapshot with change vs the previous period", async () => {
    const row = await publishFebruaryAndMarch(tx());
    expect(row.version).toBe(1);
    const lz = row.document.groups.region.find((e) => e.code === "620100")!;
    expect(lz).toMatchObject({ rank: 1, score: 100, grade: "A", change: 0, previous_rank: 1 });
    const jyg = row.document.groups.region.find((e) => e.code === "620200")!;
    expect(jyg).toMatchObject({ rank: 2, change: null });
    await expect(tx().query(`UPDATE publications SET note = 'x' WHERE id = $1`, [row.id])).rejects.toThrow(/append-only/);
    await expect(tx().query(`DELETE FROM publications WHERE id = $1`, [row.id])).rejects.toThrow(/append-only/);
    await expect(tx().query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
    const audit = await tx().query<{ entity_key: string; actor: string }>(`SELECT entity_key, actor FROM audit_log WHERE action = 'publish' ORDER BY id`);
    expect(audit).toEqual([{ entity_key: "2024-02 v1", actor: "office" }, { entity_key: "2024-03 v1", actor: "office" }]);
  });

  it("publishes a correction as a new version that says what changed", async () => {
    await publishFebruaryAndMarch(tx());
    const v2 = await correctMarch(tx());
    expect(v2.version).toBe(2);
    expect(v2.document.changed_from_previous_version).toContainEqual(expect.objectContaining({ group: "region", code: "620200" }));
    const v1 = await tx().query<{ version: number }>(`SELECT version FROM publications WHERE period = '2024-03' ORDER BY version`);
    expect(v1.map((r) => r.version)).toEqual([1, 2]);
    expect((await latestPublication(tx(), "2024-03"))!.version).toBe(2);
    expect((await publishedPeriods(tx())).map((p) => [p.period, p.version, p.versions])).toEqual([
      ["2024-03", 2, 2],
      ["2024-02", 1, 1],
    ]);
  });

  it("serves open data as stored bytes, with no natural person in them", async () => {
    await publishFebruaryAndMarch(tx());
    await correctMarch(tx());
    const json = JSON.parse((await openDataBody(tx(), "2024-03", "json"))!);
    expect(json).toMatchObject({ period: "2024-03", version: 2 });
    expect(json.groups.region.map((e: { code: string }) => e.code)).toEqual(["620100", "620200"]);
    const csv = (await openDataBody(tx(), "2024-03", "csv"))!;
    expect(csv.split("\r\n")[0]).toBe("period,version,group,rank,code,name,score,grade,change,violations,publication_timeliness_rate,collection_timeliness_rate,compliance_rate,coverage_rate,feedback_timeliness_rate,feedback_coverage_rate");
    for (const body of [JSON.stringify(json), csv]) {
      expect(body).not.toContain("11010519491231002X");
      expect(body).not.toContain("张建国");
    }
    expect(await openDataBody(tx(), "2023-01", "json")).toBeUndefined();
  });
});
