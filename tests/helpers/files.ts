import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";

/** Writes test input files into a temporary folder. */
export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "wx-test-"));
}

export function writeText(dir: string, name: string, text: string, encoding: "utf8" | "utf8bom" | "gb18030" | "utf16le" = "utf8"): string {
  const file = path.join(dir, name);
  const buf =
    encoding === "utf8"
      ? Buffer.from(text, "utf8")
      : encoding === "utf8bom"
        ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, "utf8")])
        : encoding === "utf16le"
          ? Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")])
          : iconv.encode(text, "gb18030");
  fs.writeFileSync(file, buf);
  return file;
}

export async function writeXlsx(dir: string, name: string, rows: unknown[][]): Promise<string> {
  const file = path.join(dir, name);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Sheet1");
  for (const r of rows) ws.addRow(r);
  wb.addWorksheet("Other").addRow(["ignored"]);
  await wb.xlsx.writeFile(file);
  return file;
}

export const csv = (rows: string[][]) => rows.map((r) => r.join(",")).join("\n") + "\n";
