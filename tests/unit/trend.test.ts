import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Sql } from "@/db/client";
import { publishedTrend } from "@/lib/publication/public-read";
import { monthlyTrend } from "@/lib/scoring/provisional";
import type { EntityScore, ScoreDocument } from "@/lib/scoring/score";

// The trends are aggregates over score documents: the provisional one reads them through the score
// cache (replaced here by canned documents), the published one from the publications table (a fake Sql).
const { cachedScores } = vi.hoisted(() => ({
  cachedScores: vi.fn<(db: unknown, periods: string[], asOf: string) => Promise<unknown[]>>(),
}));
vi.mock("@/lib/scoring/cache", () => ({ cachedScores }));

const entity = (code: string, name: string, score: number | null): EntityScore => ({
  code,
  name,
  rank: score === null ? null : 1,
  score,
  violations: 0,
  indicators: {} as EntityScore["indicators"],
});

const doc = (period: string, region: EntityScore[], department: EntityScore[] = []): ScoreDocument => ({ period, as_of: "2024-06-30", groups: { region, department } });

const DOCS: Record<string, ScoreDocument> = {
  "2024-01": doc("2024-01", [entity("620100", "兰州市", 80), entity("620200", "嘉峪关市", 71)], [entity("GSJ", "市场监管局", 10)]),
  // 620300 appears; 620200 has no figure this month
  "2024-02": doc("2024-02", [entity("620100", "兰州市", 90), entity("620200", "嘉峪关市", null), entity("620300", "金昌市", 85), entity("620400", "白银市", 70)]),
  // nobody has a figure
  "2024-03": doc("2024-03", [entity("620100", "兰州市", null)]),
  // nobody at all
  "2024-04": doc("2024-04", []),
};

const unusedSql: Sql = {
  query: () => Promise.reject(new Error("monthlyTrend reads through the cache only")),
  exec: () => Promise.reject(new Error("unexpected")),
  copyIn: () => Promise.reject(new Error("unexpected")),
  transaction: () => Promise.reject(new Error("unexpected")),
};

beforeEach(() => {
  cachedScores.mockReset().mockImplementation(async (_db, periods) =>
    periods.map((period) => {
      const d = DOCS[period];
      if (!d) throw new Error(`no canned document for ${period}`);
      return d;
    }),
  );
});

describe("the provisional monthly trend", () => {
  it("asks the cache for all its months at once (one pass for those not scored yet), in order", async () => {
    await monthlyTrend(unusedSql, ["2024-01", "2024-02"], "2024-06-30", "region");
    expect(cachedScores.mock.calls).toEqual([[unusedSql, ["2024-01", "2024-02"], "2024-06-30"]]);
  });

  it("gives each entity's score per month, null where it has none or is absent", async () => {
    const t = await monthlyTrend(unusedSql, ["2024-01", "2024-02", "2024-03", "2024-04"], "2024-06-30", "region");
    expect(t.months).toEqual(["2024-01", "2024-02", "2024-03", "2024-04"]);
    expect(Object.fromEntries(t.byEntity)).toEqual({
      "620100": { name: "兰州市", values: [80, 90, null, null] },
      "620200": { name: "嘉峪关市", values: [71, null, null, null] },
      "620300": { name: "金昌市", values: [null, 85, null, null] },
      "620400": { name: "白银市", values: [null, 70, null, null] },
    });
  });

  it("averages (to 2 decimals) and takes the minimum over the scored entities only, null when none", async () => {
    const t = await monthlyTrend(unusedSql, ["2024-01", "2024-02", "2024-03", "2024-04"], "2024-06-30", "region");
    // (80 + 71) / 2; (90 + 85 + 70) / 3 = 81.666… → 81.67, the null of 620200 left out
    expect(t.average).toEqual([75.5, 81.67, null, null]);
    expect(t.minimum).toEqual([71, 70, null, null]);
  });

  it("reads the group asked for only", async () => {
    const t = await monthlyTrend(unusedSql, ["2024-01", "2024-02"], "2024-06-30", "department");
    expect([...t.byEntity.keys()]).toEqual(["GSJ"]);
    expect(t.byEntity.get("GSJ")!.values).toEqual([10, null]);
    expect(t.average).toEqual([10, null]);
    expect(t.minimum).toEqual([10, null]);
  });

  it("is empty for no months", async () => {
    const t = await monthlyTrend(unusedSql, [], "2024-06-30", "region");
    expect(t).toEqual({ months: [], byEntity: new Map(), average: [], minimum: [] });
  });
});

describe("the published trend", () => {
  type Row = { period: string; entities: { code: string; name: string; score: number | null }[] };
  const calls: { text: string; params: unknown[] | undefined }[] = [];
  const fakeSql = (rows: Row[]): Sql => {
    const sql: Sql = {
      async query<T>(text: string, params?: unknown[]): Promise<T[]> {
        calls.push({ text, params });
        return rows as T[];
      },
      exec: () => Promise.reject(new Error("unexpected")),
      copyIn: () => Promise.reject(new Error("unexpected")),
      transaction: (fn) => fn(sql),
    };
    return sql;
  };

  beforeEach(() => {
    calls.length = 0;
  });

  it("asks for the latest version of each published month, for the group", async () => {
    await publishedTrend(fakeSql([]), "department");
    expect(calls).toHaveLength(1);
    expect(calls[0]!.params).toEqual(["department"]);
    expect(calls[0]!.text).toMatch(/DISTINCT ON \(period\)/);
    expect(calls[0]!.text).toMatch(/ORDER BY period, version DESC/);
    // months only: quarters and years are not points of a monthly trend
    expect(calls[0]!.text).toContain("'^[0-9]{4}-[0-9]{2}$'");
  });

  it("gives each entity's published score per month and the average of those scored", async () => {
    const t = await publishedTrend(
      fakeSql([
        { period: "2024-01", entities: [{ code: "620100", name: "兰州市", score: 80 }, { code: "620200", name: "嘉峪关市", score: 71.25 }] },
        { period: "2024-02", entities: [{ code: "620100", name: "兰州市", score: null }, { code: "620300", name: "金昌市", score: 66.5 }] },
        { period: "2024-03", entities: [{ code: "620100", name: "兰州市", score: null }] },
        { period: "2024-04", entities: [] },
      ]),
      "region",
    );
    expect(t.periods).toEqual(["2024-01", "2024-02", "2024-03", "2024-04"]);
    // (80 + 71.25) / 2 = 75.625 → 75.63; the null of 620100 is left out in February
    expect(t.average).toEqual([75.63, 66.5, null, null]);
    expect(Object.fromEntries(t.byEntity)).toEqual({
      "620100": { name: "兰州市", values: [80, null, null, null] },
      "620200": { name: "嘉峪关市", values: [71.25, null, null, null] },
      "620300": { name: "金昌市", values: [null, 66.5, null, null] },
    });
  });

  it("is empty before anything is published", async () => {
    expect(await publishedTrend(fakeSql([]), "region")).toEqual({ periods: [], average: [], byEntity: new Map() });
  });
});
