import fs from "node:fs";
import ExcelJS from "exceljs";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { reloadEnv } from "@/lib/env";
import { importFile } from "@/lib/ingest/import";
import { checkUpload, commitUpload, createUpload, discardUpload, errorReport, failInterruptedUploads, getUpload, inBackground, listUploads, runCommit } from "@/lib/ingest/upload";
import { sniffFormat } from "@/lib/ingest/upload-file";
import { OFFICE, clerk, head } from "../helpers/actors";
import { freshDatabase, rollbackEach, type TestDatabase } from "../helpers/db";
import { csv, tempDir, writeText, zipBytes } from "../helpers/files";

/**
 * Evidence uploaded in the browser (issue 10 §1): checked by its content and limits, a dry run with
 * the import's own counts and nothing stored, the rejected rows as a workbook that imports once fixed,
 * then the commit with the dry run's counts; one file of a kind at work at a time.
 */
let db: TestDatabase;
let dir: string;
const tx = rollbackEach(() => db);

const UNITS = csv([
  ["code", "name", "type", "parent_code", "region_code", "line_code"],
  ["620000", "甘肃省", "region", "", "", ""],
  ["620100", "兰州市", "region", "620000", "", ""],
  ["SCJGJ", "省市场监管局", "department", "", "620000", ""],
  ["A1", "兰州市市场监管局", "agency", "", "620100", "SCJGJ"],
]);
const HEADER = ["record_id", "kind", "unit_code", "subject_type", "subject_code", "subject_name", "decision_no", "decision_date", "published_date", "received_date"];
const rec = (id: string, over: Partial<Record<string, string>> = {}) =>
  HEADER.map((h) => over[h] ?? { record_id: id, kind: "license", unit_code: "A1", subject_type: "legal", subject_code: "91350100M000100Y43", subject_name: "某公司", decision_no: `许〔2024〕${id}号`, decision_date: "2024-03-01", published_date: "2024-03-05", received_date: "2024-03-06" }[h]!);
/** five rows: three good, row 2 names an unknown unit, row 4 an impossible date */
const FILE = Buffer.from(csv([HEADER, rec("R1"), rec("R2", { unit_code: "NOPE" }), rec("R3"), rec("R4", { decision_date: "2024-02-30" }), rec("R5")]), "utf8");

const count = async () => (await tx().query<{ n: number }>(`SELECT count(*)::int AS n FROM records`))[0]!.n;
const upload = (data: Uint8Array = FILE, kind = "records", fileName = "双公示-3月.csv") => createUpload(tx(), OFFICE, { kind, fileName, data });
const checked = async (data?: Uint8Array) => {
  const u = await upload(data);
  await checkUpload(tx(), u.id);
  return getUpload(tx(), OFFICE, u.id);
};
const withEnv = (name: string, value: string) => {
  process.env[name] = value;
  reloadEnv();
};

beforeAll(async () => {
  db = await freshDatabase();
  dir = tempDir();
  await importFile(db, "units", writeText(dir, "units.csv", UNITS), { actor: "test" });
});
afterEach(() => {
  for (const k of ["WENXIAO_UPLOAD_MAX_MB", "WENXIAO_UPLOAD_MAX_ROWS", "WENXIAO_UPLOAD_MAX_XLSX_INFLATED_MB"]) delete process.env[k];
  reloadEnv();
});
afterAll(async () => {
  await db?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("the dry run", () => {
  it("counts what the import would do, with each rejected row's reasons in both languages, and stores nothing", async () => {
    const u = await checked();
    expect(u.status).toBe("checked");
    expect(u.checked).toMatchObject({ rows: 5, inserted: 3, updated: 0, unchanged: 0, superseded: 0, rejectedCount: 2 });
    expect(u.checked!.rejected.map((r) => r.row)).toEqual([2, 4]);
    expect(u.checked!.rejected[0]!.zh.join()).toContain("NOPE");
    expect(u.checked!.rejected[0]!.en.join()).toMatch(/unit "NOPE" does not exist/);
    expect(u.rows_read).toBe(5);
    expect(await count()).toBe(0);
    const batches = await tx().query<{ n: number }>(`SELECT count(*)::int AS n FROM import_batches WHERE kind = 'records'`);
    expect(batches[0]!.n).toBe(0);
  });

  it("reads the type from the content: a spreadsheet named .csv is a spreadsheet, a PDF named .csv is refused", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Sheet1");
    ws.addRow(HEADER);
    ws.addRow(rec("X1"));
    const xlsx = new Uint8Array(await wb.xlsx.writeBuffer());
    expect(sniffFormat(xlsx)).toBe("xlsx");
    const u = await checked(xlsx);
    expect(u.format).toBe("xlsx");
    expect(u.checked).toMatchObject({ rows: 1, inserted: 1, rejectedCount: 0 });
    await expect(upload(Buffer.from("%PDF-1.4\n..."), "records", "records.csv")).rejects.toMatchObject({ zh: expect.stringContaining("PDF 文档"), en: expect.stringContaining("a PDF document") });
    await expect(upload(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 1, 2]), "records", "old.xlsx")).rejects.toMatchObject({ en: expect.stringContaining("old Excel (.xls)") });
    await expect(upload(Buffer.alloc(0))).rejects.toMatchObject({ en: "the file is empty" });
    expect(sniffFormat(Buffer.from('{"record_id":"R1"}\n'))).toBe("jsonl");
  });

  it("refuses a file over the size limit, and an XLSX too large once unzipped or with too many entries, keeping nothing", async () => {
    withEnv("WENXIAO_UPLOAD_MAX_MB", "0.0001");
    await expect(upload()).rejects.toMatchObject({ status: 413, en: expect.stringContaining("more than the limit of") });
    delete process.env.WENXIAO_UPLOAD_MAX_MB;
    withEnv("WENXIAO_UPLOAD_MAX_XLSX_INFLATED_MB", "1");
    const bomb = zipBytes({ "[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>", "xl/worksheets/sheet1.xml": Buffer.alloc(2 * 1024 * 1024, 0x20) });
    await expect(upload(bomb, "records", "bomb.xlsx")).rejects.toMatchObject({ code: "xlsx_too_large_inflated" });
    const many = zipBytes(Object.fromEntries([["xl/workbook.xml", "<workbook/>"], ...Array.from({ length: 1001 }, (_, i) => [`x/${i}.xml`, "<x/>"])]));
    await expect(upload(many, "records", "many.xlsx")).rejects.toMatchObject({ code: "xlsx_too_many_entries" });
    await expect(upload(zipBytes({ "word/document.xml": "<w/>" }), "records", "letter.xlsx")).rejects.toMatchObject({ code: "not_a_workbook" });
    const [n] = await tx().query<{ n: number }>(`SELECT count(*)::int AS n FROM uploads`);
    expect(n!.n).toBe(0);
  });

  it("fails a file with more rows than the limit, saying so, and imports nothing", async () => {
    withEnv("WENXIAO_UPLOAD_MAX_ROWS", "3");
    const u = await checked();
    expect(u.status).toBe("failed");
    expect(u.error!.zh).toContain("超过 3 行");
    expect(u.error!.en).toContain("more than 3 rows");
    expect(await count()).toBe(0);
  });

  it("keeps one file of a kind at work at a time: a second is refused until the first is checked", async () => {
    const first = await upload();
    await expect(upload()).rejects.toMatchObject({ status: 409, zh: expect.stringContaining("仍在检查或导入中") });
    // another kind is another queue
    await expect(upload(Buffer.from(csv([["unit_code", "catalog_item", "period", "expected", "collected"], ["A1", "许可", "2024-03", "5", "5"]])), "stats", "stats.csv")).resolves.toMatchObject({ status: "checking" });
    await checkUpload(tx(), first.id);
    await expect(upload()).resolves.toMatchObject({ status: "checking" });
  });

  it("refuses an unknown kind in words; a unit's head or clerk uploads only the kinds units deliver", async () => {
    await expect(upload(FILE, "nope")).rejects.toMatchObject({ zh: expect.stringContaining("数据类别“nope”不存在") });
    await expect(createUpload(tx(), clerk("620100"), { kind: "units", fileName: "units.csv", data: Buffer.from(UNITS) })).rejects.toMatchObject({ status: 400 });
    await expect(createUpload(tx(), clerk("620100"), { kind: "calendar", fileName: "c.csv", data: Buffer.from("date,is_workday\n2026-10-01,0\n") })).rejects.toMatchObject({ status: 400 });
  });
});

describe("a unit's own upload", () => {
  // 兰州市's clerk: A1 is its agency (region_code 620100); SCJGJ is a provincial department, not 兰州市's
  const MIXED = Buffer.from(csv([HEADER, rec("U1"), rec("U2", { unit_code: "620100" }), rec("U3", { unit_code: "SCJGJ" }), rec("U4")]), "utf8");

  it("rejects the rows of other units with the reason and imports the unit's own and its agencies'", async () => {
    const u = await createUpload(tx(), clerk("620100"), { kind: "records", fileName: "兰州市.csv", data: MIXED });
    expect(u.unit_code).toBe("620100");
    await checkUpload(tx(), u.id);
    const c = (await getUpload(tx(), clerk("620100"), u.id)).checked!;
    expect(c).toMatchObject({ rows: 4, inserted: 3, rejectedCount: 1 });
    expect(c.rejected[0]!.row).toBe(3);
    expect(c.rejected[0]!.zh.join()).toContain("单位“SCJGJ”既不是 620100，也不是其所属机构");
    expect(c.rejected[0]!.en.join()).toContain('unit "SCJGJ" is neither 620100 nor one of its agencies');
    await commitUpload(tx(), head("620100"), u.id);
    await runCommit(tx(), u.id);
    const ids = await tx().query<{ record_id: string }>(`SELECT record_id FROM records ORDER BY record_id`);
    expect(ids.map((r) => r.record_id)).toEqual(["U1", "U2", "U4"]);
    const [batch] = await tx().query<{ channel: string; unit_code: string }>(`SELECT channel, unit_code FROM import_batches WHERE id = $1`, [(await getUpload(tx(), OFFICE, u.id)).batch_id]);
    expect(batch).toEqual({ channel: "upload", unit_code: "620100" });
  });

  it("is the unit's and the office's alone: another unit's people find no such file; lists hold the unit's own", async () => {
    const mine = await createUpload(tx(), clerk("620100"), { kind: "records", fileName: "兰州市.csv", data: MIXED });
    const office = await upload(FILE, "stats", "统计.csv").catch(() => undefined);
    await checkUpload(tx(), mine.id);
    for (const other of [clerk("SCJGJ"), head("SCJGJ")]) {
      await expect(getUpload(tx(), other, mine.id)).rejects.toMatchObject({ status: 404 });
      await expect(commitUpload(tx(), other, mine.id)).rejects.toMatchObject({ status: 404 });
      await expect(discardUpload(tx(), other, mine.id)).rejects.toMatchObject({ status: 404 });
      await expect(errorReport(tx(), other, mine.id, "zh")).rejects.toMatchObject({ status: 404 });
      expect((await listUploads(tx(), other, 1)).total).toBe(0);
    }
    expect((await listUploads(tx(), head("620100"), 1)).uploads.map((u) => u.id)).toEqual([mine.id]);
    expect((await listUploads(tx(), OFFICE, 1)).total).toBe(office ? 2 : 1);
    await expect(getUpload(tx(), head("620100"), mine.id)).resolves.toMatchObject({ status: "checked" });
  });
});

describe("the commit", () => {
  it("imports the checked file as one batch with the dry run's counts, audited, and drops the bytes", async () => {
    const u = await checked();
    await expect(commitUpload(tx(), OFFICE, u.id)).resolves.toMatchObject({ status: "committing" });
    await runCommit(tx(), u.id);
    const done = await getUpload(tx(), OFFICE, u.id);
    expect(done.status).toBe("committed");
    expect(done.committed).toEqual(u.checked);
    expect(await count()).toBe(3);
    const [batch] = await tx().query<{ id: number; file_name: string; inserted: number; rejected: number }>(`SELECT id, file_name, inserted, rejected FROM import_batches WHERE id = $1`, [done.batch_id]);
    expect(batch).toMatchObject({ file_name: "双公示-3月.csv", inserted: 3, rejected: 2 });
    const audit = await tx().query<{ action: string }>(`SELECT action FROM audit_log WHERE (entity = 'uploads' AND entity_key = $1) OR batch_id = $2 ORDER BY id`, [String(u.id), done.batch_id]);
    expect(audit.map((a) => a.action)).toEqual(["upload:commit", "import"]);
    const [bytes] = await tx().query<{ data: unknown }>(`SELECT data FROM uploads WHERE id = $1`, [u.id]);
    expect(bytes!.data).toBeNull();
    // an imported file cannot be imported again or discarded; a fresh upload of it changes nothing
    await expect(commitUpload(tx(), OFFICE, u.id)).rejects.toMatchObject({ status: 409 });
    await expect(discardUpload(tx(), OFFICE, u.id)).rejects.toMatchObject({ status: 409 });
    const again = await checked();
    expect(again.checked).toMatchObject({ inserted: 0, updated: 0, unchanged: 3, rejectedCount: 2 });
  });

  it("says so when the stored data changed between the check and the import", async () => {
    const u = await checked();
    // someone else imports two of the same rows meanwhile
    await importFile(tx(), "records", writeText(dir, "meanwhile.csv", csv([HEADER, rec("R1"), rec("R3")])), { actor: "cli" });
    await commitUpload(tx(), OFFICE, u.id);
    await runCommit(tx(), u.id);
    const done = await getUpload(tx(), OFFICE, u.id);
    expect(done.committed).toMatchObject({ inserted: 1, unchanged: 2 });
    expect(done.committed).not.toEqual(done.checked);
  });

  it("runs off the request: the upload is answered at once and its check followed until settled", async () => {
    const u = await upload();
    const work = inBackground(tx(), u.id, "check");
    await work;
    expect((await getUpload(tx(), OFFICE, u.id)).status).toBe("checked");
    expect((await listUploads(tx(), OFFICE, 1)).uploads[0]).toMatchObject({ id: u.id, status: "checked", rows_read: 5 });
  });

  it("discards a checked file: nothing imported, the bytes gone, its report no longer offered", async () => {
    const u = await checked();
    await discardUpload(tx(), OFFICE, u.id);
    expect((await getUpload(tx(), OFFICE, u.id)).status).toBe("discarded");
    await expect(commitUpload(tx(), OFFICE, u.id)).rejects.toMatchObject({ status: 409 });
    await expect(errorReport(tx(), OFFICE, u.id, "zh")).rejects.toMatchObject({ status: 404 });
    expect(await count()).toBe(0);
  });

  it("fails the uploads a stopped server left at work, so they can be uploaded again", async () => {
    const u = await upload();
    expect(await failInterruptedUploads(tx())).toBe(1);
    const failed = await getUpload(tx(), OFFICE, u.id);
    expect(failed).toMatchObject({ status: "failed", error: { en: expect.stringContaining("the server restarted") } });
    await expect(upload()).resolves.toMatchObject({ status: "checking" });
  });
});

describe("the error report", () => {
  it("lists every rejected row as it stands in the file with its reason, and imports as it is once fixed", async () => {
    const u = await checked();
    for (const lang of ["zh", "en"] as const) {
      const report = await errorReport(tx(), OFFICE, u.id, lang);
      expect(report.fileName).toBe(lang === "zh" ? "双公示-3月-错误报告.xlsx" : "双公示-3月-errors.xlsx");
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(report.body as unknown as ArrayBuffer);
      const ws = wb.worksheets[0]!;
      const rows = ws.getSheetValues().filter(Boolean).map((r) => (r as unknown[]).slice(1).map((v) => (typeof v === "string" || typeof v === "number" ? String(v) : "")));
      expect(rows[0]).toEqual([...HEADER, lang === "zh" ? "错误原因" : "error_reason"]);
      expect(rows.slice(1).map((r) => r[0])).toEqual(["R2", "R4"]);
      expect(rows[1]!.at(-1)).toMatch(lang === "zh" ? /^第 2 行：.*NOPE/ : /^Row 2: .*NOPE/);
      expect(rows[2]!.at(-1)).toMatch(lang === "zh" ? /^第 4 行：/ : /^Row 4: .*2024-02-30/);
    }
    // the clerk fixes the two rows in the report and uploads it as it is: the reason column is read past
    const report = await errorReport(tx(), OFFICE, u.id, "zh");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(report.body as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    ws.getCell(2, 3).value = "A1";
    ws.getCell(3, 8).value = "2024-02-28";
    const fixed = await checked(new Uint8Array(await wb.xlsx.writeBuffer()));
    expect(fixed.checked).toMatchObject({ rows: 2, inserted: 2, rejectedCount: 0 });
  });
});
