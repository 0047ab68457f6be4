import "server-only";
import type { Sql } from "@/db/client";
import { assertOffice, type Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { periodLabel } from "@/lib/i18n";
import { assertPeriodEnded } from "@/lib/publication/publish";
import { explain, type ExplainTarget } from "@/lib/scoring/explain";
import { INDICATORS } from "@/lib/scoring/indicators";
import { parsePeriod, previousPeriod } from "@/lib/scoring/period";
import { GROUPS, scorePeriod, type EntityScore, type Group } from "@/lib/scoring/score";
import { documentDate } from "@/lib/document-dates";
import { findingLines, findings } from "./findings";
import { DOC_FORM } from "./form";
import { jointFigures } from "@/lib/scoring/joint";
import { JOINT_INDICATORS } from "@/lib/scoring/joint-indicators";
import { rulesForDrafting, rulesHit, rulesInForce, rulesNeedJoint, type JointRuleFigures, type Rule } from "./rules";

/** The office's default time to rectify, in working days (the office can change it per notice). */
export const DEFAULT_RECTIFICATION_WORKDAYS = 15;
const WORST_ITEMS = 10;

export interface DraftSummary {
  group: Group;
  code: string;
  rules: string[];
}

export interface CloseResult {
  period: string;
  drafts: DraftSummary[];
  /** drafts made by this run (0 when the period was closed before and nothing changed) */
  created: number;
}

export interface CloseInput {
  period: string;
  asOf: string;
  actor: Actor;
  /**
   * Closing before the period has ended, confirmed by the office with its reason: the drafts then
   * rest on partial data, and carry the reason. Without it such a close is refused.
   */
  early?: { reason: string };
}

export const EARLY_REASON_MAX = 500;

/** Whether closing the period as of this date would be an early close (the period has not ended). */
export function isEarlyClose(period: string, asOf: string): boolean {
  return asOf < parsePeriod(period).end;
}

/**
 * Closes a period (CONTRACT §2 `close`): scores it as of the date and drafts one notice for every
 * ranked unit that a rule in force hits, with its figures and worst items attached. A unit that
 * already has a notice for the period gets no second one, so closing twice drafts nothing new.
 *
 * A period closes by the rule that publishing follows: only with an evaluation date after its end
 * (assertPeriodEnded). Before that, only as an explicit early close with a reason, which is audited
 * and kept on every draft it makes; the scheduled job never closes early.
 */
export async function closePeriod(db: Sql, input: CloseInput): Promise<CloseResult> {
  assertOffice(input.actor, { zh: "关闭期间", en: "close a period" });
  const period = parsePeriod(input.period);
  const early = input.early ? earlyReason(period.key, input.asOf, input.early.reason) : null;
  if (early === null) assertPeriodEnded(period.key, input.asOf, "close");
  const { version, rules } = await rulesForDrafting(db, input.actor);
  const plan = await draftPlan(db, period.key, input.asOf, rules);
  let created = 0;
  for (const { group, entity, hits } of plan.drafts) {
    const worst = await worstItems(db, period.key, input.asOf, group, entity, hits);
    const text = draftText(period.key, input.asOf, group, entity, plan.ranked[group], plan.joint.get(`${group}|${entity.code}`));
    const inserted = await db.transaction(async (tx) => {
      const rows = await tx.query<{ id: number }>(
        `INSERT INTO notices (period, grp, unit_code, rules, rules_version, as_of, figures, worst_items, title, body, addressees, deadline_workdays, early_close_reason, doc_form, copies_to)
         VALUES ($1, $2, $3, $4::text[], $5, $6, $7::jsonb, $8::jsonb, $9, $10, $11, $12, $13, ${DOC_FORM}, $14)
         ON CONFLICT (period, grp, unit_code) WHERE refers_to IS NULL DO NOTHING RETURNING id`,
        [period.key, group, entity.code, hits, version, input.asOf, JSON.stringify(entity), JSON.stringify(worst), text.title, text.body, entity.name, DEFAULT_RECTIFICATION_WORKDAYS, early, DEFAULT_COPIES_TO],
      );
      if (rows[0]) {
        await tx.query(
          `INSERT INTO audit_log (actor, action, entity, entity_key, after) VALUES ($1, 'draft', 'notices', $2, $3::jsonb)`,
          [input.actor.username, String(rows[0].id), JSON.stringify({ period: period.key, group, code: entity.code, rules: hits, ...(early === null ? {} : { early_close_reason: early }) })],
        );
      }
      return rows.length;
    });
    created += inserted;
  }
  // the close itself: who closed which period as of when, early or not and why
  await db.query(`INSERT INTO audit_log (actor, action, entity, entity_key, after) VALUES ($1, $2, 'periods', $3, $4::jsonb)`, [
    input.actor.username,
    early === null ? "close" : "close_early",
    period.key,
    JSON.stringify({ as_of: input.asOf, created, ...(early === null ? {} : { early: true, reason: early, period_ends: period.end }) }),
  ]);
  return { period: period.key, drafts: await draftsOf(db, period.key), created };
}

/** The reason of an early close, checked: only for a period that has not ended, and never empty. */
function earlyReason(period: string, asOf: string, reason: string): string {
  if (!isEarlyClose(period, asOf)) {
    throw AppError.invalid(`期间 ${period} 已结束，按正常方式关闭即可，无需提前关闭`, `period ${period} has ended: close it normally, not early`);
  }
  const r = reason.trim();
  if (!r) throw AppError.invalid("提前关闭须写明原因", "an early close needs a reason");
  if (r.length > EARLY_REASON_MAX) throw AppError.invalid(`提前关闭的原因不能超过 ${EARLY_REASON_MAX} 字`, `the reason for an early close is limited to ${EARLY_REASON_MAX} characters`);
  return r;
}

interface PlannedDraft {
  group: Group;
  entity: EntityScore;
  hits: Rule["id"][];
}

/**
 * The drafts closing would make: every ranked unit that a rule hits and that has no notice for the
 * period yet, by group then rank order.
 */
async function draftPlan(db: Sql, period: string, asOf: string, rules: Rule[]): Promise<{ drafts: PlannedDraft[]; ranked: Record<Group, number>; joint: Map<string, JointRuleFigures> }> {
  const doc = await scorePeriod(db, period, asOf);
  // the joint-measures figures, only when a rule reads them (the contract's rules never do)
  const joint = new Map<string, JointRuleFigures>();
  if (rulesNeedJoint(rules)) for (const e of (await jointFigures(db, period, asOf)).entities) joint.set(`${e.scope}|${e.code}`, e);
  const needsPrevious = rules.some((r) => r.id === "second_period_below_line");
  const previous = needsPrevious ? await scorePeriod(db, previousPeriod(parsePeriod(period)).key, asOf) : undefined;
  const existing = new Set(
    (await db.query<{ grp: Group; unit_code: string }>(`SELECT grp, unit_code FROM notices WHERE period = $1 AND refers_to IS NULL`, [period])).map((r) => `${r.grp}:${r.unit_code}`),
  );
  const drafts: PlannedDraft[] = [];
  for (const group of GROUPS) {
    for (const entity of doc.groups[group]) {
      if (entity.rank === null || existing.has(`${group}:${entity.code}`)) continue;
      const prev = previous?.groups[group].find((e) => e.code === entity.code);
      const hits = rulesHit(rules, entity, doc.groups[group], prev, group, joint.get(`${group}|${entity.code}`));
      if (hits.length > 0) drafts.push({ group, entity, hits });
    }
  }
  return { drafts, joint, ranked: { region: doc.groups.region.filter((e) => e.rank !== null).length, department: doc.groups.department.filter((e) => e.rank !== null).length } };
}

export interface ClosePreview {
  period: string;
  asOf: string;
  /** the first day after the period: closing on or after it is a normal close */
  periodEnds: string;
  early: boolean;
  /** the drafts closing now would make, by the rules in force */
  drafts: { group: Group; code: string; name: string; score: number | null; rank: number | null; rules: Rule["id"][] }[];
  /** notices the period has already (closing again drafts none for their units) */
  existing: number;
}

/** What closing the period as of the date would do, without doing it (the confirmation of an early close). */
export async function closePreview(db: Sql, periodKey: string, asOf: string): Promise<ClosePreview> {
  const period = parsePeriod(periodKey);
  const { rules } = await rulesInForce(db);
  const plan = await draftPlan(db, period.key, asOf, rules);
  const [existing] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM notices WHERE period = $1 AND refers_to IS NULL`, [period.key]);
  return {
    period: period.key,
    asOf,
    periodEnds: period.end,
    early: isEarlyClose(period.key, asOf),
    drafts: plan.drafts.map((d) => ({ group: d.group, code: d.entity.code, name: d.entity.name, score: d.entity.score, rank: d.entity.rank, rules: d.hits })),
    existing: existing?.n ?? 0,
  };
}

/** Every original notice of the period, regions first, then departments, each by code. */
export async function draftsOf(db: Sql, period: string): Promise<DraftSummary[]> {
  const rows = await db.query<{ grp: Group; unit_code: string; rules: string[] }>(
    `SELECT grp, unit_code, rules FROM notices WHERE period = $1 AND refers_to IS NULL
     ORDER BY CASE grp WHEN 'region' THEN 0 ELSE 1 END, unit_code`,
    [period],
  );
  return rows.map((r) => ({ group: r.grp, code: r.unit_code, rules: r.rules }));
}

/** The items behind the rules a unit hit, worst first: what the notice lists for it to fix. */
async function worstItems(db: Sql, period: string, asOf: string, group: Group, entity: EntityScore, hits: Rule["id"][]) {
  const targets: { target: ExplainTarget; status: string }[] = [];
  if (hits.includes("violations")) targets.push({ target: "violations", status: "violation" });
  // an indicator with too few items (样本不足) is no finding, so its items are not listed as one
  const rates = INDICATORS.filter((k) => entity.indicators[k].rate !== null && !entity.indicators[k].insufficient).sort((a, b) => entity.indicators[a].rate! - entity.indicators[b].rate!);
  for (const k of rates.slice(0, 2)) {
    const status = k === "compliance" ? "non_compliant" : k === "coverage" ? "short" : "missing";
    targets.push({ target: k, status });
  }
  const out: { target: ExplainTarget; status: string; total: number; items: Record<string, unknown>[] }[] = [];
  for (const t of targets) {
    // masked for good: the items are stored with the notice and printed, issued and kept (PIPL)
    const r = await explain(db, { period, asOf, group, entity: entity.code, target: t.target, status: t.status, limit: WORST_ITEMS, idNumbers: "masked" });
    if (r.total > 0) out.push({ target: t.target, status: t.status, total: r.total, items: r.items });
  }
  return out;
}

// official documents indent paragraphs by two full-width spaces
const INDENT = "\u3000\u3000";

/** The 抄送 of a new draft's 版记 (the office may change it before issuing). */
export const DEFAULT_COPIES_TO = "省社会信用体系建设领导小组各成员单位";

/**
 * The draft's title and body in the document's form 2 (components/NoticeDocument.tsx): the body
 * holds no salutation (主送 is printed once, from `addressees`) and no deadline (printed as a date
 * from the rectification deadline); "存在的主要问题" lists the unit's own figures (findings.ts).
 */
export function draftText(period: string, asOf: string, group: Group, e: EntityScore, ranked: number, joint?: JointRuleFigures) {
  const label = periodLabel("zh", period);
  const groupName = group === "region" ? "各市州" : "省直部门";
  // the joint-measures figures are named when a rule read them, or when the joint method scored the period
  const fromDocument = e.joint_violations
    ? { indicators: Object.fromEntries(JOINT_INDICATORS.map((k) => [k, e.indicators[k]])), findings: e.joint_violations }
    : undefined;
  const problems = findingLines(findings(period, { ...e, ...(joint ? { joint } : fromDocument ? { joint: fromDocument } : {}) }));
  return {
    title: `关于${e.name}${label}社会信用工作情况的通报`,
    body: [
      `${INDENT}经统计，截至${documentDate("zh", asOf)}，你单位${label}社会信用工作得分 ${e.score} 分，在${groupName}中排名第 ${e.rank} 位（共 ${ranked} 个）。`,
      ...(problems.length > 0 ? [`${INDENT}存在的主要问题：`, ...problems.map((p) => INDENT + p)] : []),
      `${INDENT}请你单位高度重视，对照附件问题清单逐项整改，并在整改期限内将整改情况书面报送省社会信用体系建设领导小组办公室。`,
    ].join("\n"),
  };
}
