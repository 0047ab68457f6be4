import type { Lang } from "@/lib/i18n";
import type { StepStatus } from "./deadlines";
import type { TimelineStep } from "./timeline";

/** The joint-measures pages' names of steps, statuses and identifiers, in both languages. */
type Names = Record<string, { zh: string; en: string }>;

export const STEP_NAMES: Record<TimelineStep, { zh: string; en: string }> = {
  listing: { zh: "认定（列入名单）", en: "Listed" },
  notification: { zh: "告知当事人", en: "Subject notified" },
  push: { zh: "信息推送", en: "Pushed to implementing units" },
  receipt: { zh: "接收响应", en: "Received" },
  feedback: { zh: "执行反馈", en: "Feedback" },
  objection_filed: { zh: "提出异议", en: "Objection filed" },
  objection_resolved: { zh: "异议办结", en: "Objection resolved" },
  withdrawal: { zh: "撤销措施", en: "Measures withdrawn" },
  repair_applied: { zh: "申请信用修复", en: "Repair applied for" },
  repair_accepted: { zh: "修复受理", en: "Repair accepted" },
  repair_decided: { zh: "修复决定", en: "Repair decided" },
  repair_removed: { zh: "移出名单", en: "Removed from the list" },
  term_end: { zh: "惩戒期限届满", en: "Term ends" },
  valid_until: { zh: "重点关注有效期届满", en: "Key-attention validity ends" },
  exit: { zh: "退出", en: "Ended" },
};

export const STATUS_NAMES: Record<StepStatus, { zh: string; en: string }> = {
  on_time: { zh: "按时", en: "on time" },
  late: { zh: "逾期", en: "late" },
  missing: { zh: "缺失（已过期限）", en: "missing (deadline passed)" },
  pending: { zh: "未到期限", en: "not yet due" },
  unknown: { zh: "期限未知（日历未加载）", en: "deadline unknown (calendar not loaded)" },
};

export const LIST_TYPE_NAMES: Names = { red: { zh: "红名单", en: "red list" }, black: { zh: "黑名单", en: "black list" }, key_attention: { zh: "重点关注名单", en: "key-attention list" } };
export const END_REASON_NAMES: Names = {
  list_exit: { zh: "移出名单", en: "list exit" },
  term_expired: { zh: "期限届满", en: "term expired" },
  repaired: { zh: "信用修复", en: "repaired" },
  objection_upheld: { zh: "异议成立", en: "objection upheld" },
};
export const DETAIL_NAMES: Names = {
  executed: { zh: "已执行", en: "executed" },
  not_applicable: { zh: "不适用", en: "not applicable" },
  suspended: { zh: "暂停执行（异议期间）", en: "suspended (objection)" },
  upheld: { zh: "异议成立", en: "upheld" },
  rejected: { zh: "不予支持", en: "rejected" },
  approved: { zh: "准予修复", en: "approved" },
  ...END_REASON_NAMES,
};
export const MANDATORY_NAMES: Names = { "1": { zh: "强制性", en: "mandatory" }, "0": { zh: "推荐性", en: "recommended" } };

/** The name of an identifier in `lang`, or the identifier itself when it names nothing known (a stored stray value). */
export const named = (names: Names, lang: Lang, value: string | null | undefined): string => (value ? (names[value]?.[lang] ?? value) : "");
