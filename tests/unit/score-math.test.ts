import { describe, expect, it } from "vitest";
import { DEFAULT_WEIGHTS, INDICATORS, type Indicator } from "@/lib/scoring/indicators";
import { combine, rank, roundRatio, type EntityScore } from "@/lib/scoring/score";
import { parsePeriod, previousPeriod } from "@/lib/scoring/period";

const figures = (pairs: Partial<Record<Indicator, [number, number]>>) =>
  Object.fromEntries(INDICATORS.map((k) => [k, (pairs[k] ?? [0, 0]).map(BigInt)])) as Record<Indicator, [bigint, bigint]>;

const entity = (code: string, score: number | null): EntityScore => ({
  code,
  name: code,
  rank: null,
  score,
  violations: 0,
  indicators: {} as EntityScore["indicators"],
});

describe("combining rates into a score", () => {
  it("weights every indicator with a denominator", () => {
    const all = figures({
      publication_timeliness: [1, 1],
      collection_timeliness: [1, 1],
      compliance: [1, 1],
      coverage: [1, 1],
      feedback_timeliness: [1, 1],
      feedback_coverage: [1, 1],
    });
    expect(combine(all, DEFAULT_WEIGHTS, 0)).toBe(100);
    expect(combine(all, DEFAULT_WEIGHTS, 3)).toBe(94);
    expect(combine(all, DEFAULT_WEIGHTS, 60)).toBe(0); // never below 0
  });

  it("scales the remaining weights up to 100 when denominators are zero", () => {
    // only publication (25) and coverage (25): 0.5·50 + 1·50
    expect(combine(figures({ publication_timeliness: [1, 2], coverage: [3, 3] }), DEFAULT_WEIGHTS, 0)).toBe(75);
    // nothing to score at all
    expect(combine(figures({}), DEFAULT_WEIGHTS, 0)).toBeNull();
  });

  it("rounds half up on exact fractions, not on floating-point noise", () => {
    // 1/8 of 100 = 12.5 exactly → 12.5; 2/3 → 66.67; 0.125·100 via weights 25 only
    expect(combine(figures({ compliance: [1, 8] }), DEFAULT_WEIGHTS, 0)).toBe(12.5);
    expect(combine(figures({ compliance: [2, 3] }), DEFAULT_WEIGHTS, 0)).toBe(66.67);
    expect(combine(figures({ compliance: [1, 3] }), DEFAULT_WEIGHTS, 0)).toBe(33.33);
    // 0.00125 → 0.0013 at 4 digits; 1/200000 → 0.000005 → 0.00001 at 5 digits
    expect(roundRatio(1n, 800n, 4)).toBe(0.0013);
    expect(roundRatio(1n, 200000n, 5)).toBe(0.00001);
    expect(roundRatio(2n, 3n, 6)).toBe(0.666667);
  });
});

describe("ranking", () => {
  it("gives equal rounded scores the same rank and skips the next (1, 2, 2, 4)", () => {
    const ranked = rank([entity("D", 70), entity("C", 80), entity("B", 80), entity("A", 90), entity("E", null)]);
    expect(ranked.map((e) => [e.code, e.rank])).toEqual([
      ["A", 1],
      ["B", 2],
      ["C", 2],
      ["D", 4],
      ["E", null],
    ]);
  });
});

describe("periods", () => {
  it("reads months, quarters and years", () => {
    expect(parsePeriod("2024-03")).toMatchObject({ kind: "month", start: "2024-03-01", end: "2024-04-01", months: ["2024-03"] });
    expect(parsePeriod("2024-Q4")).toMatchObject({ kind: "quarter", start: "2024-10-01", end: "2025-01-01", months: ["2024-10", "2024-11", "2024-12"] });
    expect(parsePeriod("2024")).toMatchObject({ kind: "year", start: "2024-01-01", end: "2025-01-01" });
    expect(parsePeriod("2024").months).toHaveLength(12);
    expect(() => parsePeriod("2024-Q5")).toThrow(/2024-Q5/);
    expect(() => parsePeriod("March")).toThrow();
  });

  it("knows the period before", () => {
    expect(previousPeriod(parsePeriod("2024-01")).key).toBe("2023-12");
    expect(previousPeriod(parsePeriod("2024-Q1")).key).toBe("2023-Q4");
    expect(previousPeriod(parsePeriod("2024")).key).toBe("2023");
  });
});
