import type { ExplainTarget } from "./explain";

/** The statuses each item list can have (the CASE expressions of lib/scoring/explain.ts), for its status filter. */
export const TARGET_STATUSES: Record<ExplainTarget, readonly string[]> = {
  publication_timeliness: ["on_time", "late", "missing", "not_due"],
  collection_timeliness: ["on_time", "late", "missing", "not_due"],
  compliance: ["compliant", "non_compliant"],
  coverage: ["complete", "short"],
  feedback_timeliness: ["on_time", "late", "missing", "not_due"],
  feedback_coverage: ["answered", "missing", "not_due"],
  violations: ["violation"],
};
