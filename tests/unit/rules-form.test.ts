import { describe, expect, it } from "vitest";
import { DEFAULT_RULES, describeRule, ruleToFields, rulesFromForm, rulesHit, type Rule } from "@/lib/notices/rules";
import type { EntityScore } from "@/lib/scoring/score";

/** The office's rules form (lib/notices/rules.ts): rows to rules and back, and what switching off and groups do. */
const asFields = (rules: Rule[]): Record<string, string> =>
  Object.fromEntries(
    rules.flatMap((r, i): [string, string][] => {
      const f = ruleToFields(r);
      return [[`kind_${i}`, f.kind], [`threshold_${i}`, f.threshold], [`indicator_${i}`, f.indicator], [`group_${i}`, f.group], ...(f.enabled ? ([[`enabled_${i}`, "1"]] as [string, string][]) : [])];
    }),
  );

describe("the rules form", () => {
  it("gives back the rules it was filled with", () => {
    const rules: Rule[] = [
      ...DEFAULT_RULES,
      { id: "bottom_n", n: 3, group: "region" },
      { id: "indicator_floor", indicator: "feedback_timeliness", floor: 0.85, enabled: false },
      { id: "second_period_below_line", line: 65 },
    ];
    expect(rulesFromForm(asFields(rules))).toEqual(rules);
  });

  it("reads the rules in words, with the saved parameters, the group and the switch", () => {
    expect(describeRule({ id: "bottom_n", n: 3, group: "region" }, "zh")).toBe("本组排名后 3 位（仅市州）");
    expect(describeRule({ id: "indicator_floor", indicator: "coverage", floor: 0.4, enabled: false }, "en")).toMatch(/below 40% \[off\]$/);
    expect(describeRule({ id: "publication_late_over_half", floor: 0.5 }, "zh")).toBe("公示及时率低于 50%（迟报率超过 50%）");
  });

  it("names the row and the field of a mistake", () => {
    expect(() => rulesFromForm({ kind_3: "score_below_line", threshold_3: "" })).toThrow(/第 4 行：请填写分数线/);
    expect(() => rulesFromForm({ kind_0: "indicator_floor", threshold_0: "50" })).toThrow(/第 1 行：请选择指标/);
    expect(() => rulesFromForm({ kind_0: "nonsense", threshold_0: "1" })).toThrow(/第 1 行：未知的规则类型/);
    expect(() => rulesFromForm({})).toThrow(/至少需要一条规则/);
  });

  it("applies a switched-off rule to nobody, and a group's rule to that group only", () => {
    const entity = { code: "X", rank: 9, score: 50, violations: 0, indicators: { publication_timeliness: { rate: 0.9 } } } as unknown as EntityScore;
    const rules: Rule[] = [{ id: "score_below_line", line: 60, group: "department" }, { id: "violations", atLeast: 0 as unknown as 1, enabled: false }];
    expect(rulesHit(rules, entity, [entity], undefined, "region")).toEqual([]);
    expect(rulesHit(rules, entity, [entity], undefined, "department")).toEqual(["score_below_line"]);
  });
});

describe("the rules' messages", () => {
  it("say each mistake in the reader's language only: no parser or zod English in the Chinese", async () => {
    const { AppError } = await import("@/lib/errors");
    const attempts: (() => unknown)[] = [
      () => rulesFromForm({ kind_0: "score_below_line", threshold_0: "abc" }),
      () => rulesFromForm({ kind_0: "bottom_n", threshold_0: "2.5" }),
      () => rulesFromForm({ kind_0: "score_below_line", threshold_0: "120" }),
      () => rulesFromForm({ kind_0: "indicator_floor", threshold_0: "50", indicator_0: "speed" }),
      () => rulesFromForm({ kind_0: "nonsense", threshold_0: "1" }),
      () => rulesFromForm({}),
    ];
    for (const attempt of attempts) {
      let error: unknown;
      try {
        attempt();
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(AppError);
      const e = error as InstanceType<typeof AppError>;
      // the Chinese names no field by a bare English word, nor quotes zod ("Invalid input", "expected …")
      expect(e.zh).not.toMatch(/Invalid|expected|must|Too (small|big)/);
      expect(e.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(e.en).not.toMatch(/[\u4e00-\u9fff]/);
    }
  });
});
