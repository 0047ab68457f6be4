import fs from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, describe, expect, it } from "vitest";
import { TemplateList } from "@/components/TemplateList";
import { documentedKinds, fieldDocs } from "@/lib/ingest/fields";
import { IGNORED_COLUMN, IMPORT_KINDS, KINDS, headerMapFor, normalizeHeader } from "@/lib/ingest/kinds";
import { readRows } from "@/lib/ingest/read";
import { buildTemplate, exampleRow, parseTemplateName } from "@/lib/ingest/templates";
import { tempDir, writeText } from "../helpers/files";

const dir = tempDir();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function rowsOf(file: string, kind: (typeof IMPORT_KINDS)[number]) {
  const out = [];
  for await (const r of readRows(file, headerMapFor(KINDS[kind]))) out.push(r);
  return out;
}

describe("the alias table", () => {
  it.each(IMPORT_KINDS)("%s: every header (field name, alias, ignored column) means one thing only", (kind) => {
    const spec = KINDS[kind];
    const meaning = new Map<string, string>();
    const claim = (header: string, target: string) => {
      const h = normalizeHeader(header);
      const before = meaning.get(h);
      // an alias listed twice for the same field is harmless; for two fields it would be ambiguous
      expect(before === undefined || before === target, `${kind}: "${header}" means both ${before} and ${target}`).toBe(true);
      meaning.set(h, target);
    };
    for (const field of Object.keys(spec.headers)) claim(field, field);
    for (const [field, aliases] of Object.entries(spec.headers)) for (const a of aliases) claim(a, field);
    for (const h of spec.ignored ?? []) claim(h, IGNORED_COLUMN);
    // and the map the importer uses agrees with the table, header by header
    const map = headerMapFor(spec);
    for (const [h, target] of meaning) expect(map(h)).toBe(target);
    // every field of the table is a column the kind stores
    for (const field of Object.keys(spec.headers)) expect(spec.columns.map((c) => c.name)).toContain(field);
  });

  it("reads the names provincial 双公示 exports use, English in any case, and leaves their other columns out", () => {
    const map = headerMapFor(KINDS.records);
    expect(map("行政相对人名称")).toBe("subject_name");
    expect(map("行政许可决定文书号")).toBe("decision_no");
    expect(map("行政处罚决定书文号")).toBe("decision_no");
    expect(map("许可决定日期")).toBe("decision_date");
    expect(map("处罚决定日期")).toBe("decision_date");
    expect(map("公示时间")).toBe("published_date");
    expect(map("行政相对人类别")).toBe("subject_type");
    expect(map(" Decision Date ")).toBe("decision_date");
    expect(map("SUBJECT-NAME")).toBe("subject_name");
    expect(map("decision_date [决定日期]")).toBe("decision_date");
    // same words, other meaning: a penalty's category is not the record's kind, the data source is not the deciding unit
    expect(map("处罚类别")).toBe(IGNORED_COLUMN);
    expect(map("数据来源单位")).toBe(IGNORED_COLUMN);
    expect(map("许可内容")).toBe(IGNORED_COLUMN);
    expect(map("unit")).toBeUndefined();
  });

  it("refuses two columns that mean one field, naming both", async () => {
    const file = writeText(dir, "two.csv", "记录编号,统一社会信用代码,证件号码\nR1,91350100M000100Y43,\n");
    await expect(rowsOf(file, "records")).rejects.toThrow('columns "统一社会信用代码" and "证件号码" both mean the field subject_code: delete or rename one of them');
    const zh = await rowsOf(file, "records").catch((e: { text(l: string): string }) => e.text("zh"));
    expect(zh).toBe("列“统一社会信用代码”和列“证件号码”都对应字段 subject_code：请删除其中一列或改名");
    const same = writeText(dir, "same.csv", "记录编号,类别,类别\nR1,行政许可,行政许可\n");
    await expect(rowsOf(same, "records")).rejects.toThrow('column "类别" appears more than once (field kind): delete the extra one');
    const jsonl = writeText(dir, "two.jsonl", '{"record_id":"R1","decision_date":"2024-03-01","决定日期":"2024-03-02"}\n');
    await expect(rowsOf(jsonl, "records")).rejects.toThrow('columns "decision_date" and "决定日期" both mean the field decision_date');
  });

  it("leaves the values of ignored columns out of the row", async () => {
    const file = writeText(dir, "ignored.csv", "记录编号,处罚类别,许可内容,处罚类别\nR1,罚款,食品经营,警告\n");
    const [row] = await rowsOf(file, "records");
    expect(row).toEqual({ rowNo: 1, values: { record_id: "R1" } });
  });
});

describe("the templates", () => {
  it("name their files by kind and format, and nothing else", () => {
    expect(parseTemplateName("records.xlsx")).toEqual({ kind: "records", format: "xlsx" });
    expect(parseTemplateName("calendar.csv")).toEqual({ kind: "calendar", format: "csv" });
    for (const bad of ["record.xlsx", "records.xls", "records", "../records.csv", "Records.csv", "records.csv.exe", "__proto__.csv"]) expect(parseTemplateName(bad)).toBeUndefined();
  });

  it.each(IMPORT_KINDS)("%s: the CSV is UTF-8 with BOM, the Chinese headers and the example row", async (kind) => {
    const t = await buildTemplate(kind, "csv");
    const bytes = Buffer.from(t.body);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString("utf8").trimEnd().split("\r\n");
    expect(lines).toHaveLength(2);
    const docs = fieldDocs(kind);
    expect(lines[0]).toBe(docs.map((d) => d.header).join(","));
    // every header is Chinese, and every required field has a value in the example
    for (const d of docs) expect(d.header).toMatch(/[\u4e00-\u9fff]/);
    for (const d of docs.filter((x) => x.required)) expect(exampleRow(kind)[d.field], `${kind}.${d.field}`).not.toBe("");
  });

  it.each(IMPORT_KINDS)("%s: the XLSX has the data sheet first and the notes (填写说明) second, listing every field", async (kind) => {
    const t = await buildTemplate(kind, "xlsx");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(t.body) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)[1]).toBe("填写说明");
    const data = wb.worksheets[0]!;
    const docs = fieldDocs(kind);
    expect(data.rowCount).toBe(2);
    expect((data.getRow(1).values as unknown[]).slice(1)).toEqual(docs.map((d) => d.header));
    const example = exampleRow(kind);
    const cells = docs.map((_, i) => {
      const v = data.getCell(2, i + 1).value;
      return typeof v === "string" ? v : JSON.stringify(v ?? "");
    });
    expect(cells).toEqual(docs.map((d) => example[d.field] ?? ""));
    // each enumerated field offers its Chinese names in a drop-down under the header
    const lists = JSON.stringify((data as unknown as { dataValidations: { model: unknown } }).dataValidations.model);
    for (const d of docs.filter((x) => x.values)) expect(lists, `${kind}.${d.field}`).toContain(d.values!.map((v) => v.names[0]).join(","));
    const notes = wb.getWorksheet("填写说明")!;
    const text = JSON.stringify(notes.getSheetValues());
    for (const d of docs) {
      expect(text).toContain(`"${d.field}"`);
      for (const v of d.values ?? []) expect(text).toContain(v.id);
    }
  });

  it("writes the notes in English when asked, the headers staying Chinese", async () => {
    const t = await buildTemplate("records", "xlsx", "en");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(t.body) as unknown as ArrayBuffer);
    expect(JSON.stringify(wb.getWorksheet("填写说明")!.getSheetValues())).toContain("Other accepted headers");
    expect(wb.worksheets[0]!.getCell(1, 1).value).toBe("行政相对人记录编号");
    expect(path.extname(t.fileName)).toBe(".xlsx");
  });
});

describe("the templates page", () => {
  it.each(["zh", "en"] as const)("lists every kind with its downloads, fields, allowed values and accepted headers (%s)", (lang) => {
    const html = renderToStaticMarkup(createElement(TemplateList, { lang, kinds: documentedKinds() }));
    const links = [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!);
    expect(links).toEqual(IMPORT_KINDS.flatMap((k) => [`/templates/${k}.xlsx`, `/templates/${k}.csv`].map((l) => (lang === "en" ? `${l}?lang=en` : l))));
    for (const kind of IMPORT_KINDS) for (const d of fieldDocs(kind)) expect(html).toContain(`>${d.header}</td>`);
    expect(html).toContain("行政处罚决定书文号");
    expect(html).toContain('<span class="code">penalty</span> = 行政处罚 / 处罚');
    expect(html).toContain(lang === "en" ? "Other accepted headers" : "也接受的列名");
    expect(html).toContain("处罚类别");
  });
});
