import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Sql } from "@/db/client";
import type { ScoreDocument } from "@/lib/scoring/score";

// The cache is tested on its own: scoring is replaced by a stub that counts its calls, and the
// database by a fake that only answers the evidence-version query.
const { scorePeriod } = vi.hoisted(() => ({
  scorePeriod: vi.fn(async (_sql: Sql, period: string, asOf: string) => ({ period, as_of: asOf }) as unknown as ScoreDocument),
}));
vi.mock("@/lib/scoring/score", () => ({ scorePeriod }));

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
});
