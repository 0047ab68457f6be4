import { NextResponse, type NextRequest } from "next/server";

/**
 * Only conveniences, never the security boundary (every page, action and handler checks for itself,
 * lib/auth/guards.ts and lib/web/): a server action posted from another site is refused with 403
 * (rather than the framework's 500), and a visitor without a session cookie who opens an office or
 * unit page is sent to sign in.
 */
export function proxy(request: NextRequest) {
  if (request.method === "POST" && request.headers.has("next-action") && !sameOrigin(request)) {
    return NextResponse.json({ error: "forbidden", message: "请求来源不符 / cross-origin request refused" }, { status: 403 });
  }
  const signedInOnly = /^\/(office|unit|inbox|account)(\/|$)/.test(request.nextUrl.pathname);
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
  return NextResponse.next({ request: { headers: forwarded } });
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

export const config = { matcher: ["/office/:path*", "/unit/:path*", "/inbox/:path*", "/account/:path*", "/login"] };
