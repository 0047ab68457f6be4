/**
 * Which stored row an item of a unit's lists is, for its 更正 (correct) link (lib/ingest/correct.ts):
 * a record (publication, collection, compliance; the to-do list's records), a month's statistics
 * (coverage), the feedback an obligation was first answered by (feedback lists, the to-do list's
 * obligations) or the feedback that broke an objection (violations). An obligation not yet answered has
 * no feedback to correct: a new row is an upload. `unit` is the unit the row belongs to.
 */
export interface CorrectionTarget {
  kind: "records" | "stats" | "feedback";
  key: Record<string, string>;
  unit: string;
}

const text = (v: unknown) => (typeof v === "string" ? v : typeof v === "number" ? String(v) : "");

export function correctionTarget(item: Record<string, unknown>, target: string, todo: boolean): CorrectionTarget | undefined {
  const list = todo ? text(item.task) : target;
  const feedback = (caseId: unknown, unit: unknown, date: unknown): CorrectionTarget | undefined =>
    text(date) === "" ? undefined : { kind: "feedback", key: { case_id: text(caseId), measure_code: text(item.measure_code), implementing_unit: text(unit), feedback_date: text(date) }, unit: text(unit) };
  switch (list) {
    case "publication_timeliness":
    case "collection_timeliness":
    case "compliance":
      return { kind: "records", key: { record_id: text(todo ? item.number : item.record_id) }, unit: text(item.unit_code) };
    case "coverage":
      return { kind: "stats", key: { unit_code: text(item.unit_code), catalog_item: text(item.catalog_item), period: text(item.period) }, unit: text(item.unit_code) };
    case "feedback_timeliness":
    case "feedback_coverage":
      return todo ? feedback(item.number, item.unit_code, item.done_date) : feedback(item.case_id, item.implementing_unit, item.first_feedback_date);
    case "violations":
      return feedback(item.case_id, item.implementing_unit, item.feedback_date);
    default:
      return undefined;
  }
}

/** The correction page's address for a target, under `base` (/office/correct or /unit/correct). */
export function correctionPath(base: string, t: CorrectionTarget): string {
  return `${base}/${t.kind}?${new URLSearchParams(t.key).toString()}`;
}
