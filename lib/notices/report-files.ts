import { AppError } from "@/lib/errors";
import type { Lang } from "@/lib/i18n";

/**
 * What a rectification report may carry: its text, and up to 5 files of 5 MB each whose kind is read
 * from their first bytes (and, for the ZIP-based Word, Excel and OFD documents, from the names inside
 * the archive), never taken from the file name. The form says these limits (limitsText), the browser
 * checks them before sending, the upload handler enforces them while the body streams in
 * (app/unit/notices/[id]/report/route.ts) and submitReport checks them again: one source for all four.
 */
export const MAX_ATTACHMENTS = 5;
export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;
export const MAX_REPORT_CHARS = 20_000;

export interface AttachmentKind {
  /** what is stored and sent back as Content-Type */
  type: string;
  /** the file name's endings that go with it */
  extensions: string[];
  zh: string;
  en: string;
}

export const ATTACHMENT_KINDS = {
  pdf: { type: "application/pdf", extensions: ["pdf"], zh: "PDF", en: "PDF" },
  jpeg: { type: "image/jpeg", extensions: ["jpg", "jpeg"], zh: "JPEG 图片", en: "JPEG image" },
  png: { type: "image/png", extensions: ["png"], zh: "PNG 图片", en: "PNG image" },
  docx: { type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", extensions: ["docx"], zh: "Word 文档（.docx）", en: "Word document (.docx)" },
  xlsx: { type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", extensions: ["xlsx"], zh: "Excel 表格（.xlsx）", en: "Excel workbook (.xlsx)" },
  // GB/T 33190-2016 版式文档: a ZIP package with OFD.xml at its root
  ofd: { type: "application/ofd", extensions: ["ofd"], zh: "OFD 版式文件", en: "OFD document" },
  txt: { type: "text/plain; charset=utf-8", extensions: ["txt"], zh: "文本（UTF-8）", en: "text (UTF-8)" },
} satisfies Record<string, AttachmentKind>;

export type AttachmentKindId = keyof typeof ATTACHMENT_KINDS;

const KIND_IDS = Object.keys(ATTACHMENT_KINDS) as AttachmentKindId[];

/** The file input's accept list, from the same table. */
export const ACCEPT = KIND_IDS.flatMap((k) => ATTACHMENT_KINDS[k].extensions.map((e) => `.${e}`)).join(",");

/** 5242880 → "5", 5138022 → "4.9" (MB as people count them: 1 MB = 1024 × 1024 bytes). */
export function megabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return mb >= 10 || Number.isInteger(mb) ? String(Math.round(mb)) : String(Math.max(0.1, Math.round(mb * 10) / 10));
}

/** What the form promises, in the user's language: the count, the size per file and the kinds. */
export function limitsText(lang: Lang): string {
  const kinds = KIND_IDS.map((k) => ATTACHMENT_KINDS[k][lang]).join(lang === "en" ? ", " : "、");
  return lang === "en"
    ? `Up to ${MAX_ATTACHMENTS} files of at most ${megabytes(MAX_ATTACHMENT_BYTES)} MB each: ${kinds}. The kind is checked from the file's content.`
    : `最多 ${MAX_ATTACHMENTS} 个文件，每个不超过 ${megabytes(MAX_ATTACHMENT_BYTES)} MB；可用 ${kinds}，按文件内容核验类型。`;
}

const refuse = (zh: string, en: string, status = 400) => new AppError("attachment_refused", zh, en, status);

export const tooManyFiles = () => refuse(`附件最多 ${MAX_ATTACHMENTS} 个`, `at most ${MAX_ATTACHMENTS} attachments`);

export const fileTooLarge = (fileName: string) =>
  refuse(
    `附件“${fileName}”超过 ${megabytes(MAX_ATTACHMENT_BYTES)} MB（每个附件的上限），报告未报送；请压缩或拆分后重试`,
    `attachment "${fileName}" is larger than ${megabytes(MAX_ATTACHMENT_BYTES)} MB (the limit per file); the report was not submitted: compress or split it and try again`,
    413,
  );

/** The entry names of a ZIP archive, from its central directory; undefined when it is not a readable one. */
export function zipEntryNames(data: Buffer, max = 5000): string[] | undefined {
  const EOCD = 0x06054b50;
  const CENTRAL = 0x02014b50;
  const lowest = Math.max(0, data.length - 22 - 0xffff);
  for (let i = data.length - 22; i >= lowest; i--) {
    if (data.readUInt32LE(i) !== EOCD) continue;
    const count = data.readUInt16LE(i + 10);
    let p = data.readUInt32LE(i + 16);
    const names: string[] = [];
    for (let k = 0; k < Math.min(count, max); k++) {
      if (p + 46 > data.length || data.readUInt32LE(p) !== CENTRAL) return undefined;
      const nameLength = data.readUInt16LE(p + 28);
      const extraLength = data.readUInt16LE(p + 30);
      const commentLength = data.readUInt16LE(p + 32);
      if (p + 46 + nameLength > data.length) return undefined;
      names.push(data.toString("utf8", p + 46, p + 46 + nameLength));
      p += 46 + nameLength + extraLength + commentLength;
    }
    return names;
  }
  return undefined;
}

const startsWith = (data: Buffer, bytes: number[]) => data.length >= bytes.length && bytes.every((b, i) => data[i] === b);

/** UTF-8 text (a BOM allowed) without NUL or other control characters but tab, line breaks and form feed. */
function isPlainText(data: Buffer): boolean {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(data);
  } catch {
    return false;
  }
  // eslint-disable-next-line no-control-regex
  return !/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text);
}

/**
 * The kind of a file, read from its content: PDF, JPEG and PNG by their signatures; Word, Excel and
 * OFD by the parts inside their ZIP package (a macro-enabled document is none of them); text when the
 * whole file is clean UTF-8. Undefined: none of the kinds the form allows.
 */
export function sniffAttachment(data: Buffer): AttachmentKindId | { refused: "macro" | "zip" } | undefined {
  if (startsWith(data, [0x25, 0x50, 0x44, 0x46, 0x2d])) return "pdf"; // %PDF-
  if (startsWith(data, [0xff, 0xd8, 0xff])) return "jpeg";
  if (startsWith(data, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "png";
  if (startsWith(data, [0x50, 0x4b, 0x03, 0x04])) {
    const names = zipEntryNames(data);
    if (!names) return { refused: "zip" };
    if (names.some((n) => /(^|\/)vbaProject\.bin$/i.test(n))) return { refused: "macro" };
    const ooxml = names.includes("[Content_Types].xml");
    if (ooxml && names.includes("word/document.xml")) return "docx";
    if (ooxml && names.includes("xl/workbook.xml")) return "xlsx";
    if (names.includes("OFD.xml")) return "ofd";
    return { refused: "zip" };
  }
  return isPlainText(data) ? "txt" : undefined;
}

export interface Attachment {
  fileName: string;
  data: Buffer;
}

/** Checks a file's name, size and content; returns the type it is stored and sent back with. */
export function checkAttachment(a: Attachment): string {
  // a name is stored and shown: no control characters (a NUL cannot even be stored), a sane length
  if (a.fileName.length === 0 || a.fileName.length > 200 || [...a.fileName].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f) || !a.fileName.isWellFormed()) {
    throw refuse("附件文件名无效（含控制字符或过长）", "the attachment's file name is invalid (control characters, or too long)");
  }
  if (a.data.length === 0) throw refuse(`附件“${a.fileName}”是空文件`, `attachment "${a.fileName}" is empty`);
  if (a.data.length > MAX_ATTACHMENT_BYTES) throw fileTooLarge(a.fileName);
  const kind = sniffAttachment(a.data);
  if (kind === undefined || typeof kind === "object") {
    const why =
      kind?.refused === "macro"
        ? { zh: "含宏的文档不予接收", en: "documents with macros are not accepted" }
        : kind?.refused === "zip"
          ? { zh: "压缩包不是 Word、Excel 或 OFD 文档", en: "an archive that is not a Word, Excel or OFD document" }
          : { zh: "内容不是 PDF、图片、Word、Excel、OFD 或 UTF-8 文本", en: "its content is not PDF, an image, Word, Excel, OFD or UTF-8 text" };
    throw refuse(`不支持的附件“${a.fileName}”：${why.zh}`, `unsupported attachment "${a.fileName}": ${why.en}`, 415);
  }
  const k = ATTACHMENT_KINDS[kind];
  const dot = a.fileName.lastIndexOf(".");
  const ext = dot >= 0 ? a.fileName.slice(dot + 1).toLowerCase() : "";
  if (!k.extensions.includes(ext)) {
    // the name is what the office sees and downloads: it must say what the file is
    throw refuse(
      `附件“${a.fileName}”的内容是${k.zh}，文件名应以 .${k.extensions[0]} 结尾`,
      `attachment "${a.fileName}" is a ${k.en} by its content: its name should end in .${k.extensions[0]}`,
      415,
    );
  }
  return k.type;
}

/** The count and sizes the form promises, checked before any file is read. */
export function checkAttachmentLimits(files: { fileName: string; size: number }[]): void {
  if (files.length > MAX_ATTACHMENTS) throw tooManyFiles();
  const big = files.find((f) => f.size > MAX_ATTACHMENT_BYTES);
  if (big) throw fileTooLarge(big.fileName);
}
