import { groupDigits } from "@/lib/document-dates";
import { DEFAULT_WEIGHTS, INDICATORS, type Indicator } from "@/lib/scoring/indicators";
import { JOINT_FINDINGS, JOINT_INDICATORS, JOINT_NAMES, type JointFinding, type JointIndicator } from "@/lib/scoring/joint-indicators";
import { parsePeriod } from "@/lib/scoring/period";

/**
 * "存在的主要问题" of a notice: each finding stated with the unit's own figures for the period
 * (9月应公示 1 090 条，迟报 173 条，迟报率 15.9%), computed from the scoring document of that unit
 * and period — never the wording of the rule that drafted it. Pure, so the text is the same
 * wherever it is made and testable without a database.
 */
export interface FindingFigures {
  violations: number;
  indicators: Record<Indicator, { numerator: number; denominator: number; rate: number | null; insufficient?: boolean }>;
  /**
   * the joint-measures figures, when the period was scored by the joint method or a rule read them
   * (lib/notices/close.ts); absent, the text is what it always was
   */
  joint?: {
    indicators: Partial<Record<JointIndicator, { numerator: number; denominator: number; rate: number | null; insufficient?: boolean }>>;
    findings: Partial<Record<JointFinding, number>>;
  };
}

/** The period as a notice names it inside its own text: 9月, 第三季度, 全年. */
export function periodInText(period: string): string {
  const p = parsePeriod(period);
  if (p.kind === "month") return `${Number(period.slice(5, 7))}月`;
  if (p.kind === "quarter") return `第${"一二三四"[Number(period.slice(6, 7)) - 1]}季度`;
  return "全年";
}

const pct = (part: number, whole: number) => `${((part / whole) * 100).toFixed(1)}%`;

/** One indicator's finding: what was due, what went wrong, and the rate that follows. */
function finding(k: Indicator, when: string, f: { numerator: number; denominator: number }): string {
  const due = groupDigits(f.denominator);
  const bad = f.denominator - f.numerator;
  const n = groupDigits(bad);
  switch (k) {
    case "publication_timeliness":
      return `${when}应公示 ${due} 条，迟报 ${n} 条，迟报率 ${pct(bad, f.denominator)}`;
    case "collection_timeliness":
      return `${when}应归集 ${due} 条，迟报 ${n} 条，归集迟报率 ${pct(bad, f.denominator)}`;
    case "compliance":
      return `${when}报送记录 ${due} 条，不合规 ${n} 条，不合规率 ${pct(bad, f.denominator)}`;
    case "coverage":
      return `${when}应归集 ${due} 条，已归集 ${groupDigits(f.numerator)} 条，归集率 ${pct(f.numerator, f.denominator)}`;
    case "feedback_timeliness":
      return `${when}应反馈联合奖惩措施 ${due} 项，未按期反馈 ${n} 项，反馈逾期率 ${pct(bad, f.denominator)}`;
    case "feedback_coverage":
      return `${when}应反馈联合奖惩措施 ${due} 项，至今未反馈 ${n} 项，反馈率 ${pct(f.numerator, f.denominator)}`;
  }
}

/**
 * The findings, worst first: every indicator short of 100 % (ordered by the points it cost at the
 * default weights), then the violations. Indicators with nothing due are left out, as in the score.
 */
export function findings(period: string, f: FindingFigures): string[] {
  const when = periodInText(period);
  // an indicator with too few items (样本不足) is never named for its rate
  const short = INDICATORS.filter((k) => f.indicators[k].denominator > 0 && !f.indicators[k].insufficient && f.indicators[k].numerator < f.indicators[k].denominator)
    .map((k) => ({ k, lost: DEFAULT_WEIGHTS[k] * (1 - f.indicators[k].numerator / f.indicators[k].denominator) }))
    .sort((a, b) => b.lost - a.lost || INDICATORS.indexOf(a.k) - INDICATORS.indexOf(b.k));
  const out = short.map(({ k }) => finding(k, when, f.indicators[k]));
  if (f.violations > 0) out.push(`${when}在异议核实期间仍执行联合惩戒措施 ${groupDigits(f.violations)} 次（应暂停执行）`);
  if (f.joint) out.push(...jointFindingTexts(when, f.joint));
  return out;
}

/** The joint-measures figures short of 100 % (in the library's order), then each finding with its count. */
function jointFindingTexts(when: string, j: NonNullable<FindingFigures["joint"]>): string[] {
  const out: string[] = [];
  for (const k of JOINT_INDICATORS) {
    const x = j.indicators[k];
    if (!x || x.denominator <= 0 || x.insufficient || x.numerator >= x.denominator) continue;
    const bad = x.denominator - x.numerator;
    out.push(`${when}${JOINT_NAMES[k].zh}：应计 ${groupDigits(x.denominator)} 项，未达标 ${groupDigits(bad)} 项，${JOINT_NAMES[k].zh} ${pct(x.numerator, x.denominator)}`);
  }
  for (const k of JOINT_FINDINGS) {
    const n = j.findings[k] ?? 0;
    if (n > 0) out.push(`${when}${JOINT_NAMES[k].zh} ${groupDigits(n)} 起`);
  }
  return out;
}

const NUMERALS = "一二三四五六七八九十";

/** The findings as the body's numbered paragraph lines: （一）…。（二）…。 */
export function findingLines(items: string[]): string[] {
  return items.map((text, i) => `（${i < 10 ? NUMERALS[i] : String(i + 1)}）${text}。`);
}
