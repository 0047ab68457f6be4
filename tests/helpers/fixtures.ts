import type { Sql } from "@/db/client";

/** Inserts evidence directly (batch 0), for scoring tests that must control every field. */
export async function insertRows(sql: Sql, table: string, rows: Record<string, unknown>[]): Promise<void> {
  for (const row of rows) {
    const cols = Object.keys(row);
    const withBatch = ["units", "calendar_days", "users"].includes(table) ? cols : [...cols, "batch_id"];
    const values = withBatch.map((c) => (c === "batch_id" && !(c in row) ? 0 : row[c]));
    await sql.query(
      `INSERT INTO ${table} (${withBatch.join(", ")}) VALUES (${withBatch.map((_, i) => `$${i + 1}`).join(", ")})`,
      values,
    );
  }
}

export const unit = (code: string, name: string, type: "region" | "department" | "agency", parent: string | null, region: string | null, line: string | null) => ({
  code,
  name,
  type,
  parent_code: parent,
  region_code: region,
  line_code: line,
});

export const record = (id: string, unitCode: string, decision: string, published: string | null, received: string | null, compliant = true) => ({
  record_id: id,
  kind: "license",
  unit_code: unitCode,
  subject_type: "legal",
  subject_code: "91350100M000100Y43",
  subject_name: "某某有限公司",
  decision_no: `决定〔2024〕${id}号`,
  decision_date: decision,
  published_date: published,
  received_date: received,
  compliant,
});

export const obligation = (caseId: string, measure: string, impl: string, initiating: string, due: string) => ({
  case_id: caseId,
  measure_code: measure,
  implementing_unit: impl,
  initiating_unit: initiating,
  subject_code: "91350100M000100Y43",
  subject_name: "某某有限公司",
  list_type: "black",
  area: "食品药品",
  pushed_date: "2024-03-01",
  due_date: due,
});

export const feedbackRow = (caseId: string, measure: string, impl: string, date: string, result = "executed") => ({
  case_id: caseId,
  measure_code: measure,
  implementing_unit: impl,
  feedback_date: date,
  result,
  note: "",
});
