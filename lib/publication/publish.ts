import "server-only";
import { createHash } from "node:crypto";
import type { Sql } from "@/db/client";
import { assertOffice, type Actor } from "@/lib/auth/actor";
import { csvLine } from "@/lib/csv";
import { AppError } from "@/lib/errors";
import { DEFAULT_WEIGHTS, INDICATORS, RECORD_DEADLINE_WORKDAYS, VIOLATION_PENALTY, type Indicator } from "@/lib/scoring/indicators";
import { jointMethodFrom, methodRecord } from "@/lib/scoring/joint-method";
import { parsePeriod, previousPeriod, type Period } from "@/lib/scoring/period";
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

/**
 * Why a unit's score or rank differs from the version before (see planPublication):
 * - `evidence`: evaluated on the earlier version's date, today's evidence gives the unit other
 *   figures than that version had: records, statistics, feedback or the calendar were corrected;
 * - `evaluation_date`: with today's evidence, the later evaluation date gives the unit other figures
 *   (more items due, late ones counted);
 * - `rank_only`: its score did not change; others' scores moved its rank;
 * - `method`: the office changed the method (the minimum sample) since the earlier version.
 */
export type ChangeReason = "evidence" | "evaluation_date" | "rank_only" | "method";

export interface VersionChange {
  group: Group;
  code: string;
  /** absent in snapshots published before the names were kept here */
  name?: string;
  score_before: number | null;
  score_after: number | null;
  rank_before: number | null;
  rank_after: number | null;
  /** absent in snapshots published before the reasons were kept */
  reasons?: ChangeReason[];
}

export interface PublishedDocument extends Omit<ScoreDocument, "groups"> {
  version: number;
  published_at: string;
  previous_period: string;
  groups: Record<Group, PublishedEntity[]>;
  /** for a correction: exactly the entities whose score or rank differs from the version before, and why */
  changed_from_previous_version: VersionChange[];
  /** for a correction: what it corrects (absent in version 1 and in older snapshots) */
  correction?: { previous_version: number; as_of_before: string; calendar_changed: boolean; min_sample_before?: number };
}

export interface PublicationRow {
  id: number;
  period: string;
  version: number;
  as_of: string;
  published_at: string;
  published_by: string;
  note: string;
  /** the note in English, when the office gave one */
  note_en: string | null;
  document: PublishedDocument;
}

export const NOTE_MAX = 500;

export interface PublishInput {
  period: string;
  asOf: string;
  actor: Actor;
  /** why: required for every version after the first (a correction) */
  note?: string;
  /** the same reason in English, optional: English pages show it instead of `note` */
  noteEn?: string;
  /** when it was published; now, except for the deterministic demo */
  publishedAt?: string;
  /**
   * What the office confirmed (the plan it was shown): publishing refuses when the version or the
   * figures differ by now, so nothing is published that nobody saw.
   */
  confirmed?: { version: number; fingerprint: string };
}

/** What publishing the period now would do: shown to the office before it confirms. */
export interface PublicationPlan {
  period: string;
  as_of: string;
  /** the version it would make */
  version: number;
  /** the version it would correct */
  previous: { version: number; as_of: string } | null;
  groups: Record<Group, PublishedEntity[]>;
  /** the units whose score or rank would change against the previous version, and why */
  changes: VersionChange[];
  /** every figure as in the previous version: publishing would be refused */
  unchanged: boolean;
  calendar_changed: boolean;
  /** the minimum sample it is judged by, and the previous version's when that differs */
  min_sample: number;
  min_sample_before: number | null;
  /** binds a confirmation to these figures (sha256 of the version, the date and every figure) */
  fingerprint: string;
}

/**
 * Publishes a period's ranking: scores it, compares with the previous period's latest publication and
 * with this period's previous version, and stores an immutable snapshot (with its open-data bytes)
 * and an audit row, in one transaction. Publishing again makes a new version; nothing is edited.
 * A new version needs a reason, and is refused when no figure differs from the version before.
 */
export async function publishPeriod(db: Sql, input: PublishInput): Promise<PublicationRow> {
  assertOffice(input.actor, { zh: "发布排名", en: "publish rankings" });
  const published = await insertPublication(db, input);
  publicationsChanged();
  return published;
}

async function insertPublication(db: Sql, input: PublishInput): Promise<PublicationRow> {
  const period = parsePeriod(input.period);
  assertPeriodEnded(period.key, input.asOf, "publish");
  const note = (input.note ?? "").trim();
  if (note.length > NOTE_MAX) throw AppError.invalid(`说明不能超过 ${NOTE_MAX} 字`, `the note is limited to ${NOTE_MAX} characters`);
  const noteEn = (input.noteEn ?? "").trim();
  if (noteEn.length > NOTE_MAX) throw AppError.invalid(`英文说明不能超过 ${NOTE_MAX} 字`, `the English note is limited to ${NOTE_MAX} characters`);
  return db.transaction(async (tx) => {
    // versions of one period are numbered one after the other, never twice
    await tx.query(`SELECT pg_advisory_xact_lock(728164003, hashtext($1))`, [period.key]);
    const plan = await planPublication(tx, period.key, input.asOf);
    assertPublishable(plan, note);
    if (input.confirmed && (input.confirmed.version !== plan.version || input.confirmed.fingerprint !== plan.fingerprint)) {
      throw new AppError(
        "publication_changed",
        `确认之后情况有变化（将发布第 ${plan.version} 版，数据或版本已不同于确认时），请重新核对后再确认`,
        `things changed since the confirmation (it would now publish version ${plan.version}, with other figures or another version than confirmed): review and confirm again`,
        409,
      );
    }
    const version = plan.version;
    const publishedAt = input.publishedAt ?? new Date().toISOString();
    const published: PublishedDocument = {
      period: plan.period,
      as_of: plan.as_of,
      version,
      published_at: publishedAt,
      previous_period: previousPeriod(period).key,
      // the method travels with the snapshot: a later change of the minimum sample never alters it
      ...(plan.min_sample > 0 ? { min_sample: plan.min_sample } : {}),
      groups: plan.groups,
      changed_from_previous_version: plan.changes,
      ...(plan.previous
        ? {
            correction: {
              previous_version: plan.previous.version,
              as_of_before: plan.previous.as_of,
              calendar_changed: plan.calendar_changed,
              ...(plan.min_sample_before !== null ? { min_sample_before: plan.min_sample_before } : {}),
            },
          }
        : {}),
    };
    // the joint-measures method (WENXIAO_JOINT_METHOD_FROM, or the database's setting) is recorded with its
    // weights and deductions; under the contract's method the record is what it always was
    const joint = methodRecord(period, await jointMethodFrom(tx));
    const method = {
      indicators: joint.name === "joint" ? joint.indicators : INDICATORS,
      weights: joint.name === "joint" ? joint.weights : DEFAULT_WEIGHTS,
      violation_penalty: VIOLATION_PENALTY,
      ...(joint.name === "joint" ? { name: joint.name, deducted: joint.deducted, joint_from: joint.from } : {}),
      record_deadline_workdays: RECORD_DEADLINE_WORKDAYS,
      min_sample: plan.min_sample,
      calendar_sha256: await calendarHash(tx, period, input.asOf),
    };
    const [row] = await tx.query<PublicationRow>(
      `INSERT INTO publications (period, version, as_of, published_at, published_by, note, note_en, method, document, json_body, csv_body)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb, $10, $11)
       RETURNING id, period, version, as_of, published_at::text, published_by, note, note_en, document`,
      [period.key, version, input.asOf, publishedAt, input.actor.username, note, noteEn || null, JSON.stringify(method), JSON.stringify(published), openDataJson(published, await englishNames(tx)), openDataCsv(published)],
    );
    await tx.query(
      `INSERT INTO audit_log (actor, action, entity, entity_key, after) VALUES ($1, 'publish', 'publications', $2, $3::jsonb)`,
      [
        input.actor.username,
        `${period.key} v${version}`,
        JSON.stringify({ period: period.key, version, as_of: input.asOf, note, ...(noteEn ? { note_en: noteEn } : {}), changed: plan.changes.map((c) => ({ group: c.group, code: c.code, reasons: c.reasons })) }),
      ],
    );
    return row!;
  });
}

/** The refusals a plan meets before anything is published (also said on the confirmation panel). */
export function assertPublishable(plan: PublicationPlan, note: string): void {
  if (plan.unchanged) {
    throw new AppError(
      "nothing_changed",
      `数据无变化，无需重新发布：${plan.period} 的各项数据与已发布的第 ${plan.previous!.version} 版完全相同`,
      `nothing changed: every figure of ${plan.period} is the same as in the published version ${plan.previous!.version}, so there is nothing to republish`,
      409,
    );
  }
  if (plan.previous && !note.trim()) {
    throw AppError.invalid(
      `发布第 ${plan.version} 版是对已发布排名的更正，须写明更正原因（将在公示页面与变化的单位一并公开）`,
      `version ${plan.version} corrects a published ranking: give the reason (it is shown on the public page with the units that changed)`,
    );
  }
}

/**
 * What publishing the period as of the date would do, without doing it: the next version, its
 * figures (graded, compared with the previous period), and against this period's latest version
 * exactly the units whose score or rank changes, each with its reasons.
 *
 * Why a unit changed is told apart by scoring once more: today's evidence as of the earlier
 * version's evaluation date. The earlier version's stored figures differ from that → its evidence was
 * corrected (`evidence`); that differs from the new figures → the later date changed them
 * (`evaluation_date`). Both may hold; with the same date only the evidence can have changed. A unit
 * whose score stayed and whose rank moved is `rank_only`.
 */
export async function planPublication(db: Sql, periodKey: string, asOf: string): Promise<PublicationPlan> {
  const period = parsePeriod(periodKey);
  const doc = await scorePeriod(db, period.key, asOf);
  const minSample = doc.min_sample ?? 0;
  const [last] = await db.query<{ version: number; as_of: string; document: PublishedDocument; calendar: string | null; min_sample: number | null }>(
    `SELECT version, as_of, document, method->>'calendar_sha256' AS calendar, (method->>'min_sample')::int AS min_sample
     FROM publications WHERE period = $1 ORDER BY version DESC LIMIT 1`,
    [period.key],
  );
  const previousOfPeriod = await latestPublication(db, previousPeriod(period).key);
  const groups = compareWithPrevious(doc.groups, previousOfPeriod?.document.groups);
  let changes: VersionChange[] = [];
  let calendarChanged = false;
  // versions published before the method was kept used the contract's (0)
  const lastMinSample = last ? (last.min_sample ?? 0) : null;
  const methodChanged = lastMinSample !== null && lastMinSample !== minSample;
  if (last) {
    // today's evidence under the earlier version's date and method; and, when the method changed, under today's date
    const atEarlierDate = last.as_of === asOf && !methodChanged ? undefined : await scorePeriod(db, period.key, last.as_of, { minSample: lastMinSample! });
    const earlierMethod = methodChanged ? await scorePeriod(db, period.key, asOf, { minSample: lastMinSample }) : undefined;
    changes = diffVersions(last.document, groups, atEarlierDate?.groups, earlierMethod?.groups);
    calendarChanged = last.calendar !== null && last.calendar !== (await calendarHash(db, period, asOf));
  }
  const unchanged = !!last && sameFigures(last.document.groups, groups);
  const version = (last?.version ?? 0) + 1;
  const fingerprint = createHash("sha256")
    .update(JSON.stringify([version, asOf, minSample, GROUPS.map((g) => groups[g].map(figuresOf))]))
    .digest("hex");
  return {
    period: period.key,
    as_of: asOf,
    version,
    previous: last ? { version: last.version, as_of: last.as_of } : null,
    groups,
    changes,
    unchanged,
    calendar_changed: calendarChanged,
    min_sample: minSample,
    min_sample_before: methodChanged ? lastMinSample : null,
    fingerprint,
  };
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

/** An entity's own figures: what its score is computed from, and the score (not its rank, name, grade or change). */
function ownFigures(e: EntityScore): unknown[] {
  return [e.code, e.score, e.violations, INDICATORS.map((k) => [e.indicators[k].numerator, e.indicators[k].denominator]), INDICATORS.filter((k) => e.indicators[k].insufficient)];
}

/** Every published figure of an entity, its rank included. */
const figuresOf = (e: EntityScore): unknown[] => [...ownFigures(e), e.rank];

const sameEntityFigures = (a: EntityScore | undefined, b: EntityScore | undefined) => JSON.stringify(a ? ownFigures(a) : null) === JSON.stringify(b ? ownFigures(b) : null);

/** Whether every figure of every entity is the same in both (the same entities, in the same groups). */
function sameFigures(before: Record<Group, EntityScore[]>, after: Record<Group, EntityScore[]>): boolean {
  return GROUPS.every((g) => JSON.stringify(before[g].map(figuresOf)) === JSON.stringify(after[g].map(figuresOf)));
}

/**
 * Exactly the entities whose score or rank differs between two versions (including one that appears
 * or disappears), each with its reasons; `atEarlierDate` is today's evidence scored as of the earlier
 * version's date and by its method, when the date or method differ; `earlierMethod` today's evidence
 * as of the new date by the earlier method, when the method differs.
 */
function diffVersions(
  before: PublishedDocument,
  after: Record<Group, PublishedEntity[]>,
  atEarlierDate?: Record<Group, EntityScore[]>,
  earlierMethod?: Record<Group, EntityScore[]>,
): VersionChange[] {
  const out: VersionChange[] = [];
  for (const g of GROUPS) {
    const old = new Map(before.groups[g].map((e) => [e.code, e]));
    const now = new Map(after[g].map((e) => [e.code, e]));
    const mid = new Map((atEarlierDate?.[g] ?? []).map((e) => [e.code, e]));
    const oldMethod = earlierMethod ? new Map(earlierMethod[g].map((e) => [e.code, e])) : undefined;
    // in the new order, then the ones that left, in the old order
    const codes = [...after[g].map((e) => e.code), ...before.groups[g].map((e) => e.code).filter((c) => !now.has(c))];
    for (const code of codes) {
      const o = old.get(code);
      const n = now.get(code);
      const scoreBefore = o?.score ?? null;
      const scoreAfter = n?.score ?? null;
      const rankBefore = o?.rank ?? null;
      const rankAfter = n?.rank ?? null;
      if (o && n && scoreBefore === scoreAfter && rankBefore === rankAfter) continue;
      let reasons: ChangeReason[];
      if (o && n && scoreBefore === scoreAfter) reasons = ["rank_only"];
      else if (!atEarlierDate) reasons = ["evidence"];
      else {
        const m = mid.get(code);
        reasons = [];
        if (!sameEntityFigures(m, o)) reasons.push("evidence");
        if (oldMethod) {
          const k = oldMethod.get(code);
          if (!sameEntityFigures(m, k)) reasons.push("evaluation_date");
          if (!sameEntityFigures(k, n)) reasons.push("method");
        } else if (!sameEntityFigures(m, n)) reasons.push("evaluation_date");
        // (neither: the score moved with the same figures, which only a change of method could do)
        if (reasons.length === 0) reasons.push("evidence");
      }
      out.push({ group: g, code, name: (n ?? o)!.name, score_before: scoreBefore, score_after: scoreAfter, rank_before: rankBefore, rank_after: rankAfter, reasons });
    }
  }
  return out;
}

export async function latestPublication(db: Sql, period: string): Promise<PublicationRow | undefined> {
  const [row] = await db.query<PublicationRow>(
    `SELECT id, period, version, as_of, published_at::text, published_by, note, note_en, document FROM publications
     WHERE period = $1 ORDER BY version DESC LIMIT 1`,
    [period],
  );
  return row;
}

export async function publicationVersion(db: Sql, period: string, version: number): Promise<PublicationRow | undefined> {
  const [row] = await db.query<PublicationRow>(
    `SELECT id, period, version, as_of, published_at::text, published_by, note, note_en, document FROM publications WHERE period = $1 AND version = $2`,
    [period, version],
  );
  return row;
}

export interface PublicationVersion {
  version: number;
  as_of: string;
  published_at: string;
  published_by: string;
  note: string;
  note_en: string | null;
}

/** Every version of a period, oldest first. */
export async function publicationVersions(db: Sql, period: string): Promise<PublicationVersion[]> {
  return db.query<PublicationVersion>(`SELECT version, as_of, published_at::text, published_by, note, note_en FROM publications WHERE period = $1 ORDER BY version`, [period]);
}

export interface PublishedPeriod {
  period: string;
  version: number;
  versions: number;
  as_of: string;
  published_at: string;
}

/**
 * Newest period first, as a reader expects: by the day the period ends, and among periods ending on
 * the same day the month, then the quarter, then the year (2026-10, 2026-09, 2026-Q3, 2026-08 …;
 * plain text order would put 2026-Q3 before 2026-10).
 */
const NEWEST_PERIOD_FIRST = (col: string) =>
  `CASE WHEN ${col} ~ '^[0-9]{4}-[0-9]{2}$' THEN to_date(${col}, 'YYYY-MM') + interval '1 month'
        WHEN ${col} ~ '^[0-9]{4}-Q[1-4]$' THEN make_date(left(${col}, 4)::int, right(${col}, 1)::int * 3 - 2, 1) + interval '3 months'
        ELSE make_date(left(${col}, 4)::int, 1, 1) + interval '1 year' END DESC,
   CASE WHEN ${col} ~ '^[0-9]{4}-[0-9]{2}$' THEN 0 WHEN ${col} ~ 'Q' THEN 1 ELSE 2 END, ${col} DESC`;

/** Every published period with its latest version, newest period first. */
export async function publishedPeriods(db: Sql): Promise<PublishedPeriod[]> {
  return db.query<PublishedPeriod>(
    `SELECT * FROM (
       SELECT DISTINCT ON (period) period, version, (count(*) OVER (PARTITION BY period))::int AS versions, as_of, published_at::text
       FROM publications ORDER BY period, version DESC
     ) latest ORDER BY ${NEWEST_PERIOD_FIRST("period")}`,
  );
}

/** The stored open-data bytes of a period's version (the latest without one), with the version they are. */
export async function openDataBody(db: Sql, period: string, format: "json" | "csv", version?: number): Promise<{ body: string; version: number } | undefined> {
  const [row] = await db.query<{ body: string; version: number }>(
    `SELECT ${format === "json" ? "json_body" : "csv_body"} AS body, version FROM publications
     WHERE period = $1 AND ($2::int IS NULL OR version = $2) ORDER BY version DESC LIMIT 1`,
    [period, version ?? null],
  );
  return row;
}

export interface PublishedPeriodVersions {
  period: string;
  versions: PublicationVersion[];
}

export interface PublishedPeriodsPage {
  periods: PublishedPeriodVersions[];
  /** how many periods are published in all */
  total: number;
  page: number;
  pages: number;
}

export const PERIODS_PER_PAGE = 24;

/**
 * Every version of every published period, a page of periods at a time (newest period first, its
 * versions oldest first), paged in SQL: what /open-data lists for download.
 */
export async function publishedVersionsPage(db: Sql, page: number): Promise<PublishedPeriodsPage> {
  const [count] = await db.query<{ n: number }>(`SELECT count(DISTINCT period)::int AS n FROM publications`);
  const total = count?.n ?? 0;
  const pages = Math.max(1, Math.ceil(total / PERIODS_PER_PAGE));
  const rows = await db.query<{ period: string; versions: PublicationVersion[] }>(
    `SELECT p.period, json_agg(json_build_object('version', v.version, 'as_of', v.as_of::text, 'published_at', v.published_at::text, 'published_by', v.published_by, 'note', v.note, 'note_en', v.note_en) ORDER BY v.version) AS versions
     FROM (SELECT period FROM (SELECT DISTINCT period FROM publications) d ORDER BY ${NEWEST_PERIOD_FIRST("period")} LIMIT $1 OFFSET $2) p
     JOIN publications v ON v.period = p.period
     GROUP BY p.period ORDER BY ${NEWEST_PERIOD_FIRST("p.period")}`,
    [PERIODS_PER_PAGE, (page - 1) * PERIODS_PER_PAGE],
  );
  return { periods: rows, total, page, pages };
}

// ---------- open data: only published figures, no subject of any record ----------

/** `englishNames`: units.name_en by code as the version is published (null where a unit has none). */
function openDataJson(doc: PublishedDocument, englishNames: ReadonlyMap<string, string | null>): string {
  return JSON.stringify({
    period: doc.period,
    version: doc.version,
    as_of: doc.as_of,
    published_at: doc.published_at,
    // the minimum sample the ranking was judged by; an indicator below it carries "insufficient": true
    min_sample: doc.min_sample ?? 0,
    groups: Object.fromEntries(
      GROUPS.map((g) => [
        g,
        doc.groups[g].map((e) => ({
          code: e.code,
          name: e.name,
          name_en: englishNames.get(e.code) ?? null,
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

async function englishNames(db: Sql): Promise<Map<string, string | null>> {
  const rows = await db.query<{ code: string; name_en: string | null }>(`SELECT code, name_en FROM units`);
  return new Map(rows.map((r) => [r.code, r.name_en]));
}

/**
 * The counts behind each rate, the minimum sample and the indicators below it come after the
 * original columns, so that a reader of the original columns by position still reads them.
 */
const CSV_HEADER = [
  "period", "version", "group", "rank", "code", "name", "score", "grade", "change", "violations", ...INDICATORS.map((k) => `${k}_rate`),
  ...INDICATORS.flatMap((k) => [`${k}_numerator`, `${k}_denominator`]), "min_sample", "insufficient_indicators",
];

function openDataCsv(doc: PublishedDocument): string {
  const lines = [CSV_HEADER.join(",")];
  for (const g of GROUPS) {
    for (const e of doc.groups[g]) {
      lines.push(
        csvLine([
          doc.period, doc.version, g, e.rank, e.code, e.name, e.score, e.grade, e.change, e.violations, ...INDICATORS.map((k: Indicator) => e.indicators[k].rate),
          ...INDICATORS.flatMap((k) => [e.indicators[k].numerator, e.indicators[k].denominator]),
          doc.min_sample ?? 0,
          INDICATORS.filter((k) => e.indicators[k].insufficient).join(";"),
        ]),
      );
    }
  }
  return lines.join("\r\n") + "\r\n";
}

/** The working-day calendar the figures rest on: the period's year up to the year after the evaluation date. */
async function calendarHash(db: Sql, period: Period, asOf: string): Promise<string> {
  const fromYear = Number(period.start.slice(0, 4));
  const toYear = Number(asOf.slice(0, 4)) + 1;
  const rows = await db.query<{ d: string }>(
    `SELECT string_agg(date::text || CASE WHEN is_workday THEN '1' ELSE '0' END, ',' ORDER BY date) AS d
     FROM calendar_days WHERE date >= make_date($1, 1, 1) AND date < make_date($2 + 1, 1, 1)`,
    [fromYear, toYear],
  );
  return createHash("sha256").update(rows[0]?.d ?? "").digest("hex");
}

/**
 * The rule for publishing and closing alike: a period's figures are final only when evaluated after
 * it has ended (an evaluation date on or after the first day after the period); before that they rest
 * on partial data.
 */
export function assertPeriodEnded(period: string, asOf: string, what: "publish" | "close"): void {
  const end = parsePeriod(period).end;
  if (asOf < end) {
    const [zh, en] = what === "publish" ? ["发布", "published"] : ["关闭", "closed"];
    const [zhEarly, enEarly] = what === "close" ? ["；如确需提前关闭，须明确确认并写明原因", "; to close it early, confirm that explicitly with the reason"] : ["", ""];
    throw new AppError(
      "period_open",
      `期间 ${period} 尚未结束，不能以 ${asOf} 为评价日${zh}（评价日须在 ${end} 或之后）${zhEarly}`,
      `period ${period} has not ended; it cannot be ${en} as of ${asOf} (the evaluation date must be ${end} or later)${enEarly}`,
    );
  }
}
