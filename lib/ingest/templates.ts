import ExcelJS from "exceljs";
import { OFFICIAL_LAST_YEAR } from "@/lib/calendar/official";
import { csvLine } from "@/lib/csv";
import type { Lang } from "@/lib/i18n";
import { fieldDocs, KIND_INFO } from "./fields";
import { isImportKind, type ImportKind } from "./kinds";

/**
 * The import templates (导入模板): for each kind an XLSX — sheet 1 the Chinese headers and one example
 * row, sheet 2 “填写说明” every field with whether it is required, its format, its allowed values and
 * the other headers accepted — and a CSV (UTF-8 with BOM, the header and the example row). Filled
 * in, either imports as it is (tests/integration/templates.test.ts): sheet 1 has nothing but the
 * header and the data, the field names are in the header cells' notes, which the importer does not read.
 *
 * The example rows fit together (the feedback answers the example case on its measure M-07, the
 * receipt, notification, objection and repair concern that case, the progress reports on the example task) and name the unit EXAMPLE_UNIT, 兰州市 in the demo deployment: a clerk replaces it
 * with their own unit's code, or deletes the example row, before importing.
 */
export const EXAMPLE_UNIT = "620100";

export type TemplateFormat = "xlsx" | "csv";

/** The rows of the XLSX that offer drop-downs for enumerated fields (a month's records of most units fit). */
const TEMPLATE_ROWS = 5000;

// ExcelJS 4.4 keeps a sheet's range validations in `dataValidations` without declaring it in its types
const validations = (ws: ExcelJS.Worksheet) => (ws as unknown as { dataValidations: { add(address: string, v: ExcelJS.DataValidation): void } }).dataValidations;

const EXAMPLES: Record<ImportKind, Record<string, string>> = {
  units: {
    code: `${EXAMPLE_UNIT}-SCJGJ`,
    name: "兰州市市场监督管理局（示例）",
    name_en: "Lanzhou Market Regulation Bureau (example)",
    type: "机构",
    parent_code: "",
    region_code: EXAMPLE_UNIT,
    line_code: "",
  },
  records: {
    record_id: "XK-2026-000001",
    kind: "行政许可",
    unit_code: EXAMPLE_UNIT,
    subject_type: "法人及非法人组织",
    subject_code: "91350100M000100Y43",
    subject_name: "某某食品有限公司（示例）",
    decision_no: "兰市监许〔2026〕1号",
    decision_date: "2026-03-02",
    published_date: "2026-03-05",
    received_date: "2026-03-06",
  },
  stats: { unit_code: EXAMPLE_UNIT, catalog_item: "行政许可信息", period: "2026-03", expected: "120", collected: "118" },
  cases: {
    case_id: "LH-2026-001",
    initiating_unit: EXAMPLE_UNIT,
    subject_code: "91350100M000100Y43",
    subject_name: "某某食品有限公司（示例）",
    list_type: "黑名单",
    area: "食品药品",
    measure_code: "M-07",
    implementing_unit: EXAMPLE_UNIT,
    pushed_date: "2026-03-02",
    due_date: "2026-03-16",
    listed_date: "2026-02-26",
    term_end: "2027-02-25",
    valid_until: "",
    ended_date: "2026-04-15",
    end_reason: "信用修复",
  },
  feedback: { case_id: "LH-2026-001", measure_code: "M-07", implementing_unit: EXAMPLE_UNIT, feedback_date: "2026-03-12", result: "已执行", note: "已限制其参加政府采购（示例）" },
  objections: { objection_id: "YY-2026-001", case_id: "LH-2026-001", filed_date: "2026-03-20", resolved_date: "2026-03-30", outcome: "异议不成立", due_date: "2026-04-13", withdrawn_date: "" },
  // the approved repair ends the example case (its ended_date and end_reason)
  repairs: {
    repair_id: "XF-2026-001",
    case_id: "LH-2026-001",
    unit_code: EXAMPLE_UNIT,
    applied_date: "2026-04-01",
    completed_date: "2026-04-10",
    outcome: "修复成功",
    accepted_date: "2026-04-02",
    removed_date: "2026-04-15",
  },
  measures: {
    measure_code: "M-07",
    name: "限制参加政府采购活动（示例）",
    legal_basis: "《中华人民共和国政府采购法》第二十二条",
    list_level: "全国基础清单",
    list_type: "黑名单",
    mandatory: "强制性",
    effective_from: "2026-01-01",
    effective_to: "",
  },
  receipts: { case_id: "LH-2026-001", measure_code: "M-07", implementing_unit: EXAMPLE_UNIT, received_date: "2026-03-03" },
  notifications: { case_id: "LH-2026-001", notified_date: "2026-02-20", method: "书面告知（示例）" },
  credit_checks: { unit_code: EXAMPLE_UNIT, period: "2026-03", licences: "120", checked: "118" },
  tasks: { task_id: "RW-2026-01", title: "行政许可和行政处罚信息7个工作日内上网公开（示例）", lead_unit: EXAMPLE_UNIT, cooperating_units: "", due_date: "2026-12-31", target: "双公示按时公开率达到95%" },
  progress: { task_id: "RW-2026-01", unit_code: EXAMPLE_UNIT, report_date: "2026-06-30", status: "进行中", percent: "60", note: "已完成系统对接（示例）" },
  // the first day of the first year the shipped calendar does not hold yet: entering a new year's schedule
  calendar: { date: `${OFFICIAL_LAST_YEAR + 1}-01-01`, is_workday: "否" },
};

/** The example row of a kind, by field. */
export function exampleRow(kind: ImportKind): Record<string, string> {
  return { ...EXAMPLES[kind] };
}

export interface TemplateFile {
  body: Uint8Array;
  contentType: string;
  fileName: string;
}

/** The file name of a template: records.xlsx, units.csv … (what the /templates/<file> route answers). */
export function templateFileName(kind: ImportKind, format: TemplateFormat): string {
  return `${kind}.${format}`;
}

/** A template's kind and format from its file name; undefined for anything else. */
export function parseTemplateName(name: string): { kind: ImportKind; format: TemplateFormat } | undefined {
  const m = /^([a-z_]+)\.(xlsx|csv)$/.exec(name);
  if (!m || !isImportKind(m[1]!)) return undefined;
  return { kind: m[1], format: m[2] as TemplateFormat };
}

/** The template of one kind, with the notes (sheet 2 of the XLSX) in `lang`; the headers are Chinese either way. */
export async function buildTemplate(kind: ImportKind, format: TemplateFormat, lang: Lang = "zh"): Promise<TemplateFile> {
  const docs = fieldDocs(kind);
  const example = EXAMPLES[kind];
  const row = docs.map((d) => example[d.field] ?? "");
  const fileName = `${lang === "en" ? "template" : "导入模板"}-${kind}.${format}`;
  if (format === "csv") {
    const text = "\uFEFF" + [csvLine(docs.map((d) => d.header)), csvLine(row)].join("\r\n") + "\r\n";
    return { body: new TextEncoder().encode(text), contentType: "text/csv; charset=utf-8", fileName };
  }
  const en = lang === "en";
  const wb = new ExcelJS.Workbook();
  const data = wb.addWorksheet(KIND_INFO[kind].zh.slice(0, 31), { views: [{ state: "frozen", ySplit: 1 }] });
  data.addRow(docs.map((d) => d.header)).font = { bold: true };
  data.addRow(row);
  docs.forEach((d, i) => {
    const col = data.getColumn(i + 1);
    col.width = Math.max(12, Math.min(40, d.header.length * 2 + 4, Math.max(...row.map((v) => v.length)) + 4));
    // text cells: codes keep their leading zeros and dates stay as typed, never turned into numbers
    col.numFmt = "@";
    data.getCell(1, i + 1).note = `${d.field}${d.required ? (en ? " (required)" : "（必填）") : ""}\n${en ? d.formatEn : d.formatZh}`;
    // an enumerated field offers its Chinese names in a drop-down; typing the English identifier stays
    // possible (a warning, not a refusal), as the importer reads both
    if (d.values) {
      validations(data).add(`${col.letter}2:${col.letter}${TEMPLATE_ROWS + 1}`, {
        type: "list",
        allowBlank: true,
        formulae: [`"${d.values.map((v) => v.names[0] ?? v.id).join(",")}"`],
        showErrorMessage: true,
        errorStyle: "warning",
        errorTitle: en ? "Not in the list" : "不在可选值中",
        error: en ? `Allowed: ${d.values.map((v) => `${v.id} (${v.names.join("/")})`).join(", ")}` : `可选：${d.values.map((v) => `${v.names.join("/")}（${v.id}）`).join("、")}`,
      });
    }
  });

  const notes = wb.addWorksheet("填写说明");
  const title = en
    ? `Template: ${KIND_INFO[kind].en} (${kind}) — ${KIND_INFO[kind].purposeEn}`
    : `导入模板：${KIND_INFO[kind].zh}（${kind}）—— ${KIND_INFO[kind].purposeZh}`;
  notes.addRow([title]).font = { bold: true, size: 13 };
  notes.addRow([
    en
      ? `Fill in sheet 1 from row 2, one row per item; delete the example row (or replace its unit code ${EXAMPLE_UNIT} with yours) before importing. Keep the header row; columns may be in any order, optional ones may be left out.`
      : `从第一个工作表的第 2 行起每行填写一条；导入前删除示例行（或把其中的单位编码 ${EXAMPLE_UNIT} 换成本单位的编码）。保留表头行；列的顺序可以调整，非必填列可以删除。`,
  ]);
  notes.addRow([]);
  const header = en
    ? ["Column (template)", "Field", "Required", "Key", "Format", "Allowed values", "Other accepted headers"]
    : ["列名（模板）", "字段名", "必填", "主键", "格式", "允许的值", "也接受的列名"];
  notes.addRow(header).font = { bold: true };
  for (const d of docs) {
    notes.addRow([
      d.header,
      d.field,
      d.required ? (en ? "yes" : "是") : en ? "no" : "否",
      d.key ? (en ? "yes" : "是") : "",
      en ? d.formatEn : d.formatZh,
      (d.values ?? []).map((v) => `${v.id} = ${v.names.join(" / ")}`).join(en ? "; " : "；"),
      d.aliases.join(en ? ", " : "、"),
    ]);
  }
  [20, 18, 8, 8, 50, 45, 50].forEach((w, i) => {
    const col = notes.getColumn(i + 1);
    col.width = w;
    col.alignment = { wrapText: true, vertical: "top" };
  });
  const buf = await wb.xlsx.writeBuffer();
  return { body: new Uint8Array(buf), contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", fileName };
}
