import { columnsFor } from "@/lib/explain-text";
import type { ExplainTarget } from "@/lib/scoring/explain";

/**
 * The sections of a notice's annex and the columns its printed tables show (no database here: the
 * document component and the pages use them; the lists themselves are lib/notices/annex.ts).
 */
export interface AnnexSection {
  target: ExplainTarget;
  statuses: string[];
  zh: string;
  en: string;
}

// feedback coverage is left out: its missing obligations are exactly feedback timeliness's missing ones
export const ANNEX_SECTIONS: AnnexSection[] = [
  { target: "publication_timeliness", statuses: ["late", "missing"], zh: "未按期公示的双公示记录", en: "Records not published in time" },
  { target: "collection_timeliness", statuses: ["late", "missing"], zh: "未按期归集的双公示记录", en: "Records not collected in time" },
  { target: "compliance", statuses: ["non_compliant"], zh: "不合规的双公示记录", en: "Non-compliant records" },
  { target: "coverage", statuses: ["short"], zh: "归集不足的目录项", en: "Catalogue items collected short" },
  { target: "feedback_timeliness", statuses: ["late", "missing"], zh: "未按期反馈的联合奖惩措施", en: "Joint measures not answered in time" },
  { target: "violations", statuses: ["violation"], zh: "异议核实期间仍执行的措施", en: "Measures executed while an objection was pending" },
];

export function annexSection(target: string): AnnexSection | undefined {
  return ANNEX_SECTIONS.find((s) => s.target === target);
}

/** The columns the printed annex shows per section: the ones that identify an item and say what went wrong. */
export function printColumns(target: ExplainTarget): { key: string; zh: string; en: string }[] {
  const keep: Record<ExplainTarget, string[]> = {
    publication_timeliness: ["record_id", "unit_name", "decision_no", "decision_date", "deadline", "published_date"],
    collection_timeliness: ["record_id", "unit_name", "decision_no", "decision_date", "deadline", "received_date"],
    compliance: ["record_id", "unit_name", "decision_no", "decision_date", "flags"],
    coverage: ["unit_name", "catalog_item", "period", "expected", "collected"],
    feedback_timeliness: ["case_id", "measure_code", "unit_name", "due_date", "first_feedback_date"],
    feedback_coverage: ["case_id", "measure_code", "unit_name", "due_date"],
    violations: ["case_id", "measure_code", "unit_name", "feedback_date", "objection_id", "filed_date"],
  };
  const cols = columnsFor(target);
  return keep[target].map((k) => cols.find((c) => c.key === k)!).filter(Boolean);
}

