import "server-only";
import { z } from "zod";
import type { Sql } from "@/db/client";
import { assertOffice, type Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { publicationsChanged } from "@/lib/publication/response-cache";
import { INDICATORS, type Indicator } from "@/lib/scoring/indicators";
import { INDICATOR_NAMES } from "@/lib/scoring/indicators";
import { JOINT_FINDINGS, JOINT_INDICATORS, JOINT_NAMES, type JointFinding, type JointIndicator } from "@/lib/scoring/joint-indicators";
import type { EntityScore, Group } from "@/lib/scoring/score";

/**
 * Notice rules: which ranked units get a draft notice at period close. Each rule names the figure it
 * reads. The defaults are CONTRACT §5's; the office may add or change rules (a new version each time).
 */
export type Rule = (
  | { id: "score_below_line"; line: number }
  | { id: "publication_late_over_half"; floor: number }
  | { id: "violations"; atLeast: number }
  | { id: "bottom_n"; n: number }
  | { id: "indicator_floor"; indicator: Indicator | JointIndicator; floor: number }
  | { id: "joint_finding"; finding: JointFinding; atLeast: number }
  | { id: "second_period_below_line"; line: number }
) & {
  /** false: kept in the rules but not applied */
  enabled?: boolean;
  /** only this group's units; absent: both groups */
  group?: Group;
};

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
  indicator_floor: {
    zh: (r: { indicator: Indicator | JointIndicator; floor: number }) => `${indicatorName(r.indicator).zh}低于 ${r.floor * 100}%`,
    en: (r: { indicator: Indicator | JointIndicator; floor: number }) => `${indicatorName(r.indicator).en} below ${r.floor * 100}%`,
  },
  joint_finding: {
    zh: (r: { finding: JointFinding; atLeast: number }) => `${JOINT_NAMES[r.finding]?.zh ?? r.finding} ${r.atLeast} 起及以上`,
    en: (r: { finding: JointFinding; atLeast: number }) => `${r.atLeast} or more: ${JOINT_NAMES[r.finding]?.en ?? r.finding}`,
  },
  second_period_below_line: {
    zh: (r: { line: number }) => `连续第二期低于 ${r.line} 分`,
    en: (r: { line: number }) => `second period in a row below ${r.line}`,
  },
};

function indicatorName(k: string): { zh: string; en: string } {
  return (INDICATOR_NAMES as Record<string, { zh: string; en: string }>)[k] ?? (JOINT_NAMES as Record<string, { zh: string; en: string }>)[k] ?? { zh: k, en: k };
}

/**
 * A unit's joint-measures figures for the rules that read them (lib/scoring/joint.ts jointFigures):
 * needed only when a rule names a joint indicator or finding (rulesNeedJoint).
 */
export interface JointRuleFigures {
  indicators: Record<JointIndicator, { numerator: number; denominator: number; rate: number | null }>;
  findings: Record<JointFinding, number>;
}

/** Whether any rule in force reads the joint-measures figures (closing then computes them). */
export function rulesNeedJoint(rules: Rule[]): boolean {
  return rules.some((r) => r.enabled !== false && (r.id === "joint_finding" || (r.id === "indicator_floor" && (JOINT_INDICATORS as readonly string[]).includes(r.indicator))));
}

export function describeRule(rule: Rule, lang: "zh" | "en"): string {
  const text = (RULE_TEXT[rule.id][lang] as (r: Rule) => string)(rule);
  const scope = rule.group ? (lang === "en" ? ` (${rule.group === "region" ? "regions" : "departments"} only)` : `（仅${rule.group === "region" ? "市州" : "省直部门"}）`) : "";
  const off = rule.enabled === false ? (lang === "en" ? " [off]" : "【已停用】") : "";
  return text + scope + off;
}

/** The rules a ranked entity of `groupName` hits, in the order the rules are listed (switched-off rules and other groups' rules left out). */
export function rulesHit(rules: Rule[], entity: EntityScore, group: EntityScore[], previous: EntityScore | undefined, groupName?: Group, joint?: JointRuleFigures): Rule["id"][] {
  const hits: Rule["id"][] = [];
  const ranked = group.filter((e) => e.rank !== null);
  for (const r of rules) {
    if (r.enabled === false || (r.group && groupName && r.group !== groupName)) continue;
    let hit = false;
    switch (r.id) {
      case "score_below_line":
        hit = entity.score !== null && entity.score < r.line;
        break;
      case "publication_late_over_half": {
        const rate = rateForRules(entity, "publication_timeliness");
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
        const rate = rateForRules(entity, r.indicator, joint);
        hit = rate !== null && rate < r.floor;
        break;
      }
      case "joint_finding":
        hit = (joint?.findings[r.finding] ?? entity.joint_violations?.[r.finding] ?? 0) >= r.atLeast;
        break;
      case "second_period_below_line":
        hit = entity.score !== null && entity.score < r.line && previous?.score != null && previous.score < r.line;
        break;
    }
    if (hit && !hits.includes(r.id)) hits.push(r.id);
  }
  return hits;
}

/**
 * The rate a rule may read: none when the indicator is empty or 样本不足 — three records late out of
 * three is no finding to name a unit for (issue 9).
 */
export function rateForRules(entity: EntityScore, indicator: Indicator | JointIndicator, joint?: JointRuleFigures): number | null {
  // a joint indicator is in the document only under the joint method; else it is read from the joint figures
  const figure = entity.indicators[indicator] ?? (joint ? (joint.indicators as Record<string, { rate: number | null; insufficient?: boolean }>)[indicator] : undefined);
  return !figure || figure.insufficient ? null : figure.rate;
}

const rate = z.number().min(0).max(1);
const common = { enabled: z.boolean().optional(), group: z.enum(["region", "department"]).optional() };
const RuleSchema = z.discriminatedUnion("id", [
  z.object({ id: z.literal("score_below_line"), line: z.number().min(0).max(100), ...common }).strict(),
  z.object({ id: z.literal("second_period_below_line"), line: z.number().min(0).max(100), ...common }).strict(),
  z.object({ id: z.literal("publication_late_over_half"), floor: rate, ...common }).strict(),
  z.object({ id: z.literal("violations"), atLeast: z.number().int().min(1), ...common }).strict(),
  z.object({ id: z.literal("bottom_n"), n: z.number().int().min(1), ...common }).strict(),
  z.object({ id: z.literal("indicator_floor"), indicator: z.enum([...INDICATORS, ...JOINT_INDICATORS]), floor: rate, ...common }).strict(),
  z.object({ id: z.literal("joint_finding"), finding: z.enum(JOINT_FINDINGS), atLeast: z.number().int().min(1), ...common }).strict(),
]);
const RulesSchema = z.array(RuleSchema).min(1);

/** Checks rules (stored, or as the office typed them); a mistake is an AppError naming the rule and field. */
export function validateRules(rules: unknown): Rule[] {
  const parsed = RulesSchema.safeParse(rules);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  if (issue.path.length === 0) {
    return Array.isArray(rules)
      ? bad("至少需要一条规则", "at least one rule is needed")
      : bad("规则应为一个列表（JSON 数组）", "rules must be a list (a JSON array)");
  }
  const index = Number(issue.path[0]);
  const field = issue.path[1] === undefined ? undefined : String(issue.path[1]);
  const rawId = (rules as Record<string, unknown>[])[index]?.id;
  const id = typeof rawId === "string" ? rawId : JSON.stringify(rawId ?? "");
  const where = { zh: `第 ${index + 1} 条规则（${id || "无 id"}）`, en: `rule ${index + 1} (${id || "no id"})` };
  if (field === "id" || (issue.code === "invalid_union" && field === undefined)) {
    return bad(`${where.zh}：未知规则“${id}”，可用：${RULE_IDS.join("、")}`, `${where.en}: unknown rule "${id}", expected one of ${RULE_IDS.join(", ")}`);
  }
  if (issue.code === "unrecognized_keys") {
    const keys = issue.keys.join(", ");
    return bad(`${where.zh}：多余的字段 ${keys}`, `${where.en}: unexpected field(s) ${keys}`);
  }
  if (field === "indicator") {
    const all = [...INDICATORS, ...JOINT_INDICATORS];
    return bad(`${where.zh}：未知指标“${JSON.stringify((rules as Record<string, unknown>[])[index]?.indicator ?? null)}”，可用：${all.join("、")}`, `${where.en}: unknown indicator, expected one of ${all.join(", ")}`);
  }
  if (field === "finding") {
    return bad(`${where.zh}：未知问题类型“${JSON.stringify((rules as Record<string, unknown>[])[index]?.finding ?? null)}”，可用：${JOINT_FINDINGS.join("、")}`, `${where.en}: unknown kind of finding, expected one of ${JOINT_FINDINGS.join(", ")}`);
  }
  const range = field === "line" ? "0–100" : field === "floor" ? "0–1" : "≥ 1";
  const integer = field === "atLeast" || field === "n";
  const name = FIELD_NAMES[field ?? ""] ?? { zh: field ?? "", en: field ?? "" };
  return bad(
    `${where.zh}：${name.zh}应为${integer ? "整数" : "数字"}（${range}）`,
    `${where.en}: ${name.en} must be a ${integer ? "whole number" : "number"} (${range})`,
  );
}

const RULE_IDS = Object.keys(RULE_TEXT);
// a rule's fields as the office reads them (the English keeps the field's name, which stored rules use)
const FIELD_NAMES: Record<string, { zh: string; en: string }> = {
  line: { zh: "分数线 line", en: "line" },
  floor: { zh: "下限 floor", en: "floor" },
  atLeast: { zh: "次数 atLeast", en: "atLeast" },
  n: { zh: "名次数 n", en: "n" },
  finding: { zh: "问题类型 finding", en: "finding" },
  enabled: { zh: "是否启用 enabled", en: "enabled" },
  group: { zh: "适用组 group", en: "group" },
};

function bad(zh: string, en: string): never {
  throw new AppError("bad_rules", zh, en, 400);
}

/** How many rule rows the office's form offers (the rules in force plus empty rows to add). */
export const RULE_FORM_ROWS = 12;

/** What a rule's one number means, by kind, for the form: in the unit the office thinks in. */
export const RULE_THRESHOLD: Record<Rule["id"], { zh: string; en: string; percent: boolean }> = {
  score_below_line: { zh: "分数线（0–100）", en: "score line (0–100)", percent: false },
  second_period_below_line: { zh: "分数线（0–100）", en: "score line (0–100)", percent: false },
  publication_late_over_half: { zh: "公示及时率下限（%）", en: "publication timeliness floor (%)", percent: true },
  indicator_floor: { zh: "指标下限（%）", en: "indicator floor (%)", percent: true },
  violations: { zh: "违规反馈次数（≥1）", en: "violations (≥ 1)", percent: false },
  bottom_n: { zh: "后几位（≥1）", en: "bottom n (≥ 1)", percent: false },
  joint_finding: { zh: "问题起数（≥1）", en: "findings (≥ 1)", percent: false },
};

/** A rule as the form's fields: kind, threshold (percent where the rule reads a rate), indicator, group, enabled. */
export function ruleToFields(r: Rule): { kind: string; threshold: string; indicator: string; group: string; enabled: boolean } {
  const threshold = "line" in r ? r.line : "floor" in r ? Math.round(r.floor * 10000) / 100 : "atLeast" in r ? r.atLeast : r.n;
  // a joint-finding rule's kind of finding is chosen in the indicator column
  return { kind: r.id, threshold: String(threshold), indicator: "indicator" in r ? r.indicator : "finding" in r ? r.finding : "", group: r.group ?? "", enabled: r.enabled !== false };
}

/**
 * The office's form (rows `kind_<i>`, `threshold_<i>`, `indicator_<i>`, `group_<i>`, `enabled_<i>`) as
 * rules: rows without a kind are left out; a mistake names its row and field in both languages.
 */
export function rulesFromForm(fields: Record<string, unknown>): Rule[] {
  const rules: Rule[] = [];
  for (let i = 0; i < RULE_FORM_ROWS; i++) {
    const get = (name: string) => {
      const v = fields[`${name}_${i}`];
      return typeof v === "string" ? v.trim() : "";
    };
    const kind = get("kind");
    if (!kind) continue;
    const row = { zh: `第 ${i + 1} 行`, en: `row ${i + 1}` };
    if (!(kind in RULE_THRESHOLD)) bad(`${row.zh}：未知的规则类型“${kind}”`, `${row.en}: unknown kind of rule "${kind}"`);
    const meaning = RULE_THRESHOLD[kind as Rule["id"]];
    const text = get("threshold");
    const value = Number(text);
    if (text === "" || !Number.isFinite(value)) bad(`${row.zh}：请填写${meaning.zh}`, `${row.en}: enter the ${meaning.en}`);
    const counted = kind === "violations" || kind === "bottom_n" || kind === "joint_finding";
    if (!counted && (value < 0 || value > 100)) bad(`${row.zh}：${meaning.zh}应在 0 到 100 之间`, `${row.en}: the ${meaning.en} must be between 0 and 100`);
    if (counted && (!Number.isInteger(value) || value < 1)) bad(`${row.zh}：${meaning.zh}应为不小于 1 的整数`, `${row.en}: the ${meaning.en} must be a whole number of at least 1`);
    const group = get("group");
    const base = { ...(group === "region" || group === "department" ? { group } : {}), ...(get("enabled") ? {} : { enabled: false }) };
    const rule =
      kind === "score_below_line" || kind === "second_period_below_line"
        ? { id: kind, line: value }
        : kind === "publication_late_over_half"
          ? { id: kind, floor: value / 100 }
          : kind === "indicator_floor"
            ? { id: kind, indicator: get("indicator"), floor: value / 100 }
            : kind === "violations"
              ? { id: kind, atLeast: value }
              : kind === "joint_finding"
                ? { id: kind, finding: get("indicator"), atLeast: value }
                : { id: kind, n: value };
    if (kind === "indicator_floor" && !get("indicator")) bad(`${row.zh}：请选择指标`, `${row.en}: choose the indicator`);
    if (kind === "joint_finding" && !(JOINT_FINDINGS as readonly string[]).includes(get("indicator"))) {
      bad(`${row.zh}：请在“指标”一栏选择联合奖惩问题类型`, `${row.en}: choose the kind of joint-measures finding in the indicator column`);
    }
    // checked one by one, so that a mistake names the form's row
    try {
      rules.push(...validateRules([{ ...rule, ...base }]));
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      bad(e.zh.replace(/^第 1 条规则（[^）]*）/, row.zh), e.en.replace(/^rule 1 \([^)]*\)/, row.en));
    }
  }
  return validateRules(rules);
}

export interface RulesInForce {
  /** null: nothing saved yet, the contract's defaults apply */
  version: number | null;
  rules: Rule[];
}

/** The rules in force: the latest saved version, or the defaults (a read never writes). */
export async function rulesInForce(db: Sql): Promise<RulesInForce> {
  const [row] = await db.query<{ version: number; rules: unknown }>(`SELECT version, rules FROM notice_rules ORDER BY version DESC LIMIT 1`);
  return row ? { version: row.version, rules: validateRules(row.rules) } : { version: null, rules: DEFAULT_RULES };
}

/** Every saved version, newest first, for the office's rules page. */
export async function rulesHistory(db: Sql): Promise<{ version: number; rules: Rule[]; created_by: string; created_at: string }[]> {
  const rows = await db.query<{ version: number; rules: unknown; created_by: string; created_at: string }>(
    `SELECT version, rules, created_by, created_at::text FROM notice_rules ORDER BY version DESC`,
  );
  return rows.map((r) => ({ ...r, rules: validateRules(r.rules) }));
}

/**
 * The rules a draft is made by, with a stored version to cite: when nothing was saved yet, the
 * defaults are saved now as the first version (by whoever closes the period).
 */
export async function rulesForDrafting(db: Sql, actor: Actor): Promise<{ version: number; rules: Rule[] }> {
  const current = await rulesInForce(db);
  if (current.version !== null) return { version: current.version, rules: current.rules };
  return insertRules(db, DEFAULT_RULES, actor);
}

/** The office saves rules as a new version (audited); earlier notices keep citing theirs. */
export async function saveRules(db: Sql, rules: Rule[], actor: Actor): Promise<{ version: number; rules: Rule[] }> {
  assertOffice(actor, { zh: "修改通报规则", en: "change the notice rules" });
  const saved = await insertRules(db, validateRules(rules), actor);
  publicationsChanged(); // the methodology page shows the rules in force
  return saved;
}

async function insertRules(db: Sql, rules: Rule[], actor: Actor): Promise<{ version: number; rules: Rule[] }> {
  return db.transaction(async (tx) => {
    const [row] = await tx.query<{ version: number }>(`INSERT INTO notice_rules (rules, created_by) VALUES ($1::jsonb, $2) RETURNING version`, [JSON.stringify(rules), actor.username]);
    await tx.query(`INSERT INTO audit_log (actor, action, entity, entity_key, after) VALUES ($1, 'rules', 'notice_rules', $2, $3::jsonb)`, [actor.username, String(row!.version), JSON.stringify(rules)]);
    return { version: row!.version, rules };
  });
}
