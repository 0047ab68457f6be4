import type { Sql } from "@/db/client";
import { scorePeriod, type ScoreDocument } from "./score";

/**
 * Provisional scores for the dashboards, remembered until the evidence changes: every change to
 * evidence or calendar goes through an import batch, so the newest batch id is the cache's version.
 */
const cache = new Map<string, ScoreDocument>();
const LIMIT = 200;

export async function evidenceVersion(db: Sql): Promise<number> {
  const [row] = await db.query<{ v: number | null }>(`SELECT max(id) AS v FROM import_batches`);
  return row?.v ?? 0;
}

export async function cachedScore(db: Sql, period: string, asOf: string, version?: number): Promise<ScoreDocument> {
  const v = version ?? (await evidenceVersion(db));
  const key = `${v}|${period}|${asOf}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const doc = await scorePeriod(db, period, asOf);
  if (cache.size >= LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(key, doc);
  return doc;
}
