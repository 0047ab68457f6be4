import type { ImportKind } from "./kinds";

/** Kinds whose rows name a case only, and the column of `cases` that holds their units. */
const CASE_UNIT = { objections: "implementing_unit", notifications: "initiating_unit" } as const;
type CaseKind = keyof typeof CASE_UNIT;
const isCaseKind = (kind: ImportKind): kind is CaseKind => Object.hasOwn(CASE_UNIT, kind);

/**
 * Which units a row of each kind names: the units whose figures it counts toward (CONTRACT §4), so
 * the units that may see the batch that wrote it (lib/ingest/history.ts) and whose heads hear of its
 * undo (lib/ingest/undo.ts). An objection or a notification names no unit itself, only its case: an
 * objection counts for the units implementing the case's measures, a notification for the unit that
 * initiated the case (it informs the subject, 003 (八)). The calendar and the measure lists belong to
 * everyone and no unit: the office's only.
 */
const UNIT_COLUMNS: Record<Exclude<ImportKind, CaseKind>, string[]> = {
  units: ["code"],
  records: ["unit_code"],
  stats: ["unit_code"],
  cases: ["implementing_unit", "initiating_unit"],
  feedback: ["implementing_unit"],
  repairs: ["unit_code"],
  measures: [],
  receipts: ["implementing_unit"],
  credit_checks: ["unit_code"],
  tasks: ["lead_unit"],
  progress: ["unit_code"],
  calendar: [],
};

/**
 * SQL for the unit codes that the rows of `from` (a table or the import's staging table, aliased `s`)
 * name, one per row and unit, as a single column `code`; NULLs and repeats are the caller's to drop.
 */
export function namedUnitsSql(kind: ImportKind, from: string): string {
  if (isCaseKind(kind)) return `SELECT c.${CASE_UNIT[kind]} AS code FROM ${from} s JOIN cases c ON c.case_id = s.case_id`;
  const cols = UNIT_COLUMNS[kind];
  if (cols.length === 0) return `SELECT NULL::text AS code WHERE false`;
  // one column (most kinds, and the big ones): read it as it is, no array per row
  if (cols.length === 1) return `SELECT s.${cols[0]}::text AS code FROM ${from} s`;
  return `SELECT u AS code FROM ${from} s, unnest(array[${cols.map((c) => `s.${c}`).join(", ")}]::text[]) AS u`;
}

/**
 * A condition on a stored row (alias `t`) of the kind: it names one of the units in the text[]
 * expression `units` (a scalar subquery must be cast, `(SELECT …)::text[]`, or ANY reads it as a set
 * of rows). For a unit's view of a batch's rows: the rows of its own units only.
 */
export function namesUnitCondition(kind: ImportKind, units: string): string {
  if (isCaseKind(kind)) return `EXISTS (SELECT 1 FROM cases c WHERE c.case_id = t.case_id AND c.${CASE_UNIT[kind]} = ANY(${units}))`;
  const cols = UNIT_COLUMNS[kind];
  if (cols.length === 0) return "false";
  return `(${cols.map((c) => `t.${c} = ANY(${units})`).join(" OR ")})`;
}
