import { getBatch } from "@/lib/api/batches";
import { handler, idParam } from "@/lib/web/handler";

export const dynamic = "force-dynamic";

/** GET /api/v1/batches/<id>: a batch of the token's unit, its status and summary. */
export const GET = handler<{ id: string }, "api">({ role: "api", action: "api:batch" }, async (_request, { db, token, params, lang }) =>
  Response.json(await getBatch(db, token, idParam(params.id), lang), { headers: { "cache-control": "no-store" } }),
);
