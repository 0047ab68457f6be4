import "server-only";
import type { Sql } from "@/db/client";
import { evidenceVersion } from "./evidence-version";
import { scorePeriod, scorePeriods, type ScoreDocument } from "./score";

export { bumpEvidenceVersion, evidenceVersion } from "./evidence-version";

/**
 * Provisional scores for the dashboards, remembered until the evidence changes: every change to
 * evidence or calendar bumps the evidence version inside its transaction, so the version is the
 * cache's key. Read the version before scoring: the scores then reflect at least that version.
 */
const cache = new Map<string, Promise<ScoreDocument>>();
export const CACHE_LIMIT = 200;

export async function cachedScore(db: Sql, period: string, asOf: string, version?: number): Promise<ScoreDocument> {
  const v = version ?? (await evidenceVersion(db));
  const key = `${v}|${period}|${asOf}`;
  const hit = cache.get(key);
  if (hit) return hit;
  // the scoring itself is remembered, not only its result: the users who open their dashboards at
  // once (month end, or the first minute after an import) wait for one scoring instead of each
  // starting the same one — on the embedded database, which runs one query at a time, a burst of
  // 200 (bench/load.ts) would otherwise queue behind 200 identical scorings of each month shown
  return remember(key, scorePeriod(db, period, asOf));
}

function remember(key: string, doc: Promise<ScoreDocument>): Promise<ScoreDocument> {
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(key, doc);
  doc.catch(() => {
    if (cache.get(key) === doc) cache.delete(key); // a failed scoring is not remembered
  });
  return doc;
}

/**
 * The periods' scores from the same cache; those not in it are scored together in one pass
 * (scorePeriods) and remembered one by one, with every month the pass covered, so a year page's
 * trend and a month page find their months scored.
 */
export async function cachedScores(db: Sql, periods: string[], asOf: string, version?: number): Promise<ScoreDocument[]> {
  const v = version ?? (await evidenceVersion(db));
  const key = (p: string) => `${v}|${p}|${asOf}`;
  const missing = [...new Set(periods.filter((p) => !cache.has(key(p))))];
  if (missing.length > 0) {
    const all = scorePeriods(db, missing, asOf);
    for (const [i, p] of missing.entries()) void remember(key(p), all.then((r) => r.periods[i]!));
    // the months' own documents, only once the pass has succeeded (a failure is remembered nowhere)
    all.then(
      (r) => {
        for (const m of r.months) if (!cache.has(key(m.period))) void remember(key(m.period), Promise.resolve(m));
      },
      () => {},
    );
  }
  return Promise.all(periods.map((p) => cache.get(key(p)) ?? cachedScore(db, p, asOf, v)));
}
