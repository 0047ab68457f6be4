import "server-only";
import ExcelJS from "exceljs";
import type { Sql } from "@/db/client";
import { csvLine } from "@/lib/csv";
import { documentDate } from "@/lib/document-dates";
import { DATE_KEYS } from "@/lib/export-items";
import { cellText, columnsFor, statusText } from "@/lib/explain-text";
import type { Lang } from "@/lib/i18n";
import { explain, type ExplainTarget } from "@/lib/scoring/explain";
import type { Group } from "@/lib/scoring/score";
import { unitNamer, withItemNames } from "@/lib/unit-names";
import { ANNEX_SECTIONS, type AnnexSection } from "./annex-columns";
import { hasAnnex } from "./form";
import type { NoticeRow } from "./lifecycle";

export { ANNEX_SECTIONS, annexSection, printColumns, type AnnexSection } from "./annex-columns";
export { hasAnnex };

/**
 * A notice's annex (附件：问题清单): the full list of the items behind its figures that went wrong —
 * records published or collected late or not at all, non-compliant records, catalogue items
 * collected short, obligations answered late or not at all, and violations — of the addressed unit
 * in the notice's period, as of its evaluation date.
 *
 * While the notice is a draft the list is read from the evidence (lib/scoring/explain.ts, paged in
 * SQL); issuing freezes it into `notice_annex_items` in the same transaction (a trigger refuses any
 * change afterwards), so the issued notice, its printable page, its PDF and the CSV/XLSX agree for
 * good however the evidence is corrected later. Notices issued before the annex existed (document
 * form 1) have none.
 */

export const ANNEX_PAGE_SIZE = 50;
/**
 * The printed annex (PDF, printable page) lists at most this many items: a document of ~60 pages.
 * Past it the document says so and points to the CSV/XLSX, which always hold every item.
 */
export const ANNEX_PRINT_MAX = 2000;

type AnnexNotice = Pick<NoticeRow, "id" | "period" | "grp" | "unit_code" | "as_of" | "issued_at" | "doc_form">;


const frozen = (n: AnnexNotice) => n.issued_at !== null;


function live(n: AnnexNotice, s: AnnexSection) {
  return { period: n.period, asOf: n.as_of, group: n.grp as Group, entity: n.unit_code, target: s.target, statuses: s.statuses, idNumbers: "masked" as const };
}

/** The number of items in each section, in the annex's order (sections without any included). */
export async function annexCounts(db: Sql, n: AnnexNotice): Promise<{ section: AnnexSection; total: number }[]> {
  if (!hasAnnex(n)) return [];
  if (frozen(n)) {
    const rows = await db.query<{ target: string; n: number }>(`SELECT target, count(*)::int AS n FROM notice_annex_items WHERE notice_id = $1 GROUP BY target`, [n.id]);
    const by = new Map(rows.map((r) => [r.target, r.n]));
    return ANNEX_SECTIONS.map((section) => ({ section, total: by.get(section.target) ?? 0 }));
  }
  const out = [];
  for (const section of ANNEX_SECTIONS) {
    const r = await explain(db, { ...live(n, section), limit: 1 });
    out.push({ section, total: r.total });
  }
  return out;
}

/** Items of one section, `limit` from `offset`, in the annex's order (paged in SQL either way). */
async function sectionItems(db: Sql, n: AnnexNotice, section: AnnexSection, limit: number, offset: number): Promise<Record<string, unknown>[]> {
  if (frozen(n)) {
    const rows = await db.query<{ item: Record<string, unknown> }>(
      `SELECT item FROM notice_annex_items WHERE notice_id = $1 AND target = $2 ORDER BY seq LIMIT $3 OFFSET $4`,
      [n.id, section.target, limit, offset],
    );
    return rows.map((r) => r.item);
  }
  return (await explain(db, { ...live(n, section), limit, offset, counts: false })).items;
}

export interface AnnexPage {
  sections: { section: AnnexSection; total: number }[];
  section: AnnexSection;
  items: Record<string, unknown>[];
  total: number;
  page: number;
  pages: number;
  /** the 1-based number of the page's first item within its section */
  first: number;
}

/** One page of one section, for the annex's page (ANNEX_PAGE_SIZE items). Page numbers out of range are the caller's to refuse. */
export async function annexPage(db: Sql, n: AnnexNotice, target: ExplainTarget | undefined, page: number): Promise<AnnexPage> {
  const sections = await annexCounts(db, n);
  // without a section asked for: the first one that has items
  const chosen = (target ? sections.find((s) => s.section.target === target) : sections.find((s) => s.total > 0)) ?? sections[0]!;
  const pages = Math.max(1, Math.ceil(chosen.total / ANNEX_PAGE_SIZE));
  const offset = (page - 1) * ANNEX_PAGE_SIZE;
  const items = page >= 1 && page <= pages ? await sectionItems(db, n, chosen.section, ANNEX_PAGE_SIZE, offset) : [];
  return { sections, section: chosen.section, items, total: chosen.total, page, pages, first: offset + 1 };
}

export interface PrintedAnnex {
  sections: { section: AnnexSection; total: number; items: Record<string, unknown>[] }[];
  /** all items of the annex */
  total: number;
  /** the items printed (total unless the annex is longer than ANNEX_PRINT_MAX) */
  shown: number;
}

/** The annex as the document prints it: every section, the first `max` items in all. */
export async function annexForPrint(db: Sql, n: AnnexNotice, max = ANNEX_PRINT_MAX): Promise<PrintedAnnex | null> {
  if (!hasAnnex(n)) return null;
  const counts = await annexCounts(db, n);
  let room = max;
  const sections = [];
  for (const { section, total } of counts) {
    if (total === 0) continue;
    const take = Math.min(total, room);
    sections.push({ section, total, items: take > 0 ? await sectionItems(db, n, section, take, 0) : [] });
    room -= take;
  }
  const total = counts.reduce((s, c) => s + c.total, 0);
  return { sections, total, shown: Math.min(total, max) };
}

// a chunk of items written at once while freezing (one statement, one JSON parameter)
const FREEZE_CHUNK = 2000;

/**
 * Freezes the annex of a notice that is being issued, inside the issuing transaction: every item
 * of every section, ID numbers masked for good. Returns how many items it holds.
 */
export async function freezeAnnex(tx: Sql, n: AnnexNotice): Promise<number> {
  let seq = 0;
  for (const section of ANNEX_SECTIONS) {
    const { items } = await explain(tx, { ...live(n, section), limit: 200_000, counts: false });
    for (let i = 0; i < items.length; i += FREEZE_CHUNK) {
      const chunk = items.slice(i, i + FREEZE_CHUNK);
      await tx.query(
        `INSERT INTO notice_annex_items (notice_id, seq, target, status, item)
         SELECT $1, $2 + t.ord, $3, t.e->>'status', t.e FROM jsonb_array_elements($4::jsonb) WITH ORDINALITY AS t(e, ord)`,
        [n.id, seq, section.target, JSON.stringify(chunk)],
      );
      seq += chunk.length;
    }
  }
  return seq;
}

// ---------------------------------------------------------------------------------------------
// the same list as a file

export interface AnnexFile {
  body: Uint8Array;
  contentType: string;
  fileName: string;
  items: number;
}

const UNIT = { key: "unit_name", zh: "单位", en: "Unit" };

/** The CSV's columns: every column of every section once (a row fills those of its section). */
function csvColumns(): { key: string; zh: string; en: string }[] {
  const out = new Map<string, { key: string; zh: string; en: string }>();
  for (const s of ANNEX_SECTIONS) for (const c of columnsFor(s.target)) if (!out.has(c.key)) out.set(c.key, c.key === "unit_name" ? UNIT : c);
  return [...out.values()];
}

/**
 * The whole annex as CSV (UTF-8 with BOM, one table: 序号, the section, the status, then every
 * column of every section) or XLSX (a title row, then a sheet per section with its own columns,
 * frozen headers with filters, dates as date cells). Text cells are neutralised against formulas as
 * in every export (lib/csv.ts; ExcelJS writes strings as strings).
 */
export async function exportAnnex(db: Sql, n: AnnexNotice & Pick<NoticeRow, "number" | "title">, unitName: string, lang: Lang, format: "csv" | "xlsx"): Promise<AnnexFile> {
  const en = lang === "en";
  // units named in the file's language (an English file: English names where units have them)
  const name = await unitNamer(db, lang);
  const sections: { section: AnnexSection; items: Record<string, unknown>[] }[] = [];
  for (const section of ANNEX_SECTIONS) sections.push({ section, items: withItemNames(await sectionItems(db, n, section, 200_000, 0), name) });
  const unit = name(n.unit_code, unitName);
  const items = sections.reduce((s, x) => s + x.items.length, 0);
  const base = `${en ? "annex" : "附件-问题清单"}-${n.number ?? `${en ? "draft" : "草稿"}-${n.id}`}`;
  if (format === "csv") {
    const cols = csvColumns();
    const lines = [csvLine([en ? "No." : "序号", en ? "Section" : "问题类别", en ? "Status" : "状态", ...cols.map((c) => c[lang])])];
    let seq = 0;
    for (const { section, items: rows } of sections) {
      for (const i of rows) lines.push(csvLine([++seq, section[lang], statusText(lang, String(i.status)), ...cols.map((c) => cellText(lang, c.key, i[c.key]))]));
    }
    return { body: new TextEncoder().encode("\uFEFF" + lines.join("\r\n") + "\r\n"), contentType: "text/csv; charset=utf-8", fileName: `${base}.csv`, items };
  }
  const wb = new ExcelJS.Workbook();
  const title = en
    ? `Annex: list of problems · ${n.number ?? "draft"} · ${unit} · ${n.period} · as of ${documentDate("en", n.as_of)} · ${items} items`
    : `附件：问题清单 · ${n.number ?? "草稿"} · ${unit} · ${n.period} · 截至${documentDate("zh", n.as_of)} · 共 ${items} 条`;
  for (const { section, items: rows } of sections) {
    const cols = columnsFor(section.target);
    const header = [en ? "No." : "序号", ...cols.map((c) => c[lang]), en ? "Status" : "状态"];
    const ws = wb.addWorksheet(section[lang].slice(0, 31), { views: [{ state: "frozen", ySplit: 2 }] });
    ws.addRow([`${title} · ${section[lang]}（${rows.length}）`]).font = { bold: true, size: 13 };
    ws.mergeCells(1, 1, 1, header.length);
    ws.addRow(header).font = { bold: true };
    rows.forEach((i, k) =>
      ws.addRow([
        k + 1,
        ...cols.map((c) => {
          const v = cellText(lang, c.key, i[c.key]);
          return DATE_KEYS.has(c.key) && /^\d{4}-\d{2}-\d{2}$/.test(v) ? new Date(`${v}T00:00:00Z`) : v;
        }),
        statusText(lang, String(i.status)),
      ]),
    );
    ws.autoFilter = { from: { row: 2, column: 1 }, to: { row: 2, column: header.length } };
    ws.columns.forEach((c, k) => {
      const key = cols[k - 1]?.key ?? "";
      c.width = k === 0 ? 8 : DATE_KEYS.has(key) ? 12 : 20;
      if (DATE_KEYS.has(key)) c.numFmt = "yyyy-mm-dd";
    });
  }
  const buf = await wb.xlsx.writeBuffer();
  return { body: new Uint8Array(buf), contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", fileName: `${base}.xlsx`, items };
}
