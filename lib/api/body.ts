import "server-only";
import { createHash } from "node:crypto";
import { headerMapFor, KINDS } from "@/lib/ingest/kinds";
import { jsonRowValues, type RawRow } from "@/lib/ingest/read";
import type { UnitKind } from "@/lib/ingest/scope";
import { ApiError } from "./errors";
import { rowSchema } from "./schemas";

/**
 * A push's body: a JSON array of rows (`application/json`) or one row per line (NDJSON,
 * `application/x-ndjson`), UTF-8. It is read as it streams in and refused (413) as soon as it passes
 * the size limit, whatever Content-Length claims; then each row is checked against its kind's schema
 * (lib/api/schemas.ts). A body that cannot be read is a 400 naming the line (and row) where it goes wrong.
 */
export type BodyFormat = "json" | "ndjson";

const NDJSON = new Set(["application/x-ndjson", "application/ndjson", "application/jsonl", "application/x-jsonlines", "application/jsonlines"]);

export function bodyFormat(contentType: string | null): BodyFormat {
  const media = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (media === "application/json") return "json";
  if (NDJSON.has(media)) return "ndjson";
  throw new ApiError(
    "unsupported_media_type",
    `不支持的 Content-Type“${media || "（无）"}”：应为 application/json（行的数组）或 application/x-ndjson（每行一条）`,
    `unsupported Content-Type "${media || "(none)"}": use application/json (an array of rows) or application/x-ndjson (one row per line)`,
    415,
  );
}

function tooLarge(maxBytes: number): ApiError {
  const limit = maxBytes >= 1024 * 1024 ? `${Math.round((maxBytes / 1024 / 1024) * 10) / 10} MB` : `${Math.max(1, Math.round(maxBytes / 1024))} KB`;
  return new ApiError(
    "payload_too_large",
    `请求体超过 ${limit} 的上限：请分批推送（每批几千行即可）`,
    `the request body is larger than the limit of ${limit}: push the rows in several batches (a few thousand rows each)`,
    413,
  );
}

/** The whole body, read chunk by chunk and cut off past `maxBytes`. */
export async function readBody(request: Request, maxBytes: number): Promise<Buffer> {
  const declared = Number(request.headers.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

export function sha256(...parts: (string | Buffer)[]): string {
  const h = createHash("sha256");
  for (const p of parts) h.update(p);
  return h.digest("hex");
}

function badBody(zh: string, en: string, where: { line?: number; row?: number; field?: string } = {}): ApiError {
  return new ApiError("bad_body", zh, en, 400, {}, where);
}

/** The rows of a body, numbered as a file's would be (1 = the first row), each checked for its shape. */
export function parseRows(kind: UnitKind, format: BodyFormat, body: Buffer): RawRow[] {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(body);
  } catch {
    throw badBody("请求体不是有效的 UTF-8 文本", "the request body is not valid UTF-8 text");
  }
  text = text.replace(/^\uFEFF/, "");
  const headerMap = headerMapFor(KINDS[kind]);
  const rows: RawRow[] = [];
  if (format === "json") {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      const line = lineAt(text, jsonErrorOffset(text));
      throw badBody(`请求体不是有效的 JSON：第 ${line} 行有误`, `the request body is not valid JSON: the error is on line ${line}`, { line });
    }
    if (!Array.isArray(parsed)) {
      throw badBody("application/json 的请求体应为行的数组：[{…}, {…}]", "an application/json body must be an array of rows: [{…}, {…}]");
    }
    parsed.forEach((item, i) => rows.push(checkedRow(kind, headerMap, item, i + 1)));
  } else {
    const lines = text.split("\n");
    let rowNo = 0;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!.trim();
      if (line === "") continue;
      rowNo++;
      let item: unknown;
      try {
        item = JSON.parse(line);
      } catch {
        throw badBody(`第 ${i + 1} 行（第 ${rowNo} 条）不是有效的 JSON`, `line ${i + 1} (row ${rowNo}) is not valid JSON`, { line: i + 1, row: rowNo });
      }
      rows.push(checkedRow(kind, headerMap, item, rowNo, i + 1));
    }
  }
  return rows;
}

function checkedRow(kind: UnitKind, headerMap: (h: string) => string | undefined, item: unknown, rowNo: number, line?: number): RawRow {
  const at = line === undefined ? { zh: `第 ${rowNo} 条`, en: `row ${rowNo}` } : { zh: `第 ${line} 行（第 ${rowNo} 条）`, en: `line ${line} (row ${rowNo})` };
  if (typeof item !== "object" || item === null || Array.isArray(item)) {
    throw badBody(`${at.zh}应为一个 JSON 对象`, `${at.en} must be a JSON object`, { row: rowNo, line });
  }
  const result = rowSchema(kind).safeParse(item);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    if (issue.code === "unrecognized_keys") {
      const keys = issue.keys.join(", ");
      throw badBody(`${at.zh}有未知字段：${keys}（字段名见 /api/v1/openapi.json）`, `${at.en} has unknown field(s): ${keys} (the fields are in /api/v1/openapi.json)`, { row: rowNo, line, field: issue.keys[0] });
    }
    const field = issue.path.join(".");
    throw badBody(`${at.zh}：字段 ${field} 的值类型不对（应为字符串、数字或 null）`, `${at.en}: field ${field} has a value of the wrong type (a string, a number or null)`, { row: rowNo, line, field });
  }
  return { rowNo, values: jsonRowValues(item, headerMap, rowNo) };
}

function lineAt(text: string, offset: number): number {
  const end = offset < 0 ? text.length : Math.min(offset, text.length);
  let line = 1;
  for (let i = 0; i < end; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/**
 * Where JSON text stops being valid (an offset; -1 when it is valid), for the line number of the
 * error: Node 20's JSON.parse does not say where. Called only after JSON.parse has failed.
 */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const ws = () => {
    while (i < text.length && (text[i] === " " || text[i] === "\t" || text[i] === "\n" || text[i] === "\r")) i++;
  };
  const fail = (): never => {
    throw new JsonStop(i);
  };
  const string = () => {
    i++;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return;
      }
      if (c === 92) {
        i += 2;
        continue;
      }
      if (c < 32) fail();
      i++;
    }
    fail();
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === "{") {
      i++;
      ws();
      if (text[i] === "}") {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        string();
        ws();
        if (text[i] !== ":") fail();
        i++;
        value();
        ws();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "}") {
        i++;
        return;
      }
        fail();
      }
    }
    if (c === "[") {
      i++;
      ws();
      if (text[i] === "]") {
        i++;
        return;
      }
      for (;;) {
        value();
        ws();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "]") {
        i++;
        return;
      }
        fail();
      }
    }
    if (c === '"') return string();
    const m = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 400));
    if (!m) fail();
    else i += m[0].length;
  };
  try {
    value();
    ws();
    if (i < text.length) fail();
    return -1;
  } catch (e) {
    if (e instanceof JsonStop) return e.offset;
    if (e instanceof RangeError) return i; // nested too deep to follow: near enough
    throw e;
  }
}

class JsonStop extends Error {
  constructor(readonly offset: number) {
    super(`invalid JSON at ${offset}`);
  }
}
