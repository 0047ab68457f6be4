/**
 * Headers every response carries (GB/T 22239 level 3 web hardening). The Content-Security-Policy of
 * pages and handlers is made per response (proxy.ts, lib/web/csp.ts); the framework's static files,
 * which the proxy does not see, get STATIC_FILES_CSP.
 */
export const SECURITY_HEADERS: Record<string, string> = {
  "x-frame-options": "DENY",
  "x-content-type-options": "nosniff",
  "referrer-policy": "strict-origin-when-cross-origin",
  "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
};

/** Signed-in pages and files are never kept by a browser or a proxy. */
export const PRIVATE_PATHS = ["/office/:path*", "/unit/:path*", "/inbox/:path*", "/account/:path*", "/api/auth/:path*", "/api/v1/:path*"];

/** The policy of the framework's own files (scripts, styles, fonts): nothing to run inside, no framing. */
export const STATIC_FILES_CSP = "default-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";
export const STATIC_PATHS = ["/_next/:path*", "/favicon.ico"];
