import { cellText } from "@/lib/explain-text";
import type { Lang } from "@/lib/i18n";

/** What each to-do item asks of the unit (lib/scoring/todo.ts TO_DO_TASKS), by the list it comes from. */
export const TO_DO_TASK_NAMES: Record<string, { zh: string; en: string }> = {
  publication_timeliness: { zh: "公示", en: "Publish" },
  collection_timeliness: { zh: "归集", en: "Submit" },
  feedback_timeliness: { zh: "反馈", en: "Feedback" },
};

/** The to-do list's columns (the status follows, last, as in every item list). */
export const TO_DO_COLUMNS: { key: string; zh: string; en: string; titleZh?: string; titleEn?: string }[] = [
  { key: "task", zh: "事项", en: "Task" },
  { key: "number", zh: "记录编号 / 案件编号", en: "Record / case" },
  { key: "decision_no", zh: "决定文书号", en: "Decision no." },
  { key: "unit_name", zh: "单位", en: "Unit" },
  { key: "date", zh: "决定 / 推送日期", en: "Decided / pushed" },
  {
    key: "deadline",
    zh: "期限",
    en: "Deadline",
    titleZh: "公示和归集：决定之日后第 7 个工作日；反馈：推送时给定的反馈期限",
    titleEn: "Publishing and submitting: the 7th working day after the decision; feedback: the due date given when pushed",
  },
  { key: "done_date", zh: "完成日期", en: "Done" },
  {
    key: "days_late",
    zh: "逾期（工作日）",
    en: "Working days late",
    titleZh: "期限之后到完成日期的工作日数；未报的算到评价日",
    titleEn: "Working days after the deadline up to the day it was done; for a missing item, up to the evaluation date",
  },
];

/** A to-do cell as text (the task by name, a case's measure after its number). */
export function toDoCellText(lang: Lang, key: string, item: Record<string, unknown>): string {
  if (key === "task") return TO_DO_TASK_NAMES[String(item.task)]?.[lang] ?? String(item.task);
  if (key === "number") return item.measure_code ? `${cellText(lang, key, item.number)} · ${cellText(lang, key, item.measure_code)}` : cellText(lang, key, item.number);
  return cellText(lang, key, item[key]);
}
