import { AppError } from "@/lib/errors";

/**
 * An error of the push API: an AppError (code, zh, en, status) that may carry response headers
 * (`Retry-After`, `WWW-Authenticate`) and more of the answer (the rows a refusal is about). The API
 * answers it as `{"error": {"code", "zh", "en"}, ...extra}` (lib/web/handler.ts, role "api").
 */
export class ApiError extends AppError {
  constructor(
    code: string,
    zh: string,
    en: string,
    status: number,
    readonly headers: Record<string, string> = {},
    readonly extra: Record<string, unknown> = {},
  ) {
    super(code, zh, en, status);
    this.name = "ApiError";
  }
}

/** The API's error body: both languages, always (a machine reads it; a person may read either). */
export function apiErrorBody(e: AppError, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ error: { code: e.code, zh: e.zh, en: e.en }, ...extra });
}

export function apiErrorResponse(e: AppError): Response {
  const headers: Record<string, string> = { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" };
  let extra: Record<string, unknown> = {};
  if (e instanceof ApiError) {
    Object.assign(headers, e.headers);
    extra = e.extra;
  }
  return new Response(apiErrorBody(e, extra), { status: e.status, headers });
}
