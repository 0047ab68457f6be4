import "server-only";
import { OpenAPIRegistry, OpenApiGeneratorV31 } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { UNIT_KINDS } from "@/lib/ingest/scope";
import { ApiErrorBody, BadRequest, Batch, ScopeRefusal, Summary, kindTitle, rowSchema } from "./schemas";
import { MAX_KEY_CHARS } from "./idempotency";

/**
 * The OpenAPI 3.1 document of /api/v1 (CONTRACT §8), generated from the zod schemas the handlers
 * check with (lib/api/schemas.ts) by @asteasolutions/zod-to-openapi: one path per kind, the batch
 * and this document. Limits are stated as the running server has them.
 */
export function openApiDocument(limits: { maxBodyMb: number; perMinute: number }): Record<string, unknown> {
  const registry = new OpenAPIRegistry();
  registry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    description: "a unit's API token (wx_…), made by the office (/office/api-tokens), a unit head (/unit/api-tokens) or `wenxiao token create`",
  });
  const error = (description: string) => ({ description, content: { "application/json": { schema: ApiErrorBody } } });
  const IdempotencyKey = z
    .string()
    .min(1)
    .max(MAX_KEY_CHARS)
    .optional()
    .meta({
      description:
        "a repeat with the same key and body gets the first response back (same status and body) and changes nothing; the same key with another body: 422; while the first is still running: 409. Keys are kept at least 24 hours.",
    });

  for (const kind of UNIT_KINDS) {
    const row = rowSchema(kind);
    const title = kindTitle(kind);
    registry.registerPath({
      method: "post",
      path: `/api/v1/${kind}`,
      operationId: `push_${kind}`,
      tags: ["push"],
      summary: `${title.zh} / ${title.en}`,
      description: `Imports the rows as a file of the kind \`${kind}\` would be (CONTRACT §2–3): same rules, same counts. Every row must belong to the token's unit or one of its agencies; otherwise the whole request is refused (403) and nothing is stored. Body up to ${limits.maxBodyMb} MB.`,
      security: [{ bearer: [] }],
      request: {
        headers: z.object({ "Idempotency-Key": IdempotencyKey }),
        body: {
          required: true,
          content: {
            "application/json": { schema: z.array(row) },
            // NDJSON: one such row (a JSON object) per line
            "application/x-ndjson": { schema: row },
          },
        },
      },
      responses: {
        200: { description: "the import summary (CONTRACT §2) and the batch's id", content: { "application/json": { schema: Summary } } },
        400: { description: "the body cannot be read (not JSON, not rows, unknown fields): the line and row are named", content: { "application/json": { schema: BadRequest } } },
        401: error("no token, or a token that is unknown, revoked or expired"),
        403: { description: "rows of another unit: nothing stored", content: { "application/json": { schema: ScopeRefusal } } },
        404: error("no such kind"),
        409: error("a request with the same Idempotency-Key is still running"),
        413: error(`the body is larger than ${limits.maxBodyMb} MB`),
        415: error("the Content-Type is neither application/json nor application/x-ndjson"),
        422: error("the Idempotency-Key was used for another body"),
        429: error(`more than ${limits.perMinute} calls a minute with this token; see Retry-After`),
      },
    });
  }

  registry.registerPath({
    method: "get",
    path: "/api/v1/batches/{id}",
    operationId: "get_batch",
    tags: ["batches"],
    summary: "一个批次的状态和汇总 / a batch's status and summary",
    security: [{ bearer: [] }],
    request: { params: z.object({ id: z.string().regex(/^\d+$/).meta({ description: "the batch_id of a push's answer" }) }) },
    responses: {
      200: { description: "the batch", content: { "application/json": { schema: Batch } } },
      401: error("no valid token"),
      404: error("no batch of this id for the token's unit"),
      429: error("too many calls; see Retry-After"),
    },
  });

  registry.registerPath({
    method: "get",
    path: "/api/v1/openapi.json",
    operationId: "openapi",
    tags: ["meta"],
    summary: "this document",
    responses: { 200: { description: "the OpenAPI 3.1 document", content: { "application/json": { schema: z.looseObject({}) } } } },
  });

  const generator = new OpenApiGeneratorV31(registry.definitions);
  return generator.generateDocument({
    openapi: "3.1.0",
    info: {
      title: "问效 Wenxiao push API",
      version: "1.0.0",
      description:
        "Units deliver their evidence (双公示, 归集统计, 联合奖惩, 执行反馈, 异议, 信用修复, 任务, 进展) to Wenxiao. Authorization: Bearer <token>. " +
        `Bodies: a JSON array of rows or NDJSON, up to ${limits.maxBodyMb} MB; at most ${limits.perMinute} calls a minute per token.`,
    },
    servers: [{ url: "/" }],
  }) as unknown as Record<string, unknown>;
}
