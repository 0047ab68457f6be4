import { NextResponse, type NextRequest } from "next/server";
import { contentSecurityPolicy, formTargets, newNonce } from "@/lib/web/csp";
import { NOT_FOUND_FOR } from "@/lib/web/not-found-front";

/**
 * Runs before every page and handler. It gives each response its script policy with a nonce of its
 * own (lib/web/csp.ts; Next reads the policy from the request and puts the nonce on its scripts).
 * The rest are conveniences, never the security boundary (every page, action and handler checks for
 * itself, lib/auth/guards.ts and lib/web/): a form or server action posted from another site is refused
 * with 403 on every path (rather than the framework's 500), and a visitor without a session cookie who opens an office or
 * unit page is sent to sign in.
 */
export function proxy(request: NextRequest) {
  // an action posted as a plain form carries no Next-Action header, and public pages have actions too:
  // any POST from another origin (Auth.js's own endpoints check their CSRF token themselves)
  if (request.method === "POST" && !request.nextUrl.pathname.startsWith("/api/auth/") && !sameOrigin(request)) {
    return NextResponse.json({ error: "forbidden", message: "请求来源不符 / cross-origin request refused" }, { status: 403 });
  }
  const signedInOnly = /^\/(office|unit|inbox|account|templates)(\/|$)/.test(request.nextUrl.pathname);
  const hasSession = request.cookies.has("authjs.session-token") || request.cookies.has("__Secure-authjs.session-token");
  if (signedInOnly && !hasSession) {
    const url = request.nextUrl.clone();
    url.pathname = "/login";
    url.search = `?next=${encodeURIComponent(request.nextUrl.pathname + request.nextUrl.search)}`;
    return NextResponse.redirect(url);
  }
  // what the access log records as the page asked for (lib/auth/guards.ts requestContext); a client's own value is replaced
  const forwarded = new Headers(request.headers);
  forwarded.set("x-wenxiao-url", (request.nextUrl.pathname + request.nextUrl.search).slice(0, 500));
  // the page's language, for the root layout's <html lang> and the 404 page (lib/web/request-lang.ts)
  forwarded.set("x-wenxiao-lang", request.nextUrl.searchParams.get("lang") === "en" ? "en" : "zh");
  // the address a 404 page stands in for (lib/web/not-found-front.ts): read on the not-found page only
  if (request.nextUrl.pathname !== "/_not-found") forwarded.delete(NOT_FOUND_FOR);
  const policy = contentSecurityPolicy({ nonce: newNonce() }, { formTargets: formTargets(), dev: process.env.NODE_ENV === "development" });
  forwarded.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers: forwarded } });
  response.headers.set("content-security-policy", policy);
  return response;
}


function sameOrigin(request: NextRequest): boolean {
  const origin = request.headers.get("origin");
  if (!origin) return true;
  try {
    return new URL(origin).host === (request.headers.get("x-forwarded-host") ?? request.headers.get("host"));
  } catch {
    return false;
  }
}

// every page and handler; not the framework's static files, which carry no script of their own, nor
// the handlers that take uploads (lib/web/multipart.ts) or pushes (the API, /api/v1: bearer tokens,
// no cookies, no pages): Next buffers the whole body of a request the proxy sees before the handler
// runs and cuts it at 10 MB, where these stream it and set their own limits
export const config = { matcher: ["/((?!_next/static|_next/image|favicon.ico|unit/notices/[0-9]+/report$|office/upload/file$|unit/upload/file$|api/v1/).*)"] };
