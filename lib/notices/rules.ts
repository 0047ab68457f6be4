import type { Sql } from "@/db/client";
import { INDICATORS, type Indicator } from "@/lib/scoring/indicators";
import type { EntityScore } from "@/lib/scoring/score";

/**
 * Notice rules: which ranked units get a draft notice at period close. Each rule names the figure it
 * reads. The defaults are CONTRACT §5's; the office may add or change rules (a new version each time).
 */
export type Rule =
  | { id: "score_below_line"; line: number }
  | { id: "publication_late_over_half"; floor: number }
  | { id: "violations"; atLeast: number }
  | { id: "bottom_n"; n: number }
  | { id: "indicator_floor"; indicator: Indicator; floor: number }
  | { id: "second_period_below_line"; line: number };

export const DEFAULT_RULES: Rule[] = [
  { id: "score_below_line", line: 60 },
  { id: "publication_late_over_half", floor: 0.5 },
  { id: "violations", atLeast: 1 },
];

export const RULE_TEXT: Record<Rule["id"], { zh: (r: never) => string; en: (r: never) => string }> = {
  score_below_line: { zh: (r: { line: number }) => `得分低于 ${r.line} 分`, en: (r: { line: number }) => `score below ${r.line}` },
  publication_late_over_half: {
    zh: (r: { floor: number }) => `公示及时率低于 ${r.floor * 100}%（迟报率超过 ${100 - r.floor * 100}%）`,
    en: (r: { floor: number }) => `publication timeliness below ${r.floor * 100}% (late rate above ${100 - r.floor * 100}%)`,
  },
  violations: { zh: (r: { atLeast: number }) => `违规反馈 ${r.atLeast} 次及以上`, en: (r: { atLeast: number }) => `${r.atLeast} or more violations` },
  bottom_n: { zh: (r: { n: number }) => `本组排名后 ${r.n} 位`, en: (r: { n: number }) => `bottom ${r.n} of the group` },
  indicator_floor: { zh: (r: { indicator: string; floor: number }) => `${r.indicator} 低于 ${r.floor * 100}%`, en: (r: { indicator: string; floor: number }) => `${r.indicator} below ${r.floor * 100}%` },
  second_period_below_line: {
    zh: (r: { line: number }) => `连续第二期低于 ${r.line} 分`,
    en: (r: { line: number }) => `second period in a row below ${r.line}`,
  },
};

export function describeRule(rule: Rule, lang: "zh" | "en"): string {
  return (RULE_TEXT[rule.id][lang] as (r: Rule) => string)(rule);
}

/** The rules a ranked entity hits, in the order the rules are listed. */
export function rulesHit(rules: Rule[], entity: EntityScore, group: EntityScore[], previous: EntityScore | undefined): Rule["id"][] {
  const hits: Rule["id"][] = [];
  const ranked = group.filter((e) => e.rank !== null);
  for (const r of rules) {
    let hit = false;
    switch (r.id) {
      case "score_below_line":
        hit = entity.score !== null && entity.score < r.line;
        break;
      case "publication_late_over_half": {
        const rate = entity.indicators.publication_timeliness.rate;
        hit = rate !== null && rate < r.floor;
        break;
      }
      case "violations":
        hit = entity.violations >= r.atLeast;
        break;
      case "bottom_n": {
        // the n lowest ranks (ties at the edge included)
        const cutoff = [...ranked].sort((a, b) => b.rank! - a.rank!)[Math.min(r.n, ranked.length) - 1]?.rank ?? undefined;
        hit = entity.rank !== null && cutoff !== undefined && entity.rank >= cutoff;
        break;
      }
      case "indicator_floor": {
        const rate = entity.indicators[r.indicator]?.rate ?? null;
        hit = rate !== null && rate < r.floor;
        break;
      }
      case "second_period_below_line":
        hit = entity.score !== null && entity.score < r.line && previous?.score != null && previous.score < r.line;
        break;
    }
    if (hit && !hits.includes(r.id)) hits.push(r.id);
  }
  return hits;
}

export function validateRules(rules: unknown): Rule[] {
  if (!Array.isArray(rules)) throw new Error("rules must be a list");
  return rules.map((r) => {
    const x = r as Record<string, unknown>;
    const num = (k: string) => {
      if (typeof x[k] !== "number" || !Number.isFinite(x[k])) throw new Error(`rule ${String(x.id)}: ${k} must be a number`);
      return x[k] as number;
    };
    switch (x.id) {
      case "score_below_line":
      case "second_period_below_line":
        return { id: x.id, line: num("line") };
      case "publication_late_over_half":
        return { id: x.id, floor: num("floor") };
      case "violations":
        return { id: x.id, atLeast: num("atLeast") };
      case "bottom_n":
        return { id: x.id, n: num("n") };
      case "indicator_floor":
        if (!INDICATORS.includes(x.indicator as Indicator)) throw new Error(`rule indicator_floor: unknown indicator ${String(x.indicator)}`);
        return { id: x.id, indicator: x.indicator as Indicator, floor: num("floor") };
      default:
        throw new Error(`unknown rule ${String(x.id)}`);
    }
  });
}

/** The rules in force: the latest version, or the defaults (stored as version 1 on first use). */
export async function rulesInForce(db: Sql): Promise<{ version: number; rules: Rule[] }> {
  const [row] = await db.query<{ version: number; rules: unknown }>(`SELECT version, rules FROM notice_rules ORDER BY version DESC LIMIT 1`);
  if (row) return { version: row.version, rules: validateRules(row.rules) };
  return saveRules(db, DEFAULT_RULES, "system");
}

export async function saveRules(db: Sql, rules: Rule[], actor: string): Promise<{ version: number; rules: Rule[] }> {
  const checked = validateRules(rules);
  return db.transaction(async (tx) => {
    const [row] = await tx.query<{ version: number }>(`INSERT INTO notice_rules (rules, created_by) VALUES ($1::jsonb, $2) RETURNING version`, [JSON.stringify(checked), actor]);
    await tx.query(`INSERT INTO audit_log (actor, action, entity, entity_key, after) VALUES ($1, 'rules', 'notice_rules', $2, $3::jsonb)`, [actor, String(row!.version), JSON.stringify(checked)]);
    return { version: row!.version, rules: checked };
  });
}
