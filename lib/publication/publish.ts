import "server-only";
import { createHash } from "node:crypto";
import type { Sql } from "@/db/client";
import { assertOffice, type Actor } from "@/lib/auth/actor";
import { csvLine } from "@/lib/csv";
import { AppError } from "@/lib/errors";
import { DEFAULT_WEIGHTS, INDICATORS, RECORD_DEADLINE_WORKDAYS, VIOLATION_PENALTY, type Indicator } from "@/lib/scoring/indicators";
import { parsePeriod, previousPeriod } from "@/lib/scoring/period";
import { GROUPS, scorePeriod, type EntityScore, type Group, type ScoreDocument } from "@/lib/scoring/score";
import { gradeOf, type Grade } from "./grade";
import { publicationsChanged } from "./response-cache";

/** One ranked entity as published: the scored figures plus the comparison with the previous period. */
export interface PublishedEntity extends EntityScore {
  grade: Grade | null;
  /** score minus the previous period's published score; null when either is missing */
  change: number | null;
  previous_rank: number | null;
}

export interface PublishedDocument extends Omit<ScoreDocument, "groups"> {
  version: number;
  published_at: string;
  previous_period: string;
  groups: Record<Group, PublishedEntity[]>;
  /** for a correction: which entities' scores or ranks differ from the version before */
  changed_from_previous_version: { group: Group; code: string; score_before: number | null; score_after: number | null; rank_before: number | null; rank_after: number | null }[];
}

export interface PublicationRow {
  id: number;
  period: string;
  version: number;
  as_of: string;
  published_at: string;
  published_by: string;
  note: string;
  document: PublishedDocument;
}

export interface PublishInput {
  period: string;
  asOf: string;
  actor: Actor;
  note?: string;
  /** when it was published; now, except for the deterministic demo */
  publishedAt?: string;
}

/**
 * Publishes a period's ranking: scores it, compares with the previous period's latest publication and
 * with this period's previous version, and stores an immutable snapshot (with its open-data bytes)
 * and an audit row, in one transaction. Publishing again makes a new version; nothing is edited.
 */
export async function publishPeriod(db: Sql, input: PublishInput): Promise<PublicationRow> {
  assertOffice(input.actor, { zh: "发布排名", en: "publish rankings" });
  const published = await insertPublication(db, input);
  publicationsChanged();
  return published;
}

async function insertPublication(db: Sql, input: PublishInput): Promise<PublicationRow> {
  const period = parsePeriod(input.period);
  assertPeriodClosed(period.key, input.asOf);
  const doc = await scorePeriod(db, period.key, input.asOf);
  const calendarFingerprint = await calendarHash(db, Number(period.start.slice(0, 4)), Number(input.asOf.slice(0, 4)) + 1);
  return db.transaction(async (tx) => {
    // versions of one period are numbered one after the other, never twice
    await tx.query(`SELECT pg_advisory_xact_lock(728164003, hashtext($1))`, [period.key]);
    const [last] = await tx.query<{ version: number; document: PublishedDocument }>(
      `SELECT version, document FROM publications WHERE period = $1 ORDER BY version DESC LIMIT 1`,
      [period.key],
    );
    const previous = await latestPublication(tx, previousPeriod(period).key);
    const version = (last?.version ?? 0) + 1;
    const publishedAt = input.publishedAt ?? new Date().toISOString();
    const groups = compareWithPrevious(doc.groups, previous?.document.groups);
    const published: PublishedDocument = {
      period: doc.period,
      as_of: doc.as_of,
      version,
      published_at: publishedAt,
      previous_period: previousPeriod(period).key,
      groups,
      changed_from_previous_version: last ? diffVersions(last.document, groups) : [],
    };
    const method = {
      indicators: INDICATORS,
      weights: DEFAULT_WEIGHTS,
      violation_penalty: VIOLATION_PENALTY,
      record_deadline_workdays: RECORD_DEADLINE_WORKDAYS,
      calendar_sha256: calendarFingerprint,
    };
    const [row] = await tx.query<PublicationRow>(
      `INSERT INTO publications (period, version, as_of, published_at, published_by, note, method, document, json_body, csv_body)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9, $10)
       RETURNING id, period, version, as_of, published_at::text, published_by, note, document`,
      [period.key, version, input.asOf, publishedAt, input.actor.username, input.note ?? "", JSON.stringify(method), JSON.stringify(published), openDataJson(published), openDataCsv(published)],
    );
    await tx.query(
      `INSERT INTO audit_log (actor, action, entity, entity_key, after) VALUES ($1, 'publish', 'publications', $2, $3::jsonb)`,
      [input.actor.username, `${period.key} v${version}`, JSON.stringify({ period: period.key, version, as_of: input.asOf, note: input.note ?? "" })],
    );
    return row!;
  });
}

/** Adds grades and the change against a previous period's figures (published or provisional). */
export function compareWithPrevious(current: Record<Group, EntityScore[]>, previous: Record<Group, EntityScore[]> | undefined): Record<Group, PublishedEntity[]> {
  const groups = {} as Record<Group, PublishedEntity[]>;
  for (const g of GROUPS) {
    const before = new Map((previous?.[g] ?? []).map((e) => [e.code, e]));
    groups[g] = current[g].map((e) => {
      const p = before.get(e.code);
      return {
        ...e,
        grade: gradeOf(e.score),
        change: e.score !== null && p?.score != null ? Math.round((e.score - p.score) * 100) / 100 : null,
        previous_rank: p?.rank ?? null,
      };
    });
  }
  return groups;
}

function diffVersions(before: PublishedDocument, after: Record<Group, PublishedEntity[]>): PublishedDocument["changed_from_previous_version"] {
  const out: PublishedDocument["changed_from_previous_version"] = [];
  for (const g of GROUPS) {
    const old = new Map(before.groups[g].map((e) => [e.code, e]));
    for (const e of after[g]) {
      const o = old.get(e.code);
      if (!o || o.score !== e.score || o.rank !== e.rank) {
        out.push({ group: g, code: e.code, score_before: o?.score ?? null, score_after: e.score, rank_before: o?.rank ?? null, rank_after: e.rank });
      }
    }
  }
  return out;
}

export async function latestPublication(db: Sql, period: string): Promise<PublicationRow | undefined> {
  const [row] = await db.query<PublicationRow>(
    `SELECT id, period, version, as_of, published_at::text, published_by, note, document FROM publications
     WHERE period = $1 ORDER BY version DESC LIMIT 1`,
    [period],
  );
  return row;
}

export async function publicationVersion(db: Sql, period: string, version: number): Promise<PublicationRow | undefined> {
  const [row] = await db.query<PublicationRow>(
    `SELECT id, period, version, as_of, published_at::text, published_by, note, document FROM publications WHERE period = $1 AND version = $2`,
    [period, version],
  );
  return row;
}

export interface PublicationVersion {
  version: number;
  published_at: string;
  published_by: string;
  note: string;
}

/** Every version of a period, oldest first. */
export async function publicationVersions(db: Sql, period: string): Promise<PublicationVersion[]> {
  return db.query<PublicationVersion>(`SELECT version, published_at::text, published_by, note FROM publications WHERE period = $1 ORDER BY version`, [period]);
}

export interface PublishedPeriod {
  period: string;
  version: number;
  versions: number;
  as_of: string;
  published_at: string;
}

/** Every published period with its latest version, newest period first. */
export async function publishedPeriods(db: Sql): Promise<PublishedPeriod[]> {
  return db.query<PublishedPeriod>(
    `SELECT DISTINCT ON (period) period, version, (count(*) OVER (PARTITION BY period))::int AS versions, as_of, published_at::text
     FROM publications ORDER BY period DESC, version DESC`,
  );
}

/** The stored open-data bytes of a period's latest version. */
export async function openDataBody(db: Sql, period: string, format: "json" | "csv"): Promise<string | undefined> {
  const [row] = await db.query<{ body: string }>(
    `SELECT ${format === "json" ? "json_body" : "csv_body"} AS body FROM publications WHERE period = $1 ORDER BY version DESC LIMIT 1`,
    [period],
  );
  return row?.body;
}

// ---------- open data: only published figures, no subject of any record ----------

function openDataJson(doc: PublishedDocument): string {
  return JSON.stringify({
    period: doc.period,
    version: doc.version,
    as_of: doc.as_of,
    published_at: doc.published_at,
    groups: Object.fromEntries(
      GROUPS.map((g) => [
        g,
        doc.groups[g].map((e) => ({
          code: e.code,
          name: e.name,
          rank: e.rank,
          score: e.score,
          grade: e.grade,
          change: e.change,
          violations: e.violations,
          indicators: e.indicators,
        })),
      ]),
    ),
  });
}

const CSV_HEADER = ["period", "version", "group", "rank", "code", "name", "score", "grade", "change", "violations", ...INDICATORS.map((k) => `${k}_rate`)];

function openDataCsv(doc: PublishedDocument): string {
  const lines = [CSV_HEADER.join(",")];
  for (const g of GROUPS) {
    for (const e of doc.groups[g]) {
      lines.push(csvLine([doc.period, doc.version, g, e.rank, e.code, e.name, e.score, e.grade, e.change, e.violations, ...INDICATORS.map((k: Indicator) => e.indicators[k].rate)]));
    }
  }
  return lines.join("\r\n") + "\r\n";
}

async function calendarHash(db: Sql, fromYear: number, toYear: number): Promise<string> {
  const rows = await db.query<{ d: string }>(
    `SELECT string_agg(date::text || CASE WHEN is_workday THEN '1' ELSE '0' END, ',' ORDER BY date) AS d
     FROM calendar_days WHERE date >= make_date($1, 1, 1) AND date < make_date($2 + 1, 1, 1)`,
    [fromYear, toYear],
  );
  return createHash("sha256").update(rows[0]?.d ?? "").digest("hex");
}

export function assertPeriodClosed(period: string, asOf: string): void {
  if (asOf < parsePeriod(period).end) {
    throw new AppError(
      "period_open",
      `期间 ${period} 尚未结束，不能以 ${asOf} 为评价日发布`,
      `period ${period} has not ended; it cannot be published as of ${asOf}`,
    );
  }
}
