import "server-only";
import type { Sql } from "@/db/client";
import { assertOffice, type Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { publicationsChanged } from "@/lib/publication/response-cache";
import { bumpEvidenceVersion } from "./evidence-version";
import { INDICATORS } from "./indicators";
import { GROUPS, scorePeriod, type Group } from "./score";

/**
 * The deployment's scoring method as the office set it: for now the minimum sample, the number of due
 * items below which an indicator is 样本不足 (too few items) and left out of the score. Nobody set it:
 * 0, which is CONTRACT §4–5 as written. Versioned (a change is a new row) and audited.
 */
export const MIN_SAMPLE_MAX = 10_000;
export const METHOD_NOTE_MAX = 500;

export interface MethodInForce {
  /** null: nothing saved yet, the contract's method applies */
  version: number | null;
  minSample: number;
}

export interface MethodVersion {
  version: number;
  min_sample: number;
  /** the value it replaced (0 for the first version) */
  previous: number;
  note: string;
  created_by: string;
  created_at: string;
}

export async function methodInForce(db: Sql): Promise<MethodInForce> {
  const [row] = await db.query<{ version: number; min_sample: number }>(`SELECT version, min_sample FROM scoring_method ORDER BY version DESC LIMIT 1`);
  return row ? { version: row.version, minSample: row.min_sample } : { version: null, minSample: 0 };
}

/** Every version, newest first, with the value each replaced: who changed it, when, from what to what. */
export async function methodHistory(db: Sql): Promise<MethodVersion[]> {
  return db.query<MethodVersion>(
    `SELECT version, min_sample, coalesce(lag(min_sample) OVER (ORDER BY version), 0) AS previous, note, created_by, created_at::text
     FROM scoring_method ORDER BY version DESC`,
  );
}

/** The office's typed value: a whole number from 0 to MIN_SAMPLE_MAX, or a message in both languages. */
export function parseMinSample(text: string | undefined): number {
  const s = (text ?? "").trim();
  if (s === "") throw AppError.invalid("请填写最小样本量（0 表示不设下限）", "enter the minimum sample (0 for none)");
  if (!/^\d+$/.test(s) || Number(s) > MIN_SAMPLE_MAX) {
    throw AppError.invalid(`最小样本量应为 0 到 ${MIN_SAMPLE_MAX} 之间的整数，而不是“${s.slice(0, 20)}”`, `the minimum sample must be a whole number from 0 to ${MIN_SAMPLE_MAX}, not "${s.slice(0, 20)}"`);
  }
  return Number(s);
}

export interface MinSampleInput {
  minSample: number;
  note?: string;
  actor: Actor;
  /** the value the office saw in force when it confirmed: refused when another change came first */
  confirmedFrom?: number;
}

/**
 * Sets the minimum sample as a new version, audited with the value before and after, in one
 * transaction; the evidence version is bumped with it, so no cached score outlives the old method.
 * Published rankings keep the value they were computed with (lib/publication/publish.ts).
 */
export async function setMinSample(db: Sql, input: MinSampleInput): Promise<{ version: number; before: number; after: number }> {
  assertOffice(input.actor, { zh: "修改评价方法", en: "change the scoring method" });
  const after = input.minSample;
  if (!Number.isInteger(after) || after < 0 || after > MIN_SAMPLE_MAX) parseMinSample(String(after));
  const note = (input.note ?? "").trim();
  if (note.length > METHOD_NOTE_MAX) throw AppError.invalid(`说明不能超过 ${METHOD_NOTE_MAX} 字`, `the note is limited to ${METHOD_NOTE_MAX} characters`);
  const saved = await db.transaction(async (tx) => {
    // one change at a time, so that "from" is what the office saw
    await tx.query(`SELECT pg_advisory_xact_lock(728164005, 0)`);
    const before = (await methodInForce(tx)).minSample;
    if (input.confirmedFrom !== undefined && input.confirmedFrom !== before) {
      throw new AppError(
        "method_changed",
        `确认之后最小样本量已被改为 ${before}，请重新核对后再确认`,
        `the minimum sample was changed to ${before} since you confirmed: review and confirm again`,
        409,
      );
    }
    if (before === after) {
      throw new AppError("nothing_changed", `最小样本量已经是 ${after}，无需修改`, `the minimum sample is already ${after}: nothing to change`, 409);
    }
    const [row] = await tx.query<{ version: number }>(`INSERT INTO scoring_method (min_sample, note, created_by) VALUES ($1, $2, $3) RETURNING version`, [after, note, input.actor.username]);
    await tx.query(`INSERT INTO audit_log (actor, action, entity, entity_key, before, after) VALUES ($1, 'method', 'scoring_method', $2, $3::jsonb, $4::jsonb)`, [
      input.actor.username,
      String(row!.version),
      JSON.stringify({ min_sample: before }),
      JSON.stringify({ min_sample: after, note }),
    ]);
    await bumpEvidenceVersion(tx);
    return { version: row!.version, before, after };
  });
  publicationsChanged(); // the methodology page shows the method in force
  return saved;
}

export interface MinSamplePreview {
  period: string;
  asOf: string;
  before: number;
  after: number;
  /** indicators (unit × indicator) that are 样本不足 under each value */
  insufficientBefore: number;
  insufficientAfter: number;
  /** units whose score or rank would differ, with both */
  changes: { group: Group; code: string; name: string; score_before: number | null; score_after: number | null; rank_before: number | null; rank_after: number | null }[];
}

/**
 * What a new minimum sample would change in one period's provisional figures: shown to the office
 * before it confirms. Scores twice, without the cache and without writing anything.
 */
export async function previewMinSample(db: Sql, period: string, asOf: string, after: number): Promise<MinSamplePreview> {
  const before = (await methodInForce(db)).minSample;
  const [a, b] = [await scorePeriod(db, period, asOf, { minSample: before }), await scorePeriod(db, period, asOf, { minSample: after })];
  const count = (doc: typeof a) => GROUPS.reduce((n, g) => n + doc.groups[g].reduce((m, e) => m + INDICATORS.filter((k) => e.indicators[k].insufficient).length, 0), 0);
  const changes: MinSamplePreview["changes"] = [];
  for (const g of GROUPS) {
    const old = new Map(a.groups[g].map((e) => [e.code, e]));
    for (const e of b.groups[g]) {
      const o = old.get(e.code);
      if (o && o.score === e.score && o.rank === e.rank) continue;
      changes.push({ group: g, code: e.code, name: e.name, score_before: o?.score ?? null, score_after: e.score, rank_before: o?.rank ?? null, rank_after: e.rank });
    }
  }
  return { period, asOf, before, after, insufficientBefore: count(a), insufficientAfter: count(b), changes };
}
