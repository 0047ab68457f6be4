import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Sql } from "@/db/client";
import type { ScoreDocument } from "@/lib/scoring/score";

// The cache is tested on its own: scoring is replaced by a stub that counts its calls, and the
// database by a fake that only answers the evidence-version query.
const { scorePeriod, scorePeriods } = vi.hoisted(() => {
  const doc = (period: string, asOf: string) => ({ period, as_of: asOf }) as unknown as ScoreDocument;
  return {
    scorePeriod: vi.fn(async (_sql: Sql, period: string, asOf: string) => doc(period, asOf)),
    // one pass: the periods asked for, and the months it covered (here: each period's first month)
    scorePeriods: vi.fn(async (_sql: Sql, periods: string[], asOf: string) => ({
      periods: periods.map((p) => doc(p, asOf)),
      months: periods.map((p) => doc(p.length === 4 ? `${p}-01` : p, asOf)),
    })),
  };
});
vi.mock("@/lib/scoring/score", () => ({ scorePeriod, scorePeriods }));

type CacheModule = typeof import("@/lib/scoring/cache");
let cache: CacheModule;
let version: number | null;
const queries: string[] = [];

const fakeSql: Sql = {
  async query<T>(text: string): Promise<T[]> {
    queries.push(text);
    if (!/FROM settings/.test(text)) throw new Error(`unexpected query: ${text}`);
    return (version === null ? [] : [{ value: String(version) }]) as T[];
  },
  exec: async () => {},
  copyIn: async () => {},
  transaction: (fn) => fn(fakeSql),
};

beforeEach(async () => {
  // a fresh module, hence an empty cache, for every test
  vi.resetModules();
  cache = await import("@/lib/scoring/cache");
  scorePeriod.mockClear();
  scorePeriods.mockClear();
  queries.length = 0;
  version = 7;
});

describe("the provisional-score cache", () => {
  it("reads the evidence version from settings, 0 before any change", async () => {
    expect(await cache.evidenceVersion(fakeSql)).toBe(7);
    version = null;
    expect(await cache.evidenceVersion(fakeSql)).toBe(0);
  });

  it("scores once per version, period and as-of date", async () => {
    const a = await cache.cachedScore(fakeSql, "2024-03", "2024-04-30");
    const b = await cache.cachedScore(fakeSql, "2024-03", "2024-04-30");
    expect(b).toBe(a);
    expect(scorePeriod).toHaveBeenCalledTimes(1);
    // the same version passed in: no query at all, still a hit
    expect(await cache.cachedScore(fakeSql, "2024-03", "2024-04-30", 7)).toBe(a);
    expect(scorePeriod).toHaveBeenCalledTimes(1);
    // another period or date is another entry
    await cache.cachedScore(fakeSql, "2024-04", "2024-04-30");
    await cache.cachedScore(fakeSql, "2024-03", "2024-05-31");
    expect(scorePeriod).toHaveBeenCalledTimes(3);
  });

  it("scores again when the evidence version changes", async () => {
    const a = await cache.cachedScore(fakeSql, "2024-03", "2024-04-30");
    version = 8;
    const b = await cache.cachedScore(fakeSql, "2024-03", "2024-04-30");
    expect(b).not.toBe(a);
    expect(scorePeriod).toHaveBeenCalledTimes(2);
    expect(await cache.cachedScore(fakeSql, "2024-03", "2024-04-30")).toBe(b);
    expect(scorePeriod).toHaveBeenCalledTimes(2);
  });

  it("passes the caller's version through without reading it", async () => {
    await cache.cachedScore(fakeSql, "2024-03", "2024-04-30", 3);
    expect(queries).toEqual([]);
    expect(scorePeriod).toHaveBeenCalledTimes(1);
    // version 7 in the database is a different key
    await cache.cachedScore(fakeSql, "2024-03", "2024-04-30");
    expect(scorePeriod).toHaveBeenCalledTimes(2);
  });

  it(`keeps at most its limit of entries, dropping the oldest first`, async () => {
    const limit = cache.CACHE_LIMIT;
    for (let i = 0; i < limit; i++) await cache.cachedScore(fakeSql, `p${i}`, "2024-04-30", 1);
    expect(scorePeriod).toHaveBeenCalledTimes(limit);
    // all still there
    await cache.cachedScore(fakeSql, "p0", "2024-04-30", 1);
    await cache.cachedScore(fakeSql, `p${limit - 1}`, "2024-04-30", 1);
    expect(scorePeriod).toHaveBeenCalledTimes(limit);
    // one more evicts the oldest (p0) and only it
    await cache.cachedScore(fakeSql, "extra", "2024-04-30", 1);
    expect(scorePeriod).toHaveBeenCalledTimes(limit + 1);
    await cache.cachedScore(fakeSql, "p1", "2024-04-30", 1);
    expect(scorePeriod).toHaveBeenCalledTimes(limit + 1);
    await cache.cachedScore(fakeSql, "p0", "2024-04-30", 1);
    expect(scorePeriod).toHaveBeenCalledTimes(limit + 2);
  });

  it("scores the periods it does not hold in one pass, and remembers the months that pass covered", async () => {
    const [y, m] = await cache.cachedScores(fakeSql, ["2024", "2024-03"], "2024-04-30");
    expect(scorePeriods).toHaveBeenCalledTimes(1);
    expect(scorePeriods).toHaveBeenLastCalledWith(fakeSql, ["2024", "2024-03"], "2024-04-30");
    expect([y!.period, m!.period]).toEqual(["2024", "2024-03"]);
    // held now, one by one: the same documents, no more scoring
    expect(await cache.cachedScore(fakeSql, "2024", "2024-04-30")).toBe(y);
    expect(await cache.cachedScores(fakeSql, ["2024-03", "2024"], "2024-04-30")).toEqual([m, y]);
    // a month only the pass covered (2024-01, for the year) is held too
    expect((await cache.cachedScores(fakeSql, ["2024-01"], "2024-04-30"))[0]!.period).toBe("2024-01");
    expect(scorePeriods).toHaveBeenCalledTimes(1);
    expect(scorePeriod).not.toHaveBeenCalled();
    // only what is missing is asked for
    await cache.cachedScores(fakeSql, ["2024-03", "2024-04"], "2024-04-30");
    expect(scorePeriods).toHaveBeenLastCalledWith(fakeSql, ["2024-04"], "2024-04-30");
  });

  it("remembers no failed pass", async () => {
    scorePeriods.mockRejectedValueOnce(new Error("boom"));
    await expect(cache.cachedScores(fakeSql, ["2024-03"], "2024-04-30")).rejects.toThrow("boom");
    expect((await cache.cachedScores(fakeSql, ["2024-03"], "2024-04-30"))[0]!.period).toBe("2024-03");
    expect(scorePeriods).toHaveBeenCalledTimes(2);
  });
});
