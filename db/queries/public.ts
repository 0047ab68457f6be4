import type { Sql } from "@/db/client";
import { latestPublication, publicationVersion, publishedPeriods, type PublicationRow, type PublishedPeriod } from "@/lib/publication/publish";
import type { Group } from "@/lib/scoring/score";

/** Reads for the public pages: published snapshots only, never the live evidence. */
export interface PublicRanking {
  publication: PublicationRow;
  periods: PublishedPeriod[];
  versions: { version: number; published_at: string; note: string }[];
}

export async function publicRanking(db: Sql, period?: string, version?: number): Promise<PublicRanking | undefined> {
  const periods = await publishedPeriods(db);
  const wanted = period ?? (periods.find((p) => /^\d{4}-\d{2}$/.test(p.period)) ?? periods[0])?.period;
  if (!wanted) return undefined;
  const publication = version ? await publicationVersion(db, wanted, version) : await latestPublication(db, wanted);
  if (!publication) return undefined;
  const versions = await db.query<{ version: number; published_at: string; note: string }>(
    `SELECT version, published_at::text, note FROM publications WHERE period = $1 ORDER BY version`,
    [wanted],
  );
  return { publication, periods, versions };
}

/** The group's average published score per month, and each entity's, for trend charts. */
export async function publishedTrend(db: Sql, group: Group): Promise<{ periods: string[]; average: (number | null)[]; byEntity: Map<string, { name: string; values: (number | null)[] }> }> {
  const rows = await db.query<{ period: string; entities: { code: string; name: string; score: number | null }[] }>(
    `SELECT DISTINCT ON (period) period, document->'groups'->$1 AS entities FROM publications
     WHERE period ~ '^[0-9]{4}-[0-9]{2}$' ORDER BY period, version DESC`,
    [group],
  );
  const periods = rows.map((r) => r.period);
  const byEntity = new Map<string, { name: string; values: (number | null)[] }>();
  rows.forEach((r, i) => {
    for (const e of r.entities) {
      const s = byEntity.get(e.code) ?? { name: e.name, values: periods.map(() => null) };
      s.values[i] = e.score;
      byEntity.set(e.code, s);
    }
  });
  const average = rows.map((r) => {
    const scored = r.entities.filter((e) => e.score !== null);
    return scored.length ? Math.round((scored.reduce((s, e) => s + e.score!, 0) / scored.length) * 100) / 100 : null;
  });
  return { periods, average, byEntity };
}
