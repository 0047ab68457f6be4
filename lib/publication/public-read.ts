import "server-only";
import type { Sql } from "@/db/client";
import { latestPublication, publicationVersion, publicationVersions, publishedPeriods, type PublicationRow, type PublicationVersion, type PublishedEntity, type PublishedPeriod } from "@/lib/publication/publish";
import { standingOf, type Standing } from "@/lib/publication/standing";
import type { Group } from "@/lib/scoring/score";

/** Reads for the public pages: published snapshots only, never the live evidence. */
export interface PublicRanking {
  publication: PublicationRow;
  periods: PublishedPeriod[];
  versions: PublicationVersion[];
}

export async function publicRanking(db: Sql, period?: string, version?: number): Promise<PublicRanking | undefined> {
  const periods = await publishedPeriods(db);
  const wanted = period ?? (periods.find((p) => /^\d{4}-\d{2}$/.test(p.period)) ?? periods[0])?.period;
  if (!wanted) return undefined;
  const publication = version ? await publicationVersion(db, wanted, version) : await latestPublication(db, wanted);
  if (!publication) return undefined;
  const versions = await publicationVersions(db, wanted);
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

/** The joint-measures cycle's figures the public page shows, summed over a group's ranked entities. */
export const PUBLIC_JOINT_FIGURES = ["push_timeliness", "mandatory_feedback_coverage", "objection_timeliness", "repair_timeliness", "feedback_coverage", "feedback_timeliness"] as const;
export type PublicJointFigure = (typeof PUBLIC_JOINT_FIGURES)[number];

export interface PublicJointMonth {
  period: string;
  /** the method the month was published by: under the contract's only the feedback figures exist */
  method: "contract" | "joint";
  groups: Record<Group, Partial<Record<PublicJointFigure, { numerator: number; denominator: number }>>>;
}

/**
 * The joint-measures cycle of the latest published months (latest version each, newest first), as
 * province-level sums over each group's published figures: counts and rates only — a publication
 * names no subject and no case, and these sums name no unit either. A unit of a city's line counts in
 * its region's figures and in its department's, as in the rankings, so the two groups are not added.
 */
export async function publishedJointMonths(db: Sql, limit = 12): Promise<PublicJointMonth[]> {
  const rows = await db.query<{ period: string; method: string | null; grp: Group; key: PublicJointFigure; numerator: string; denominator: string }>(
    `WITH latest AS (
       SELECT * FROM (SELECT DISTINCT ON (period) period, method, document FROM publications
                      WHERE period ~ '^[0-9]{4}-[0-9]{2}$' ORDER BY period, version DESC) p
       ORDER BY period DESC LIMIT $2
     )
     SELECT l.period, l.method->>'name' AS method, g.grp, k.key,
            sum((e->'indicators'->k.key->>'numerator')::bigint)::text AS numerator,
            sum((e->'indicators'->k.key->>'denominator')::bigint)::text AS denominator
     FROM latest l
     CROSS JOIN unnest(ARRAY['region', 'department']) AS g(grp)
     CROSS JOIN LATERAL jsonb_array_elements(l.document->'groups'->g.grp) AS e
     CROSS JOIN unnest($1::text[]) AS k(key)
     WHERE e->'indicators' ? k.key
     GROUP BY l.period, l.method->>'name', g.grp, k.key
     ORDER BY l.period DESC`,
    [PUBLIC_JOINT_FIGURES, limit],
  );
  const months = new Map<string, PublicJointMonth>();
  for (const r of rows) {
    const m = months.get(r.period) ?? { period: r.period, method: r.method === "joint" ? "joint" : "contract", groups: { region: {}, department: {} } };
    m.groups[r.grp][r.key] = { numerator: Number(r.numerator), denominator: Number(r.denominator) };
    months.set(r.period, m);
  }
  return [...months.values()];
}

/**
 * What the public pages show changes only with a publication, a notice made public or withdrawn,
 * new notice rules or a new minimum sample (the methodology page), or units' names (English pages look
 * them up, lib/unit-names.ts): the response cache compares this between requests.
 */
export async function publicContentVersion(db: Sql): Promise<string> {
  const [row] = await db.query<{ v: string }>(
    `SELECT (SELECT count(*)::text || ':' || coalesce(max(id), 0)::text FROM publications) || ':' ||
            (SELECT count(*)::text || ':' || coalesce(string_agg(id::text, ',' ORDER BY id), '') FROM notices WHERE is_public) || ':' ||
            (SELECT coalesce(max(version), 0)::text FROM notice_rules) || ':' ||
            (SELECT coalesce(max(version), 0)::text FROM scoring_method) || ':' ||
            (SELECT coalesce(max(value), '') FROM settings WHERE key = 'joint_method_from') || ':' ||
            (SELECT coalesce(max(updated_at)::text, '') FROM units) AS v`,
  );
  return row?.v ?? "";
}

/**
 * A period's standing as evaluated on a date (lib/publication/standing.ts), with the latest
 * publication when the figures to show are the published ones.
 */
export async function periodStanding(db: Sql, period: string, asOf: string): Promise<{ standing: Standing; publication?: PublicationRow }> {
  const latest = await latestPublication(db, period);
  const standing = standingOf(latest, asOf);
  return standing.status === "published" ? { standing, publication: latest } : { standing };
}

/**
 * The figures a page shows for a period under its standing: the published version's when published,
 * else the provisional ones it was given.
 */
export function figuresForStanding(provisional: Record<Group, PublishedEntity[]>, publication: PublicationRow | undefined): Record<Group, PublishedEntity[]> {
  return publication ? publication.document.groups : provisional;
}
