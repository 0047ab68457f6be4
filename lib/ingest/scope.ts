import "server-only";
import type { Sql } from "@/db/client";
import { AppError } from "@/lib/errors";
import type { ImportKind } from "./kinds";

/**
 * Whose rows a unit may deliver (CONTRACT §8): the unit's own and those of the agencies whose
 * `region_code` or `line_code` it is. A row belongs to the unit it names in one field per kind — a
 * record to its deciding unit, a case to the unit that initiated it, a feedback to the unit that
 * implements the measure, an objection to its case's initiating unit. A receipt belongs to the unit
 * that implements the measure, a notification (like an objection) to its case's initiating unit, a
 * credit check count to its unit. The units file, the measure lists and the calendar are the office's:
 * no unit delivers them.
 */
export const UNIT_KINDS = [
  "records",
  "stats",
  "cases",
  "feedback",
  "objections",
  "repairs",
  "receipts",
  "notifications",
  "credit_checks",
  "tasks",
  "progress",
] as const satisfies readonly ImportKind[];
export type UnitKind = (typeof UNIT_KINDS)[number];

export function isUnitKind(kind: string): kind is UnitKind {
  return (UNIT_KINDS as readonly string[]).includes(kind);
}

/** The field a row names its unit by, and the SQL (over the staged row `s`) of that unit's code. */
export const OWNER: Record<UnitKind, { field: string; unit: string }> = {
  records: { field: "unit_code", unit: "s.unit_code" },
  stats: { field: "unit_code", unit: "s.unit_code" },
  cases: { field: "initiating_unit", unit: "s.initiating_unit" },
  feedback: { field: "implementing_unit", unit: "s.implementing_unit" },
  // the case's rows (one per obligation) share their initiating unit; the smallest is taken should they not
  objections: { field: "case_id", unit: "(SELECT min(c.initiating_unit) FROM cases c WHERE c.case_id = s.case_id)" },
  repairs: { field: "unit_code", unit: "s.unit_code" },
  receipts: { field: "implementing_unit", unit: "s.implementing_unit" },
  notifications: { field: "case_id", unit: "(SELECT min(c.initiating_unit) FROM cases c WHERE c.case_id = s.case_id)" },
  credit_checks: { field: "unit_code", unit: "s.unit_code" },
  tasks: { field: "lead_unit", unit: "s.lead_unit" },
  progress: { field: "unit_code", unit: "s.unit_code" },
};

/** SQL: the unit `code` is `unit` itself or one of its agencies (both are SQL expressions). */
export function inScopeSql(unit: string, code: string): string {
  return `EXISTS (SELECT 1 FROM units w WHERE w.code = ${code} AND (w.code = ${unit} OR (w.type = 'agency' AND (w.region_code = ${unit} OR w.line_code = ${unit}))))`;
}

export interface OutOfScopeRow {
  row: number;
  field: string;
  value: string;
  zh: string;
  en: string;
}

/** A batch with rows of other units: refused whole (403), with the rows that caused it. */
export class ScopeError extends AppError {
  constructor(
    readonly unit: string,
    readonly rows: OutOfScopeRow[],
    readonly total: number,
  ) {
    super(
      "out_of_scope",
      `有 ${total} 行属于单位 ${unit} 及其所属机构以外的单位，整批未保存（令牌只能报送本单位的数据）`,
      `${total} row(s) belong to a unit other than ${unit} and its agencies: nothing was stored (a token delivers its own unit's rows only)`,
      403,
    );
    this.name = "ScopeError";
  }
}

export function assertScopedKind(kind: ImportKind): asserts kind is UnitKind {
  if (!isUnitKind(kind)) {
    throw AppError.forbidden(`“${kind}”由领导小组办公室导入，单位不能报送`, `"${kind}" is imported by the office; a unit does not deliver it`);
  }
}

const LISTED = 1000;

/**
 * Throws ScopeError when a staged row belongs to a unit outside `unit`'s scope (the first 1 000 such
 * rows are listed, by row number). Rows whose unit does not exist were rejected before.
 */
export async function refuseOutOfScope(tx: Sql, kind: ImportKind, staging: string, unit: string): Promise<void> {
  const { rows, total } = await outOfScope(tx, kind, staging, unit, LISTED);
  if (rows.length > 0) throw new ScopeError(unit, rows, total);
}

/**
 * The browser upload's rule (a clerk's file may mix in other units' rows by mistake): each staged row
 * of a unit outside `unit`'s scope is rejected with its reason and taken out; the others are imported.
 */
export async function rejectOutOfScope(tx: Sql, kind: ImportKind, staging: string, unit: string): Promise<{ row: number; errors: { zh: string; en: string }[] }[]> {
  const { rows } = await outOfScope(tx, kind, staging, unit, null);
  if (rows.length > 0) await tx.query(`DELETE FROM ${staging} WHERE row_no = ANY($1::int[])`, [rows.map((r) => r.row)]);
  return rows.map((r) => ({ row: r.row, errors: [{ zh: r.zh, en: r.en }] }));
}

/** The staged rows of units outside `unit`'s scope, by row number (the first `limit`, or all), and how many there are. */
async function outOfScope(tx: Sql, kind: ImportKind, staging: string, unit: string, limit: number | null): Promise<{ rows: OutOfScopeRow[]; total: number }> {
  assertScopedKind(kind);
  const owner = OWNER[kind];
  const found = await tx.query<{ row_no: number; value: string; owner: string; total: number }>(
    `SELECT s.row_no, s.${owner.field}::text AS value, o.unit AS owner, count(*) OVER ()::int AS total
     FROM ${staging} s CROSS JOIN LATERAL (SELECT ${owner.unit} AS unit) o
     WHERE o.unit IS NOT NULL AND o.unit <> '' AND NOT ${inScopeSql("$1", "o.unit")}
     ORDER BY s.row_no${limit === null ? "" : ` LIMIT ${limit}`}`,
    [unit],
  );
  const rows = found.map((r): OutOfScopeRow => {
    const via = kind !== "objections" && kind !== "notifications";
    return {
      row: r.row_no,
      field: owner.field,
      value: r.value,
      zh: via
        ? `${owner.field}：单位“${r.owner}”既不是 ${unit}，也不是其所属机构`
        : `${owner.field}：案件“${r.value}”由单位“${r.owner}”发起，既不是 ${unit}，也不是其所属机构`,
      en: via
        ? `${owner.field}: unit "${r.owner}" is neither ${unit} nor one of its agencies`
        : `${owner.field}: case "${r.value}" was initiated by unit "${r.owner}", which is neither ${unit} nor one of its agencies`,
    };
  });
  return { rows, total: found[0]?.total ?? 0 };
}
