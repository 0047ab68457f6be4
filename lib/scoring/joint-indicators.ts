/**
 * The joint-measures cycle's indicators and findings by name (docs/design/joint-cycle.md §3), apart
 * from their SQL (lib/scoring/joint.ts) so that pages, forms and notice texts can name them.
 */
export const JOINT_INDICATORS = [
  "push_timeliness",
  "receipt_timeliness",
  "mandatory_feedback_coverage",
  "mandatory_feedback_timeliness",
  "recommended_feedback_coverage",
  "objection_timeliness",
  "repair_timeliness",
  "withdrawal_timeliness",
  "notification_timeliness",
  "credit_check_rate",
] as const;
export type JointIndicator = (typeof JOINT_INDICATORS)[number];

/** off_list and after_end are violations of the implementing unit; the other four, list cross-checks of the initiating unit. */
export const JOINT_FINDINGS = ["off_list", "after_end", "red_and_black", "warning_list", "key_attention_unreviewed", "key_attention_not_transferred"] as const;
export type JointFinding = (typeof JOINT_FINDINGS)[number];
export const JOINT_VIOLATIONS: readonly JointFinding[] = ["off_list", "after_end"];

export const JOINT_NAMES: Record<JointIndicator | JointFinding, { zh: string; en: string }> = {
  push_timeliness: { zh: "推送及时率", en: "Push timeliness" },
  receipt_timeliness: { zh: "响应及时率", en: "Receipt timeliness" },
  mandatory_feedback_coverage: { zh: "强制性措施反馈率", en: "Mandatory measures' feedback coverage" },
  mandatory_feedback_timeliness: { zh: "强制性措施反馈及时率", en: "Mandatory measures' feedback timeliness" },
  recommended_feedback_coverage: { zh: "推荐性措施反馈率", en: "Recommended measures' feedback coverage" },
  objection_timeliness: { zh: "异议办理及时率", en: "Objection handling timeliness" },
  repair_timeliness: { zh: "信用修复办理及时率", en: "Repair decision timeliness" },
  withdrawal_timeliness: { zh: "措施撤销及时率", en: "Withdrawal timeliness" },
  notification_timeliness: { zh: "认定前告知率", en: "Notification before listing" },
  credit_check_rate: { zh: "应查必查率", en: "Credit check rate" },
  off_list: { zh: "清单外实施惩戒", en: "Measure executed off the lists" },
  after_end: { zh: "退出后仍实施惩戒", en: "Measure executed after the case ended" },
  red_and_black: { zh: "同时列入红名单和黑名单", en: "On a red and a black list at once" },
  warning_list: { zh: "列入大数据警示名单", en: "On the warning list (key attention in 3+ areas)" },
  key_attention_unreviewed: { zh: "重点关注有效期届满未复核", en: "Key-attention listing not reviewed at its end" },
  key_attention_not_transferred: { zh: "重点关注期内受处罚未转入黑名单", en: "Key-attention subject penalised, not moved to the black list" },
};

