import "server-only";
import ExcelJS from "exceljs";
import type { Sql } from "@/db/client";
import type { Lang } from "@/lib/i18n";
import { accessPage, AUDIT_EXPORT_LIMIT, changePage, type AuditFilter } from "./queries";

export type AuditKind = "access" | "changes";

const COLUMNS: Record<AuditKind, { key: string; zh: string; en: string }[]> = {
  access: [
    { key: "at", zh: "时间（北京时间）", en: "When (Beijing)" },
    { key: "username", zh: "用户", en: "User" },
    { key: "role", zh: "角色", en: "Role" },
    { key: "user_unit", zh: "用户所在单位", en: "User's unit" },
    { key: "action", zh: "操作", en: "Action" },
    { key: "target_unit", zh: "所涉单位", en: "Unit concerned" },
    { key: "target_name", zh: "单位名称", en: "Unit name" },
    { key: "allowed", zh: "结果", en: "Outcome" },
    { key: "address", zh: "地址", en: "Address" },
    { key: "detail", zh: "页面或文件", en: "Page or file" },
  ],
  changes: [
    { key: "at", zh: "时间（北京时间）", en: "When (Beijing)" },
    { key: "actor", zh: "操作人", en: "Actor" },
    { key: "action", zh: "操作", en: "Action" },
    { key: "entity", zh: "对象", en: "Entity" },
    { key: "entity_key", zh: "对象标识", en: "Key" },
    { key: "batch_id", zh: "导入批次", en: "Import batch" },
    { key: "after", zh: "内容", en: "Content" },
  ],
};

export const auditColumns = (kind: AuditKind, lang: Lang) => COLUMNS[kind].map((c) => ({ key: c.key, label: c[lang] }));

/** Every row the filter selects (up to AUDIT_EXPORT_LIMIT) as an XLSX workbook; text cells are never formulas in XLSX. */
export async function auditWorkbook(db: Sql, kind: AuditKind, filter: AuditFilter, lang: Lang): Promise<Buffer> {
  const { rows } = kind === "access" ? await accessPage(db, filter, 1, AUDIT_EXPORT_LIMIT) : await changePage(db, filter, 1, AUDIT_EXPORT_LIMIT);
  const cols = COLUMNS[kind];
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(kind === "access" ? (lang === "en" ? "Views" : "访问记录") : lang === "en" ? "Changes" : "变更记录");
  ws.addRow(cols.map((c) => c[lang])).font = { bold: true };
  for (const r of rows as unknown as Record<string, unknown>[]) {
    ws.addRow(
      cols.map((c) => {
        const v = r[c.key];
        if (c.key === "allowed") return v ? (lang === "en" ? "allowed" : "允许") : lang === "en" ? "refused" : "拒绝";
        if (v === null || v === undefined) return "";
        return typeof v === "object" ? JSON.stringify(v) : (v as string | number);
      }),
    );
  }
  ws.columns.forEach((c) => (c.width = 20));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
