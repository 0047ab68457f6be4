import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Connection } from "@/db/client";
import { scorePeriod, type EntityScore } from "@/lib/scoring/score";
import { freshDatabase } from "../helpers/db";
import { feedbackRow, insertRows, insertUnits, obligation, record } from "../helpers/fixtures";

// A hand-computed fixture (see the comments for each figure). Deadlines use the official calendar:
// deadline(2024-03-01, 7) = 03-12; deadline(2024-03-15, 7) = 03-26;
// deadline(2024-03-29, 7) = 04-10 (Qingming 04-04..06 off, Sunday 04-07 a make-up working day).
let db: Connection & { drop(): Promise<void> };

beforeAll(async () => {
  db = await freshDatabase();
  await insertUnits(db, ["620100", "620102", "620200", "620300", "D1", "D2", "A1", "A4", "A3"]);
  await insertRows(db, "records", [
    record("r1", "A1", "2024-03-01", "2024-03-12", "2024-03-13"), // published on the deadline; received a day late
    record("r2", "A4", "2024-03-01", null, "2024-03-05", false), // never published; non-compliant
    record("r3", "A4", "2024-03-29", "2024-04-10", "2024-05-02"), // received after as-of: late
    record("r4", "A3", "2024-03-15", "2024-03-14", "2024-03-26", false), // published before decision
    record("r6", "A3", "2024-01-02", "2024-01-03", "2024-01-03"), // January: only in Q1 and the year
  ]);
  await insertRows(db, "stats", [
    { unit_code: "A1", catalog_item: "X", period: "2024-03", expected: 10, collected: 8 },
    { unit_code: "A4", catalog_item: "X", period: "2024-03", expected: 5, collected: 7 }, // min(7, 5) = 5
  ]);
  await insertRows(db, "cases", [
    obligation("C1", "M1", "A1", "D2", "2024-03-20"),
    obligation("C1", "M2", "A4", "D2", "2024-03-25"),
    obligation("C1", "M3", "A1", "D2", "2024-03-29"),
    obligation("C2", "M1", "A3", "D1", "2024-03-29"),
    obligation("C2", "M1", "A1", "D1", "2024-04-15"),
  ]);
  await insertRows(db, "objections", [
    { objection_id: "O1", case_id: "C1", filed_date: "2024-03-27", resolved_date: "2024-04-10", outcome: "rejected" },
  ]);
  await insertRows(db, "feedback", [
    feedbackRow("C1", "M1", "A1", "2024-03-19"), // on time, before the objection
    feedbackRow("C1", "M2", "A4", "2024-03-28"), // late, executed while the objection was pending: a violation
    feedbackRow("C1", "M3", "A1", "2024-04-10"), // late, on the day it was resolved: no violation
  ]);
});

afterAll(async () => {
  await db?.drop();
});

const byCode = (list: EntityScore[], code: string) => {
  const e = list.find((x) => x.code === code);
  if (!e) throw new Error(`no ${code}`);
  return e;
};

describe("scoring a month as of a date", () => {
  it("rolls county agencies up to their city and their line, and scores by the contract", async () => {
    const doc = await scorePeriod(db, "2024-03", "2024-04-30");
    expect(doc.period).toBe("2024-03");
    expect(doc.as_of).toBe("2024-04-30");
    // only the children of the root are ranked; the county and the root are not
    expect(doc.groups.region.map((e) => e.code)).toEqual(["620100", "620200", "620300"]);
    const lz = byCode(doc.groups.region, "620100");
    expect(lz.indicators.publication_timeliness).toEqual({ numerator: 2, denominator: 3, rate: 0.666667 });
    expect(lz.indicators.collection_timeliness).toEqual({ numerator: 1, denominator: 3, rate: 0.333333 });
    expect(lz.indicators.compliance).toEqual({ numerator: 2, denominator: 3, rate: 0.666667 });
    expect(lz.indicators.coverage).toEqual({ numerator: 13, denominator: 15, rate: 0.866667 });
    expect(lz.indicators.feedback_timeliness).toEqual({ numerator: 1, denominator: 3, rate: 0.333333 });
    expect(lz.indicators.feedback_coverage).toEqual({ numerator: 3, denominator: 3, rate: 1 });
    expect(lz.violations).toBe(1);
    // 25·2/3 + 15·1/3 + 15·2/3 + 25·13/15 + 10·1/3 + 10·1 = 66.666…, less 2 for the violation
    expect(lz.score).toBe(64.67);
    expect(lz.rank).toBe(1);

    const jyg = byCode(doc.groups.region, "620200");
    expect(jyg.indicators.coverage).toEqual({ numerator: 0, denominator: 0, rate: null });
    // coverage left out: (25·1 + 15·1 + 15·0 + 10·0 + 10·0) / 75 · 100
    expect(jyg.score).toBe(53.33);
    expect(jyg.rank).toBe(2);

    const jc = byCode(doc.groups.region, "620300");
    expect(jc.score).toBeNull();
    expect(jc.rank).toBeNull();

    expect(doc.groups.department.map((e) => [e.code, e.rank, e.score])).toEqual([
      ["D1", 1, 64.67],
      ["D2", 2, 53.33],
    ]);
  });

  it("counts only what is due on the as-of date", async () => {
    const doc = await scorePeriod(db, "2024-03", "2024-03-20");
    const lz = byCode(doc.groups.region, "620100");
    // r3 (deadline 04-10) is not due yet; r1 and r2 are
    expect(lz.indicators.publication_timeliness).toEqual({ numerator: 1, denominator: 2, rate: 0.5 });
    expect(lz.indicators.collection_timeliness).toEqual({ numerator: 1, denominator: 2, rate: 0.5 });
    // compliance counts every record of the period
    expect(lz.indicators.compliance).toEqual({ numerator: 2, denominator: 3, rate: 0.666667 });
    // only C1/M1 (due 03-20) is due; the violation's feedback (03-28) is after as-of
    expect(lz.indicators.feedback_timeliness).toEqual({ numerator: 1, denominator: 1, rate: 1 });
    expect(lz.violations).toBe(0);
    // 25·0.5 + 15·0.5 + 15·2/3 + 25·13/15 + 10 + 10 = 71.666…
    expect(lz.score).toBe(71.67);
  });

  it("scores quarters and years over all their months", async () => {
    const q1 = await scorePeriod(db, "2024-Q1", "2024-04-30");
    const jyg = byCode(q1.groups.region, "620200");
    expect(jyg.indicators.publication_timeliness).toEqual({ numerator: 2, denominator: 2, rate: 1 });
    expect(jyg.indicators.compliance).toEqual({ numerator: 1, denominator: 2, rate: 0.5 });

    const year = await scorePeriod(db, "2024", "2024-04-30");
    const lz = byCode(year.groups.region, "620100");
    // C2/M1 at A1 (due 04-15, never answered) joins the year
    expect(lz.indicators.feedback_timeliness).toEqual({ numerator: 1, denominator: 4, rate: 0.25 });
    expect(lz.indicators.feedback_coverage).toEqual({ numerator: 3, denominator: 4, rate: 0.75 });
    expect(lz.indicators.coverage).toEqual({ numerator: 13, denominator: 15, rate: 0.866667 });
  });

  it("refuses an as-of date whose calendar is not loaded", async () => {
    await expect(scorePeriod(db, "2026-12", "2027-01-15")).rejects.toThrow(/calendar for 2027 not loaded/);
  });

  it("refuses an unreadable period", async () => {
    await expect(scorePeriod(db, "2024-13", "2024-04-30")).rejects.toThrow(/period/);
  });
});
