import { deadlineTableSql } from "@/lib/calendar";
import { RECORD_DEADLINE_WORKDAYS } from "./indicators";

/**
 * The SQL behind every figure, named after CONTRACT §4. Parameters: $1 period start, $2 period end
 * (exclusive), $3 as-of date, $4 the period's months (text[]); ENTITY_FIGURES also $5, the minimum
 * sample to apply (NULL: the one in force).
 */

/** Which units count for which scored entity: regions by region_code up the hierarchy, departments by line. */
export const ENTITY_UNITS = `
  region_ancestors AS (
    SELECT code AS region, code AS ancestor FROM units WHERE type = 'region'
    UNION
    SELECT a.region, u.parent_code FROM region_ancestors a JOIN units u ON u.code = a.ancestor
    WHERE u.parent_code IS NOT NULL
  ),
  entity_units AS (
    SELECT 'region'::text AS grp, a.ancestor AS entity, u.code AS unit_code
    FROM units u JOIN region_ancestors a ON a.region = u.region_code
    UNION ALL
    SELECT 'department', d.code, u.code
    FROM units u JOIN units d ON d.code = u.line_code AND d.type = 'department'
  ),
  ranked AS (
    SELECT 'region'::text AS grp, r.code, r.name FROM units r
    WHERE r.type = 'region' AND r.parent_code IN (SELECT code FROM units WHERE type = 'region' AND parent_code IS NULL)
    UNION ALL
    SELECT 'department', code, name FROM units WHERE type = 'department'
  )`;

/** The deadline of each day of the period ($1 to $2), as the whole calendar gives it. */
export const RECORD_DEADLINES = `record_deadlines AS (${deadlineTableSql(RECORD_DEADLINE_WORKDAYS, { from: "$1::date", to: "$2::date" })})`;

/**
 * The evidence CTEs below count per unit over the whole period, or, `byMonth`, per unit and month
 * of $4 (the month the item's date falls in): the same counts split by month, summing to the
 * period's. `month(expr)` names the month column; `byUnit` is the grouping.
 */
const monthOf = (byMonth: boolean) => (expr: string) => (byMonth ? `, ${expr} AS month` : "");
const byUnit = (byMonth: boolean, unit: string) => (byMonth ? `${unit}, month` : unit);

/** Publication/collection timeliness and compliance, per deciding unit. */
const recordsByUnit = (byMonth: boolean) => `
  records_by_unit AS (
    SELECT r.unit_code${monthOf(byMonth)("to_char(r.decision_date, 'YYYY-MM')")},
      count(*) FILTER (WHERE d.deadline <= $3::date) AS due,
      count(*) FILTER (WHERE d.deadline <= $3::date AND r.published_date <= d.deadline) AS published_on_time,
      count(*) FILTER (WHERE d.deadline <= $3::date AND r.received_date <= d.deadline) AS received_on_time,
      count(*) AS total,
      count(*) FILTER (WHERE r.compliant) AS compliant
    FROM records r LEFT JOIN record_deadlines d ON d.date = r.decision_date
    WHERE r.decision_date >= $1::date AND r.decision_date < $2::date
    GROUP BY ${byUnit(byMonth, "r.unit_code")}
  )`;
export const RECORDS_BY_UNIT = recordsByUnit(false);

/** Coverage: Σ min(collected, expected) ÷ Σ expected. */
const statsByUnit = (byMonth: boolean) => `
  stats_by_unit AS (
    SELECT unit_code${monthOf(byMonth)("period")}, sum(least(collected, expected)) AS covered, sum(expected) AS expected
    FROM stats WHERE period = ANY($4::text[])
    GROUP BY ${byUnit(byMonth, "unit_code")}
  )`;
export const STATS_BY_UNIT = statsByUnit(false);

/** Feedback timeliness and coverage, per implementing unit; an obligation's first feedback decides both. */
const obligationsByUnit = (byMonth: boolean) => `
  first_feedback AS (
    SELECT case_id, measure_code, implementing_unit, min(feedback_date) AS first_date
    FROM feedback GROUP BY case_id, measure_code, implementing_unit
  ),
  obligations_by_unit AS (
    SELECT c.implementing_unit AS unit_code${monthOf(byMonth)("to_char(c.due_date, 'YYYY-MM')")},
      count(*) FILTER (WHERE c.due_date <= $3::date) AS due,
      count(*) FILTER (WHERE c.due_date <= $3::date AND f.first_date <= c.due_date) AS answered_on_time,
      count(*) FILTER (WHERE c.due_date <= $3::date AND f.first_date <= $3::date) AS answered
    FROM cases c LEFT JOIN first_feedback f USING (case_id, measure_code, implementing_unit)
    WHERE c.due_date >= $1::date AND c.due_date < $2::date
    GROUP BY ${byUnit(byMonth, "c.implementing_unit")}
  )`;
export const OBLIGATIONS_BY_UNIT = obligationsByUnit(false);

/** A feedback "executed" while an objection on its case was pending (001 四(五)): at most one per feedback. */
export const VIOLATION_CONDITION = `f.result = 'executed' AND f.feedback_date <= $3::date
  AND EXISTS (SELECT 1 FROM objections o WHERE o.case_id = f.case_id AND f.feedback_date >= o.filed_date
              AND (o.resolved_date IS NULL OR f.feedback_date < o.resolved_date))`;

const violationsByUnit = (byMonth: boolean) => `
  violations_by_unit AS (
    SELECT c.implementing_unit AS unit_code${monthOf(byMonth)("to_char(c.due_date, 'YYYY-MM')")}, count(*) AS violations
    FROM feedback f JOIN cases c USING (case_id, measure_code, implementing_unit)
    WHERE c.due_date >= $1::date AND c.due_date < $2::date AND ${VIOLATION_CONDITION}
    GROUP BY ${byUnit(byMonth, "c.implementing_unit")}
  )`;
export const VIOLATIONS_BY_UNIT = violationsByUnit(false);

/**
 * The minimum sample the figures are judged by, read in the same pass: the one asked for, else the
 * latest the office set, else 0 (CONTRACT §4–5 as written: every non-empty indicator counts).
 */
export const METHOD = `
  method AS (
    SELECT coalesce($5::int, (SELECT min_sample FROM scoring_method ORDER BY version DESC LIMIT 1), 0) AS min_sample
  )`;

/**
 * Every ranked entity with the raw numerators and denominators of its indicators; `byMonth`, a row
 * per entity and month of $4 (column `month`), each month's figures exactly those of scoring that
 * month alone — so a year's trend is one pass over the evidence instead of one per month.
 */
const entityFigures = (byMonth: boolean) => `
  WITH RECURSIVE ${ENTITY_UNITS}, ${RECORD_DEADLINES}, ${recordsByUnit(byMonth)}, ${statsByUnit(byMonth)}, ${obligationsByUnit(byMonth)}, ${violationsByUnit(byMonth)},
  figures AS (
    SELECT e.grp, e.entity${byMonth ? ", e.month" : ""},
      coalesce(sum(r.due), 0) AS records_due,
      coalesce(sum(r.published_on_time), 0) AS published_on_time,
      coalesce(sum(r.received_on_time), 0) AS received_on_time,
      coalesce(sum(r.total), 0) AS records_total,
      coalesce(sum(r.compliant), 0) AS records_compliant,
      coalesce(sum(s.covered), 0) AS covered,
      coalesce(sum(s.expected), 0) AS expected,
      coalesce(sum(o.due), 0) AS obligations_due,
      coalesce(sum(o.answered_on_time), 0) AS answered_on_time,
      coalesce(sum(o.answered), 0) AS answered,
      coalesce(sum(v.violations), 0) AS violations
    FROM ${byMonth ? "(SELECT * FROM entity_units, unnest($4::text[]) AS m (month)) e" : "entity_units e"}
    LEFT JOIN records_by_unit r ON r.unit_code = e.unit_code${sameMonth(byMonth, "r")}
    LEFT JOIN stats_by_unit s ON s.unit_code = e.unit_code${sameMonth(byMonth, "s")}
    LEFT JOIN obligations_by_unit o ON o.unit_code = e.unit_code${sameMonth(byMonth, "o")}
    LEFT JOIN violations_by_unit v ON v.unit_code = e.unit_code${sameMonth(byMonth, "v")}
    GROUP BY e.grp, e.entity${byMonth ? ", e.month" : ""}
  ),
  ${METHOD}
  SELECT k.grp, k.code, k.name${byMonth ? ", m.month" : ""}, (SELECT min_sample FROM method) AS min_sample,
    coalesce(f.records_due, 0)::bigint::text AS records_due,
    coalesce(f.published_on_time, 0)::bigint::text AS published_on_time,
    coalesce(f.received_on_time, 0)::bigint::text AS received_on_time,
    coalesce(f.records_total, 0)::bigint::text AS records_total,
    coalesce(f.records_compliant, 0)::bigint::text AS records_compliant,
    coalesce(f.covered, 0)::bigint::text AS covered,
    coalesce(f.expected, 0)::bigint::text AS expected,
    coalesce(f.obligations_due, 0)::bigint::text AS obligations_due,
    coalesce(f.answered_on_time, 0)::bigint::text AS answered_on_time,
    coalesce(f.answered, 0)::bigint::text AS answered,
    coalesce(f.violations, 0)::bigint::text AS violations
  FROM ${byMonth ? "ranked k CROSS JOIN unnest($4::text[]) AS m (month) LEFT JOIN figures f ON f.grp = k.grp AND f.entity = k.code AND f.month = m.month" : "ranked k LEFT JOIN figures f ON f.grp = k.grp AND f.entity = k.code"}
  ORDER BY ${byMonth ? "m.month, " : ""}k.grp, k.code`;
const sameMonth = (byMonth: boolean, alias: string) => (byMonth ? ` AND ${alias}.month = e.month` : "");

export const ENTITY_FIGURES = entityFigures(false);
/** The same month by month: $1 the first month's start, $2 the day after the last month, $4 the months. */
export const MONTHLY_ENTITY_FIGURES = entityFigures(true);
