import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "@/lib/auth/actor";
import { monthlySummary } from "@/lib/notices/summary";
import { rulesHit, type Rule } from "@/lib/notices/rules";
import { openDataBody, planPublication, publishPeriod, latestPublication } from "@/lib/publication/publish";
import { methodHistory, methodInForce, parseMinSample, previewMinSample, setMinSample } from "@/lib/scoring/method";
import { scorePeriod, type EntityScore } from "@/lib/scoring/score";
import { OFFICE, head } from "../helpers/actors";
import { freshDatabase, rollbackEach, type TestDatabase } from "../helpers/db";
import { feedbackRow, insertRows, insertUnits, obligation, record } from "../helpers/fixtures";

// The fixture of scoring.test.ts (hand-computed there): 兰州 (620100) has 3 records due, 15 expected
// in stats, 3 obligations due and 1 violation in 2024-03 as of 2024-04-30; 嘉峪关 (620200) one of each.
let db: TestDatabase;
const tx = rollbackEach(() => db);

beforeAll(async () => {
  db = await freshDatabase();
  await insertUnits(db, ["620100", "620102", "620200", "620300", "D1", "D2", "A1", "A4", "A3"]);
  await insertRows(db, "records", [
    record("r1", "A1", "2024-03-01", "2024-03-12", "2024-03-13"),
    record("r2", "A4", "2024-03-01", null, "2024-03-05", false),
    record("r3", "A4", "2024-03-29", "2024-04-10", "2024-05-02"),
    record("r4", "A3", "2024-03-15", "2024-03-14", "2024-03-26", false),
    record("r6", "A3", "2024-01-02", "2024-01-03", "2024-01-03"),
  ]);
  await insertRows(db, "stats", [
    { unit_code: "A1", catalog_item: "X", period: "2024-03", expected: 10, collected: 8 },
    { unit_code: "A4", catalog_item: "X", period: "2024-03", expected: 5, collected: 7 },
  ]);
  await insertRows(db, "cases", [
    obligation("C1", "M1", "A1", "D2", "2024-03-20"),
    obligation("C1", "M2", "A4", "D2", "2024-03-25"),
    obligation("C1", "M3", "A1", "D2", "2024-03-29"),
    obligation("C2", "M1", "A3", "D1", "2024-03-29"),
    obligation("C2", "M1", "A1", "D1", "2024-04-15"),
  ]);
  await insertRows(db, "objections", [{ objection_id: "O1", case_id: "C1", filed_date: "2024-03-27", resolved_date: "2024-04-10", outcome: "rejected" }]);
  await insertRows(db, "feedback", [feedbackRow("C1", "M1", "A1", "2024-03-19"), feedbackRow("C1", "M2", "A4", "2024-03-28"), feedbackRow("C1", "M3", "A1", "2024-04-10")]);
});

afterAll(async () => {
  await db?.drop();
});

const byCode = (list: EntityScore[], code: string) => list.find((x) => x.code === code)!;

describe("an unset minimum sample", () => {
  it("scores exactly by CONTRACT §4–5: the same figures and the same bytes as the contract's method", async () => {
    expect(await methodInForce(tx())).toEqual({ version: null, minSample: 0 });
    const doc = await scorePeriod(tx(), "2024-03", "2024-04-30");
    const lz = byCode(doc.groups.region, "620100");
    expect(lz.score).toBe(64.67);
    expect(byCode(doc.groups.region, "620200").score).toBe(53.33);
    expect(doc.groups.department.map((e) => [e.code, e.rank, e.score])).toEqual([["D1", 1, 64.67], ["D2", 2, 53.33]]);
    // nothing added to the document of CONTRACT §5
    const json = JSON.stringify(doc);
    expect(json).not.toContain("insufficient");
    expect(json).not.toContain("min_sample");
    expect(JSON.stringify(await scorePeriod(tx(), "2024-03", "2024-04-30", { minSample: 0 }))).toBe(json);
  });
});

describe("a minimum sample of 4", () => {
  it("leaves indicators with fewer due items out of the score, like empty ones, and marks them", async () => {
    const set = await setMinSample(tx(), { minSample: 4, actor: OFFICE, note: "试行" });
    expect(set).toMatchObject({ before: 0, after: 4 });
    const doc = await scorePeriod(tx(), "2024-03", "2024-04-30");
    expect(doc.min_sample).toBe(4);
    const lz = byCode(doc.groups.region, "620100");
    // 3 records due, 3 obligations due: five indicators below 4; coverage (15 expected) alone counts
    expect(lz.indicators.publication_timeliness).toEqual({ numerator: 2, denominator: 3, rate: 0.666667, insufficient: true });
    expect(lz.indicators.coverage).toEqual({ numerator: 13, denominator: 15, rate: 0.866667 });
    // 100 · 13/15 = 86.666…, less 2 for the violation
    expect(lz.score).toBe(84.67);
    expect(lz.rank).toBe(1);
    // 嘉峪关: one record, nothing else: no indicator with enough items, so no score and no rank
    const jyg = byCode(doc.groups.region, "620200");
    expect(jyg.score).toBeNull();
    expect(jyg.rank).toBeNull();
    // an empty indicator stays empty, not 样本不足
    expect(jyg.indicators.coverage).toEqual({ numerator: 0, denominator: 0, rate: null });
  });

  it("is versioned and audited with who changed it, from what to what", async () => {
    await setMinSample(tx(), { minSample: 5, actor: OFFICE, note: "试行" });
    await setMinSample(tx(), { minSample: 3, actor: OFFICE });
    const history = await methodHistory(tx());
    expect(history.map((h) => [h.version > 0, h.previous, h.min_sample, h.created_by])).toEqual([
      [true, 5, 3, "office"],
      [true, 0, 5, "office"],
    ]);
    const audit = await tx().query<{ actor: string; before: unknown; after: unknown }>(`SELECT actor, before, after FROM audit_log WHERE entity = 'scoring_method' ORDER BY id`);
    expect(audit).toEqual([
      { actor: "office", before: { min_sample: 0 }, after: { min_sample: 5, note: "试行" } },
      { actor: "office", before: { min_sample: 5 }, after: { min_sample: 3, note: "" } },
    ]);
    // the rows are the history: never edited
    await expect(tx().query(`UPDATE scoring_method SET min_sample = 9`)).rejects.toThrow(/append-only/);
  });

  it("is refused for a unit, for the same value, for a stale confirmation and for bad input, in both languages", async () => {
    await expect(setMinSample(tx(), { minSample: 5, actor: head("620100") })).rejects.toMatchObject({ status: 403 });
    await expect(setMinSample(tx(), { minSample: 0, actor: OFFICE })).rejects.toMatchObject({ code: "nothing_changed" });
    await expect(setMinSample(tx(), { minSample: 5, actor: OFFICE, confirmedFrom: 2 })).rejects.toMatchObject({ code: "method_changed" });
    expect(parseMinSample(" 12 ")).toBe(12);
    for (const bad of ["", "-1", "2.5", "abc", "10001"]) expect(() => parseMinSample(bad)).toThrow(/最小样本量.*minimum sample/);
    expect((await methodInForce(tx())).version).toBeNull();
  });

  it("is previewed before it is set: how many indicators become 样本不足 and which units change", async () => {
    const p = await previewMinSample(tx(), "2024-03", "2024-04-30", 4);
    expect(p).toMatchObject({ before: 0, after: 4, insufficientBefore: 0 });
    expect(p.insufficientAfter).toBeGreaterThan(5);
    expect(p.changes.find((c) => c.code === "620200")).toMatchObject({ score_before: 53.33, score_after: null, rank_before: 2, rank_after: null });
    expect((await methodInForce(tx())).version).toBeNull(); // nothing written
  });
});

describe("notice rules and 样本不足", () => {
  const floor: Rule[] = [{ id: "indicator_floor", indicator: "collection_timeliness", floor: 0.5 }, { id: "publication_late_over_half", floor: 0.7 }];

  it("never name a unit for the rate of an indicator with too few items", async () => {
    const before = await scorePeriod(tx(), "2024-03", "2024-04-30");
    const lz0 = byCode(before.groups.region, "620100");
    // 1/3 collected on time, 2/3 published on time: both rules hit under the contract's method
    expect(rulesHit(floor, lz0, before.groups.region, undefined, "region")).toEqual(["indicator_floor", "publication_late_over_half"]);
    await setMinSample(tx(), { minSample: 4, actor: OFFICE });
    const after = await scorePeriod(tx(), "2024-03", "2024-04-30");
    expect(rulesHit(floor, byCode(after.groups.region, "620100"), after.groups.region, undefined, "region")).toEqual([]);
  });

  it("leave 样本不足 units out of those the monthly summary names for their late rate", async () => {
    await tx().query(`INSERT INTO notice_rules (rules, created_by) VALUES ($1::jsonb, 'office')`, [JSON.stringify([{ id: "publication_late_over_half", floor: 0.9 }])]);
    expect((await monthlySummary(tx(), "2024-03", "2024-04-30")).named.map((r) => r.code)).toContain("620100");
    await setMinSample(tx(), { minSample: 4, actor: OFFICE });
    const s = await monthlySummary(tx(), "2024-03", "2024-04-30");
    expect(s.rows.find((r) => r.code === "620100")?.too_few).toBe(true);
    expect(s.named.map((r) => r.code)).not.toContain("620100");
  });
});

describe("publications keep the minimum sample they were computed with", () => {
  it("stores it in the snapshot and its open data, with the counts, and a later change never alters them", async () => {
    await setMinSample(tx(), { minSample: 4, actor: OFFICE });
    const v1 = await publishPeriod(tx(), { period: "2024-03", asOf: "2024-04-30", actor: OFFICE });
    expect(v1.document.min_sample).toBe(4);
    const json = (await openDataBody(tx(), "2024-03", "json"))!.body;
    const csv = (await openDataBody(tx(), "2024-03", "csv"))!.body;
    const data = JSON.parse(json) as { min_sample: number; groups: { region: { code: string; indicators: Record<string, { numerator: number; denominator: number; insufficient?: boolean }> }[] } };
    expect(data.min_sample).toBe(4);
    expect(data.groups.region.find((e) => e.code === "620100")!.indicators.publication_timeliness).toEqual({ numerator: 2, denominator: 3, rate: 0.666667, insufficient: true });
    const [header, ...rows] = csv.trim().split("\r\n");
    // the contract's columns first, as before; the counts, the minimum sample and the 样本不足 list appended
    expect(header!.startsWith("period,version,group,rank,code,name,score,grade,change,violations,publication_timeliness_rate,")).toBe(true);
    expect(header!.endsWith(",feedback_coverage_numerator,feedback_coverage_denominator,min_sample,insufficient_indicators")).toBe(true);
    const lz = rows.find((r) => r.includes(",620100,"))!;
    expect(lz.endsWith(",3,3,4,publication_timeliness;collection_timeliness;compliance;feedback_timeliness;feedback_coverage")).toBe(true);

    await setMinSample(tx(), { minSample: 0, actor: systemActor("test") });
    expect((await latestPublication(tx(), "2024-03"))!.document.min_sample).toBe(4);
    expect((await openDataBody(tx(), "2024-03", "json"))!.body).toBe(json);
    // republishing now is a correction by the method, said so unit by unit
    const plan = await planPublication(tx(), "2024-03", "2024-04-30");
    expect(plan).toMatchObject({ version: 2, min_sample: 0, min_sample_before: 4, unchanged: false });
    expect(plan.changes.find((c) => c.code === "620100")).toMatchObject({ score_before: 84.67, score_after: 64.67, reasons: ["method"] });
    const [method] = await tx().query<{ min_sample: number }>(`SELECT (method->>'min_sample')::int AS min_sample FROM publications WHERE period = '2024-03'`);
    expect(method!.min_sample).toBe(4);
  });
});
