import "server-only";
import type { Sql } from "@/db/client";
import { assertOffice, type Actor } from "@/lib/auth/actor";
import { periodLabel } from "@/lib/i18n";
import { explain, type ExplainTarget } from "@/lib/scoring/explain";
import { INDICATORS } from "@/lib/scoring/indicators";
import { parsePeriod, previousPeriod } from "@/lib/scoring/period";
import { GROUPS, scorePeriod, type EntityScore, type Group } from "@/lib/scoring/score";
import { describeRule, rulesForDrafting, rulesHit, type Rule } from "./rules";

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

/**
 * Closes a period (CONTRACT §2 `close`): scores it as of the date and drafts one notice for every
 * ranked unit that a rule in force hits, with its figures and worst items attached. A unit that
 * already has a notice for the period gets no second one, so closing twice drafts nothing new.
 */
export async function closePeriod(db: Sql, input: { period: string; asOf: string; actor: Actor }): Promise<CloseResult> {
  assertOffice(input.actor, { zh: "关闭期间", en: "close a period" });
  const period = parsePeriod(input.period);
  const { version, rules } = await rulesForDrafting(db, input.actor);
  const doc = await scorePeriod(db, period.key, input.asOf);
  const needsPrevious = rules.some((r) => r.id === "second_period_below_line");
  const previous = needsPrevious ? await scorePeriod(db, previousPeriod(period).key, input.asOf) : undefined;
  let created = 0;
  for (const group of GROUPS) {
    for (const entity of doc.groups[group]) {
      if (entity.rank === null) continue;
      const prev = previous?.groups[group].find((e) => e.code === entity.code);
      const hits = rulesHit(rules, entity, doc.groups[group], prev);
      if (hits.length === 0) continue;
      const [exists] = await db.query<{ id: number }>(
        `SELECT id FROM notices WHERE period = $1 AND grp = $2 AND unit_code = $3 AND refers_to IS NULL`,
        [period.key, group, entity.code],
      );
      if (exists) continue;
      const worst = await worstItems(db, period.key, input.asOf, group, entity, hits);
      const text = draftText(period.key, input.asOf, group, entity, rules.filter((r) => hits.includes(r.id)), doc.groups[group].filter((e) => e.rank !== null).length);
      const inserted = await db.transaction(async (tx) => {
        const rows = await tx.query<{ id: number }>(
          `INSERT INTO notices (period, grp, unit_code, rules, rules_version, as_of, figures, worst_items, title, body, addressees, deadline_workdays)
           VALUES ($1, $2, $3, $4::text[], $5, $6, $7::jsonb, $8::jsonb, $9, $10, $11, $12)
           ON CONFLICT (period, grp, unit_code) WHERE refers_to IS NULL DO NOTHING RETURNING id`,
          [period.key, group, entity.code, hits, version, input.asOf, JSON.stringify(entity), JSON.stringify(worst), text.title, text.body, entity.name, DEFAULT_RECTIFICATION_WORKDAYS],
        );
        if (rows[0]) {
          await tx.query(
            `INSERT INTO audit_log (actor, action, entity, entity_key, after) VALUES ($1, 'draft', 'notices', $2, $3::jsonb)`,
            [input.actor.username, String(rows[0].id), JSON.stringify({ period: period.key, group, code: entity.code, rules: hits })],
          );
        }
        return rows.length;
      });
      created += inserted;
    }
  }
  return { period: period.key, drafts: await draftsOf(db, period.key), created };
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
  const rates = INDICATORS.filter((k) => entity.indicators[k].rate !== null).sort((a, b) => entity.indicators[a].rate! - entity.indicators[b].rate!);
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

function draftText(period: string, asOf: string, group: Group, e: EntityScore, hit: Rule[], ranked: number) {
  const label = periodLabel("zh", period);
  const groupName = group === "region" ? "各市州" : "省直部门";
  const problems = hit.map((r) => describeRule(r, "zh")).join("；");
  const pub = e.indicators.publication_timeliness;
  return {
    title: `关于${e.name}${label}社会信用工作情况的通报`,
    body:
      `${e.name}：\n` +
      `${INDENT}经统计，截至 ${asOf}，你单位${label}社会信用工作得分 ${e.score} 分，在${groupName}中排名第 ${e.rank} 位（共 ${ranked} 个）。` +
      (pub.denominator > 0 ? `应公示记录 ${pub.denominator} 条，按时公示 ${pub.numerator} 条，迟报率 ${(100 - (pub.rate ?? 0) * 100).toFixed(1)}%。` : "") +
      (e.violations > 0 ? `异议核实期间仍执行联合惩戒措施 ${e.violations} 次。` : "") +
      `\n${INDENT}存在的主要问题：${problems}。\n` +
      `${INDENT}请你单位高度重视，对照所附问题清单逐项整改，于收到本通报之日起 ${DEFAULT_RECTIFICATION_WORKDAYS} 个工作日内将整改情况报送省社会信用体系建设领导小组办公室。`,
  };
}
