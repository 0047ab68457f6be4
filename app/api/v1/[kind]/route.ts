import { push } from "@/lib/api/push";
import { env } from "@/lib/env";
import { handler } from "@/lib/web/handler";

export const dynamic = "force-dynamic";

/** POST /api/v1/<kind>: a unit's rows, pushed with its token (CONTRACT §8; lib/api/push.ts). */
export const POST = handler<{ kind: string }, "api">({ role: "api", action: "api:push" }, (request, { db, token, params, lang }) =>
  push(db, token, params.kind, request, {
    maxBytes: env().WENXIAO_API_MAX_BODY_MB * 1024 * 1024,
    waitMs: env().WENXIAO_API_IDEMPOTENCY_WAIT_MS,
    lang,
  }),
);
