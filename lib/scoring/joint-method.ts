import type { Sql } from "@/db/client";
import { assertOffice, type Actor } from "@/lib/auth/actor";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { publicationsChanged } from "@/lib/publication/response-cache";
import { bumpEvidenceVersion } from "./evidence-version";
import { DEFAULT_WEIGHTS, INDICATORS, VIOLATION_PENALTY, type Indicator } from "./indicators";
import type { JointFinding, JointIndicator } from "./joint";
import type { Period } from "./period";

/**
 * The joint-measures method (docs/design/joint-cycle.md §4), until issue 12's versioned methods: the
 * contract's method gives every joint indicator weight 0, so a deployment that set nothing scores
 * exactly CONTRACT §4–5. With WENXIAO_JOINT_METHOD_FROM=YYYY-MM (or, when the environment does not
 * set it, the database setting `joint_method_from`, which the demo sets), a period whose last month is that
 * month or later is scored with these weights instead: today's six reduced to 80 in proportion
 * (25 15 15 25 10 10 → 20 12 12 20 8 8), and 20 for the cycle's steps that a unit can be held to
 * (receipt 4, mandatory feedback coverage 6, push 2, notification 2, objection 2, repair 2,
 * withdrawal 2); mandatory feedback timeliness, recommended feedback coverage and the credit-check
 * rate are reported at weight 0. Off-list and after-end executions are deducted like violations.
 */
export type ScoredIndicator = Indicator | JointIndicator;

export const JOINT_METHOD_WEIGHTS: Record<ScoredIndicator, number> = {
  publication_timeliness: 20,
  collection_timeliness: 12,
  compliance: 12,
  coverage: 20,
  feedback_timeliness: 8,
  feedback_coverage: 8,
  push_timeliness: 2,
  receipt_timeliness: 4,
  mandatory_feedback_coverage: 6,
  mandatory_feedback_timeliness: 0,
  recommended_feedback_coverage: 0,
  objection_timeliness: 2,
  repair_timeliness: 2,
  withdrawal_timeliness: 2,
  notification_timeliness: 2,
  credit_check_rate: 0,
};

/** The findings deducted under the joint method, each VIOLATION_PENALTY points like a violation. */
export const JOINT_METHOD_DEDUCTED: readonly JointFinding[] = ["off_list", "after_end"];

/** The database setting read when WENXIAO_JOINT_METHOD_FROM is unset (the demo sets it; nothing else does yet). */
export const JOINT_METHOD_SETTING = "joint_method_from";

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** Where the month comes from: the environment wins over the database setting; neither: never. */
export interface JointMethodFrom {
  from: string | undefined;
  source: "env" | "setting" | null;
}

export async function jointMethodSource(db: Sql): Promise<JointMethodFrom> {
  const fromEnv = env().WENXIAO_JOINT_METHOD_FROM;
  if (fromEnv !== undefined) return { from: fromEnv, source: "env" };
  const [row] = await db.query<{ value: string }>(`SELECT value FROM settings WHERE key = $1`, [JOINT_METHOD_SETTING]);
  // a value that is not a month (written by hand) is refused loudly rather than silently ignored
  if (row && !MONTH.test(row.value)) {
    throw new AppError("bad_setting", `数据库设置 ${JOINT_METHOD_SETTING} 应为月份（YYYY-MM），而不是“${row.value.slice(0, 20)}”`, `the database setting ${JOINT_METHOD_SETTING} must be a month (YYYY-MM), not "${row.value.slice(0, 20)}"`, 500);
  }
  return row ? { from: row.value, source: "setting" } : { from: undefined, source: null };
}

/** The month from which the joint method applies (unset: never). */
export async function jointMethodFrom(db: Sql): Promise<string | undefined> {
  return (await jointMethodSource(db)).from;
}

/** Whether a period is scored by the joint method: its last month is `from` or later. */
export function jointMethodApplies(period: Period, from: string | undefined): boolean {
  return from !== undefined && period.months.at(-1)! >= from;
}

/** The method a publication records: the contract's, or the joint method with its weights and deductions. */
export function methodRecord(period: Period, from: string | undefined): { name: "contract" | "joint"; indicators: readonly string[]; weights: Record<string, number>; violation_penalty: number; deducted?: readonly string[]; from?: string } {
  if (!jointMethodApplies(period, from)) return { name: "contract", indicators: INDICATORS, weights: DEFAULT_WEIGHTS, violation_penalty: VIOLATION_PENALTY };
  return {
    name: "joint",
    indicators: Object.keys(JOINT_METHOD_WEIGHTS),
    weights: JOINT_METHOD_WEIGHTS,
    violation_penalty: VIOLATION_PENALTY,
    deducted: ["during_objection", ...JOINT_METHOD_DEDUCTED],
    from,
  };
}

/**
 * Sets (or with null removes) the database's month of the joint method, audited with the value before
 * and after, in one transaction that bumps the evidence version, so no cached score (its key is the
 * version, lib/scoring/cache.ts) outlives the change. Published rankings keep the method they recorded.
 * Only the demo loader calls it until issue 12's versioned methods give the office a form.
 */
export async function setJointMethodFrom(db: Sql, input: { month: string | null; actor: Actor }): Promise<{ before: string | null; after: string | null }> {
  assertOffice(input.actor, { zh: "修改评价方法", en: "change the scoring method" });
  const after = input.month;
  if (after !== null && !MONTH.test(after)) throw AppError.invalid(`联合奖惩评价方法的起始月份应为 YYYY-MM，而不是“${after.slice(0, 20)}”`, `the joint method's first month must be YYYY-MM, not "${after.slice(0, 20)}"`);
  const saved = await db.transaction(async (tx) => {
    const [row] = await tx.query<{ value: string }>(`SELECT value FROM settings WHERE key = $1 FOR UPDATE`, [JOINT_METHOD_SETTING]);
    const before = row?.value ?? null;
    if (before === after) return { before, after };
    if (after === null) await tx.query(`DELETE FROM settings WHERE key = $1`, [JOINT_METHOD_SETTING]);
    else {
      await tx.query(`INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`, [JOINT_METHOD_SETTING, after]);
    }
    await tx.query(`INSERT INTO audit_log (actor, action, entity, entity_key, before, after) VALUES ($1, 'method', 'settings', $2, $3::jsonb, $4::jsonb)`, [
      input.actor.username,
      JOINT_METHOD_SETTING,
      JSON.stringify({ joint_method_from: before }),
      JSON.stringify({ joint_method_from: after }),
    ]);
    await bumpEvidenceVersion(tx);
    return { before, after };
  });
  publicationsChanged(); // the methodology page shows from which month each method applies
  return saved;
}
