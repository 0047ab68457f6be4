import { randomBytes } from "node:crypto";
import { AppError } from "@/lib/errors";
import type { Lang } from "@/lib/i18n";
import type { ImportSummary } from "@/lib/ingest/import";
import { headerMapFor, KINDS, type ImportKind } from "@/lib/ingest/kinds";
import { checkHeaders, formatOf, readRows, type RawRow } from "@/lib/ingest/read";

/**
 * The CLI's delivery to a running deployment (`wenxiao import <kind> <file> --server URL --token T`):
 * the file is read as an import reads it (CSV, XLSX, JSON Lines; the same headers) and pushed
 * through /api/v1 as NDJSON, a batch of rows at a time, so no process but the server opens the
 * database. Each batch carries its own Idempotency-Key, so a batch retried after a lost connection,
 * a 409 or a 429 is stored once. The answers add up to one summary with the file's row numbers.
 * Rows of one key in two different batches count as updated, not superseded: each batch is an import.
 */
export interface PushFileOptions {
  server: string;
  token: string;
  /** rows per request (default 5 000) */
  batchRows?: number;
  lang?: Lang;
  /** attempts per batch when the connection fails or the server says wait (409, 429, 5xx) */
  attempts?: number;
  fetch?: typeof fetch;
}

/** The server refused a batch (or could not be reached): what it said, and the batches stored before it. */
export class PushError extends AppError {
  constructor(
    code: string,
    zh: string,
    en: string,
    status: number,
    readonly stored: number[],
    readonly detail: unknown = null,
  ) {
    super(code, zh, en, status);
    this.name = "PushError";
  }
}

export async function pushFile(kind: ImportKind, file: string, opts: PushFileOptions): Promise<ImportSummary & { batches: number[] }> {
  formatOf(file);
  const spec = KINDS[kind];
  const lang = opts.lang ?? "zh";
  const size = Math.max(1, opts.batchRows ?? 5000);
  const doFetch = opts.fetch ?? fetch;
  const url = new URL(`/api/v1/${kind}`, opts.server);
  if (lang === "en") url.searchParams.set("lang", "en");
  const run = randomBytes(8).toString("hex");
  const total: ImportSummary & { batches: number[] } = { kind, rows: 0, inserted: 0, updated: 0, unchanged: 0, superseded: 0, rejected: [], batches: [] };
  let batch: RawRow[] = [];
  let index = 0;

  const send = async () => {
    const rows = batch;
    batch = [];
    const body = rows.map((r) => JSON.stringify(r.values)).join("\n") + "\n";
    const key = `wenxiao-cli-${run}-${index++}`;
    const { status, json } = await post(doFetch, url, opts.token, key, body, opts.attempts ?? 5, total.batches);
    if (status !== 200) {
      const err = (json as { error?: { code?: string; zh?: string; en?: string } } | null)?.error;
      const where = total.batches.length > 0 ? { zh: `；此前的批次 ${total.batches.join("、")} 已保存`, en: `; the batches before it (${total.batches.join(", ")}) are stored` } : { zh: "", en: "" };
      // a refusal that names rows (403) names them by their batch's numbering: give the file's
      const detail = json as { rejected?: { row: number }[] } | null;
      for (const r of detail?.rejected ?? []) r.row = rows[r.row - 1]?.rowNo ?? r.row;
      throw new PushError(err?.code ?? "push_refused", `服务器拒绝（${status}）：${err?.zh ?? ""}${where.zh}`, `the server refused (${status}): ${err?.en ?? ""}${where.en}`, status, total.batches, json);
    }
    const s = json as ImportSummary & { batch_id: number };
    total.rows += s.rows;
    total.inserted += s.inserted;
    total.updated += s.updated;
    total.unchanged += s.unchanged;
    total.superseded += s.superseded;
    for (const r of s.rejected) total.rejected.push({ row: rows[r.row - 1]?.rowNo ?? r.row, errors: r.errors });
    total.batches.push(s.batch_id);
  };

  for await (const raw of readRows(file, headerMapFor(spec), (fields) => checkHeaders(spec, fields))) {
    if (raw.error) {
      // a malformed line is rejected here, as the import would
      total.rows++;
      total.rejected.push({ row: raw.rowNo, errors: [raw.error[lang]] });
      continue;
    }
    batch.push(raw);
    if (batch.length >= size) await send();
  }
  if (batch.length > 0) await send();
  total.rejected.sort((a, b) => a.row - b.row);
  return total;
}

async function post(doFetch: typeof fetch, url: URL, token: string, key: string, body: string, attempts: number, stored: number[]): Promise<{ status: number; json: unknown }> {
  for (let attempt = 1; ; attempt++) {
    let response: Response;
    try {
      response = await doFetch(url, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/x-ndjson", "idempotency-key": key },
        body,
      });
    } catch (e) {
      if (attempt < attempts) {
        await pause(attempt * 500);
        continue;
      }
      const why = e instanceof Error ? ((e.cause as Error | undefined)?.message ?? e.message) : String(e);
      throw new PushError("server_unreachable", `无法连接服务器 ${url.origin}：${why}`, `cannot reach the server ${url.origin}: ${why}`, 503, stored);
    }
    const text = await response.text();
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
    const retry = response.status === 409 || response.status === 429 || response.status >= 500;
    if (retry && attempt < attempts) {
      const after = Number(response.headers.get("retry-after"));
      await pause(Number.isFinite(after) && after > 0 ? Math.min(after, 60) * 1000 : attempt * 1000);
      continue;
    }
    if (json === null && response.status === 200) {
      throw new PushError("bad_answer", `服务器 ${url.origin} 的应答不是 JSON（地址是否正确？）`, `the server ${url.origin} did not answer with JSON (is the address right?)`, 502, stored);
    }
    return { status: response.status, json };
  }
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
