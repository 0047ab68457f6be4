/**
 * Headers every response carries (GB/T 22239 level 3 web hardening). The script policy is left to
 * the framework for now (Next's inline bootstrap scripts need nonces; see the README); everything a
 * page may not do without scripts is locked here: no framing, no plugins, forms post to this site only.
 */
export const SECURITY_HEADERS: Record<string, string> = {
  "content-security-policy": "frame-ancestors 'none'; object-src 'none'; base-uri 'self'; form-action 'self'",
  "x-frame-options": "DENY",
  "x-content-type-options": "nosniff",
  "referrer-policy": "strict-origin-when-cross-origin",
  "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
};

/** Signed-in pages and files are never kept by a browser or a proxy. */
export const PRIVATE_PATHS = ["/office/:path*", "/unit/:path*", "/inbox/:path*", "/api/auth/:path*"];
