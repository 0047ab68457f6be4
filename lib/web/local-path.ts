/**
 * A redirect target from a request (`?next=`) only as a path on this site: one leading "/", then no
 * second "/" or "\" (browsers read "/\evil.example" as another host), no control characters (the URL
 * parser drops a tab or newline, which can join "/" and "/evil.example"), and it must resolve to the
 * same origin. Anything else: undefined, and the caller uses its default.
 */
export function safeLocalPath(next: string): string | undefined {
  if (!/^\/(?![/\\])/.test(next) || next.includes("\\") || [...next].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) return undefined;
  const base = "http://wenxiao.invalid";
  const url = new URL(next, base);
  return url.origin === base ? url.pathname + url.search + url.hash : undefined;
}
