import { NextResponse, type NextRequest } from "next/server";

/**
 * Only a convenience: a visitor without a session cookie who opens an office or unit page is sent to
 * sign in. Every page and handler checks the session and the unit itself (lib/auth/guards.ts).
 */
export function proxy(request: NextRequest) {
  const hasSession = request.cookies.has("authjs.session-token") || request.cookies.has("__Secure-authjs.session-token");
  if (!hasSession) {
    const url = request.nextUrl.clone();
    url.pathname = "/login";
    url.search = `?next=${encodeURIComponent(request.nextUrl.pathname + request.nextUrl.search)}`;
    return NextResponse.redirect(url);
  }
  return NextResponse.next();
}

export const config = { matcher: ["/office/:path*", "/unit/:path*"] };
