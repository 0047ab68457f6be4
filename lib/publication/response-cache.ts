import type { IncomingMessage, ServerResponse } from "node:http";
import { gzipSync } from "node:zlib";
import { contentSecurityPolicy, inlineScriptHashes } from "@/lib/web/csp";
import { SECURITY_HEADERS } from "@/lib/web/security-headers";

/**
 * The public pages and open data change only when something is published, so the server keeps their
 * finished bytes (and a gzip copy) and answers from memory (shared/PERFORMANCE.md: serialising per
 * request costs 5×). The cache empties at once when this process publishes, and within a second
 * when another instance does (the publications table's version is checked at most once a second).
 */
const PUBLIC = /^\/($|\?|rankings\/|methodology|open-data|notices)/;
const FILL_HEADER = "x-wenxiao-fill";
const LIMIT = 2000;

interface Entry {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  gzip: Buffer;
}

const marker = globalThis as unknown as { wenxiaoPublished?: number };

/** Called by publishPeriod: the cached public pages are out of date from now on. */
export function publicationsChanged(): void {
  marker.wenxiaoPublished = (marker.wenxiaoPublished ?? 0) + 1;
}

export class PublicResponseCache {
  private entries = new Map<string, Entry>();
  private filling = new Set<string>();
  private version = "";
  private localMark = 0;
  private checkedAt = 0;

  constructor(
    private readonly origin: string,
    private readonly readVersion: () => Promise<string>,
    private readonly formTargets: string[] = [],
  ) {}

  isCacheable(req: IncomingMessage): boolean {
    // the client router's requests (RSC payloads, prefetches) want another body than the HTML page
    const rsc = req.headers.rsc !== undefined || req.headers["next-router-prefetch"] !== undefined || req.headers["next-action"] !== undefined || /[?&]_rsc=/.test(req.url ?? "");
    return (req.method === "GET" || req.method === "HEAD") && !req.headers[FILL_HEADER] && !rsc && PUBLIC.test(req.url ?? "");
  }

  /** Answers from the cache when it can; returns false when the request must go to the app. */
  async serve(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    await this.refresh();
    const key = cacheKey(req.url!);
    const hit = this.entries.get(key);
    if (!hit) {
      void this.fill(key);
      return false;
    }
    const gzip = /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""));
    const body = gzip ? hit.gzip : hit.body;
    res.writeHead(hit.status, { ...hit.headers, "content-length": body.length, vary: "accept-encoding", ...(gzip ? { "content-encoding": "gzip" } : {}) });
    res.end(req.method === "HEAD" ? undefined : body);
    return true;
  }

  private async refresh(): Promise<void> {
    const mark = marker.wenxiaoPublished ?? 0;
    const publishedHere = mark !== this.localMark;
    const now = Date.now();
    if (!publishedHere && now - this.checkedAt < 1000) return;
    this.checkedAt = now;
    this.localMark = mark;
    const v = await this.readVersion();
    if (v !== this.version || publishedHere) {
      this.entries.clear();
      this.version = v;
    }
  }

  /** Renders the page once through the app itself and keeps a successful answer. */
  private async fill(key: string): Promise<void> {
    if (this.filling.has(key) || this.entries.size >= LIMIT) return;
    this.filling.add(key);
    const version = this.version;
    try {
      const r = await fetch(this.origin + key, { headers: { [FILL_HEADER]: "1" } });
      if (r.status !== 200) return;
      const body = Buffer.from(await r.arrayBuffer());
      const headers: Record<string, string> = {};
      for (const h of ["content-type", "content-disposition", "cache-control", "content-language", "content-security-policy", ...Object.keys(SECURITY_HEADERS)]) {
        const v = r.headers.get(h);
        if (v) headers[h] = v;
      }
      // the same bytes go to everyone, so a nonce would be no secret: a page's inline scripts are allowed by their hashes
      if (headers["content-type"]?.startsWith("text/html")) {
        headers["content-security-policy"] = contentSecurityPolicy({ hashes: inlineScriptHashes(body.toString("utf8")) }, { formTargets: this.formTargets });
      }
      // a publication that happened meanwhile makes this rendering stale: drop it
      if (version === this.version) this.entries.set(key, { status: 200, headers, body, gzip: gzipSync(body) });
    } catch {
      // the app answers the next request itself
    } finally {
      this.filling.delete(key);
    }
  }
}

// the only query parameters the public pages read: any other one (?cachebust=N) names the same page;
// `version` tells a period's versions apart (open data and /rankings), `page` the pages of /open-data,
// `headers` the readable open-data CSV from the stored one, `dir` the order of /notices
const KNOWN_PARAMS = ["lang", "period", "version", "page", "headers", "dir"];

/** The page a URL names: its path and the known parameters, in a fixed order. */
export function cacheKey(url: string): string {
  const u = new URL(url, "http://cache.invalid");
  const kept = new URLSearchParams();
  // every value of a repeated parameter stays in the key: the page refuses ?period=a&period=b, and
  // the cache must not answer it with the page of a alone
  for (const k of KNOWN_PARAMS) for (const v of u.searchParams.getAll(k)) kept.append(k, v);
  const query = kept.toString();
  return u.pathname + (query ? `?${query}` : "");
}
