import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Connection } from "@/db/client";
import { DEMO_MONTHS, loadDemo } from "@/lib/demo/demo";
import { scoreMonths, scorePeriod } from "@/lib/scoring/score";
import { freshDatabase } from "../helpers/db";

let db: Connection & { drop(): Promise<void> };

beforeAll(async () => {
  db = await freshDatabase();
  await loadDemo(db, { scale: 0.25 });
}, 300_000);

afterAll(async () => {
  await db?.drop();
});

describe("scoring months in one pass (the trend and the month list)", () => {
  // the demo's months, the month before them (no evidence) and one after (obligations only)
  const months = ["2025-11", ...DEMO_MONTHS, "2026-12"];

  for (const asOf of ["2026-11-22", "2026-06-15"]) {
    it(`gives every month, entity and figure exactly as scoring that month alone, as of ${asOf}`, async () => {
      const together = await scoreMonths(db, months, asOf);
      expect(together.map((d) => d.period)).toEqual(months);
      for (const [i, m] of months.entries()) expect(together[i]).toEqual(await scorePeriod(db, m, asOf));
      // not an empty comparison: the demo's months have ranked, scored units in both groups
      const scored = together.flatMap((d) => [...d.groups.region, ...d.groups.department]).filter((e) => e.score !== null);
      expect(scored.length).toBeGreaterThan(100);
    }, 120_000);
  }

  it("takes the months in any order, with gaps and repeats, and under another minimum sample", async () => {
    const asked = ["2026-03", "2025-12", "2026-03", "2026-07"];
    const docs = await scoreMonths(db, asked, "2026-11-22", { minSample: 40 });
    for (const [i, m] of asked.entries()) expect(docs[i]).toEqual(await scorePeriod(db, m, "2026-11-22", { minSample: 40 }));
    expect(await scoreMonths(db, [], "2026-11-22")).toEqual([]);
  }, 120_000);

  it("refuses a quarter or a year, and a month whose calendar is not loaded", async () => {
    await expect(scoreMonths(db, ["2026-Q1"], "2026-11-22")).rejects.toThrow(/month/);
    await expect(scoreMonths(db, ["2026-12"], "2027-01-15")).rejects.toThrow(/calendar for 2027 not loaded/);
  });
});
