import "server-only";
import type { Connection } from "@/db/client";
import { AppError } from "@/lib/errors";
import type { Lang } from "@/lib/i18n";
import { importRows } from "@/lib/ingest/import";
import { isUnitKind, ScopeError, UNIT_KINDS } from "@/lib/ingest/scope";
import { bodyFormat, parseRows, readBody, sha256 } from "./body";
import { apiErrorBody } from "./errors";
import { checkKey, claimKey, finishKey, releaseKey } from "./idempotency";
import type { ApiToken } from "./tokens";

export interface PushOptions {
  /** the largest body, in bytes (413 above) */
  maxBytes: number;
  /** how long a repeat waits for a first request still running (409 after) */
  waitMs: number;
  /** the language of the rejected rows' reasons in the summary */
  lang: Lang;
}

/**
 * `POST /api/v1/<kind>` (CONTRACT §8): the body's rows go through the import of a file
 * (lib/ingest/import.ts importRows), scoped to the token's unit. The answer is the import summary of
 * CONTRACT §2 with the batch's id (200), or — when a row belongs to another unit — a 403 listing those
 * rows, nothing stored. With an Idempotency-Key, the answer is kept and a repeat gets it back
 * (`Idempotent-Replayed: true`) without importing again. The body is read and checked before the key
 * is claimed: a body that cannot be read is refused the same way each time, so it need not be kept.
 */
export async function push(db: Connection, token: ApiToken, kindText: string, request: Request, opts: PushOptions): Promise<Response> {
  if (!isUnitKind(kindText)) {
    throw AppError.notFound(
      `没有“${kindText}”这种数据：可推送 ${UNIT_KINDS.join("、")}`,
      `there is no kind "${kindText}": the kinds pushed are ${UNIT_KINDS.join(", ")}`,
    );
  }
  const kind = kindText;
  const key = request.headers.get("idempotency-key");
  if (key !== null) checkKey(key);
  const format = bodyFormat(request.headers.get("content-type"));
  const body = await readBody(request, opts.maxBytes);
  const rows = parseRows(kind, format, body);
  if (key !== null) {
    // the endpoint is part of what a key stands for: the same body sent to another kind is another request
    const claim = await claimKey(db, token.id, key, sha256(`POST /api/v1/${kind}\n`, body), opts.waitMs);
    if (!claim.first) return json(claim.status, claim.body, { "idempotent-replayed": "true" });
  }
  let status: number;
  let text: string;
  try {
    const { summary, batchId } = await importRows(
      db,
      kind,
      { name: `api:${kind}`, sha256: sha256(body), bytes: body.length, rows },
      { actor: `api-token:${token.id}`, lang: opts.lang, scope: token.unitCode, channel: "api" },
    );
    status = 200;
    text = JSON.stringify({ ...summary, batch_id: batchId });
  } catch (e) {
    if (!(e instanceof ScopeError)) {
      if (key !== null) await releaseKey(db, token.id, key);
      throw e;
    }
    status = 403;
    text = apiErrorBody(e, { rejected: e.rows, total: e.total });
  }
  if (key !== null) await finishKey(db, token.id, key, status, text);
  return json(status, text);
}

function json(status: number, body: string, headers: Record<string, string> = {}): Response {
  return new Response(body, { status, headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...headers } });
}
