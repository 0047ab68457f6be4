import fs from "node:fs";
import readline from "node:readline";
import { Readable } from "node:stream";
import ExcelJS from "exceljs";
import Papa from "papaparse";
import iconv from "iconv-lite";
import { AppError } from "@/lib/errors";
import { IGNORED_COLUMN, type KindSpec } from "./kinds";

/**
 * Turns an input file into rows, streaming: CSV (UTF-8 with or without BOM, GB18030 as Excel saves
 * it in Chinese Windows, UTF-16 "Unicode text"), XLSX (first sheet) and JSON Lines.
 * Row numbers count data rows as they stand in the file, blank ones included, so that row N is
 * the N-th row under the header (Excel row N + 1) and a user can find it.
 */
export type FileFormat = "csv" | "xlsx" | "jsonl";

/** A file that cannot be imported at all (nothing is stored): CLI exit 2, HTTP 422. */
export class FileReadError extends AppError {
  constructor(code: string, zh: string, en: string) {
    super(code, zh, en, 422);
    this.name = "FileReadError";
  }
}

export interface RawRow {
  rowNo: number;
  values: Record<string, string>;
  /** the row itself is malformed (e.g. the wrong number of fields): reject it, keep the others */
  error?: { zh: string; en: string };
}

export type HeaderMap = (header: string) => string | undefined;

/** Headers of a column every kind reads past: the reason column of an upload's error report. */
export const REPORT_REASON_HEADERS = new Set(["错误原因", "error_reason"]);

export function formatOf(file: string): FileFormat {
  const ext = file.toLowerCase().split(".").pop();
  if (ext === "csv" || ext === "xlsx" || ext === "jsonl") return ext;
  throw new FileReadError(
    "unsupported_format",
    `不支持的文件类型“.${ext ?? ""}”（应为 .csv、.xlsx 或 .jsonl）`,
    `unsupported file type ".${ext ?? ""}" (expected .csv, .xlsx or .jsonl)`,
  );
}

/** A file must have the kind's required columns (a wrong file, or a wrong kind, is refused whole). */
export function checkHeaders(spec: KindSpec, fields: string[]): void {
  const missing = spec.requiredHeaders.filter((h) => !fields.includes(h));
  if (missing.length > 0) {
    const names = missing.map((h) => (spec.headers[h]?.[0] ? `${h} [${spec.headers[h][0]}]` : h)).join(", ");
    throw new FileReadError("missing_header", `缺少必需的列：${names}`, `missing required column(s): ${names}`);
  }
}

/** Yields the data rows; `onHeader` receives the canonical field names before the first row. */
export async function* readRows(file: string, headerMap: HeaderMap, onHeader?: (fields: string[]) => void): AsyncGenerator<RawRow> {
  const format = formatOf(file);
  if (!fs.existsSync(file)) throw new FileReadError("file_not_found", `文件不存在：${file}`, `file not found: ${file}`);
  if (format === "csv") yield* readCsv(file, headerMap, onHeader);
  else if (format === "xlsx") yield* readXlsx(file, headerMap, onHeader);
  else yield* readJsonl(file, headerMap, onHeader);
}

function mapHeaders(cells: string[], headerMap: HeaderMap): string[] {
  const names = cells.map((c) => c.replace(/^\uFEFF/, "").trim());
  while (names.length > 0 && names[names.length - 1] === "") names.pop();
  if (names.length === 0) throw new FileReadError("empty_file", "文件为空（没有表头）", "the file is empty (no header row)");
  // the reason column of an upload's error report (lib/ingest/upload.ts): the fixed report imports as it is
  const ignored = names.map((n) => REPORT_REASON_HEADERS.has(n));
  const unknown = names.filter((n, i) => !ignored[i] && headerMap(n) === undefined);
  if (unknown.length > 0) {
    const list = unknown.map((u) => (u === "" ? "（空列名）" : u)).join(", ");
    throw new FileReadError("unknown_header", `未知的列名：${list}`, `unknown column(s): ${list.replace("（空列名）", "(empty)")}`);
  }
  const fields = names.map((n, i) => (ignored[i] ? IGNORED_COLUMN : headerMap(n)!));
  const dup = fields.findIndex((f, i) => f !== IGNORED_COLUMN && fields.indexOf(f) !== i);
  if (dup >= 0) throw duplicateColumn(names[fields.indexOf(fields[dup]!)]!, names[dup]!, fields[dup]!);
  return fields;
}

/** Two columns that fill one field (the same header twice, or two aliases of it): which one is meant is not guessed. */
function duplicateColumn(first: string, second: string, field: string): FileReadError {
  return first === second
    ? new FileReadError("duplicate_header", `列“${first}”出现了不止一次（字段 ${field}）：请删除多余的一列`, `column "${first}" appears more than once (field ${field}): delete the extra one`)
    : new FileReadError(
        "duplicate_header",
        `列“${first}”和列“${second}”都对应字段 ${field}：请删除其中一列或改名`,
        `columns "${first}" and "${second}" both mean the field ${field}: delete or rename one of them`,
      );
}

/** `short` allows fewer cells than columns: a spreadsheet row simply ends at its last filled cell. */
function toRow(rowNo: number, fields: string[], cells: string[], short = false): RawRow | undefined {
  if (cells.every((c) => c.trim() === "")) return undefined;
  const values: Record<string, string> = {};
  fields.forEach((f, i) => {
    if (f !== IGNORED_COLUMN) values[f] = (cells[i] ?? "").trim();
  });
  // trailing empty cells are harmless; anything else beyond the header is a shifted row
  const extra = cells.slice(fields.length).some((c) => c.trim() !== "");
  if (extra || (!short && cells.length < fields.length)) {
    return {
      rowNo,
      values,
      error: {
        zh: `该行有 ${cells.length} 个字段，表头有 ${fields.length} 列（可能是未加引号的逗号）`,
        en: `the row has ${cells.length} fields, the header ${fields.length} columns (an unquoted comma?)`,
      },
    };
  }
  return { rowNo, values };
}

// ---------- CSV ----------

type Encoding = "utf8" | "gb18030" | "utf16le" | "utf16be";

function detectEncoding(head: Buffer): Encoding {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return "utf8";
  if (head[0] === 0xff && head[1] === 0xfe) return "utf16le";
  if (head[0] === 0xfe && head[1] === 0xff) return "utf16be";
  if (head.includes(0)) {
    throw new FileReadError("unreadable_file", "无法读取文件（含二进制内容，不是文本 CSV）", "cannot read the file (binary content, not a text CSV)");
  }
  // do not judge a multi-byte character cut at the end of the sample
  let end = head.length;
  for (let i = 1; i <= 3 && end - i >= 0; i++) {
    const b = head[end - i]!;
    if ((b & 0xc0) === 0xc0) {
      end -= i;
      break;
    }
    if ((b & 0x80) === 0) break;
  }
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(head.subarray(0, end));
    return "utf8";
  } catch {
    return "gb18030";
  }
}

async function readHead(file: string, bytes: number): Promise<Buffer> {
  const fh = await fs.promises.open(file, "r");
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/**
 * Pulls rows out of Papa Parse's push API as an async iterator, pausing the parser while the
 * consumer (the COPY into the database) is behind, so memory stays bounded for any file size.
 */
function csvRowBatches(source: Readable): AsyncIterable<{ rows: string[][]; errors: Papa.ParseError[] }> {
  const queue: { rows: string[][]; errors: Papa.ParseError[] }[] = [];
  let done = false;
  let failure: Error | undefined;
  let paused: Papa.Parser | undefined;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  source.on("error", (e) => {
    failure = e;
    notify();
  });
  Papa.parse<string[]>(source as unknown as Papa.LocalFile, {
    delimiter: ",",
    skipEmptyLines: false,
    chunk(results, parser) {
      queue.push({ rows: results.data, errors: results.errors });
      if (queue.length >= 4) {
        parser.pause();
        paused = parser;
      }
      notify();
    },
    complete() {
      done = true;
      notify();
    },
    error(e: Error) {
      failure = e;
      notify();
    },
  });
  return {
    async *[Symbol.asyncIterator]() {
      for (;;) {
        if (failure) throw failure;
        const next = queue.shift();
        if (next) {
          if (paused && queue.length < 2) {
            const p = paused;
            paused = undefined;
            p.resume();
          }
          yield next;
          continue;
        }
        if (done) return;
        await new Promise<void>((r) => (wake = r));
      }
    },
  };
}

async function* readCsv(file: string, headerMap: HeaderMap, onHeader?: (fields: string[]) => void): AsyncGenerator<RawRow> {
  const encoding = detectEncoding(await readHead(file, 64 * 1024));
  const source: Readable =
    encoding === "utf8"
      ? fs.createReadStream(file, { encoding: "utf8", highWaterMark: 1 << 20 })
      : (fs.createReadStream(file, { highWaterMark: 1 << 20 }).pipe(iconv.decodeStream(encoding)) as unknown as Readable);
  let fields: string[] | undefined;
  let rowNo = 0;
  let index = 0; // records seen, header included: Papa Parse reports errors by this index within a chunk
  for await (const { rows, errors } of csvRowBatches(source)) {
    const broken = errors.find((e) => e.type === "Quotes");
    const brokenAt = broken?.row ?? -1;
    for (let i = 0; i < rows.length; i++, index++) {
      const cells = rows[i]!;
      if (i === brokenAt) {
        throw new FileReadError(
          "bad_row",
          `第 ${fields ? rowNo + 1 : 0} 行格式错误，无法继续读取（引号未闭合）`,
          `row ${fields ? rowNo + 1 : 0} is malformed and the file cannot be read past it (an unclosed quote)`,
        );
      }
      if (!fields) {
        if (cells.every((c) => c.trim() === "")) continue;
        fields = mapHeaders(cells, headerMap);
        onHeader?.(fields);
        continue;
      }
      rowNo++;
      const row = toRow(rowNo, fields, cells);
      if (row) yield row;
    }
  }
  if (!fields) throw new FileReadError("empty_file", "文件为空（没有表头）", "the file is empty (no header row)");
}

// ---------- XLSX ----------

/**
 * An XLSX is a zip: check its signature and its end-of-central-directory record before parsing, so
 * that a truncated or foreign file gets a clear error instead of a stuck or crashing zip stream.
 */
async function assertZip(file: string): Promise<void> {
  const unreadable = new FileReadError(
    "unreadable_file",
    "无法读取文件（不是有效的 XLSX，可能已损坏或不完整）",
    "cannot read the file (not a valid XLSX: damaged or incomplete)",
  );
  const size = (await fs.promises.stat(file)).size;
  if (size < 22) throw unreadable;
  const head = await readHead(file, 4);
  if (head.readUInt32LE(0) !== 0x04034b50) throw unreadable;
  const tailLen = Math.min(size, 65_557);
  const fh = await fs.promises.open(file, "r");
  try {
    const tail = Buffer.alloc(tailLen);
    await fh.read(tail, 0, tailLen, size - tailLen);
    if (tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06])) < 0) throw unreadable;
  } finally {
    await fh.close();
  }
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return "";
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === "number") return Number.isInteger(v) ? v.toFixed(0) : String(v);
  if (typeof v === "string") return v;
  if (typeof v === "boolean") return v ? "1" : "0";
  if (typeof v === "object") {
    if ("richText" in v) return v.richText.map((t) => t.text).join("");
    if ("result" in v) return cellText((v.result ?? null));
    if ("text" in v) return typeof v.text === "string" ? v.text : cellText(v.text);
    if ("error" in v) return "";
  }
  return "";
}

async function* readXlsx(file: string, headerMap: HeaderMap, onHeader?: (fields: string[]) => void): AsyncGenerator<RawRow> {
  await assertZip(file);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    sharedStrings: "cache",
    hyperlinks: "ignore",
    styles: "cache",
    worksheets: "emit",
    entries: "emit",
  });
  let fields: string[] | undefined;
  let headerRow = 0;
  try {
    for await (const sheet of reader) {
      for await (const row of sheet) {
        const raw = row.values as ExcelJS.CellValue[];
        const cells = raw.slice(1).map((c) => cellText(c));
        if (!fields) {
          if (cells.every((c) => c.trim() === "")) continue;
          fields = mapHeaders(cells, headerMap);
          headerRow = row.number;
          onHeader?.(fields);
          continue;
        }
        const r = toRow(row.number - headerRow, fields, cells, true);
        if (r) yield r;
      }
      break; // the first sheet only
    }
  } catch (e) {
    if (e instanceof FileReadError) throw e;
    throw new FileReadError(
      "unreadable_file",
      `无法读取文件（XLSX 内容损坏：${(e as Error).message}）`,
      `cannot read the file (damaged XLSX content: ${(e as Error).message})`,
    );
  }
  if (!fields) throw new FileReadError("empty_file", "文件为空（第一个工作表没有表头）", "the file is empty (no header row in the first sheet)");
}

// ---------- JSON Lines ----------

async function* readJsonl(file: string, headerMap: HeaderMap, onHeader?: (fields: string[]) => void): AsyncGenerator<RawRow> {
  const head = await readHead(file, 64 * 1024);
  if (head.includes(0)) {
    throw new FileReadError("unreadable_file", "无法读取文件（含二进制内容，不是 JSON Lines）", "cannot read the file (binary content, not JSON Lines)");
  }
  const lines = readline.createInterface({ input: fs.createReadStream(file, { encoding: "utf8" }), crlfDelay: Infinity });
  let rowNo = 0;
  let announced = false;
  for await (const line of lines) {
    const text = line.replace(/^\uFEFF/, "").trim();
    if (text === "") continue;
    rowNo++;
    let obj: unknown;
    try {
      obj = JSON.parse(text);
    } catch {
      throw new FileReadError("bad_row", `第 ${rowNo} 行不是有效的 JSON`, `row ${rowNo} is not valid JSON`);
    }
    if (typeof obj !== "object" || obj === null || Array.isArray(obj)) {
      throw new FileReadError("bad_row", `第 ${rowNo} 行应为一个 JSON 对象`, `row ${rowNo} must be a JSON object`);
    }
    const values = jsonRowValues(obj, headerMap, rowNo);
    if (!announced) {
      onHeader?.(Object.keys(values));
      announced = true;
    }
    yield { rowNo, values };
  }
}

/**
 * One JSON object's values as the import reads them (strings, as from a CSV cell): its keys mapped to
 * canonical fields (English or Chinese names), null as empty, true/false as 1/0. An unknown key makes
 * the whole input unusable, naming the row. Shared by JSON Lines files and the push API's bodies.
 */
export function jsonRowValues(obj: object, headerMap: HeaderMap, rowNo: number): Record<string, string> {
  const values: Record<string, string> = {};
  const unknown: string[] = [];
  const named = new Map<string, string>();
  for (const [k, v] of Object.entries(obj)) {
    const field = headerMap(k);
    if (!field) {
      unknown.push(k);
      continue;
    }
    // a known column this kind does not store (a provincial export's extra field), read past
    if (field === IGNORED_COLUMN) continue;
    const other = named.get(field);
    if (other !== undefined) throw duplicateColumn(other, k, field);
    named.set(field, k);
    values[field] = v === null || v === undefined ? "" : typeof v === "boolean" ? (v ? "1" : "0") : typeof v === "object" ? JSON.stringify(v) : String(v).trim();
  }
  if (unknown.length > 0) {
    throw new FileReadError("unknown_header", `第 ${rowNo} 行有未知字段：${unknown.join(", ")}`, `row ${rowNo} has unknown field(s): ${unknown.join(", ")}`);
  }
  return values;
}
