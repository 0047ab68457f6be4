import { openApiDocument } from "@/lib/api/openapi";
import { env } from "@/lib/env";
import { handler } from "@/lib/web/handler";

export const dynamic = "force-dynamic";

/** GET /api/v1/openapi.json: the OpenAPI 3.1 document of the push API, for anyone (it holds no data). */
export const GET = handler({ role: "public", action: "api:openapi" }, () =>
  Promise.resolve(Response.json(openApiDocument({ maxBodyMb: env().WENXIAO_API_MAX_BODY_MB, perMinute: env().WENXIAO_API_RATE_PER_MINUTE }))),
);
