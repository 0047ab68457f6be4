import http, { type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { PublicResponseCache, publicationsChanged } from "@/lib/publication/response-cache";

/**
 * The public response cache in front of a tiny origin: the origin counts its renderings, so a hit
 * (no new rendering) and a refill (a new one) can be told apart. A second server plays the app's
 * front door: the cache answers when it can, else "from the app".
 */
const renders = new Map<string, number>();
const fillHeaders: (string | undefined)[] = [];
/** when set, the origin waits for it before answering (a rendering in progress) */
let gate: Promise<void> | undefined;

const origin = http.createServer((req, res) => {
  void (async () => {
    fillHeaders.push(req.headers["x-wenxiao-fill"] as string | undefined);
    if (gate) await gate;
    const url = req.url ?? "/";
    const count = (renders.get(url) ?? 0) + 1;
    renders.set(url, count);
    if (url.startsWith("/notices/missing")) {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found");
      return;
    }
    res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "public, max-age=300", "x-secret": "never copied", "set-cookie": "a=b" });
    // long and repetitive enough for gzip to shrink it
    res.end(`<p>${url} 第${count}次渲染</p>`.repeat(50));
  })();
});

let cache: PublicResponseCache;
let version = "v1";
let versionReads = 0;

const front = http.createServer((req, res) => {
  void (async () => {
    if (cache.isCacheable(req) && (await cache.serve(req, res))) return;
    res.writeHead(200, { "content-type": "text/plain" });
    res.end("from the app");
  })();
});

let originUrl = "";
let frontPort = 0;

async function listen(server: http.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

beforeAll(async () => {
  originUrl = `http://127.0.0.1:${await listen(origin)}`;
  frontPort = await listen(front);
});

afterAll(async () => {
  await Promise.all([origin, front].map((s) => new Promise((resolve) => s.close(resolve))));
});

beforeEach(() => {
  renders.clear();
  fillHeaders.length = 0;
  gate = undefined;
  version = "v1";
  versionReads = 0;
  cache = new PublicResponseCache(originUrl, async () => {
    versionReads++;
    return version;
  });
});

afterEach(() => {
  vi.restoreAllMocks();
});

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A raw request to the front door (no automatic decompression, unlike fetch). */
function request(path: string, opts: { method?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port: frontPort, path, method: opts.method ?? "GET", headers: opts.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on("error", reject);
    req.end();
  });
}

/** Asks until the cache answers (its fill runs in the background after the first miss). */
async function untilCached(path: string): Promise<Answer> {
  return vi.waitFor(
    async () => {
      const a = await request(path);
      if (a.body.toString() === "from the app") throw new Error("not cached yet");
      return a;
    },
    { timeout: 5000, interval: 10 },
  );
}

const fake = (method: string, url: string, headers: Record<string, string> = {}) => ({ method, url, headers }) as unknown as IncomingMessage;

describe("which requests the cache may answer", () => {
  it("takes GET and HEAD of the public pages and open data", () => {
    for (const url of ["/", "/?lang=en", "/rankings/2024-03", "/rankings/2024-03?version=1", "/methodology", "/open-data", "/open-data/rankings.csv?period=2024-03", "/notices", "/notices/12"]) {
      expect(cache.isCacheable(fake("GET", url)), url).toBe(true);
      expect(cache.isCacheable(fake("HEAD", url)), url).toBe(true);
    }
  });

  it("leaves everything else to the app: other methods, private pages, its own fill requests", () => {
    for (const url of ["/office", "/office/notices/1", "/unit", "/unit/export", "/inbox", "/login", "/logout", "/api/v1/scores", "/rankings"]) {
      expect(cache.isCacheable(fake("GET", url)), url).toBe(false);
    }
    expect(cache.isCacheable(fake("POST", "/"))).toBe(false);
    expect(cache.isCacheable(fake("PUT", "/open-data"))).toBe(false);
    expect(cache.isCacheable(fake("GET", "/", { "x-wenxiao-fill": "1" }))).toBe(false);
  });
});

describe("serving from the cache", () => {
  it("misses first, fills in the background through the app, then answers without rendering again", async () => {
    const first = await request("/methodology");
    expect(first.body.toString()).toBe("from the app");
    const hit = await untilCached("/methodology");
    expect(hit.status).toBe(200);
    expect(hit.body.toString()).toContain("/methodology 第1次渲染");
    // the fill identified itself, so the app would not answer it from the cache
    expect(fillHeaders).toEqual(["1"]);
    // only the listed headers are kept
    expect(hit.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(hit.headers["cache-control"]).toBe("public, max-age=300");
    expect(hit.headers["x-secret"]).toBeUndefined();
    expect(hit.headers["set-cookie"]).toBeUndefined();
    expect(hit.headers["content-length"]).toBe(String(hit.body.length));
    expect(hit.headers.vary).toBe("accept-encoding");
    expect(hit.headers["content-encoding"]).toBeUndefined();
    for (let i = 0; i < 3; i++) expect((await request("/methodology")).body.equals(hit.body)).toBe(true);
    expect(renders.get("/methodology")).toBe(1);
  });

  it("keeps each URL (query included) apart", async () => {
    await request("/rankings/2024-03");
    await request("/rankings/2024-03?lang=en");
    expect((await untilCached("/rankings/2024-03")).body.toString()).toContain("/rankings/2024-03 第1次");
    expect((await untilCached("/rankings/2024-03?lang=en")).body.toString()).toContain("/rankings/2024-03?lang=en 第1次");
  });

  it("sends the gzip copy to a client that accepts it", async () => {
    await request("/");
    const plain = await untilCached("/");
    const zipped = await request("/", { headers: { "accept-encoding": "gzip, deflate, br" } });
    expect(zipped.headers["content-encoding"]).toBe("gzip");
    expect(zipped.headers["content-length"]).toBe(String(zipped.body.length));
    expect(zipped.body.length).toBeLessThan(plain.body.length);
    expect(gunzipSync(zipped.body).equals(plain.body)).toBe(true);
    // "gzip" must be a whole token
    expect((await request("/", { headers: { "accept-encoding": "xgzipx" } })).headers["content-encoding"]).toBeUndefined();
  });

  it("answers HEAD with the headers and no body", async () => {
    await request("/open-data");
    const get = await untilCached("/open-data");
    const head = await request("/open-data", { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(head.headers["content-length"]).toBe(String(get.body.length));
  });

  it("never keeps an answer other than 200", async () => {
    await request("/notices/missing");
    await vi.waitFor(() => expect(renders.get("/notices/missing")).toBe(1));
    await new Promise((r) => setTimeout(r, 20));
    expect((await request("/notices/missing")).body.toString()).toBe("from the app");
    await vi.waitFor(() => expect(renders.get("/notices/missing")).toBe(2));
  });
});

describe("emptying the cache", () => {
  it("empties at once when this process publishes", async () => {
    await request("/notices");
    await untilCached("/notices");
    publicationsChanged();
    expect((await request("/notices")).body.toString()).toBe("from the app");
    expect((await untilCached("/notices")).body.toString()).toContain("/notices 第2次渲染");
  });

  it("empties when the version changes (another instance published), checking at most once a second", async () => {
    await request("/rankings/2024-04");
    await untilCached("/rankings/2024-04");
    const reads = versionReads;
    version = "v2";
    // within the second the version is not read again: still the old page
    expect((await request("/rankings/2024-04")).body.toString()).toContain("第1次渲染");
    expect(versionReads).toBe(reads);
    const now = Date.now();
    vi.spyOn(Date, "now").mockReturnValue(now + 1500);
    expect((await request("/rankings/2024-04")).body.toString()).toBe("from the app");
    expect(versionReads).toBe(reads + 1);
    expect((await untilCached("/rankings/2024-04")).body.toString()).toContain("第2次渲染");
    // the same version again a second later keeps the entries
    vi.spyOn(Date, "now").mockReturnValue(now + 3000);
    expect((await request("/rankings/2024-04")).body.toString()).toContain("第2次渲染");
    expect(versionReads).toBe(reads + 2);
  });

  it("drops a rendering that was under way when a publication happened", async () => {
    let open!: () => void;
    gate = new Promise((resolve) => (open = resolve));
    expect((await request("/methodology?lang=en")).body.toString()).toBe("from the app");
    await vi.waitFor(() => expect(fillHeaders).toEqual(["1"]));
    version = "v2";
    publicationsChanged();
    // the cache now knows v2; the fill that started under v1 is still running (no second fill)
    expect((await request("/methodology?lang=en")).body.toString()).toBe("from the app");
    gate = undefined;
    open();
    await vi.waitFor(() => expect(renders.get("/methodology?lang=en")).toBe(1));
    await new Promise((r) => setTimeout(r, 20));
    expect((await request("/methodology?lang=en")).body.toString()).toBe("from the app");
    expect((await untilCached("/methodology?lang=en")).body.toString()).toContain("第2次渲染");
  });
});

describe("the cache key", () => {
  it("keeps only the parameters the public pages read, so ?cachebust=N cannot grow the cache", async () => {
    const { cacheKey } = await import("@/lib/publication/response-cache");
    expect(cacheKey("/?cachebust=1")).toBe("/");
    expect(cacheKey("/?cachebust=2&lang=en")).toBe("/?lang=en");
    expect(cacheKey("/rankings/2026-09?version=1&x=y&lang=en")).toBe("/rankings/2026-09?lang=en&version=1");
    expect(cacheKey("/open-data/rankings.csv?period=2026-10&utm=z")).toBe("/open-data/rankings.csv?period=2026-10");
    // the order of /notices is its own page (a wrong one is answered with what is wrong, not the list)
    expect(cacheKey("/notices?dir=asc&page=2")).toBe("/notices?page=2&dir=asc");
    expect(cacheKey("/notices?dir=up")).not.toBe(cacheKey("/notices"));
  });

  it("keeps every value of a repeated parameter: the page refuses ?period=a&period=b, the cache must not answer it with a", async () => {
    const { cacheKey } = await import("@/lib/publication/response-cache");
    const one = cacheKey("/open-data/rankings.csv?period=2026-09");
    const twice = cacheKey("/open-data/rankings.csv?period=2026-09&period=2026-13");
    expect(twice).not.toBe(one);
    expect(twice).toBe("/open-data/rankings.csv?period=2026-09&period=2026-13");
    expect(cacheKey("/?lang=en&lang=en")).not.toBe(cacheKey("/?lang=en"));
  });

  it("tells the readable open-data CSV (and a wrong headers value) from the stored one", async () => {
    const { cacheKey } = await import("@/lib/publication/response-cache");
    const plain = cacheKey("/open-data/rankings.csv?period=2026-10");
    const zh = cacheKey("/open-data/rankings.csv?period=2026-10&headers=zh");
    const en = cacheKey("/open-data/rankings.csv?period=2026-10&headers=en");
    const wrong = cacheKey("/open-data/rankings.csv?period=2026-10&headers=fr");
    expect(new Set([plain, zh, en, wrong]).size).toBe(4);
  });

  it("tells a period's open-data versions and the pages of /open-data apart", async () => {
    const { cacheKey } = await import("@/lib/publication/response-cache");
    const v1 = cacheKey("/open-data/rankings.csv?period=2026-09&version=1");
    const v2 = cacheKey("/open-data/rankings.csv?version=2&period=2026-09");
    expect(v1).toBe("/open-data/rankings.csv?period=2026-09&version=1");
    expect(v2).toBe("/open-data/rankings.csv?period=2026-09&version=2");
    expect(cacheKey("/open-data/rankings.json?period=2026-09&version=1")).not.toBe(cacheKey("/open-data/rankings.json?period=2026-09"));
    expect(cacheKey("/open-data?page=2&x=1")).toBe("/open-data?page=2");
  });
});
