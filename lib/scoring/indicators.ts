/** The six indicators of CONTRACT §4 and their default weights (§5). */
export const INDICATORS = [
  "publication_timeliness",
  "collection_timeliness",
  "compliance",
  "coverage",
  "feedback_timeliness",
  "feedback_coverage",
] as const;
export type Indicator = (typeof INDICATORS)[number];

export type Weights = Record<Indicator, number>;

export const DEFAULT_WEIGHTS: Weights = {
  publication_timeliness: 25,
  collection_timeliness: 15,
  compliance: 15,
  coverage: 25,
  feedback_timeliness: 10,
  feedback_coverage: 10,
};

/** Points taken off the score for each violation (feedback "executed" while an objection was pending). */
export const VIOLATION_PENALTY = 2;

/** Statutory limit for publishing and collecting a 双公示 record: 7 working days (003 (五); 000 item 17). */
export const RECORD_DEADLINE_WORKDAYS = 7;

export const INDICATOR_NAMES: Record<Indicator, { zh: string; en: string }> = {
  publication_timeliness: { zh: "公示及时率", en: "Publication timeliness" },
  collection_timeliness: { zh: "归集及时率", en: "Collection timeliness" },
  compliance: { zh: "合规率", en: "Compliance" },
  coverage: { zh: "归集覆盖率", en: "Coverage" },
  feedback_timeliness: { zh: "反馈及时率", en: "Feedback timeliness" },
  feedback_coverage: { zh: "反馈覆盖率", en: "Feedback coverage" },
};
