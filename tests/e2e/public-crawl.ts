import { bodyText } from "./body-text";

/**
 * Every public page and download, found the way a visitor finds them: from the home page and the
 * sign-in page (both languages), following every link that stays on a public path, and every HTML
 * page also in the other language. Nothing is listed by hand.
 */
export const PUBLIC_PATH = /^\/(?:$|\?|rankings\/|methodology(?:$|\?)|open-data(?:$|\?|\/)|notices(?:$|\?)|login(?:$|\?))/;

export type PageType = "home" | "rankings" | "methodology" | "open-data" | "download" | "notices" | "login";

export interface PublicPage {
  path: string;
  type: PageType;
  status: number;
  contentType: string;
  bytes: number;
  /** the readable text (body-text.ts), with the raw body */
  text: string;
}

export function pageType(path: string): PageType {
  if (/^\/open-data\/.+\.(csv|json)/.test(path)) return "download";
  if (path.startsWith("/rankings/")) return "rankings";
  if (path.startsWith("/methodology")) return "methodology";
  if (path.startsWith("/open-data")) return "open-data";
  if (path.startsWith("/notices")) return "notices";
  if (path.startsWith("/login")) return "login";
  return "home";
}

/** The same page in the other language (`lang=en` added or removed). */
function otherLanguage(path: string): string {
  const u = new URL(path, "http://x.invalid");
  if (u.searchParams.get("lang") === "en") u.searchParams.delete("lang");
  else u.searchParams.set("lang", "en");
  return u.pathname + (u.searchParams.size ? `?${u.searchParams.toString()}` : "");
}

export async function crawlPublic(base: string, { limit = 2000, concurrency = 4 } = {}): Promise<PublicPage[]> {
  const seen = new Set<string>();
  const queue: string[] = [];
  const enqueue = (path: string) => {
    if (!PUBLIC_PATH.test(path) || seen.has(path)) return;
    if (seen.size >= limit) throw new Error(`more than ${limit} public pages: is the crawl leaving the public paths?`);
    seen.add(path);
    queue.push(path);
  };
  for (const seed of ["/", "/?lang=en", "/login", "/login?lang=en"]) enqueue(seed);
  const pages: PublicPage[] = [];
  const worker = async () => {
    for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
      const r = await fetch(base + path, { redirect: "manual" });
      const bytes = new Uint8Array(await r.arrayBuffer());
      const contentType = r.headers.get("content-type") ?? "";
      pages.push({ path, type: pageType(path), status: r.status, contentType, bytes: bytes.length, text: await bodyText(bytes, contentType) });
      if (!contentType.includes("text/html")) continue;
      const html = new TextDecoder().decode(bytes);
      for (const m of html.matchAll(/href="([^"#]*)(?:#[^"]*)?"/g)) {
        const href = m[1]!.replace(/&amp;/g, "&");
        if (!href) continue;
        const u = new URL(href, base + path);
        if (u.origin !== new URL(base).origin) continue;
        enqueue(u.pathname + u.search);
      }
      enqueue(otherLanguage(path));
    }
  };
  // the queue grows while it is worked on: keep going until every worker found it empty at once
  while (queue.length > 0) await Promise.all(Array.from({ length: concurrency }, worker));
  return pages.sort((a, b) => (a.path < b.path ? -1 : 1));
}
