import "server-only";
import type { Sql } from "@/db/client";
import { todayInShanghai } from "@/lib/today";
import { cachedScores, evidenceVersion } from "@/lib/scoring/cache";
import { parsePeriod, previousPeriod } from "@/lib/scoring/period";
import type { Group, ScoreDocument } from "@/lib/scoring/score";

/** Months that have any evidence and have begun by today (obligations fall due in later months), oldest first. */
export async function dataMonths(db: Sql, today = todayInShanghai()): Promise<string[]> {
  // every page asks, and the answer (a scan of all evidence: 2 s at 900 000 records) changes only with the evidence
  const key = `${await evidenceVersion(db)}|${today.slice(0, 7)}`;
  const known = monthsCache.get(key);
  if (known) return known;
  const rows = await db.query<{ m: string }>(
    `SELECT m FROM (
       SELECT DISTINCT to_char(decision_date, 'YYYY-MM') AS m FROM records
       UNION SELECT DISTINCT to_char(due_date, 'YYYY-MM') FROM cases
       UNION SELECT DISTINCT period FROM stats) x
     WHERE m <= $1 ORDER BY m`,
    [today.slice(0, 7)],
  );
  const months = rows.map((r) => r.m);
  if (monthsCache.size >= 50) monthsCache.clear();
  monthsCache.set(key, months);
  return months;
}

const monthsCache = new Map<string, string[]>();

/** The periods to pick from: months newest first, then quarters and years that have data. */
export function periodChoices(months: string[]): string[] {
  const quarters = new Set<string>();
  const years = new Set<string>();
  for (const m of months) {
    quarters.add(`${m.slice(0, 4)}-Q${Math.floor((Number(m.slice(5, 7)) - 1) / 3) + 1}`);
    years.add(m.slice(0, 4));
  }
  return [...[...months].reverse(), ...[...quarters].sort().reverse(), ...[...years].sort().reverse()];
}

export interface Provisional {
  current: ScoreDocument;
  previous: ScoreDocument;
}

export async function provisionalScores(db: Sql, period: string, asOf: string): Promise<Provisional> {
  // both in one pass over the evidence (with every month they cover, for the trend)
  const [current, previous] = await cachedScores(db, [period, previousPeriod(parsePeriod(period)).key], asOf);
  return { current: current!, previous: previous! };
}

/** Each entity's score, month by month, over the months given (provisional, as of the date). */
export async function monthlyTrend(db: Sql, months: string[], asOf: string, group: Group) {
  // the months not scored yet in one pass grouped by month, not one scoring each
  const docs = await cachedScores(db, months, asOf);
  const byEntity = new Map<string, { name: string; values: (number | null)[] }>();
  docs.forEach((d, i) => {
    for (const e of d.groups[group]) {
      const s = byEntity.get(e.code) ?? { name: e.name, values: months.map(() => null) };
      s.values[i] = e.score;
      byEntity.set(e.code, s);
    }
  });
  const average = docs.map((d) => {
    const scored = d.groups[group].filter((e) => e.score !== null);
    return scored.length ? Math.round((scored.reduce((s, e) => s + e.score!, 0) / scored.length) * 100) / 100 : null;
  });
  const minimum = docs.map((d) => {
    const scored = d.groups[group].filter((e) => e.score !== null).map((e) => e.score!);
    return scored.length ? Math.min(...scored) : null;
  });
  return { months, byEntity, average, minimum };
}
