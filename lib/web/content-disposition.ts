/**
 * A Content-Disposition header that keeps a file's own name, Chinese included: `filename*` in UTF-8
 * (RFC 5987/6266, which every current browser reads) and a plain-ASCII `filename` for the rest, with
 * anything else replaced by `_` and the extension kept.
 */
export function contentDisposition(kind: "attachment" | "inline", fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  // RFC 5987 attr-char: encodeURIComponent leaves ' ( ) * ! unencoded, which it does not allow (but ! it does)
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
