/** Grades shown beside published scores (plain bands the office can explain in one sentence). */
export const GRADES = [
  { grade: "A", min: 90, zh: "优秀", en: "Excellent" },
  { grade: "B", min: 80, zh: "良好", en: "Good" },
  { grade: "C", min: 60, zh: "合格", en: "Adequate" },
  { grade: "D", min: 0, zh: "较差", en: "Poor" },
] as const;

export type Grade = (typeof GRADES)[number]["grade"];

export function gradeOf(score: number | null): Grade | null {
  if (score === null) return null;
  return GRADES.find((g) => score >= g.min)!.grade;
}

/** The line below which a unit is highlighted and may be notified (CONTRACT §5: score_below_line). */
export const SCORE_LINE = 60;
