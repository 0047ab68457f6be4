import "server-only";
import type { Sql } from "@/db/client";
import { evidenceVersion } from "./evidence-version";
import { scorePeriod, type ScoreDocument } from "./score";

export { bumpEvidenceVersion, evidenceVersion } from "./evidence-version";

/**
 * Provisional scores for the dashboards, remembered until the evidence changes: every change to
 * evidence or calendar bumps the evidence version inside its transaction, so the version is the
 * cache's key. Read the version before scoring: the scores then reflect at least that version.
 */
const cache = new Map<string, ScoreDocument>();
export const CACHE_LIMIT = 200;

export async function cachedScore(db: Sql, period: string, asOf: string, version?: number): Promise<ScoreDocument> {
  const v = version ?? (await evidenceVersion(db));
  const key = `${v}|${period}|${asOf}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const doc = await scorePeriod(db, period, asOf);
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(key, doc);
  return doc;
}
