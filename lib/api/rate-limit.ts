import "server-only";
import type { Sql } from "@/db/client";
import { ApiError } from "./errors";

/**
 * Calls per token and calendar minute, counted in the token's own row, so every instance of the app
 * counts the same calls; one statement also records the token's last use. Over the limit: 429 with
 * `Retry-After`, the seconds until the next minute begins. A refused call counts too (a client that
 * ignores Retry-After stays refused until the minute is over).
 */
export async function takeCall(db: Sql, tokenId: number, perMinute: number): Promise<void> {
  const [r] = await db.query<{ calls: number; retry: number }>(
    `UPDATE api_tokens SET
       rate_count = CASE WHEN rate_window = date_trunc('minute', now()) THEN rate_count + 1 ELSE 1 END,
       rate_window = date_trunc('minute', now()),
       last_used_at = now()
     WHERE id = $1
     RETURNING rate_count AS calls, ceil(extract(epoch FROM date_trunc('minute', now()) + interval '1 minute' - now()))::int AS retry`,
    [tokenId],
  );
  if (r && r.calls > perMinute) {
    const retry = String(Math.max(1, r.retry));
    throw new ApiError(
      "rate_limited",
      `调用过于频繁：每个令牌每分钟最多 ${perMinute} 次，请 ${retry} 秒后重试`,
      `too many calls: at most ${perMinute} a minute per token; try again in ${retry} s`,
      429,
      { "retry-after": retry },
    );
  }
}
