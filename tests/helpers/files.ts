import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import zlib from "node:zlib";

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

/**
 * A ZIP archive of the given entries, stored without compression (with their CRC-32): the shape of a
 * Word, Excel or OFD package as far as a content check reads it.
 */
export function zipBytes(entries: Record<string, string | Buffer>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(entries)) {
    const data = Buffer.isBuffer(content) ? content : Buffer.from(content, "utf8");
    const fileName = Buffer.from(name, "utf8");
    const crc = zlib.crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(fileName.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(fileName.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, fileName, data);
    centrals.push(central, fileName);
    offset += local.length + fileName.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(entries).length, 8);
  end.writeUInt16LE(Object.keys(entries).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** A Word document's package (the parts a content check looks for). */
export const docxBytes = (text = "整改情况说明") =>
  zipBytes({ "[Content_Types].xml": "<Types/>", "_rels/.rels": "<Relationships/>", "word/document.xml": `<w:document><w:body><w:p><w:r><w:t>${text}</w:t></w:r></w:p></w:body></w:document>` });

/** An OFD (GB/T 33190) package: OFD.xml at its root. */
export const ofdBytes = () => zipBytes({ "OFD.xml": "<ofd:OFD/>", "Doc_0/Document.xml": "<ofd:Document/>" });

/**
 * A valid one-page PDF of exactly `size` bytes, as a scanner makes them: most of it one stream of
 * incompressible bytes (a scan), with a correct cross-reference table.
 */
export function pdfOfSize(size: number, seed = 1): Buffer {
  const head = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n";
  const objects = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>", "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"];
  const build = (scanBytes: number) => {
    const parts: Buffer[] = [Buffer.from(head, "latin1")];
    const offsets: number[] = [];
    let at = parts[0]!.length;
    const add = (b: Buffer) => {
      parts.push(b);
      at += b.length;
    };
    objects.forEach((o, i) => {
      offsets.push(at);
      add(Buffer.from(`${i + 1} 0 obj\n${o}\nendobj\n`, "latin1"));
    });
    // the scan: pseudo-random bytes (a linear congruential sequence), unreferenced by the page
    const scan = Buffer.alloc(scanBytes);
    let x = seed >>> 0;
    for (let i = 0; i < scanBytes; i++) {
      x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
      scan[i] = x >>> 24;
    }
    offsets.push(at);
    add(Buffer.concat([Buffer.from(`4 0 obj\n<< /Length ${scanBytes} >>\nstream\n`, "latin1"), scan, Buffer.from("\nendstream\nendobj\n", "latin1")]));
    const xref = at;
    add(Buffer.from(`xref\n0 5\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`, "latin1"));
    return Buffer.concat(parts);
  };
  // the digits of /Length and startxref grow with the scan: adjust until the size is exact
  let scan = Math.max(0, size - build(0).length);
  let pdf = build(scan);
  for (let i = 0; i < 5 && pdf.length !== size && scan > 0; i++) {
    scan = Math.max(0, scan - (pdf.length - size));
    pdf = build(scan);
  }
  return pdf;
}
