import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OFFICE } from "../helpers/actors";
import type { Sql } from "@/db/client";
import { latestPublication, openDataBody, planPublication, publishPeriod, publishedPeriods, publishedVersionsPage } from "@/lib/publication/publish";
import { workingPeriod } from "@/lib/publication/working-period";
import { freshDatabase, rollbackEach, type TestDatabase } from "../helpers/db";
import { insertRows, insertUnits, record, unit } from "../helpers/fixtures";

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
    const json = JSON.parse((await openDataBody(tx(), "2024-03", "json"))!.body);
    expect(json).toMatchObject({ period: "2024-03", version: 2 });
    expect(json.groups.region.map((e: { code: string }) => e.code)).toEqual(["620100", "620200"]);
    const csv = (await openDataBody(tx(), "2024-03", "csv"))!.body;
    // the original columns stay first and in order; the counts behind each rate are appended (issue 9)
    expect(csv.split("\r\n")[0]!.startsWith("period,version,group,rank,code,name,score,grade,change,violations,publication_timeliness_rate,collection_timeliness_rate,compliance_rate,coverage_rate,feedback_timeliness_rate,feedback_coverage_rate,publication_timeliness_numerator,")).toBe(true);
    for (const body of [JSON.stringify(json), csv]) {
      expect(body).not.toContain("11010519491231002X");
      expect(body).not.toContain("张建国");
    }
    expect(await openDataBody(tx(), "2023-01", "json")).toBeUndefined();
  });
});

describe("a new version of a published period", () => {
  const rows = (sql: Sql) => sql.query<{ version: number; note: string }>(`SELECT version, note FROM publications WHERE period = '2024-03' ORDER BY version`);

  it("is refused when no figure changed, even as of another date: nothing changed", async () => {
    await publishFebruaryAndMarch(tx());
    // every March record was due by April 15 already: a day later, the same figures
    const plan = await planPublication(tx(), "2024-03", "2024-04-16");
    expect(plan).toMatchObject({ version: 2, unchanged: true, changes: [] });
    for (const asOf of ["2024-04-15", "2024-04-16"]) {
      await expect(publishPeriod(tx(), { period: "2024-03", asOf, actor: OFFICE, note: "再发一次" })).rejects.toMatchObject({
        code: "nothing_changed",
        status: 409,
        zh: expect.stringContaining("数据无变化，无需重新发布") as unknown,
        en: expect.stringContaining("nothing changed") as unknown,
      });
    }
    expect(await rows(tx())).toEqual([{ version: 1, note: "" }]);
  });

  it("needs a reason", async () => {
    await publishFebruaryAndMarch(tx());
    await tx().query(`UPDATE records SET published_date = '2024-03-02', received_date = '2024-03-02' WHERE record_id = 'm2'`);
    for (const note of [undefined, "", "   "]) {
      await expect(publishPeriod(tx(), { period: "2024-03", asOf: "2024-04-15", actor: OFFICE, note })).rejects.toThrow(/须写明更正原因.*give the reason/);
    }
    expect((await publishPeriod(tx(), { period: "2024-03", asOf: "2024-04-15", actor: OFFICE, note: " 嘉峪关更正公示日期 " })).note).toBe("嘉峪关更正公示日期");
  });

  it("lists exactly the units whose score or rank changed, telling a corrected evidence from another evaluation date", async () => {
    // 金昌: one record of two late, in March and in both versions alike
    await insertRows(tx(), "units", [unit("620300", "金昌市", "region", "620000", "620300", null)]);
    await insertRows(tx(), "records", [record("j-ok", "620300", "2024-03-01", "2024-03-02", "2024-03-02"), record("j-late", "620300", "2024-03-01", null, null)]);
    // 兰州: a record decided on March 29, not yet due on April 1, late by April 15
    await insertRows(tx(), "records", [record("m-late", "A1", "2024-03-29", null, null)]);
    const v1 = await publishPeriod(tx(), { period: "2024-03", asOf: "2024-04-01", actor: OFFICE });
    // 嘉峪关's missing publication date supplied, and published again as of a later date
    await tx().query(`UPDATE records SET published_date = '2024-03-02', received_date = '2024-03-02' WHERE record_id = 'm2'`);
    const plan = await planPublication(tx(), "2024-03", "2024-04-15");
    const v2 = await publishPeriod(tx(), { period: "2024-03", asOf: "2024-04-15", actor: OFFICE, note: "嘉峪关更正公示日期", confirmed: { version: plan.version, fingerprint: plan.fingerprint } });
    const score = (doc: typeof v1.document, code: string) => [...doc.groups.region, ...doc.groups.department].find((e) => e.code === code)!;
    const changes = v2.document.changed_from_previous_version;
    expect(changes.map((c) => [c.group, c.code, c.reasons])).toEqual([
      // its own figures as of April 1 are the same with today's evidence: only the later date changed them
      ["region", "620100", ["evaluation_date"]],
      // as of April 1 with today's evidence it differs already; and nothing more fell due for it by April 15
      ["region", "620200", ["evidence"]],
      // its score stayed; the others' moved its rank
      ["region", "620300", ["rank_only"]],
      // both of its bureaus: 嘉峪关's corrected record and 兰州's record that fell due
      ["department", "D1", ["evidence", "evaluation_date"]],
    ]);
    for (const c of changes) {
      expect(c).toMatchObject({ name: score(v2.document, c.code).name, score_before: score(v1.document, c.code).score, score_after: score(v2.document, c.code).score, rank_before: score(v1.document, c.code).rank, rank_after: score(v2.document, c.code).rank });
      expect(c.score_before !== c.score_after || c.rank_before !== c.rank_after).toBe(true);
    }
    expect(score(v1.document, "620300").score).toBe(score(v2.document, "620300").score);
    // every unit left out is unchanged in score and rank
    for (const e of [...v2.document.groups.region, ...v2.document.groups.department].filter((x) => !changes.some((c) => c.code === x.code))) {
      expect([score(v1.document, e.code).score, score(v1.document, e.code).rank]).toEqual([e.score, e.rank]);
    }
    expect(v2.document.correction).toEqual({ previous_version: 1, as_of_before: "2024-04-01", calendar_changed: false });
    // the plan the office confirmed said the same
    expect(plan.changes).toEqual(changes);
    const [audit] = await tx().query<{ after: { note: string; changed: unknown[] } }>(`SELECT after FROM audit_log WHERE action = 'publish' AND entity_key = '2024-03 v2'`);
    expect(audit!.after).toMatchObject({ note: "嘉峪关更正公示日期", changed: changes.map((c) => ({ group: c.group, code: c.code, reasons: c.reasons })) });
  });

  it("with the same evaluation date, a change can only be corrected evidence", async () => {
    await publishFebruaryAndMarch(tx());
    const v2 = await correctMarch(tx());
    expect(v2.document.changed_from_previous_version.map((c) => [c.code, c.reasons])).toEqual([
      ["620200", ["evidence"]],
      ["D1", ["evidence"]],
    ]);
  });

  it("is refused when the figures or the version differ from what the office confirmed", async () => {
    await publishFebruaryAndMarch(tx());
    await tx().query(`UPDATE records SET published_date = '2024-03-02', received_date = '2024-03-02' WHERE record_id = 'm2'`);
    const plan = await planPublication(tx(), "2024-03", "2024-04-15");
    // evidence arrives between the panel and the confirmation
    await tx().query(`UPDATE records SET received_date = NULL WHERE record_id = 'm1'`);
    await expect(publishPeriod(tx(), { period: "2024-03", asOf: "2024-04-15", actor: OFFICE, note: "更正", confirmed: { version: plan.version, fingerprint: plan.fingerprint } })).rejects.toMatchObject({ code: "publication_changed", status: 409 });
    await expect(publishPeriod(tx(), { period: "2024-03", asOf: "2024-04-15", actor: OFFICE, note: "更正", confirmed: { version: 3, fingerprint: (await planPublication(tx(), "2024-03", "2024-04-15")).fingerprint } })).rejects.toMatchObject({ code: "publication_changed" });
    expect(await rows(tx())).toEqual([{ version: 1, note: "" }]);
  });

  it("keeps every version's open-data bytes, served by version, the latest without one", async () => {
    await publishFebruaryAndMarch(tx());
    await correctMarch(tx());
    const stored = await tx().query<{ version: number; csv_body: string; json_body: string }>(`SELECT version, csv_body, json_body FROM publications WHERE period = '2024-03' ORDER BY version`);
    expect(stored.map((r) => r.version)).toEqual([1, 2]);
    for (const r of stored) {
      expect(await openDataBody(tx(), "2024-03", "csv", r.version)).toEqual({ body: r.csv_body, version: r.version });
      expect(await openDataBody(tx(), "2024-03", "json", r.version)).toEqual({ body: r.json_body, version: r.version });
      expect(JSON.parse(r.json_body)).toMatchObject({ period: "2024-03", version: r.version });
      expect(r.csv_body.split("\r\n")[1]).toMatch(new RegExp(`^2024-03,${r.version},region,`));
    }
    expect(stored[0]!.csv_body).not.toBe(stored[1]!.csv_body);
    expect(await openDataBody(tx(), "2024-03", "csv")).toEqual({ body: stored[1]!.csv_body, version: 2 });
    expect(await openDataBody(tx(), "2024-03", "json", 3)).toBeUndefined();
    const page = await publishedVersionsPage(tx(), 1);
    expect(page).toMatchObject({ total: 2, page: 1, pages: 1 });
    expect(page.periods.map((p) => [p.period, p.versions.map((v) => [v.version, v.as_of, v.note])])).toEqual([
      ["2024-03", [[1, "2024-04-15", ""], [2, "2024-04-15", "嘉峪关更正公示日期"]]],
      ["2024-02", [[1, "2024-03-15", ""]]],
    ]);
    expect((await publishedVersionsPage(tx(), 2)).periods).toEqual([]);
    // newest first by the day a period ends, the month before its quarter, the quarter before its year
    for (const period of ["2024-Q1", "2024", "2024-01"]) await publishPeriod(tx(), { period, asOf: "2025-01-15", actor: OFFICE });
    expect((await publishedVersionsPage(tx(), 1)).periods.map((p) => p.period)).toEqual(["2024", "2024-03", "2024-Q1", "2024-02", "2024-01"]);
    expect((await publishedPeriods(tx())).map((p) => p.period)).toEqual(["2024", "2024-03", "2024-Q1", "2024-02", "2024-01"]);
  });
});

describe("the period a page opens on", () => {
  const months = ["2024-02", "2024-03", "2024-04"];
  it("is the month just ended while it is unpublished, then the current month", async () => {
    expect(await workingPeriod(tx(), months, "2024-04-03")).toBe("2024-03");
    await publishFebruaryAndMarch(tx());
    expect(await workingPeriod(tx(), months, "2024-04-20")).toBe("2024-04");
  });
  it("falls back to the newest month with data, and to none without data", async () => {
    expect(await workingPeriod(tx(), ["2024-02"], "2024-09-01")).toBe("2024-02");
    expect(await workingPeriod(tx(), ["2024-02", "2024-03"], "2024-03-10")).toBe("2024-02");
    expect(await workingPeriod(tx(), [], "2024-03-10")).toBeUndefined();
  });
});
