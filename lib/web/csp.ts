import { createHash, randomBytes } from "node:crypto";
import { env } from "@/lib/env";

/**
 * The Content-Security-Policy of pages (GB/T 22239 level 3: no `unsafe-inline` for scripts). A page
 * rendered for one request allows its scripts by a nonce made for that response (proxy.ts; Next puts
 * it on its own scripts, as its documentation describes); a public page answered from the cache of
 * finished bytes (lib/publication/response-cache.ts) allows exactly its inline scripts by their
 * hashes, since its bytes are the same for everyone. Styles may be inline: charts and a few
 * components set style attributes, and styles do not run code.
 */
export type ScriptSources = { nonce: string } | { hashes: string[] };

export function contentSecurityPolicy(scripts: ScriptSources, opts: { formTargets?: string[]; dev?: boolean } = {}): string {
  const script =
    "nonce" in scripts
      ? `'self' 'nonce-${scripts.nonce}' 'strict-dynamic'`
      : // no 'strict-dynamic' here: the page's own chunks load by 'self', its inline scripts by hash
        ["'self'", ...scripts.hashes.map((h) => `'sha256-${h}'`)].join(" ");
  return [
    "default-src 'self'",
    `script-src ${script}${opts.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    // the sign-in form may be redirected on to the province's identity platform (OIDC)
    `form-action 'self'${(opts.formTargets ?? []).map((t) => ` ${t}`).join("")}`,
    "frame-ancestors 'none'",
  ].join("; ");
}

/** 128 random bits, base64: unpredictable, and new for every response. */
export function newNonce(): string {
  return randomBytes(16).toString("base64");
}

/** SHA-256 (base64) of every inline script of a page, as CSP's hash sources name them. */
export function inlineScriptHashes(html: string): string[] {
  const hashes = new Set<string>();
  for (const m of html.matchAll(/<script(\s[^>]*)?>([\s\S]*?)<\/script>/gi)) {
    if (/\ssrc\s*=/i.test(m[1] ?? "")) continue;
    hashes.add(createHash("sha256").update(m[2] ?? "", "utf8").digest("base64"));
  }
  return [...hashes];
}

/** Where the sign-in form may lead besides this site: the identity platform's origin, when configured. */
export function formTargets(): string[] {
  const issuer = env().WENXIAO_OIDC_ISSUER;
  return issuer ? [new URL(issuer).origin] : [];
}
