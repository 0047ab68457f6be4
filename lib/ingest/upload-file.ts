import yauzl from "yauzl";
import type { FileFormat } from "./read";
import { FileReadError } from "./read";

/**
 * What an uploaded file is, read from its bytes rather than its name (issue 10 §1): an XLSX is a zip
 * whose directory names a workbook; a CSV or a JSON Lines file is text. A spreadsheet renamed .csv is
 * read as the spreadsheet it is; a PDF, a picture or an old .xls is refused with what it seems to be.
 * An XLSX's zip directory is read before anything inflates it: too many entries or too many bytes
 * once inflated (a "zip bomb": a few MB that inflate to gigabytes) are refused.
 */
export interface UploadLimits {
  /** bytes of the file as uploaded */
  bytes: number;
  /** rows read from it */
  rows: number;
  /** bytes of an XLSX's entries once inflated, all together */
  xlsxInflatedBytes: number;
  /** entries in an XLSX's zip */
  xlsxEntries: number;
}

const MB = 1024 * 1024;
export const mb = (bytes: number) => `${(bytes / MB).toFixed(1).replace(/\.0$/, "")} MB`;
/** A file's size as people read it: bytes, KB or MB. */
export const fileSize = (bytes: number) => (bytes < 1024 ? `${bytes} B` : bytes < MB ? `${Math.round(bytes / 1024)} KB` : mb(bytes));

const starts = (data: Uint8Array, ...bytes: number[]) => bytes.every((b, i) => data[i] === b);

/** The format by content; a file that is none of the three is refused, naming what it looks like. */
export function sniffFormat(data: Uint8Array): FileFormat {
  if (data.length === 0) throw new FileReadError("empty_file", "文件为空", "the file is empty");
  if (starts(data, 0x50, 0x4b, 0x03, 0x04)) return "xlsx"; // a zip: checked to be a workbook by checkXlsx
  const other = looksLike(data);
  if (other) {
    throw new FileReadError(
      "unsupported_format",
      `文件内容是${other.zh}，不是 CSV、XLSX 或 JSON Lines：请在 Excel 中另存为 .xlsx 或 CSV 后上传`,
      `the file's content is ${other.en}, not CSV, XLSX or JSON Lines: save it from Excel as .xlsx or CSV and upload that`,
    );
  }
  // text: JSON Lines when the first thing in it is an object, CSV otherwise (its reader finds the encoding)
  const head = Buffer.from(data.subarray(0, 4096)).toString("utf8").replace(/^\uFEFF/, "").trimStart();
  return head.startsWith("{") ? "jsonl" : "csv";
}

function looksLike(data: Uint8Array): { zh: string; en: string } | undefined {
  if (starts(data, 0xd0, 0xcf, 0x11, 0xe0)) return { zh: "旧版 Excel（.xls）或 Word 文档", en: "an old Excel (.xls) or Word document" };
  if (starts(data, 0x25, 0x50, 0x44, 0x46)) return { zh: "PDF 文档", en: "a PDF document" };
  if (starts(data, 0x89, 0x50, 0x4e, 0x47) || starts(data, 0xff, 0xd8, 0xff) || starts(data, 0x47, 0x49, 0x46, 0x38)) return { zh: "图片", en: "a picture" };
  if (starts(data, 0x52, 0x61, 0x72, 0x21) || starts(data, 0x37, 0x7a, 0xbc, 0xaf) || starts(data, 0x1f, 0x8b)) return { zh: "压缩包", en: "a compressed archive" };
  // text files have no NUL bytes (UTF-16 has, and starts with its byte-order mark)
  const utf16 = starts(data, 0xff, 0xfe) || starts(data, 0xfe, 0xff);
  if (!utf16 && data.subarray(0, 64 * 1024).includes(0)) return { zh: "二进制文件", en: "a binary file" };
  return undefined;
}

/**
 * An XLSX's zip directory, read without inflating anything: a workbook it must hold, and no more
 * entries or inflated bytes than the limits. Encrypted or broken zips are refused in words.
 */
export async function checkXlsx(data: Uint8Array, limits: Pick<UploadLimits, "xlsxEntries" | "xlsxInflatedBytes">): Promise<void> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(Buffer.from(data.buffer, data.byteOffset, data.byteLength), { lazyEntries: true, autoClose: false }, (e, z) => (e ? reject(broken(e)) : resolve(z))),
  );
  try {
    if (zip.entryCount > limits.xlsxEntries) {
      throw new FileReadError("xlsx_too_many_entries", `XLSX 压缩包中有 ${zip.entryCount} 个条目，超过上限 ${limits.xlsxEntries}`, `the XLSX holds ${zip.entryCount} entries, more than the limit of ${limits.xlsxEntries}`);
    }
    let inflated = 0;
    let workbook = false;
    await new Promise<void>((resolve, reject) => {
      zip.on("entry", (entry: yauzl.Entry) => {
        inflated += entry.uncompressedSize;
        if (entry.fileName === "xl/workbook.xml") workbook = true;
        if (inflated > limits.xlsxInflatedBytes) {
          reject(
            new FileReadError(
              "xlsx_too_large_inflated",
              `XLSX 解压后超过 ${mb(limits.xlsxInflatedBytes)}，不予读取（请删去多余的工作表、格式或图片，或另存为 CSV）`,
              `the XLSX inflates to more than ${mb(limits.xlsxInflatedBytes)} and is not read (remove extra sheets, formatting or pictures, or save it as CSV)`,
            ),
          );
          return;
        }
        if (entry.fileName.endsWith("/")) {
          zip.readEntry();
          return;
        }
        // the directory's sizes could lie: each entry is inflated once here, and yauzl stops one that
        // inflates past the size the directory gives it (validateEntrySizes), so the total stays bounded
        zip.openReadStream(entry, (e, stream) => {
          if (e) return reject(broken(e));
          stream.on("error", (err: Error) => reject(broken(err)));
          stream.on("end", () => zip.readEntry());
          stream.resume();
        });
      });
      zip.on("end", () => resolve());
      zip.on("error", (e: Error) => reject(broken(e)));
      zip.readEntry();
    });
    if (!workbook) {
      throw new FileReadError("not_a_workbook", "文件是压缩包，但不是 Excel 工作簿（.xlsx）", "the file is a zip archive but not an Excel workbook (.xlsx)");
    }
  } finally {
    zip.close();
  }
}

const broken = (e: Error) =>
  e instanceof FileReadError ? e : new FileReadError("xlsx_unreadable", `无法读取 XLSX（文件损坏或已加密）：${e.message}`, `cannot read the XLSX (damaged or encrypted): ${e.message}`);
