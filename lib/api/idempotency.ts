import "server-only";
import type { Sql } from "@/db/client";
import { ApiError } from "./errors";

/**
 * Idempotency-Key (CONTRACT §8, after the IETF draft and Stripe): the first request with a key claims
 * it by inserting its row (INSERT … ON CONFLICT DO NOTHING: of two at the same moment, one wins);
 * its response is then kept. A repeat with the same body gets that response back, status and body,
 * and changes nothing; a repeat with another body is refused (422); a repeat while the first is still
 * running waits a little for it (`waitMs`), then gets 409. Keys are kept 24 hours, then purged when a
 * new key is claimed. A claim left running for an hour (its process died) may be taken over.
 */
export const MAX_KEY_CHARS = 255;
const KEPT = "24 hours";
const ABANDONED = "1 hour";

export type Claim = { first: true } | { first: false; status: number; body: string };

export function checkKey(key: string): void {
  const control = [...key].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
  if (key.length === 0 || key.length > MAX_KEY_CHARS || control) {
    throw new ApiError(
      "bad_idempotency_key",
      `Idempotency-Key 应为 1–${MAX_KEY_CHARS} 个字符，不含控制字符`,
      `Idempotency-Key must be 1–${MAX_KEY_CHARS} characters without control characters`,
      400,
    );
  }
}

export async function claimKey(db: Sql, tokenId: number, key: string, requestSha256: string, waitMs: number): Promise<Claim> {
  checkKey(key);
  await db.query(`DELETE FROM idempotency_keys WHERE created_at < now() - interval '${KEPT}'`);
  const deadline = Date.now() + waitMs;
  for (;;) {
    const [mine] = await db.query(
      `INSERT INTO idempotency_keys (token_id, key, request_sha256) VALUES ($1, $2, $3) ON CONFLICT (token_id, key) DO NOTHING RETURNING 1`,
      [tokenId, key, requestSha256],
    );
    if (mine) return { first: true };
    const [held] = await db.query<{ request_sha256: string; status: string; response_status: number | null; response_body: string | null; abandoned: boolean }>(
      `SELECT request_sha256, status, response_status, response_body, created_at < now() - interval '${ABANDONED}' AS abandoned
       FROM idempotency_keys WHERE token_id = $1 AND key = $2`,
      [tokenId, key],
    );
    if (!held) continue; // released by a request that failed, just now: claim it again
    if (held.request_sha256 !== requestSha256) {
      throw new ApiError(
        "idempotency_key_reused",
        "该 Idempotency-Key 已用于另一个请求（请求内容不同）：每个请求请使用新的键",
        "this Idempotency-Key was used for another request (a different body): use a new key for each request",
        422,
      );
    }
    if (held.status === "done") return { first: false, status: held.response_status ?? 200, body: held.response_body ?? "" };
    if (held.abandoned) {
      const [taken] = await db.query(
        `UPDATE idempotency_keys SET created_at = now() WHERE token_id = $1 AND key = $2 AND status = 'running' AND created_at < now() - interval '${ABANDONED}' RETURNING 1`,
        [tokenId, key],
      );
      if (taken) return { first: true };
    }
    const left = deadline - Date.now();
    if (left <= 0) {
      throw new ApiError(
        "idempotency_key_in_use",
        "使用该 Idempotency-Key 的请求仍在处理中，请稍后用同一个键重试",
        "a request with this Idempotency-Key is still being processed: retry later with the same key",
        409,
        { "retry-after": "1" },
      );
    }
    await new Promise((r) => setTimeout(r, Math.min(50, left)));
  }
}

/** The first request's response, kept for its repeats. */
export async function finishKey(db: Sql, tokenId: number, key: string, status: number, body: string): Promise<void> {
  await db.query(`UPDATE idempotency_keys SET status = 'done', response_status = $3, response_body = $4 WHERE token_id = $1 AND key = $2`, [tokenId, key, status, body]);
}

/** The first request failed on the server's side (nothing stored): the key is free again, so a retry runs. */
export async function releaseKey(db: Sql, tokenId: number, key: string): Promise<void> {
  await db.query(`DELETE FROM idempotency_keys WHERE token_id = $1 AND key = $2 AND status = 'running'`, [tokenId, key]);
}
