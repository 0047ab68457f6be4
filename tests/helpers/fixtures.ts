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

/**
 * The one test province every integration test builds its units from: a root, cities (one with a
 * district), two provincial departments and their bureaus. A test names the codes it needs.
 */
const PROVINCE = [
  unit("620000", "甘肃省", "region", null, "620000", null),
  unit("620100", "兰州市", "region", "620000", "620100", null),
  unit("620102", "城关区", "region", "620100", "620102", null),
  unit("620200", "嘉峪关市", "region", "620000", "620200", null),
  unit("620300", "金昌市", "region", "620000", "620300", null),
  unit("D1", "省市场监管局", "department", null, "620000", "D1"),
  unit("D2", "省税务局", "department", null, "620000", "D2"),
  unit("A1", "兰州市市场监管局", "agency", null, "620100", "D1"),
  unit("A2", "嘉峪关市市场监管局", "agency", null, "620200", "D1"),
  unit("A3", "嘉峪关市税务局", "agency", null, "620200", "D2"),
  unit("A4", "城关区市场监管局", "agency", null, "620102", "D1"),
];

/** Inserts the root and the named units of the test province (parents before children). */
export async function insertUnits(sql: Sql, codes: string[]): Promise<void> {
  const unknown = codes.filter((c) => !PROVINCE.some((u) => u.code === c));
  if (unknown.length) throw new Error(`not in the test province: ${unknown.join(", ")}`);
  await insertRows(sql, "units", PROVINCE.filter((u) => u.code === "620000" || codes.includes(u.code)));
}

/** The root and `n` numbered cities (620100, 620200 …), for tests that need many ranked units. */
export async function insertRegions(sql: Sql, n: number): Promise<string[]> {
  const codes = Array.from({ length: n }, (_, i) => `62${String(i + 1).padStart(2, "0")}00`);
  await insertRows(sql, "units", [PROVINCE[0]!, ...codes.map((c) => unit(c, `市${c}`, "region", "620000", c, null))]);
  return codes;
}
