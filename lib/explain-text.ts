import type { ExplainTarget } from "@/lib/scoring/explain";
import { INDICATOR_NAMES } from "@/lib/scoring/indicators";
import type { Lang } from "@/lib/i18n";

/** Names of the item statuses of lib/scoring/explain.ts and what a unit should do about each. */
export const STATUS: Record<string, { zh: string; en: string; todoZh?: string; todoEn?: string }> = {
  on_time: { zh: "按时", en: "on time" },
  late: { zh: "迟报", en: "late", todoZh: "说明迟报原因；今后在决定之日起 7 个工作日内完成。", todoEn: "Explain the delay; in future finish within 7 working days of the decision." },
  missing: { zh: "未报", en: "missing", todoZh: "立即公示、归集或反馈，并如实报送完成日期。", todoEn: "Publish, submit or answer it now, and report the actual date." },
  not_due: { zh: "未到期", en: "not due", todoZh: "尚未到期限，请按时完成。", todoEn: "Not due yet; complete it in time." },
  compliant: { zh: "合规", en: "compliant" },
  non_compliant: { zh: "不合规", en: "non-compliant", todoZh: "按问题项更正记录（代码、必填项、日期）后重新报送。", todoEn: "Correct the record (code, required fields, dates) and submit it again." },
  complete: { zh: "已归尽归", en: "complete" },
  short: { zh: "归集不足", en: "short", todoZh: "补齐未归集的记录，核对应归集数。", todoEn: "Submit the missing records and check the expected count." },
  answered: { zh: "已反馈", en: "answered" },
  violation: { zh: "违规执行", en: "violation", todoZh: "异议核实期间应暂停措施：核查并纠正，书面说明。", todoEn: "Measures are suspended while an objection is verified: check, correct, and explain in writing." },
};

export const FLAG_TEXT: Record<string, { zh: string; en: string }> = {
  subject_code_invalid: { zh: "主体代码校验错误", en: "invalid subject code" },
  subject_code_missing: { zh: "缺主体代码", en: "subject code missing" },
  subject_name_missing: { zh: "缺主体名称", en: "subject name missing" },
  decision_no_missing: { zh: "缺决定文书号", en: "decision number missing" },
  kind_invalid: { zh: "类别无效", en: "invalid kind" },
  kind_missing: { zh: "缺类别", en: "kind missing" },
  subject_type_invalid: { zh: "主体类型无效", en: "invalid subject type" },
  subject_type_missing: { zh: "缺主体类型", en: "subject type missing" },
  published_before_decision: { zh: "公示日期早于决定日期", en: "published before the decision" },
  published_date_invalid: { zh: "公示日期无法识别", en: "unreadable publication date" },
  received_date_invalid: { zh: "归集日期无法识别", en: "unreadable collection date" },
};

export function targetName(lang: Lang, target: ExplainTarget): string {
  if (target === "violations") return lang === "en" ? "Violations" : "违规反馈";
  return INDICATOR_NAMES[target][lang];
}

export function statusText(lang: Lang, status: string): string {
  return STATUS[status]?.[lang] ?? status;
}

/**
 * The subject's code: a credit code as it is, a natural person's ID number masked unless the viewer
 * asked and may (lib/auth/personal-data.ts). After the columns a notice's worst items show (the first 6).
 */
const SUBJECT_CODE = { key: "subject_code", zh: "主体代码", en: "Subject code" };

/** Whether a target's items carry subject codes (everything but coverage). */
export function hasSubjectCodes(target: ExplainTarget): boolean {
  return columnsFor(target).some((c) => c.key === SUBJECT_CODE.key);
}

/** The columns an item list shows per target, with their headings. */
export function columnsFor(target: ExplainTarget): { key: string; zh: string; en: string }[] {
  switch (target) {
    case "publication_timeliness":
    case "collection_timeliness":
    case "compliance":
      return [
        { key: "record_id", zh: "记录编号", en: "Record" },
        { key: "unit_name", zh: "决定机关", en: "Deciding unit" },
        { key: "kind", zh: "类别", en: "Kind" },
        { key: "decision_no", zh: "决定文书号", en: "Decision no." },
        { key: "decision_date", zh: "决定日期", en: "Decided" },
        { key: "deadline", zh: "期限", en: "Deadline" },
        { key: target === "collection_timeliness" ? "received_date" : "published_date", zh: target === "collection_timeliness" ? "归集日期" : "公示日期", en: target === "collection_timeliness" ? "Collected" : "Published" },
        SUBJECT_CODE,
        { key: "flags", zh: "问题", en: "Problems" },
      ];
    case "coverage":
      return [
        { key: "unit_name", zh: "单位", en: "Unit" },
        { key: "catalog_item", zh: "目录项", en: "Catalogue item" },
        { key: "period", zh: "期间", en: "Period" },
        { key: "expected", zh: "应归集", en: "Expected" },
        { key: "collected", zh: "已归集", en: "Collected" },
      ];
    case "feedback_timeliness":
    case "feedback_coverage":
      return [
        { key: "case_id", zh: "案件编号", en: "Case" },
        { key: "measure_code", zh: "措施", en: "Measure" },
        { key: "unit_name", zh: "实施单位", en: "Implementing unit" },
        { key: "list_type", zh: "名单", en: "List" },
        { key: "pushed_date", zh: "推送日期", en: "Pushed" },
        { key: "due_date", zh: "反馈期限", en: "Due" },
        { key: "first_feedback_date", zh: "首次反馈", en: "First feedback" },
        SUBJECT_CODE,
      ];
    case "violations":
      return [
        { key: "case_id", zh: "案件编号", en: "Case" },
        { key: "measure_code", zh: "措施", en: "Measure" },
        { key: "unit_name", zh: "实施单位", en: "Implementing unit" },
        { key: "feedback_date", zh: "反馈日期", en: "Feedback" },
        { key: "objection_id", zh: "异议编号", en: "Objection" },
        { key: "filed_date", zh: "异议提出", en: "Filed" },
        { key: "resolved_date", zh: "异议办结", en: "Resolved" },
        SUBJECT_CODE,
      ];
  }
}

/** A database value as text: scalars as they are, anything structured as JSON. */
function scalar(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  return JSON.stringify(value);
}

/** The item lists' date columns (lib/scoring/explain.ts). */
export const DATE_COLUMNS: ReadonlySet<string> = new Set(["decision_date", "deadline", "published_date", "received_date", "pushed_date", "due_date", "first_feedback_date", "feedback_date", "filed_date", "resolved_date"]);

export function cellText(lang: Lang, key: string, value: unknown): string {
  if (value === null || value === undefined) return "";
  if (key === "flags" && Array.isArray(value)) return value.map((f: string) => FLAG_TEXT[f]?.[lang] ?? f).join("；");
  if (key === "kind") return value === "license" ? (lang === "en" ? "licence" : "许可") : value === "penalty" ? (lang === "en" ? "penalty" : "处罚") : scalar(value);
  if (key === "list_type") return ({ red: { zh: "红名单", en: "red" }, black: { zh: "黑名单", en: "black" }, key_attention: { zh: "重点关注", en: "key attention" } } as Record<string, Record<Lang, string>>)[scalar(value)]?.[lang] ?? scalar(value);
  return scalar(value);
}
