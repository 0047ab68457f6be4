import { env } from "@/lib/env";
import { DEFAULT_WEIGHTS, INDICATORS, VIOLATION_PENALTY, type Indicator } from "./indicators";
import type { JointFinding, JointIndicator } from "./joint";
import type { Period } from "./period";

/**
 * The joint-measures method (docs/design/joint-cycle.md §4), until issue 12's versioned methods: the
 * contract's method gives every joint indicator weight 0, so a deployment that set nothing scores
 * exactly CONTRACT §4–5. With WENXIAO_JOINT_METHOD_FROM=YYYY-MM, a period whose last month is that
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

/** The month from which the joint method applies (unset: never). */
export function jointMethodFrom(): string | undefined {
  return env().WENXIAO_JOINT_METHOD_FROM;
}

/** Whether a period is scored by the joint method: its last month is the setting's month or later. */
export function jointMethodApplies(period: Period): boolean {
  const from = jointMethodFrom();
  return from !== undefined && period.months.at(-1)! >= from;
}

/** The method a publication records: the contract's, or the joint method with its weights and deductions. */
export function methodRecord(period: Period): { name: "contract" | "joint"; indicators: readonly string[]; weights: Record<string, number>; violation_penalty: number; deducted?: readonly string[]; from?: string } {
  if (!jointMethodApplies(period)) return { name: "contract", indicators: INDICATORS, weights: DEFAULT_WEIGHTS, violation_penalty: VIOLATION_PENALTY };
  return {
    name: "joint",
    indicators: Object.keys(JOINT_METHOD_WEIGHTS),
    weights: JOINT_METHOD_WEIGHTS,
    violation_penalty: VIOLATION_PENALTY,
    deducted: ["during_objection", ...JOINT_METHOD_DEDUCTED],
    from: jointMethodFrom(),
  };
}
