import ExcelJS from "exceljs";
import { csvLine } from "@/lib/csv";
import type { Sql } from "@/db/client";
import type { IdNumberView } from "@/lib/codes/mask";
import { cellText, columnsFor, statusText, targetName } from "@/lib/explain-text";
import type { Lang } from "@/lib/i18n";
import { explain, type ExplainTarget } from "@/lib/scoring/explain";
import { INDICATORS } from "@/lib/scoring/indicators";
import type { Group } from "@/lib/scoring/score";

export const TARGETS: ExplainTarget[] = [...INDICATORS, "violations"];

/**
 * The full list behind one figure as CSV (UTF-8 with BOM for Excel) or XLSX; natural persons' ID
 * numbers masked unless `idNumbers` is "full" (decided and logged by lib/auth/personal-data.ts).
 */
export async function exportItems(db: Sql, q: { period: string; asOf: string; group: Group; entity: string; target: ExplainTarget; status?: string; lang: Lang; format: "csv" | "xlsx"; idNumbers?: IdNumberView }): Promise<Response> {
  const { items } = await explain(db, { ...q, idNumbers: q.idNumbers ?? "masked", limit: 200_000 });
  const cols = columnsFor(q.target);
  const header = [...cols.map((c) => c[q.lang]), q.lang === "en" ? "Status" : "状态"];
  const rows = items.map((i) => [...cols.map((c) => cellText(q.lang, c.key, i[c.key])), statusText(q.lang, String(i.status))]);
  const name = `wenxiao-${q.entity}-${q.period}-${q.target}`;
  if (q.format === "csv") {
    const body = "\uFEFF" + [header, ...rows].map(csvLine).join("\r\n") + "\r\n";
    return new Response(body, { headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${name}.csv"` } });
  }
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(targetName(q.lang, q.target).slice(0, 31));
  ws.addRow(header).font = { bold: true };
  for (const r of rows) ws.addRow(r);
  ws.columns.forEach((c) => (c.width = 18));
  const buf = await wb.xlsx.writeBuffer();
  return new Response(new Uint8Array(buf), {
    headers: { "content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "content-disposition": `attachment; filename="${name}.xlsx"` },
  });
}
