import "server-only";
import type { Sql } from "@/db/client";
import { scorePeriod, type Group } from "@/lib/scoring/score";
import { rulesInForce } from "./rules";

export interface SummaryRow {
  group: Group;
  code: string;
  name: string;
  rank: number | null;
  score: number | null;
  records: number;
  published_on_time: number;
  late_rate: number | null;
  /** fewer records due than the method's minimum sample (样本不足): never named for its late rate */
  too_few: boolean;
  compliance: number | null;
  coverage: number | null;
  violations: number;
}

export interface MonthlySummary {
  period: string;
  asOf: string;
  rows: SummaryRow[];
  /** units whose late-report rate is above half: named for rectification */
  named: SummaryRow[];
  /** notices past their rectification deadline and escalated: listed again */
  escalated: { number: string; addressees: string; rectification_due: string }[];
}

/**
 * The monthly summary notice covering every unit, as Qinghai's office publishes it: records due and
 * published on time, compliance and late-report rate per unit, the units over the late-rate line named
 * for rectification, and the earlier notices still overdue.
 */
export async function monthlySummary(db: Sql, period: string, asOf: string): Promise<MonthlySummary> {
  const doc = await scorePeriod(db, period, asOf);
  const { rules } = await rulesInForce(db);
  const floor = rules.find((r) => r.id === "publication_late_over_half")?.floor ?? 0.5;
  const rows: SummaryRow[] = [];
  for (const group of ["region", "department"] as Group[]) {
    for (const e of doc.groups[group]) {
      const pub = e.indicators.publication_timeliness;
      rows.push({
        group,
        code: e.code,
        name: e.name,
        rank: e.rank,
        score: e.score,
        records: pub.denominator,
        published_on_time: pub.numerator,
        late_rate: pub.rate === null ? null : Math.round((1 - pub.rate) * 1e6) / 1e6,
        too_few: pub.insufficient === true,
        compliance: e.indicators.compliance.rate,
        coverage: e.indicators.coverage.rate,
        violations: e.violations,
      });
    }
  }
  const escalated = await db.query<{ number: string; addressees: string; rectification_due: string }>(
    `SELECT n.number, n.addressees, n.rectification_due FROM notices n
     WHERE n.status = 'issued' AND EXISTS (SELECT 1 FROM notice_events e WHERE e.notice_id = n.id AND e.kind = 'escalated')
     ORDER BY n.year, n.seq`,
  );
  return { period: doc.period, asOf, rows, named: rows.filter((r) => r.late_rate !== null && !r.too_few && r.late_rate > 1 - floor), escalated };
}
