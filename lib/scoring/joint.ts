import "server-only";
import type { Sql } from "@/db/client";
import { assertIsoDate } from "@/lib/calendar";
import { maskSubjectCodes, type IdNumberView } from "@/lib/codes/mask";
import { AppError } from "@/lib/errors";
import { jointDeadlineCte, jointDeadlineDays, type JointDeadlineKey } from "./joint-deadlines";
import { JOINT_FINDINGS, JOINT_INDICATORS, JOINT_VIOLATIONS, type JointFinding, type JointIndicator } from "./joint-indicators";
import { parsePeriod } from "./period";
import type { Group } from "./score";
import { ENTITY_UNITS } from "./sql";

/**
 * The rules and figures of the joint-measures cycle (docs/design/joint-cycle.md §3), set-based SQL
 * beside lib/scoring/sql.ts. Parameters as ENTITY_FIGURES: $1 period start, $2 end (exclusive), $3
 * as-of date, $4 the period's months (text[]).
 *
 * Every indicator is a list of items (`joint_items`), each attributed to the unit the design names
 * and to the month of its deadline (as obligations are by due_date): an item whose deadline is on
 * or before the as-of date is due; it is on time when its step was done on or before the deadline,
 * late when done after it (but by the as-of date), missing otherwise. A figure is the count of its
 * items (credit checks: the sums of their rows), so the explain list of a figure is exactly its items.
 * Every finding is a row of `joint_findings` with the case, subject and rows behind it.
 */
export { JOINT_FINDINGS, JOINT_INDICATORS, JOINT_NAMES, JOINT_VIOLATIONS, type JointFinding, type JointIndicator } from "./joint-indicators";

const TIMELY = ["on_time", "late", "missing", "not_due"] as const;

/** The statuses of each list (for its filter): timeliness items, coverage items, credit-check rows, findings. */
export const JOINT_STATUSES: Record<JointIndicator | JointFinding, readonly string[]> = {
  push_timeliness: TIMELY,
  receipt_timeliness: TIMELY,
  mandatory_feedback_coverage: ["answered", "missing", "not_due"],
  mandatory_feedback_timeliness: TIMELY,
  recommended_feedback_coverage: ["answered", "missing", "not_due"],
  objection_timeliness: TIMELY,
  repair_timeliness: TIMELY,
  withdrawal_timeliness: TIMELY,
  notification_timeliness: TIMELY,
  credit_check_rate: ["complete", "short"],
  off_list: ["finding"],
  after_end: ["finding"],
  red_and_black: ["finding"],
  warning_list: ["finding"],
  key_attention_unreviewed: ["finding"],
  key_attention_not_transferred: ["finding"],
};

/** Status of a timeliness item from its deadline and the date its step was done (CONTRACT §4's rule). */
const timely = (deadline: string, done: string) => `CASE
    WHEN ${deadline} IS NULL OR ${deadline} > $3::date THEN 'not_due'
    WHEN ${done} <= ${deadline} THEN 'on_time'
    WHEN ${done} IS NULL OR ${done} > $3::date THEN 'missing'
    ELSE 'late' END`;
const answered = (deadline: string, done: string) => `CASE
    WHEN ${deadline} > $3::date THEN 'not_due'
    WHEN ${done} <= $3::date THEN 'answered'
    ELSE 'missing' END`;
const inPeriod = (d: string) => `${d} >= $1::date AND ${d} < $2::date`;

/**
 * One item row, its columns in the order of every branch of joint_items (a UNION ALL):
 * the indicator, the responsible unit, the obligation or case, the row behind it (objection, repair)
 * and the dates the status is read from.
 */
function item(c: {
  indicator: JointIndicator;
  unit: string;
  month?: string;
  caseId?: string;
  measure?: string;
  impl?: string;
  ref?: string;
  subject?: string;
  base?: string;
  deadline?: string;
  done?: string;
  status: string;
  counted?: string;
  total?: string;
  batch: string;
}): string {
  return `SELECT '${c.indicator}'::text AS indicator, ${c.unit}::text AS unit_code, ${c.month ?? `to_char(${c.deadline}, 'YYYY-MM')`}::text AS month,
      ${c.caseId ?? "NULL"}::text AS case_id, ${c.measure ?? "NULL"}::text AS measure_code, ${c.impl ?? "NULL"}::text AS implementing_unit,
      ${c.ref ?? "NULL"}::text AS ref_id, ${c.subject ?? "NULL"}::text AS subject_code, ${c.base ?? "NULL"}::date AS base_date,
      ${c.deadline ?? "NULL"}::date AS deadline, ${c.done ?? "NULL"}::date AS done_date, ${c.status} AS status,
      ${c.counted ?? "NULL"}::bigint AS counted, ${c.total ?? "NULL"}::bigint AS total, ${c.batch}::int AS batch_id`;
}

/** The same for a finding: its kind, the responsible unit, the month it belongs to and the rows behind it. */
function finding(c: {
  kind: JointFinding;
  unit: string;
  month: string;
  date: string;
  caseId: string;
  measure?: string;
  impl?: string;
  subject: string;
  ref?: string;
  detail: string;
  batch: string;
}): string {
  return `SELECT '${c.kind}'::text AS kind, ${c.unit}::text AS unit_code, ${c.month}::text AS month, ${c.date}::date AS event_date,
      ${c.caseId}::text AS case_id, ${c.measure ?? "NULL"}::text AS measure_code, ${c.impl ?? "NULL"}::text AS implementing_unit,
      ${c.subject}::text AS subject_code, ${c.ref ?? "NULL"}::text AS ref_id, ${c.detail}::text AS detail, ${c.batch}::int AS batch_id`;
}

/** The CTEs every query of this module starts from (after ENTITY_UNITS): deadlines, cases, items, findings. */
export function jointCtes(days: Record<JointDeadlineKey, number> = jointDeadlineDays()): string {
  const dl = (Object.keys(days) as JointDeadlineKey[]).map((k) => jointDeadlineCte(`dl_${k}`, days[k])).join(",\n  ");
  return `${dl},
  -- a case as a whole (its rows repeat these; rows that disagree are flagged case_fields_disagree and read by their least value):
  -- listed from listed_date (else its first push) until the day it ended, its term ended or its key-attention validity ended
  case_spans AS (
    SELECT case_id, min(initiating_unit) AS initiating_unit, min(subject_code) AS subject_code, min(list_type) AS list_type,
      min(area) AS area, min(listed_date) AS listed_date, min(valid_until) AS valid_until, min(ended_date) AS ended_date,
      coalesce(min(listed_date), min(pushed_date)) AS start,
      least(min(ended_date), min(term_end) + 1, CASE WHEN min(list_type) = 'key_attention' THEN min(valid_until) + 1 END) AS stop,
      max(batch_id) AS batch_id
    FROM cases GROUP BY case_id
  ),
  -- the version of each obligation's measure in force on its push date decides whether it is mandatory (004 三(三)6)
  period_obligations AS (
    SELECT c.*, m.mandatory, f.first_date
    FROM cases c
    LEFT JOIN LATERAL (SELECT m.mandatory FROM measures m WHERE m.measure_code = c.measure_code AND m.effective_from <= c.pushed_date
                       AND (m.effective_to IS NULL OR c.pushed_date < m.effective_to) ORDER BY m.effective_from DESC LIMIT 1) m ON true
    LEFT JOIN (SELECT case_id, measure_code, implementing_unit, min(feedback_date) AS first_date FROM feedback
               GROUP BY case_id, measure_code, implementing_unit) f USING (case_id, measure_code, implementing_unit)
    WHERE ${inPeriod("c.due_date")}
  ),
  -- penalties of subjects on key attention whose transfer deadline can fall in the period, found from the base tables
  -- (whose statistics the planner reads well: a hashed semi-join, where through the CTEs it looped over cases × records)
  ka_penalties AS MATERIALIZED (
    SELECT r.record_id, r.subject_code, r.decision_date FROM records r
    WHERE r.kind = 'penalty' AND r.decision_date >= ($1::date - ${2 * days.transfer + 30}) AND r.decision_date < $2::date
      AND EXISTS (SELECT 1 FROM cases c WHERE c.subject_code = r.subject_code AND c.list_type = 'key_attention')
  ),
  joint_items AS (
    -- 发起: each obligation pushed within the deadline after the listing; the seeds fix none, so the 双公示
    -- limit is the default: "在作出行政決定之日起7個工作日內上網公開并歸集" (003 (五)) — initiating unit
    ${item({ indicator: "push_timeliness", unit: "c.initiating_unit", caseId: "c.case_id", measure: "c.measure_code", impl: "c.implementing_unit", subject: "c.subject_code", base: "c.listed_date", deadline: "d.deadline", done: "c.pushed_date", status: timely("d.deadline", "c.pushed_date"), batch: "c.batch_id" })}
    FROM cases c JOIN dl_push d ON d.date = c.listed_date WHERE ${inPeriod("d.deadline")}
    UNION ALL
    -- 响应: "建立守信聯合激勵和失信聯合懲戒的發起與響應機制" (004 三(三)1) — the implementing unit's receipt after the push
    ${item({ indicator: "receipt_timeliness", unit: "c.implementing_unit", caseId: "c.case_id", measure: "c.measure_code", impl: "c.implementing_unit", subject: "c.subject_code", base: "c.pushed_date", deadline: "d.deadline", done: "r.received_date", status: timely("d.deadline", "r.received_date"), batch: "coalesce(r.batch_id, c.batch_id)" })}
    FROM cases c JOIN dl_receipt d ON d.date = c.pushed_date
    LEFT JOIN receipts r USING (case_id, measure_code, implementing_unit) WHERE ${inPeriod("d.deadline")}
    UNION ALL
    -- 执行反馈 split by the measure's nature: "依法必须联合执行" mandatory measures must all be answered, recommended ones
    -- are reported (004 三(三)6 建立激勵和懲戒措施清單制度; 003 (九) 失信懲戒措施實行清單制管理) — implementing unit, by due_date
    ${item({ indicator: "mandatory_feedback_coverage", unit: "o.implementing_unit", caseId: "o.case_id", measure: "o.measure_code", impl: "o.implementing_unit", subject: "o.subject_code", base: "o.pushed_date", deadline: "o.due_date", done: "o.first_date", status: answered("o.due_date", "o.first_date"), batch: "o.batch_id" })}
    FROM period_obligations o WHERE o.mandatory = '1'
    UNION ALL
    ${item({ indicator: "mandatory_feedback_timeliness", unit: "o.implementing_unit", caseId: "o.case_id", measure: "o.measure_code", impl: "o.implementing_unit", subject: "o.subject_code", base: "o.pushed_date", deadline: "o.due_date", done: "o.first_date", status: timely("o.due_date", "o.first_date"), batch: "o.batch_id" })}
    FROM period_obligations o WHERE o.mandatory = '1'
    UNION ALL
    ${item({ indicator: "recommended_feedback_coverage", unit: "o.implementing_unit", caseId: "o.case_id", measure: "o.measure_code", impl: "o.implementing_unit", subject: "o.subject_code", base: "o.pushed_date", deadline: "o.due_date", done: "o.first_date", status: answered("o.due_date", "o.first_date"), batch: "o.batch_id" })}
    FROM period_obligations o WHERE o.mandatory = '0'
    UNION ALL
    -- 异议: "信息提供單位應盡快核實并反饋" (001 四(五)); its own due_date, else filed_date + the setting — the case's initiating unit
    ${item({ indicator: "objection_timeliness", unit: "s.initiating_unit", caseId: "o.case_id", ref: "o.objection_id", subject: "s.subject_code", base: "o.filed_date", deadline: "coalesce(o.due_date, d.deadline)", done: "o.resolved_date", status: timely("coalesce(o.due_date, d.deadline)", "o.resolved_date"), batch: "o.batch_id" })}
    FROM objections o JOIN case_spans s USING (case_id) LEFT JOIN dl_objection d ON d.date = o.filed_date
    WHERE ${inPeriod("coalesce(o.due_date, d.deadline)")}
    UNION ALL
    -- 信用修复: "予以受理的,應當在規定期限內核實" (004 三(三)7) — the unit that accepted it (repairs.unit_code)
    ${item({ indicator: "repair_timeliness", unit: "r.unit_code", caseId: "r.case_id", ref: "r.repair_id", subject: "s.subject_code", base: "r.accepted_date", deadline: "d.deadline", done: "r.completed_date", status: timely("d.deadline", "r.completed_date"), batch: "r.batch_id" })}
    FROM repairs r JOIN case_spans s USING (case_id) JOIN dl_repair d ON d.date = r.accepted_date WHERE ${inPeriod("d.deadline")}
    UNION ALL
    -- 撤销: "經核實有誤的信息應及時更正或撤銷" (001 四(五)) after an upheld objection (withdrawn_date) — initiating unit;
    -- "及時將其移出嚴重失信主體" (003 (十一)) after an approved repair (removed_date) — the repair's unit
    ${item({ indicator: "withdrawal_timeliness", unit: "s.initiating_unit", caseId: "o.case_id", ref: "o.objection_id", subject: "s.subject_code", base: "o.resolved_date", deadline: "d.deadline", done: "o.withdrawn_date", status: timely("d.deadline", "o.withdrawn_date"), batch: "o.batch_id" })}
    FROM objections o JOIN case_spans s USING (case_id) JOIN dl_withdrawal d ON d.date = o.resolved_date
    WHERE o.outcome = 'upheld' AND ${inPeriod("d.deadline")}
    UNION ALL
    ${item({ indicator: "withdrawal_timeliness", unit: "r.unit_code", caseId: "r.case_id", ref: "r.repair_id", subject: "s.subject_code", base: "r.completed_date", deadline: "d.deadline", done: "r.removed_date", status: timely("d.deadline", "r.removed_date"), batch: "r.batch_id" })}
    FROM repairs r JOIN case_spans s USING (case_id) JOIN dl_withdrawal d ON d.date = r.completed_date
    WHERE r.outcome = 'approved' AND ${inPeriod("d.deadline")}
    UNION ALL
    -- 告知: "在認定決定前,應當告知當事人" (003 (八)) — each listed case, the initiating unit
    ${item({ indicator: "notification_timeliness", unit: "s.initiating_unit", caseId: "s.case_id", subject: "s.subject_code", base: "s.listed_date", deadline: "d.deadline", done: "n.notified_date", status: timely("d.deadline", "n.notified_date"), batch: "coalesce(n.batch_id, s.batch_id)" })}
    FROM case_spans s JOIN dl_notification d ON d.date = s.listed_date LEFT JOIN notifications n USING (case_id) WHERE ${inPeriod("d.deadline")}
    UNION ALL
    -- 应查必查: "應查詢行政相對人的信用狀況……做到“應查必查”" (000 第19條): Σ checked ÷ Σ licences, a row's checked counted
    -- up to its licences (a row flagged checked_exceeds_licences cannot lift the rate above 100 %)
    ${item({ indicator: "credit_check_rate", unit: "k.unit_code", month: "k.period", ref: "k.period", status: "CASE WHEN k.checked >= k.licences THEN 'complete' ELSE 'short' END", counted: "least(k.checked, k.licences)", total: "k.licences", batch: "k.batch_id" })}
    FROM credit_checks k WHERE k.period = ANY($4::text[])
  ),
  joint_findings AS (
    -- 清单外: "在全國失信懲戒措施基礎清單和省失信懲戒措施補充清單外違法違規實施懲戒措施……要依法依規追究責任" (003 (十九)):
    -- an executed feedback on a measure no list had in force on its date; only once some list is loaded (no list: nothing to check)
    ${finding({ kind: "off_list", unit: "c.implementing_unit", month: "to_char(c.due_date, 'YYYY-MM')", date: "f.feedback_date", caseId: "f.case_id", measure: "f.measure_code", impl: "f.implementing_unit", subject: "c.subject_code", detail: "f.result", batch: "f.batch_id" })}
    FROM feedback f JOIN cases c USING (case_id, measure_code, implementing_unit)
    WHERE ${inPeriod("c.due_date")} AND f.result = 'executed' AND f.feedback_date <= $3::date AND EXISTS (SELECT 1 FROM measures)
      AND NOT EXISTS (SELECT 1 FROM measures m WHERE m.measure_code = f.measure_code AND m.effective_from <= f.feedback_date
                      AND (m.effective_to IS NULL OR f.feedback_date < m.effective_to))
    UNION ALL
    -- 退出后: "在規定期限內糾正失信行為、消除不良影響的,不再作為聯合懲戒對象" (000 第21條; 004 三(三)7): executed after the
    -- case's ended_date or term_end, after an approved repair's decision, or on or after an upheld objection's resolution
    -- (before it, during_objection applies); the earliest reason is named
    ${finding({ kind: "after_end", unit: "c.implementing_unit", month: "to_char(c.due_date, 'YYYY-MM')", date: "f.feedback_date", caseId: "f.case_id", measure: "f.measure_code", impl: "f.implementing_unit", subject: "c.subject_code", ref: "coalesce(e.ref_id, '')", detail: "e.reason", batch: "f.batch_id" })}
    FROM feedback f JOIN cases c USING (case_id, measure_code, implementing_unit)
    JOIN LATERAL (
      SELECT * FROM (
        SELECT 'ended'::text AS reason, c.ended_date AS since, NULL::text AS ref_id WHERE f.feedback_date > c.ended_date
        UNION ALL SELECT 'term_expired', c.term_end, NULL WHERE f.feedback_date > c.term_end
        UNION ALL SELECT 'repaired', r.completed_date, r.repair_id FROM repairs r
          WHERE r.case_id = f.case_id AND r.outcome = 'approved' AND f.feedback_date > r.completed_date
        UNION ALL SELECT 'objection_upheld', o.resolved_date, o.objection_id FROM objections o
          WHERE o.case_id = f.case_id AND o.outcome = 'upheld' AND f.feedback_date >= o.resolved_date
      ) x ORDER BY since, reason LIMIT 1) e ON true
    WHERE ${inPeriod("c.due_date")} AND f.result = 'executed' AND f.feedback_date <= $3::date
    UNION ALL
    -- 红黑名单: "通過市信用信息共享平臺與各領域“黑名單”進行交叉比對" (001 二(一)): a red and a black case of one subject
    -- listed at once — a finding for each case's initiating unit, in the month the overlap began
    ${finding({ kind: "red_and_black", unit: "a.initiating_unit", month: "to_char(a.since, 'YYYY-MM')", date: "a.since", caseId: "a.case_id", subject: "a.subject_code", detail: "a.others", batch: "a.batch_id" })}
    FROM (
      SELECT a.case_id, a.initiating_unit, a.subject_code, a.batch_id, min(greatest(a.start, b.start)) AS since,
        string_agg(b.case_id, ';' ORDER BY b.case_id) AS others
      FROM case_spans a JOIN case_spans b ON b.subject_code = a.subject_code AND b.case_id <> a.case_id
        AND ((a.list_type = 'red' AND b.list_type = 'black') OR (a.list_type = 'black' AND b.list_type = 'red'))
        AND a.start < coalesce(b.stop, 'infinity'::date) AND b.start < coalesce(a.stop, 'infinity'::date)
        AND greatest(a.start, b.start) <= $3::date
      GROUP BY a.case_id, a.initiating_unit, a.subject_code, a.batch_id
    ) a WHERE ${inPeriod("a.since")}
    UNION ALL
    -- 警示名单: "將在3個以上不同的重點領域被列入重點關注名單的主體轉入“大數據警示名單”" (001 四(六)): the first day a
    -- subject is on key-attention cases of 3 or more distinct areas; a finding for each case then in force
    ${finding({ kind: "warning_list", unit: "j.initiating_unit", month: "to_char(w.since, 'YYYY-MM')", date: "w.since", caseId: "j.case_id", subject: "j.subject_code", detail: "j.area", batch: "j.batch_id" })}
    FROM (
      SELECT k.subject_code, min(k.start) AS since FROM case_spans k
      WHERE k.list_type = 'key_attention' AND k.start <= $3::date
        AND (SELECT count(DISTINCT j.area) FROM case_spans j WHERE j.subject_code = k.subject_code AND j.list_type = 'key_attention'
             AND j.start <= k.start AND k.start < coalesce(j.stop, 'infinity'::date)) >= 3
      GROUP BY k.subject_code
    ) w JOIN case_spans j ON j.subject_code = w.subject_code AND j.list_type = 'key_attention'
      AND j.start <= w.since AND w.since < coalesce(j.stop, 'infinity'::date)
    WHERE ${inPeriod("w.since")}
    UNION ALL
    -- 有效期: "向重點關注名單主體發出警示并提示重點關注有效期" (001 四(六)): a key-attention case whose validity ran out
    -- (deadline: valid_until + the setting) without being ended by then nor followed by a new case of the subject
    ${finding({ kind: "key_attention_unreviewed", unit: "k.initiating_unit", month: "to_char(d.deadline, 'YYYY-MM')", date: "d.deadline", caseId: "k.case_id", subject: "k.subject_code", detail: "k.valid_until::text", batch: "k.batch_id" })}
    FROM case_spans k JOIN dl_review d ON d.date = k.valid_until
    WHERE k.list_type = 'key_attention' AND ${inPeriod("d.deadline")} AND d.deadline <= $3::date
      AND (k.ended_date IS NULL OR k.ended_date > d.deadline)
      AND NOT EXISTS (SELECT 1 FROM case_spans n WHERE n.subject_code = k.subject_code AND n.case_id <> k.case_id
                      AND n.start > k.start AND n.start <= d.deadline)
    UNION ALL
    -- 转入黑名单: "重點關注名單主體有效期內發生嚴重失信行為的,應按照“黑名單”認定標準,及時轉入“黑名單”" (001 四(六)):
    -- approximated by a penalty record of the subject during the validity with no black case in force by the deadline
    ${finding({ kind: "key_attention_not_transferred", unit: "t.initiating_unit", month: "to_char(t.deadline, 'YYYY-MM')", date: "t.deadline", caseId: "t.case_id", subject: "t.subject_code", ref: "t.record_id", detail: "t.decision_date::text", batch: "t.batch_id" })}
    FROM (
      SELECT DISTINCT ON (k.case_id) k.case_id, k.initiating_unit, k.subject_code, k.batch_id, r.record_id, r.decision_date, d.deadline
      FROM ka_penalties r JOIN dl_transfer d ON d.date = r.decision_date
      JOIN case_spans k ON k.subject_code = r.subject_code AND k.list_type = 'key_attention'
        AND r.decision_date >= k.start AND r.decision_date < coalesce(k.stop, 'infinity'::date)
      WHERE ${inPeriod("d.deadline")} AND d.deadline <= $3::date
        AND NOT EXISTS (SELECT 1 FROM case_spans b WHERE b.subject_code = k.subject_code AND b.list_type = 'black'
                        AND b.start <= d.deadline AND coalesce(b.stop, 'infinity'::date) > r.decision_date)
      ORDER BY k.case_id, d.deadline, r.record_id
    ) t
  )`;
}

export interface JointFigure {
  numerator: number;
  denominator: number;
  rate: number | null;
}

export interface JointEntityFigures {
  /** 'unit': one unit's own figures; 'region' / 'department': a ranked entity's, rolled up as its score is */
  scope: "unit" | Group;
  code: string;
  name: string;
  /** only with byMonth */
  month?: string;
  indicators: Record<JointIndicator, JointFigure>;
  findings: Record<JointFinding, number>;
}

export interface JointFiguresResult {
  period: string;
  as_of: string;
  entities: JointEntityFigures[];
  /** every unit with at least one item or finding */
  units: JointEntityFigures[];
}

export interface JointLongRow {
  scope: "unit" | Group;
  code: string;
  name: string;
  month: string | null;
  key: string;
  numerator: string;
  denominator: string;
}

/**
 * The figures as rows (scope, code, month, key, numerator, denominator) over $1–$4. `forScore`: only
 * the ranked entities, and of the findings only those the joint method deducts (the cross-checks'
 * branches are then never run: their constant kind fails the filter at planning).
 */
export async function jointRows(db: Sql, params: [string, string, string, string[]], options: { byMonth?: boolean; forScore?: boolean } = {}): Promise<JointLongRow[]> {
  const m = options.byMonth ? ", month" : "";
  const month = options.byMonth ? "p.month" : "NULL";
  const kinds = options.forScore ? `WHERE kind IN (${JOINT_VIOLATIONS.map((k) => `'${k}'`).join(", ")})` : "";
  return db.query<JointLongRow>(
    `WITH RECURSIVE ${ENTITY_UNITS}, ${jointCtes()},
    per_unit AS MATERIALIZED (
      SELECT unit_code, indicator AS key${m},
        sum(coalesce(counted, (status IN ('on_time', 'answered'))::int)) AS numerator,
        sum(coalesce(total, (status <> 'not_due')::int)) AS denominator
      FROM joint_items GROUP BY unit_code, indicator${m}
      UNION ALL
      SELECT unit_code, kind${m}, count(*), 0 FROM joint_findings ${kinds} GROUP BY unit_code, kind${m}
    )
    ${
      options.forScore
        ? ""
        : `SELECT 'unit' AS scope, p.unit_code AS code, coalesce(u.name, p.unit_code) AS name, ${month} AS month, p.key,
      p.numerator::bigint::text AS numerator, p.denominator::bigint::text AS denominator
    FROM per_unit p LEFT JOIN units u ON u.code = p.unit_code
    UNION ALL`
    }
    -- rolled up before the ranked entities are named (joined the other way, the planner expects one row and loops)
    SELECT k.grp AS scope, k.code, k.name, ${options.byMonth ? "x.month" : "NULL"} AS month, x.key, x.numerator::text AS numerator, x.denominator::text AS denominator
    FROM (SELECT e.grp, e.entity, p.key${m.replace("month", "p.month")}, sum(p.numerator)::bigint AS numerator, sum(p.denominator)::bigint AS denominator
          FROM per_unit p JOIN entity_units e ON e.unit_code = p.unit_code GROUP BY e.grp, e.entity, p.key${m.replace("month", "p.month")}) x
    JOIN ranked k ON k.grp = x.grp AND k.code = x.entity`,
    params,
  );
}

/**
 * The figures of the joint-measures cycle per ranked entity (regions and departments, through
 * ENTITY_UNITS as their scores) and per unit; `byMonth`, one row per entity and month of the period.
 */
export async function jointFigures(db: Sql, periodKey: string, asOf: string, options: { byMonth?: boolean } = {}): Promise<JointFiguresResult> {
  const period = parsePeriod(periodKey);
  assertIsoDate(asOf);
  const rows = await jointRows(db, [period.start, period.end, asOf, period.months], { byMonth: options.byMonth });
  // every ranked entity is listed, with zeros where nothing is due (as in the score document)
  const ranked = await db.query<{ grp: Group; code: string; name: string }>(`WITH RECURSIVE ${ENTITY_UNITS} SELECT grp, code, name FROM ranked ORDER BY grp, code`);
  const months = options.byMonth ? period.months : [undefined];
  const byKey = new Map<string, JointEntityFigures>();
  const entry = (scope: JointEntityFigures["scope"], code: string, name: string, month: string | undefined) => {
    const k = `${scope}|${code}|${month ?? ""}`;
    let e = byKey.get(k);
    if (!e) {
      e = { scope, code, name, ...(month ? { month } : {}), indicators: emptyIndicators(), findings: emptyFindings() };
      byKey.set(k, e);
    }
    return e;
  };
  for (const r of ranked) for (const month of months) entry(r.grp, r.code, r.name, month);
  for (const r of rows) {
    const e = entry(r.scope, r.code, r.name, r.month ?? undefined);
    if ((JOINT_FINDINGS as readonly string[]).includes(r.key)) e.findings[r.key as JointFinding] = Number(r.numerator);
    else e.indicators[r.key as JointIndicator] = figure(BigInt(r.numerator), BigInt(r.denominator));
  }
  const all = [...byKey.values()];
  const order = (a: JointEntityFigures, b: JointEntityFigures) => cmp(a.month ?? "", b.month ?? "") || cmp(a.scope, b.scope) || cmp(a.code, b.code);
  return {
    period: period.key,
    as_of: asOf,
    entities: all.filter((e) => e.scope !== "unit").sort(order),
    units: all.filter((e) => e.scope === "unit").sort(order),
  };
}

function emptyIndicators(): Record<JointIndicator, JointFigure> {
  return Object.fromEntries(JOINT_INDICATORS.map((k) => [k, { numerator: 0, denominator: 0, rate: null }])) as Record<JointIndicator, JointFigure>;
}
function emptyFindings(): Record<JointFinding, number> {
  return Object.fromEntries(JOINT_FINDINGS.map((k) => [k, 0])) as Record<JointFinding, number>;
}
function figure(num: bigint, den: bigint): JointFigure {
  return { numerator: Number(num), denominator: Number(den), rate: den === 0n ? null : Number((2n * num * 1_000_000n + den) / (2n * den)) / 1_000_000 };
}
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export interface JointListQuery {
  period: string;
  asOf: string;
  /** a ranked entity's units (group + entity), or one unit; neither: every unit (the office's lists) */
  group?: Group;
  entity?: string;
  unit?: string;
  status?: string;
  limit?: number;
  offset?: number;
  idNumbers?: IdNumberView;
}

export interface JointListResult {
  /** items per status (findings: per kind), over the whole list */
  counts: Record<string, number>;
  total: number;
  items: Record<string, unknown>[];
}

/** The units a list is about, as a CTE `mine` ($5 group, $6 entity, $7 unit; all NULL: every unit). */
const MINE = `params AS (SELECT $1::date, $2::date, $3::date, $4::text[], $5::text, $6::text, $7::text, $8::text),
  mine AS (
    SELECT DISTINCT unit_code FROM entity_units WHERE grp = $5::text AND entity = $6::text AND $7::text IS NULL
    UNION SELECT $7::text WHERE $7::text IS NOT NULL
  )`;
const scoped = (alias: string) => `($5::text IS NULL AND $7::text IS NULL OR ${alias}.unit_code IN (SELECT unit_code FROM mine))`;

function listParams(q: JointListQuery): unknown[] {
  const period = parsePeriod(q.period);
  assertIsoDate(q.asOf);
  if ((q.group === undefined) !== (q.entity === undefined)) throw new AppError("bad_scope", "请同时给出分组和对象", "give both the group and the entity");
  return [period.start, period.end, q.asOf, period.months, q.group ?? null, q.entity ?? null, q.unit ?? null];
}
const page = (q: JointListQuery) => ({ limit: Math.min(Math.max(q.limit ?? 100, 1), 200_000), offset: Math.max(q.offset ?? 0, 0) });

/**
 * The items behind one joint-measures figure of an entity or unit (explain, lib/scoring/explain.ts's
 * counterpart): every item with its status, its deadline and the date its step was done, paginated
 * in SQL; the counts by status equal the figure (numerator: on_time / answered; denominator: all but
 * not_due; credit checks: the rows, whose sums are the figure).
 */
export async function jointExplain(db: Sql, q: JointListQuery & { target: JointIndicator | JointFinding }): Promise<JointListResult> {
  if ((JOINT_FINDINGS as readonly string[]).includes(q.target)) {
    const { period, asOf, target, ...rest } = q;
    const r = await jointFindings(db, period, asOf, { ...rest, kind: target as JointFinding });
    return { ...r, counts: r.total > 0 ? { finding: r.total } : {} };
  }
  if (!(JOINT_INDICATORS as readonly string[]).includes(q.target)) throw new AppError("bad_indicator", `未知指标“${q.target}”`, `unknown indicator "${q.target}"`);
  const params = [...listParams(q), q.target, q.status ?? null];
  const { limit, offset } = page(q);
  const base = `WITH RECURSIVE ${ENTITY_UNITS}, ${jointCtes()}, ${MINE},
    items AS MATERIALIZED (
      SELECT i.*, u.name AS unit_name FROM joint_items i LEFT JOIN units u ON u.code = i.unit_code
      WHERE i.indicator = $8::text AND ${scoped("i")}),
    status_param AS (SELECT $9::text)`;
  const order = "deadline NULLS LAST, month, case_id, measure_code, implementing_unit, ref_id, unit_code";
  const [{ items }] = (await db.query<{ items: Record<string, unknown>[] }>(
    `${base} SELECT coalesce(json_agg(x ORDER BY ${order}), '[]'::json) AS items FROM (
       SELECT * FROM items WHERE ($9::text IS NULL OR status = $9::text) ORDER BY ${order} LIMIT ${limit} OFFSET ${offset}) x`,
    params,
  )) as [{ items: Record<string, unknown>[] }];
  const counts = await db.query<{ status: string; n: number }>(`${base} SELECT status, count(*)::int AS n FROM items GROUP BY status`, params);
  const byStatus = Object.fromEntries(counts.map((c) => [c.status, c.n]));
  const total = q.status ? (byStatus[q.status] ?? 0) : counts.reduce((s, c) => s + c.n, 0);
  return { counts: byStatus, total, items: q.idNumbers === "full" ? items : maskSubjectCodes(items) };
}

/** The columns a list of findings can be sorted by (then by date, kind and case, so pages are stable). */
export const FINDING_SORTS = ["date", "kind", "unit", "case"] as const;
export type FindingSort = (typeof FINDING_SORTS)[number];
const FINDING_ORDER: Record<FindingSort, string> = { date: "event_date", kind: "kind", unit: "unit_code", case: "case_id" };

/**
 * The findings of a period (every unit's, an entity's or one unit's; one kind or all), each with the
 * case, subject and rows behind it, sorted and paginated in SQL; `counts` per kind over the whole list.
 */
export async function jointFindings(
  db: Sql,
  period: string,
  asOf: string,
  options: Omit<JointListQuery, "period" | "asOf"> & { kind?: JointFinding; sort?: FindingSort; dir?: "asc" | "desc" } = {},
): Promise<JointListResult> {
  const q = { ...options, period, asOf };
  if (q.kind !== undefined && !(JOINT_FINDINGS as readonly string[]).includes(q.kind)) throw new AppError("bad_finding", `未知问题类型“${q.kind}”`, `unknown kind of finding "${q.kind}"`);
  const params = [...listParams(q), q.kind ?? null];
  const { limit, offset } = page(q);
  const base = `WITH RECURSIVE ${ENTITY_UNITS}, ${jointCtes()}, ${MINE},
    items AS MATERIALIZED (
      SELECT f.*, 'finding'::text AS status, u.name AS unit_name FROM joint_findings f LEFT JOIN units u ON u.code = f.unit_code
      WHERE ($8::text IS NULL OR f.kind = $8::text) AND ${scoped("f")})`;
  // the chosen column first (a fixed name from FINDING_ORDER, never the address's text), then the stable order
  const first = q.sort ? `${FINDING_ORDER[q.sort] ?? "event_date"} ${q.dir === "desc" ? "DESC" : "ASC"}, ` : "";
  const order = `${first}event_date, kind, case_id, measure_code, implementing_unit, unit_code, ref_id`;
  const [{ items }] = (await db.query<{ items: Record<string, unknown>[] }>(
    `${base} SELECT coalesce(json_agg(x ORDER BY ${order}), '[]'::json) AS items FROM (SELECT * FROM items ORDER BY ${order} LIMIT ${limit} OFFSET ${offset}) x`,
    params,
  )) as [{ items: Record<string, unknown>[] }];
  const counts = await db.query<{ kind: string; n: number }>(`${base} SELECT kind, count(*)::int AS n FROM items GROUP BY kind`, params);
  return {
    counts: Object.fromEntries(counts.map((c) => [c.kind, c.n])),
    total: counts.reduce((s, c) => s + c.n, 0),
    items: q.idNumbers === "full" ? items : maskSubjectCodes(items),
  };
}
