import "server-only";
import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import type { Connection } from "@/db";
import { apiErrorResponse } from "@/lib/api/errors";
import { takeCall } from "@/lib/api/rate-limit";
import { authenticate, type ApiToken } from "@/lib/api/tokens";
import { canViewUnit, logAccess } from "@/lib/auth/access";
import { currentUser } from "@/lib/auth/guards";
import type { SessionUser } from "@/lib/auth/users";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { Lang } from "@/lib/i18n";
import { rowId } from "./params";
import { BadQueryError } from "./query";

/**
 * The one shape of a route handler: who may call it (`public`, any signed-in `user`, the `office`,
 * a `unit` member, or an `api` client with a unit's bearer token), the refusal logged, an AppError
 * answered with its status and a localized JSON body, and any other error logged on the server and
 * answered as a plain 500 — never its text.
 */
export type HandlerRole = "public" | "user" | "office" | "unit" | "api";

export interface HandlerContext<P, R extends HandlerRole = HandlerRole> {
  /** null for public handlers (they never read the session) and for API calls (they have no session) */
  user: R extends "public" | "api" ? SessionUser | null : SessionUser;
  /** the bearer token of an API call (role "api"); null otherwise */
  token: R extends "api" ? ApiToken : null;
  db: Connection;
  params: P;
  url: URL;
  lang: Lang;
  /** the office, or the unit's own head or clerk; logged either way, AppError 403 when refused */
  requireUnit: (unitCode: string) => Promise<void>;
}

export function handler<P = Record<string, never>, R extends HandlerRole = HandlerRole>(
  opts: { role: R; action: string },
  fn: (request: Request, ctx: HandlerContext<P, R>) => Promise<Response>,
) {
  if (opts.role === "api") return apiHandler(opts.action, fn as unknown as (request: Request, ctx: HandlerContext<P, "api">) => Promise<Response>);
  return async (request: Request, route?: { params: Promise<P> }): Promise<Response> => {
    const url = new URL(request.url);
    const lang: Lang = url.searchParams.get("lang") === "en" ? "en" : "zh";
    try {
      if (request.method !== "GET" && request.method !== "HEAD" && !sameOrigin(request)) {
        throw AppError.forbidden("请求来源不符", "cross-origin request refused");
      }
      const db = await getDb();
      const where = { address: request.headers.get("x-wenxiao-client"), detail: url.pathname + url.search };
      const user = opts.role === "public" ? null : await currentUser();
      if (opts.role !== "public") {
        if (!user) {
          await logAccess(db, null, opts.action, null, false, where);
          throw new AppError("unauthenticated", "请先登录", "sign in first", 401);
        }
        if (user.secondFactor || user.mustChangePassword) throw AppError.forbidden("请先完成登录（验证码、修改初始密码或启用两步验证）", "finish signing in first (the code, the one-time password's change or the two-factor set-up)");
        const allowed = opts.role === "user" || (opts.role === "office" ? user.role === "office" : user.role !== "office" && user.unitCode !== null);
        if (!allowed) {
          await logAccess(db, user, opts.action, null, false, where);
          throw AppError.forbidden("无权访问", "not allowed");
        }
      }
      // a signed-in handler's answer is non-public data: logged once, with the unit when it names one
      let logged = false;
      const ctx: HandlerContext<P, HandlerRole> = {
        user: user,
        token: null,
        db,
        params: route ? await route.params : ({} as P),
        url,
        lang,
        requireUnit: async (unitCode: string) => {
          const ok = user !== null && canViewUnit(user, unitCode);
          await logAccess(db, user, opts.action, unitCode, ok, where);
          logged = true;
          if (!ok) throw AppError.forbidden("无权查看该单位的数据", "not allowed to see this unit's data");
        },
      };
      const response = await fn(request, ctx);
      if (opts.role !== "public" && !logged && response.ok) await logAccess(db, user, opts.action, null, true, where);
      return response;
    } catch (e) {
      unstable_rethrow(e);
      // a mistaken address is answered in words a person reads in the browser, not as JSON
      if (e instanceof BadQueryError) return new Response(`${e.text(lang)}\n`, { status: 400, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
      if (e instanceof AppError) return errorResponse(e, lang);
      if (e instanceof z.ZodError) return errorResponse(AppError.invalid(`参数有误：${e.issues[0]?.path.join(".") ?? ""}`, `invalid parameter: ${e.issues[0]?.path.join(".") ?? ""}`), lang);
      console.error(`${opts.action}:`, e);
      return Response.json({ error: "internal", message: lang === "en" ? "Internal error; it has been logged." : "服务器内部错误，已记录。" }, { status: 500 });
    }
  };
}

/**
 * An API call (CONTRACT §8): `Authorization: Bearer <token>` instead of a session, so no sign-in and no
 * origin check (a browser cannot be made to send the token by another site, as it sends cookies). The
 * token is checked (401), its calls counted (429), and every call logged in the access log as
 * `api-token:<id>` with the token's unit, refused or not. Errors are JSON with both languages,
 * `{"error": {"code", "zh", "en"}}`, never a page.
 */
function apiHandler<P>(action: string, fn: (request: Request, ctx: HandlerContext<P, "api">) => Promise<Response>) {
  return async (request: Request, route?: { params: Promise<P> }): Promise<Response> => {
    const url = new URL(request.url);
    const lang: Lang = url.searchParams.get("lang") === "en" ? "en" : "zh";
    const where = { address: request.headers.get("x-wenxiao-client"), detail: `${request.method} ${url.pathname}${url.search}` };
    let token: ApiToken | null = null;
    let db: Connection | undefined;
    const caller = () => (token ? { username: `api-token:${token.id}`, role: "api", unitCode: token.unitCode } : null);
    try {
      db = await getDb();
      token = await authenticate(db, request.headers.get("authorization"));
      await takeCall(db, token.id, env().WENXIAO_API_RATE_PER_MINUTE);
      const own = token.unitCode;
      const ctx: HandlerContext<P, "api"> = {
        user: null,
        token,
        db,
        params: route ? await route.params : ({} as P),
        url,
        lang,
        requireUnit: (unitCode: string) => (unitCode === own ? Promise.resolve() : Promise.reject(AppError.forbidden("该令牌不属于此单位", "the token belongs to another unit"))),
      };
      const response = await fn(request, ctx);
      await logAccess(db, caller(), action, token.unitCode, response.status !== 403, where);
      return response;
    } catch (e) {
      unstable_rethrow(e);
      const known = e instanceof AppError ? e : e instanceof z.ZodError ? AppError.invalid(`参数有误：${e.issues[0]?.path.join(".") ?? ""}`, `invalid parameter: ${e.issues[0]?.path.join(".") ?? ""}`) : null;
      if (db) {
        const refused = known !== null && (known.status === 401 || known.status === 403);
        await logAccess(db, caller(), action, token?.unitCode ?? null, !refused, where).catch((err: unknown) => console.error(`${action}: access log:`, err));
      }
      if (known) return apiErrorResponse(known);
      console.error(`${action}:`, e);
      return Response.json({ error: { code: "internal", zh: "服务器内部错误，已记录。", en: "Internal error; it has been logged." } }, { status: 500, headers: { "cache-control": "no-store" } });
    }
  };
}

export function errorResponse(e: AppError, lang: Lang): Response {
  return Response.json({ error: e.code, message: e.text(lang) }, { status: e.status });
}

function sameOrigin(request: Request): boolean {
  const origin = request.headers.get("origin");
  if (!origin) return true; // not a browser's cross-site form or fetch
  try {
    return new URL(origin).host === (request.headers.get("x-forwarded-host") ?? request.headers.get("host"));
  } catch {
    return false;
  }
}

/** A numeric id from the path; anything else names nothing (404). */
export function idParam(text: string): number {
  const id = rowId(text);
  if (id === undefined) throw AppError.notFound(`没有编号为“${text}”的记录`, `nothing has the id "${text}"`);
  return id;
}

