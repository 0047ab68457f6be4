import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * A page that calls notFound() is answered by Next.js with its error shell — `<html id="__next_error__">`
 * with no `lang` and an empty body, the 404 page drawn by the browser's script from the payload
 * (vercel/next.js#62228, open in 16.4) — while an unknown address gets the server-rendered not-found page
 * inside the root layout, `<html lang>` and all. The HTTP front (scripts/start.ts) answers such a 404 with
 * that server-rendered page instead: it asks the app for `/_not-found` in the request's language, telling
 * it (NOT_FOUND_FOR) which address was missing, so app/not-found.tsx names the period, unit or notice.
 */
export const NOT_FOUND_FOR = "x-wenxiao-not-found-for";

/** Only a browser's page request can get the error shell; RSC payloads, prefetches and actions keep Next's answer. */
export function isPageRequest(req: IncomingMessage): boolean {
  const h = req.headers;
  return (
    (req.method === "GET" || req.method === "HEAD") &&
    h.rsc === undefined &&
    h["next-router-prefetch"] === undefined &&
    h["next-action"] === undefined &&
    h[NOT_FOUND_FOR] === undefined &&
    !/[?&]_rsc=/.test(req.url ?? "") &&
    !(req.url ?? "").startsWith("/_next/")
  );
}

/** The address of the server-rendered not-found page in the language of `url` (the same rule as proxy.ts). */
export function notFoundPageFor(url: string): string {
  const lang = new URL(url, "http://front.invalid").searchParams.get("lang") === "en" ? "en" : "zh";
  return lang === "en" ? "/_not-found?lang=en" : "/_not-found";
}

const DROPPED = new Set(["content-encoding", "content-length", "transfer-encoding", "connection", "keep-alive"]);

/**
 * Watches `res` while Next writes it: an HTML 404 is held back (whatever Next writes after its head is
 * dropped) and replaced by the server-rendered not-found page from `origin`, with that page's own headers
 * (its policy's nonce matches its scripts). Any other answer passes untouched.
 */
export function replaceNotFoundShell(req: IncomingMessage, res: ServerResponse, origin: string): void {
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  let holding = false;
  res.writeHead = ((status: number, ...rest: unknown[]) => {
    const given = rest.find((r) => typeof r === "object" && r !== null && !Array.isArray(r)) as Record<string, unknown> | undefined;
    const type = [given?.["content-type"], given?.["Content-Type"], res.getHeader("content-type")].find((v): v is string => typeof v === "string");
    if (status === 404 && type?.startsWith("text/html")) {
      holding = true;
      return res;
    }
    return writeHead(status, ...rest);
  });
  res.write = ((...args: unknown[]) => {
    if (!holding) return write(...args);
    const cb = args.find((a) => typeof a === "function") as (() => void) | undefined;
    cb?.();
    return true;
  }) as typeof res.write;
  res.end = ((...args: unknown[]) => {
    if (!holding) return end(...args);
    const cb = args.find((a) => typeof a === "function") as (() => void) | undefined;
    void answerWithNotFoundPage(req, origin)
      .then(({ headers, body }) => {
        // Next's own head goes, but for a cookie it set (a session kept alive)
        const cookies = res.getHeader("set-cookie");
        for (const name of res.getHeaderNames()) res.removeHeader(name);
        writeHead(404, { ...headers, ...(cookies ? { "set-cookie": cookies } : {}), "content-length": body.length });
        end(req.method === "HEAD" ? undefined : body, cb);
      })
      .catch(() => {
        writeHead(404, { "content-type": "text/plain; charset=utf-8" });
        end("页面不存在 / Page not found", cb);
      });
    return res;
  }) as typeof res.end;
}

async function answerWithNotFoundPage(req: IncomingMessage, origin: string): Promise<{ headers: Record<string, string>; body: Buffer }> {
  // path and query only: the 404 page's language switch links to this address, never to another host
  const asked = new URL(req.url ?? "/", "http://front.invalid");
  const url = asked.pathname + asked.search;
  // the visitor's cookies, so that the page's header is the one they see everywhere
  const r = await fetch(origin + notFoundPageFor(url), { headers: { [NOT_FOUND_FOR]: url.slice(0, 500), ...(req.headers.cookie ? { cookie: req.headers.cookie } : {}) } });
  const headers: Record<string, string> = {};
  r.headers.forEach((v, k) => {
    if (!DROPPED.has(k) && k !== "set-cookie") headers[k] = v;
  });
  return { headers, body: Buffer.from(await r.arrayBuffer()) };
}
