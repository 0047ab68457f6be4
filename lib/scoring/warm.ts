import "server-only";
import type { Sql } from "@/db/client";
import { workingPeriod } from "@/lib/publication/working-period";
import { todayInShanghai } from "@/lib/today";
import { cachedScores, evidenceVersion } from "./cache";
import { parsePeriod, previousPeriod } from "./period";
import { dataMonths } from "./provisional";

/**
 * The figures the pages open on, scored as soon as the evidence changes instead of by the first
 * person to ask: after a month-end import the first unit page would otherwise wait for the whole
 * year's scoring (bench/pages "cold": ~3 s at 10× the demo on the embedded database). Scores the
 * working period, the one before it, their year and the year before, and the 12 months of the trend,
 * all evaluated as of today (the pages' default), in one pass (cachedScores).
 */
export async function warmScores(db: Sql, today = todayInShanghai()): Promise<{ version: number; periods: string[] }> {
  const version = await evidenceVersion(db);
  const months = await dataMonths(db, today);
  const working = await workingPeriod(db, months, today);
  if (!working) return { version, periods: [] };
  const year = working.slice(0, 4);
  const last12 = months.filter((m) => m <= today.slice(0, 7)).slice(-12);
  const periods = [...new Set([working, previousPeriod(parsePeriod(working)).key, year, String(Number(year) - 1), ...last12])];
  await cachedScores(db, periods, today, version);
  return { version, periods };
}

/**
 * Checks the evidence version every `everyMs` and warms the scores when it has moved (an import by
 * the CLI or another instance, a calendar change) or the day has (the pages evaluate as of today).
 * A version that moved since the previous check is left for one interval: deliveries in progress (the
 * push API's batches, one after another) move it every few seconds, and scoring beside each of them
 * slowed them down for figures the next batch made stale (bench/api). The first check warms at once.
 * One warm at a time; a failed one is tried again at the next check. Returns the stop function.
 */
export function startScoreWarmer(db: Sql, log: (line: string) => void = () => {}, everyMs = 15_000): () => void {
  let warmed: string | undefined;
  let seen: string | undefined;
  let busy = false;
  const check = async () => {
    if (busy) return;
    busy = true;
    try {
      const today = todayInShanghai();
      const state = `${await evidenceVersion(db)}|${today}`;
      const settled = seen === undefined || state === seen;
      seen = state;
      if (state !== warmed && settled) {
        const t0 = Date.now();
        const r = await warmScores(db, today);
        warmed = `${r.version}|${today}`;
        if (r.periods.length) log(`scores warmed for evidence version ${r.version}: ${r.periods.join(" ")} in ${Date.now() - t0} ms`);
      }
    } catch (e) {
      log(`scores not warmed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      busy = false;
    }
  };
  void check();
  const timer = setInterval(() => void check(), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
