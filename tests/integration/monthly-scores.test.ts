import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Connection, Sql } from "@/db/client";
import { deadlineTableSql } from "@/lib/calendar";
import { DEMO_MONTHS, loadDemo } from "@/lib/demo/demo";
import { RECORD_DEADLINE_WORKDAYS } from "@/lib/scoring/indicators";
import { scoreMonths, scorePeriod, scorePeriods } from "@/lib/scoring/score";
import { dataMonths } from "@/lib/scoring/provisional";
import { freshDatabase, withRollback } from "../helpers/db";

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

  it("gives quarters and years, summed from their months, exactly as scoring each alone", async () => {
    const asked = ["2026", "2025", "2026-Q4", "2026-Q1", "2025-Q4", "2026-11"];
    for (const asOf of ["2026-11-22", "2026-03-10"]) {
      const { periods, months } = await scorePeriods(db, asked, asOf);
      for (const [i, p] of asked.entries()) expect(periods[i]).toEqual(await scorePeriod(db, p, asOf));
      // and the months the pass covered, each as scored alone
      expect(months.map((d) => d.period)).toEqual([...Array(24)].map((_, i) => `${2025 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}`));
      for (const m of months.filter((d) => d.period >= "2025-11")) expect(m).toEqual(await scorePeriod(db, m.period, asOf));
    }
    const { periods } = await scorePeriods(db, ["2026", "2026-Q2"], "2026-11-22", { minSample: 40 });
    expect(periods).toEqual([await scorePeriod(db, "2026", "2026-11-22", { minSample: 40 }), await scorePeriod(db, "2026-Q2", "2026-11-22", { minSample: 40 })]);
  }, 300_000);

  it("refuses a quarter or a year, and a month whose calendar is not loaded", async () => {
    await expect(scoreMonths(db, ["2026-Q1"], "2026-11-22")).rejects.toThrow(/month/);
    await expect(scoreMonths(db, ["2026-12"], "2027-01-15")).rejects.toThrow(/calendar for 2027 not loaded/);
  });
});

describe("a period's deadlines (the scoring and the item lists compute only the period's)", () => {
  const whole = deadlineTableSql(RECORD_DEADLINE_WORKDAYS);
  const bounded = deadlineTableSql(RECORD_DEADLINE_WORKDAYS, { from: "$1::date", to: "$2::date" });
  const compare = async (sql: Sql, from: string, to: string) => {
    const expected = await sql.query(`SELECT date::text, deadline::text FROM (${whole}) x WHERE date >= $1::date AND date < $2::date ORDER BY date`, [from, to]);
    const got = await sql.query(`SELECT date::text, deadline::text FROM (${bounded}) x ORDER BY date`, [from, to]);
    expect(got).toEqual(expected);
    return got.length;
  };

  it("are the whole calendar's, across year ends and the calendar's last days", async () => {
    const [{ last }] = (await db.query<{ last: string }>(`SELECT max(date)::text AS last FROM calendar_days`)) as [{ last: string }];
    expect(await compare(db, "2026-11-01", "2026-12-01")).toBe(30);
    expect(await compare(db, "2025-12-01", "2027-01-01")).toBeGreaterThan(360);
    expect(await compare(db, "2026-09-20", "2026-10-10")).toBe(20); // the National Day holiday
    // the last days of the calendar have no deadline inside it
    const end = new Date(Date.parse(`${last}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const start = `${last.slice(0, 4)}-12-01`;
    const n = await compare(db, start, end);
    expect(n).toBeGreaterThan(10);
    expect(n).toBeLessThan(31);
  });

  it("are the whole calendar's when a stretch of days is missing (no deadline across the gap)", async () => {
    const rollback = new Error("rollback");
    const before = await compare(db, "2026-11-15", "2027-01-01");
    await expect(
      db.transaction(async (tx) => {
        await tx.query(`DELETE FROM calendar_days WHERE date >= '2026-12-10' AND date < '2026-12-14'`);
        const n = await compare(tx, "2026-11-15", "2027-01-01");
        expect(n).toBeGreaterThan(0);
        expect(n).toBeLessThan(before - 4);
        throw rollback;
      }),
    ).rejects.toBe(rollback);
  });
});

describe("the months with evidence (dataMonths, a skip scan of the records' index)", () => {
  // the months as read from every row, the way it was done before the skip scan
  const everyRow = async (tx: Sql, today: string) =>
    (
      await tx.query<{ m: string }>(
        `SELECT m FROM (SELECT DISTINCT to_char(decision_date, 'YYYY-MM') AS m FROM records
           UNION SELECT DISTINCT to_char(due_date, 'YYYY-MM') FROM cases UNION SELECT DISTINCT period FROM stats) x
         WHERE m <= $1 ORDER BY m`,
        [today.slice(0, 7)],
      )
    ).map((r) => r.m);

  it("finds the same months as reading every row, with a month missing and a month only one unit has", async () => {
    const version = Number((await db.query<{ value: string }>(`SELECT value FROM settings WHERE key = 'evidence_version'`))[0]?.value ?? 0);
    await withRollback(db, async (tx) => {
      // a new evidence version, so the months are not answered from the cache
      await tx.query(`INSERT INTO settings (key, value) VALUES ('evidence_version', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, [String(version + 1000)]);
      // 2026-02: no evidence at all; 2026-03: only the last unit (the scan must reach it); 2026-05: only the first
      await tx.exec(`DELETE FROM records WHERE decision_date >= '2026-02-01' AND decision_date < '2026-03-01';
        DELETE FROM cases WHERE due_date >= '2026-02-01' AND due_date < '2026-03-01'; DELETE FROM stats WHERE period = '2026-02';
        DELETE FROM records WHERE decision_date >= '2026-03-01' AND decision_date < '2026-04-01' AND unit_code <> (SELECT max(unit_code) FROM records);
        DELETE FROM records WHERE decision_date >= '2026-05-01' AND decision_date < '2026-06-01' AND unit_code <> (SELECT min(unit_code) FROM records);
        DELETE FROM cases WHERE due_date >= '2026-03-01' AND due_date < '2026-04-01' OR due_date >= '2026-05-01' AND due_date < '2026-06-01';
        DELETE FROM stats WHERE period IN ('2026-03', '2026-05')`);
      const months = await dataMonths(tx, "2026-11-23");
      expect(months).toEqual(await everyRow(tx, "2026-11-23"));
      expect(months).not.toContain("2026-02");
      expect(months).toEqual(expect.arrayContaining(["2026-03", "2026-05"]));
      // months not begun by today are left out
      expect(await dataMonths(tx, "2026-06-10")).toEqual((await everyRow(tx, "2026-06-10")).filter((m) => m <= "2026-06"));
      expect(await dataMonths(tx, "2026-06-10")).not.toContain("2026-07");
    });
  }, 120_000);
});

