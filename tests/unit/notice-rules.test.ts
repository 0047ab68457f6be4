import { describe, expect, it } from "vitest";
import { DEFAULT_RULES, describeRule, rulesHit, validateRules, type Rule } from "@/lib/notices/rules";
import { INDICATORS } from "@/lib/scoring/indicators";
import type { EntityScore } from "@/lib/scoring/score";

const entity = (code: string, rank: number | null, score: number | null, publication: number | null, violations = 0): EntityScore => ({
  code,
  name: code,
  rank,
  score,
  violations,
  indicators: Object.fromEntries(
    INDICATORS.map((k) => [k, k === "publication_timeliness" ? { numerator: 0, denominator: publication === null ? 0 : 10, rate: publication } : { numerator: 8, denominator: 10, rate: 0.8 }]),
  ) as EntityScore["indicators"],
});

describe("notice rules", () => {
  const group = [entity("A", 1, 90, 0.9), entity("B", 2, 60, 0.5), entity("C", 3, 59.99, 0.49, 1), entity("D", null, null, null)];

  it("fire exactly at their edges, in the order they are listed", () => {
    expect(rulesHit(DEFAULT_RULES, group[0]!, group, undefined)).toEqual([]);
    // 60 is not below the line; 0.5 is not below half
    expect(rulesHit(DEFAULT_RULES, group[1]!, group, undefined)).toEqual([]);
    expect(rulesHit(DEFAULT_RULES, group[2]!, group, undefined)).toEqual(["score_below_line", "publication_late_over_half", "violations"]);
    expect(rulesHit(DEFAULT_RULES, group[3]!, group, undefined)).toEqual([]);
    // no publication figure at all: the timeliness rule cannot fire
    expect(rulesHit(DEFAULT_RULES, entity("E", 4, 70, null), group, undefined)).toEqual([]);
  });

  it("know the bottom of a group, floors on any indicator, and a second period below the line", () => {
    const rules: Rule[] = [{ id: "bottom_n", n: 1 }, { id: "indicator_floor", indicator: "coverage", floor: 0.85 }, { id: "second_period_below_line", line: 60 }];
    expect(rulesHit(rules, group[2]!, group, entity("C", 3, 50, 0.5))).toEqual(["bottom_n", "indicator_floor", "second_period_below_line"]);
    expect(rulesHit(rules, group[2]!, group, entity("C", 3, 61, 0.5))).toEqual(["bottom_n", "indicator_floor"]);
    expect(rulesHit(rules, group[0]!, group, undefined)).toEqual(["indicator_floor"]);
  });

  it("are checked when the office changes them, and described in both languages", () => {
    expect(() => validateRules([{ id: "score_below_line" }])).toThrow(/line must be a number/);
    expect(() => validateRules([{ id: "nonsense" }])).toThrow(/unknown rule/);
    expect(() => validateRules([{ id: "indicator_floor", indicator: "speed", floor: 1 }])).toThrow(/unknown indicator/);
    expect(describeRule(DEFAULT_RULES[1]!, "zh")).toBe("公示及时率低于 50%（迟报率超过 50%）");
    expect(describeRule(DEFAULT_RULES[0]!, "en")).toBe("score below 60");
  });
});
