import type { ExplainTarget } from "@/lib/scoring/explain";

/**
 * How an explanation (说明) names the item it explains: its list and its key as the list shows it.
 * Plain functions without SQL, for the pages and components as well as lib/explanations.ts.
 *
 * Feedback coverage and feedback timeliness list the same obligations (one missing answer is missing
 * in both): an obligation has one explanation, filed under feedback timeliness.
 */
export const EXPLANATION_TARGETS = ["publication_timeliness", "collection_timeliness", "compliance", "coverage", "feedback_timeliness", "violations"] as const;
export type ExplanationTarget = (typeof EXPLANATION_TARGETS)[number];

export const explanationTarget = (t: ExplainTarget): ExplanationTarget => (t === "feedback_coverage" ? "feedback_timeliness" : t);

/** The columns of an item that make its key, per list (the evidence tables' own keys). */
export const KEY_FIELDS: Record<ExplanationTarget, readonly string[]> = {
  publication_timeliness: ["record_id"],
  collection_timeliness: ["record_id"],
  compliance: ["record_id"],
  coverage: ["unit_code", "catalog_item", "period"],
  feedback_timeliness: ["case_id", "measure_code", "implementing_unit"],
  violations: ["case_id", "measure_code", "implementing_unit", "feedback_date"],
};

/** The statuses a unit may explain: late, missing, non-compliant, collected short, a violation. */
export const PROBLEM_STATUSES: readonly string[] = ["late", "missing", "non_compliant", "short", "violation"];

export const EXPLANATION_MAX = 500;

/** A key part as the database writes it: text and dates are strings here (db/client.ts), numbers as digits. */
const part = (v: unknown): string => (typeof v === "string" ? v : typeof v === "number" ? String(v) : "");

/** The key of an item of a list (lib/scoring/explain.ts), e.g. "XK-2026-1" or "LH-1|M-07|620100". */
export function itemKey(target: ExplainTarget, item: Record<string, unknown>): string {
  return KEY_FIELDS[explanationTarget(target)].map((f) => part(item[f])).join("|");
}

/** The list and key of a to-do item (lib/scoring/todo.ts: the task, its number, measure and unit). */
export function todoItemRef(item: Record<string, unknown>): { target: ExplanationTarget; key: string } {
  const task = String(item.task) as ExplainTarget;
  const key = task.startsWith("feedback") ? [item.number, item.measure_code, item.unit_code].map(part).join("|") : part(item.number);
  return { target: explanationTarget(task), key };
}

/** What an item list shows about an item's explanation (UnitDetail's 说明 column). */
export interface ItemNote {
  target: ExplanationTarget;
  key: string;
  /** a problem item: the unit may explain it */
  explainable: boolean;
  text: string | null;
  author: string | null;
  at: string | null;
}
