import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createElement } from "react";
import ExcelJS from "exceljs";
import type { Connection } from "@/db/client";
import type { SessionUser } from "@/lib/auth/users";
import { closePeriod } from "@/lib/notices/close";
import { ANNEX_SECTIONS, annexCounts, annexPage, exportAnnex } from "@/lib/notices/annex";
import { bumpEvidenceVersion } from "@/lib/scoring/evidence-version";
import { documentParts } from "@/lib/notices/document";
import { approve, getNotice, issue } from "@/lib/notices/lifecycle";
import { printToPdf } from "@/lib/notices/pdf";
import { saveRules } from "@/lib/notices/rules";
import { OFFICE, clerk, head } from "../helpers/actors";
import { freshDatabase, rollbackEach, type TestDatabase } from "../helpers/db";
import { insertRegions, insertRows, record } from "../helpers/fixtures";

/**
 * A notice's annex (附件：问题清单): every item behind its figures, not the first 10; frozen when the
 * notice is issued; the same list as CSV and XLSX for the office and the addressed unit only
 * (another unit: 404, logged); and the PDF in the GB/T 9704 form: page numbers "— 1 —", the annex,
 * the 版记. Handlers are called as Next calls them, with a mocked session and database.
 */
const state = vi.hoisted(() => ({
  session: null as { user: { username: string; name: string; role: "office" | "unit_head" | "clerk"; unitCode: string | null } } | null,
  db: undefined as Connection | undefined,
}));

vi.mock("@/auth", () => ({ auth: vi.fn(async () => state.session), signOut: vi.fn(), signIn: vi.fn(), handlers: {} }));
vi.mock("@/lib/db", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/db")>()),
  getDb: async () => {
    if (!state.db) throw new Error("the test database is not open yet");
    return state.db;
  },
}));

const officeAnnex = await import("@/app/office/notices/[id]/annex/[format]/route");
const unitAnnex = await import("@/app/unit/notices/[id]/annex/[format]/route");
const { NoticeDocument } = await import("@/components/NoticeDocument");
const { documentHtml } = await import("@/app/_documents/render");

let db: TestDatabase;
const sql = rollbackEach(() => db);
const A = "620100";
const B = "620200";
let draftA = 0;
let draftB = 0;

// unit A in March 2024: 40 records — 24 never published (late), 6 of the others non-compliant, 10 on time and fine
const RECORDS_A = [
  ...Array.from({ length: 24 }, (_, i) => record(`late-${String(i).padStart(2, "0")}`, A, `2024-03-${String(1 + (i % 20)).padStart(2, "0")}`, null, null)),
  ...Array.from({ length: 6 }, (_, i) => record(`bad-${i}`, A, "2024-03-04", "2024-03-05", "2024-03-05", false)),
  ...Array.from({ length: 10 }, (_, i) => record(`ok-${i}`, A, "2024-03-04", "2024-03-05", "2024-03-05")),
];

beforeAll(async () => {
  db = await freshDatabase();
  await insertRegions(db, 3);
  await insertRows(db, "records", [...RECORDS_A, record("late-b", B, "2024-03-01", null, null)]);
  await saveRules(db, [{ id: "publication_late_over_half", floor: 0.5 }], OFFICE);
  await closePeriod(db, { period: "2024-03", asOf: "2024-04-30", actor: OFFICE });
  const ids = Object.fromEntries((await db.query<{ id: number; unit_code: string }>(`SELECT id, unit_code FROM notices`)).map((r) => [r.unit_code, r.id]));
  draftA = ids[A]!;
  draftB = ids[B]!;
});

afterAll(async () => {
  await db?.drop();
});

beforeEach(() => {
  state.db = sql();
});
afterEach(() => {
  state.db = undefined;
  state.session = null;
});

const signIn = (user: SessionUser) => (state.session = { user: { ...user } });
const get = (route: typeof officeAnnex.GET, id: number, format: string, path = "office") =>
  route(new Request(`http://localhost/${path}/notices/${id}/annex/${format}`), { params: Promise.resolve({ id: String(id), format }) });

async function issued(tx: Connection, id: number) {
  await approve(tx, OFFICE, id);
  await issue(tx, OFFICE, id, "2024-05-06");
  return getNotice(tx, id);
}

describe("a notice's annex", () => {
  it("holds every item behind the figures (not the first 10): its counts equal the notice's figures", async () => {
    const n = await getNotice(sql(), draftA);
    const f = n.figures as { indicators: Record<string, { numerator: number; denominator: number }> };
    const counts = Object.fromEntries((await annexCounts(sql(), n)).map((c) => [c.section.target, c.total]));
    const missed = (k: string) => f.indicators[k]!.denominator - f.indicators[k]!.numerator;
    expect(counts.publication_timeliness).toBe(24);
    expect(counts.publication_timeliness).toBe(missed("publication_timeliness"));
    expect(counts.collection_timeliness).toBe(missed("collection_timeliness"));
    expect(counts.compliance).toBe(6);
    expect(counts.compliance).toBe(missed("compliance"));
    // the notice's own page lists only the first 10; the annex has them all, paged in SQL
    expect(n.worst_items.find((w) => w.target === "publication_timeliness")?.items).toHaveLength(10);
    const page = await annexPage(sql(), n, "publication_timeliness", 1);
    expect(page.items.map((i) => i.record_id)).toHaveLength(24);
    expect(page.pages).toBe(1);
  });

  it("is frozen when the notice is issued: later corrections of the evidence do not change it, and its rows cannot be changed", async () => {
    const n = await issued(sql(), draftA);
    const rows = await sql().query<{ n: number }>(`SELECT count(*)::int AS n FROM notice_annex_items WHERE notice_id = $1`, [draftA]);
    expect(rows[0]!.n).toBe(24 + 24 + 6);
    // the unit publishes its late records afterwards: the issued annex still lists them as the notice found them
    await sql().query(`UPDATE records SET published_date = decision_date, received_date = decision_date WHERE unit_code = $1`, [A]);
    const counts = Object.fromEntries((await annexCounts(sql(), n)).map((c) => [c.section.target, c.total]));
    expect(counts.publication_timeliness).toBe(24);
    await expect(sql().query(`UPDATE notice_annex_items SET status = 'on_time' WHERE notice_id = $1`, [draftA])).rejects.toThrow(/append-only/);
    await expect(sql().query(`INSERT INTO notice_annex_items (notice_id, seq, target, status, item) VALUES ($1, 9999, 'compliance', 'non_compliant', '{}')`, [draftA])).rejects.toThrow(/cannot be added to/);
    await expect(sql().query(`UPDATE notices SET copies_to = 'x' WHERE id = $1`, [draftA])).rejects.toThrow(/cannot be changed/);
  });

  it("downloads as CSV (one table, every section) and XLSX (a sheet per section) with their columns", async () => {
    const n = await getNotice(sql(), draftA);
    const csv = new TextDecoder().decode((await exportAnnex(sql(), n, "兰州市", "zh", "csv")).body);
    const lines = csv.replace(/^\uFEFF/, "").trim().split("\r\n");
    expect(lines[0]!.split(",").slice(0, 6)).toEqual(["序号", "问题类别", "状态", "记录编号", "单位", "类别"]);
    expect(lines[0]).toContain("决定文书号");
    expect(lines[0]).toContain("主体代码");
    expect(lines).toHaveLength(1 + 24 + 24 + 6);
    expect(lines[1]).toMatch(/^1,未按期公示的双公示记录,未报,late-00,/);
    const xlsx = await exportAnnex(sql(), n, "兰州市", "en", "xlsx");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(xlsx.body) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(ANNEX_SECTIONS.map((s) => s.en.slice(0, 31)));
    const sheet = wb.worksheets[0]!;
    expect(sheet.getRow(2).values).toEqual([undefined, "No.", "Record", "Deciding unit", "Kind", "Decision no.", "Decided", "Deadline", "Published", "Subject code", "Problems", "Status"]);
    expect(sheet.rowCount).toBe(2 + 24);
    expect(sheet.getCell(3, 6).value).toBeInstanceOf(Date);
  });

  it("names units in English in an English file, where they have an English name; the Chinese file is as before", async () => {
    const n = await getNotice(sql(), draftA);
    const zhBefore = new TextDecoder().decode((await exportAnnex(sql(), n, "兰州市", "zh", "csv")).body);
    const [unit] = await sql().query<{ name: string }>(`SELECT name FROM units WHERE code = $1`, [A]);
    // as an import of units does: the names are looked up again once the evidence version moves
    await sql().query(`UPDATE units SET name_en = 'Lanzhou' WHERE code = $1`, [A]);
    await bumpEvidenceVersion(sql());
    try {
      const en = new TextDecoder().decode((await exportAnnex(sql(), n, "兰州市", "en", "csv")).body);
      const lines = en.replace(/^\uFEFF/, "").trim().split("\r\n");
      const unitColumn = lines[0]!.split(",").indexOf("Unit");
      expect(unitColumn).toBeGreaterThan(0);
      expect(lines.slice(1).every((l) => l.split(",")[unitColumn] === "Lanzhou")).toBe(true);
      expect(en).not.toContain(unit!.name);
      const xlsx = await exportAnnex(sql(), n, "兰州市", "en", "xlsx");
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.from(xlsx.body) as unknown as ArrayBuffer);
      expect(wb.worksheets[0]!.getCell(1, 1).text).toContain(" · Lanzhou · ");
      expect(new TextDecoder().decode((await exportAnnex(sql(), n, "兰州市", "zh", "csv")).body)).toBe(zhBefore);
    } finally {
      await sql().query(`UPDATE units SET name_en = NULL WHERE code = $1`, [A]);
      await bumpEvidenceVersion(sql());
    }
  });

  it("is the office's and the addressed unit's only: another unit gets 404 (logged as refused), an unknown format 404", async () => {
    await issued(sql(), draftA);
    signIn(OFFICE);
    const office = await get(officeAnnex.GET, draftA, "csv");
    expect(office.status).toBe(200);
    expect(office.headers.get("content-disposition")).toMatch(/filename\*=UTF-8''/);
    expect(office.headers.get("x-wenxiao-items")).toBe(String(24 + 24 + 6));
    for (const user of [head(A), clerk(A)]) {
      signIn(user);
      const r = await get(unitAnnex.GET, draftA, "xlsx", "unit");
      expect(r.status).toBe(200);
      expect(r.headers.get("content-type")).toMatch(/spreadsheetml/);
    }
    signIn(head(B));
    const foreign = await get(unitAnnex.GET, draftA, "csv", "unit");
    expect(foreign.status).toBe(404);
    const [log] = await sql().query<{ allowed: boolean; target_unit: string }>(`SELECT allowed, target_unit FROM access_log WHERE action = 'export:annex' ORDER BY id DESC LIMIT 1`);
    expect(log).toEqual({ allowed: false, target_unit: A });
    // a unit never sees a draft's annex, not even its own
    signIn(head(B));
    expect((await get(unitAnnex.GET, draftB, "csv", "unit")).status).toBe(404);
    signIn(OFFICE);
    expect((await get(officeAnnex.GET, draftA, "pdf")).status).toBe(404);
  });
});

describe("the notice's PDF in the GB/T 9704 form", () => {
  it("has page numbers — 1 —, the annex and the 版记 (抄送, 印发机关, 印发日期)", async () => {
    const n = await issued(sql(), draftA);
    const parts = await documentParts(sql(), n, "2024-05-06");
    const html = await documentHtml(createElement(NoticeDocument, { notice: n, issuedDate: "2024-05-06", ...parts }));
    const pdf = await printToPdf(html, n.number!, { pageNumbers: true });
    expect(pdf, "Chromium (CHROMIUM_PATH, /usr/bin/chromium) prints the PDF").toBeDefined();
    const text = await pdfText(new Uint8Array(pdf!));
    expect(text).toContain("— 1 —");
    expect(text).toContain("— 2 —");
    expect(text).toContain("附件");
    expect(text).toContain("问题清单");
    expect(text).toContain("late-23");
    // (NFKC: the full-width colon and comma read back as ":" and ",")
    expect(text).toContain("抄送:省社会信用体系建设领导小组各成员单位。");
    expect(text).toContain("甘肃省社会信用体系建设领导小组办公室 2024年5月6日印发");
    expect(text).toContain("整改期限:2024年5月24日前。");
    expect(text).toContain("截至2024年4月30日");
    expect(text).toContain("3月应公示 40 条,迟报 24 条,迟报率 60.0%");
    // 主送 once: the addressee's salutation appears a single time
    expect(text.split(`${n.addressees}:`).length - 1).toBe(1);
  });
});

/** The PDF's text, as tests/e2e/notices.test.ts reads it (pdfjs; NFKC folds Noto's Kangxi radicals back). */
async function pdfText(bytes: Uint8Array): Promise<string> {
  const { getDocument } = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const doc = await getDocument({ data: bytes, useSystemFonts: false, isEvalSupported: false }).promise;
  let text = "";
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    text += content.items.map((it) => ("str" in it ? it.str : "")).join("");
  }
  return text.normalize("NFKC");
}
