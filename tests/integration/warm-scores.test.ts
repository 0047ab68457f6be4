import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sql } from "@/db/client";
import { loadDemo } from "@/lib/demo/demo";
import { bumpEvidenceVersion } from "@/lib/scoring/cache";
import { dataMonths, monthlyTrend, provisionalScores } from "@/lib/scoring/provisional";
import { scorePeriod } from "@/lib/scoring/score";
import { startScoreWarmer, warmScores } from "@/lib/scoring/warm";
import { freshDatabase, type TestDatabase } from "../helpers/db";

let db: TestDatabase;
const TODAY = "2026-11-23";

beforeAll(async () => {
  db = await freshDatabase();
  await loadDemo(db, { scale: 0.1 });
}, 300_000);

afterAll(async () => {
  await db?.drop();
});

/** The same database, recording the text of every query it is sent. */
function counting(inner: Sql): Sql & { texts: string[] } {
  const texts: string[] = [];
  return { ...inner, texts, query: (text: string, params?: unknown[]) => (texts.push(text), inner.query(text, params)) } as Sql & { texts: string[] };
}

describe("scores warmed when the evidence changes", () => {
  it("leaves the pages' figures for the working period, its year and the trend to be read from memory", async () => {
    const r = await warmScores(db, TODAY);
    // November is unpublished and not over: the pages open on October, the month just ended
    expect(r.periods).toEqual(expect.arrayContaining(["2026-10", "2026-09", "2026", "2025", "2026-11", "2025-12"]));
    const c = counting(db);
    await dataMonths(c, TODAY);
    const { current } = await provisionalScores(c, "2026", TODAY);
    await provisionalScores(c, "2026-10", TODAY);
    await monthlyTrend(c, (await dataMonths(c, TODAY)).slice(-12), TODAY, "region");
    // nothing scored again: only the evidence version was read
    expect(c.texts.length).toBeGreaterThan(0);
    expect(c.texts.filter((t) => !t.includes("evidence_version"))).toEqual([]);
    // and what was remembered is what scoring the year alone gives
    expect(current).toEqual(await scorePeriod(db, "2026", TODAY));
  }, 120_000);

  it("warms again once the evidence version moves, and not before", async () => {
    const lines: string[] = [];
    const stop = startScoreWarmer(db, (l) => lines.push(l), 50);
    try {
      await expect.poll(() => lines.length, { timeout: 60_000 }).toBe(1);
      await new Promise((r) => setTimeout(r, 300));
      expect(lines).toHaveLength(1);
      await db.transaction((tx) => bumpEvidenceVersion(tx));
      await expect.poll(() => lines.length, { timeout: 60_000 }).toBe(2);
      expect(lines[1]).toMatch(/^scores warmed for evidence version \d+: /);
    } finally {
      stop();
    }
  }, 120_000);
});
