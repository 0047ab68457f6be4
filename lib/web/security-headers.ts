/**
 * Headers every response carries (GB/T 22239 level 3 web hardening). The script policy is left to
 * the framework for now (Next's inline bootstrap scripts need nonces; see the README); what needs no
 * script policy is locked here: no framing, no plugins, no foreign <base>.
 */
export const SECURITY_HEADERS: Record<string, string> = {
  // no form-action: the sign-in form's redirect to the province's identity platform (OIDC) must not be blocked
  "content-security-policy": "frame-ancestors 'none'; object-src 'none'; base-uri 'self'",
  "x-frame-options": "DENY",
  "x-content-type-options": "nosniff",
  "referrer-policy": "strict-origin-when-cross-origin",
  "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
};

/** Signed-in pages and files are never kept by a browser or a proxy. */
export const PRIVATE_PATHS = ["/office/:path*", "/unit/:path*", "/inbox/:path*", "/account/:path*", "/api/auth/:path*"];
