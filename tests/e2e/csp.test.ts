import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser } from "playwright-core";
import { launch, signedIn } from "./browser-helpers";
import { get } from "./http";

/**
 * The script policy (lib/web/csp.ts): no 'unsafe-inline' for scripts anywhere; a nonce of its own
 * for every rendered response; the cached public pages allow exactly their inline scripts by hash;
 * and in the browser every page runs under it without a single violation.
 */
const base = inject("baseUrl");
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const scriptSrc = (policy: string | null) => policy?.split(";").map((d) => d.trim()).find((d) => d.startsWith("script-src")) ?? "";

describe("the Content-Security-Policy", () => {
  it("gives every rendered page a fresh nonce and never allows inline scripts wholesale", async () => {
    const seen = new Set<string>();
    for (const path of ["/login", "/login", "/login?lang=en"]) {
      const r = await get(base, path);
      const script = scriptSrc(r.headers.get("content-security-policy"));
      expect(script, path).not.toContain("unsafe-inline");
      const nonce = /'nonce-([^']+)'/.exec(script)?.[1];
      expect(nonce, path).toBeTruthy();
      expect(seen.has(nonce!)).toBe(false);
      seen.add(nonce!);
      const html = await r.text();
      // every script tag of the page carries this response's nonce
      const tags = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
      expect(tags.length).toBeGreaterThan(0);
      for (const t of tags) expect(t).toContain(`nonce="${nonce}"`);
      expect(r.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    }
  });

  it("lets a cached public page run exactly its own inline scripts, by hash", async () => {
    await get(base, "/methodology");
    let r = await get(base, "/methodology");
    for (let i = 0; i < 20 && /nonce-/.test(r.headers.get("content-security-policy") ?? ""); i++) {
      await new Promise((ok) => setTimeout(ok, 200));
      r = await get(base, "/methodology");
    }
    const script = scriptSrc(r.headers.get("content-security-policy"));
    expect(script).not.toContain("unsafe-inline");
    expect(script).not.toContain("nonce-");
    const html = await r.text();
    const inline = [...html.matchAll(/<script(\s[^>]*)?>([\s\S]*?)<\/script>/g)].filter((m) => !/\ssrc=/.test(m[1] ?? ""));
    expect(inline.length).toBeGreaterThan(0);
    for (const m of inline) expect(script).toContain(`'sha256-${createHash("sha256").update(m[2]!, "utf8").digest("base64")}'`);
  });

  it("is never violated in the browser, on public pages and signed in; the pages' scripts work", async () => {
    const violations: string[] = [];
    const { ctx, page } = await signedIn(browser, base, "office");
    page.on("console", (m) => {
      if (/Content Security Policy|Refused to (execute|load|apply)/i.test(m.text())) violations.push(`${page.url()}: ${m.text().slice(0, 200)}`);
    });
    for (const p of ["/", "/?lang=en", "/methodology", "/open-data", "/rankings/2026-10", "/office", "/office/users", "/office/notices", "/office/audit", "/account", "/account/two-factor", "/unit/620100"]) {
      await page.goto(base + p);
      await page.waitForLoadState("networkidle");
    }
    // the client router works (hydrated): a link followed without a full page load
    await page.goto(`${base}/office`);
    await page.waitForLoadState("networkidle");
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
    await page.click("header a[href='/office/users']");
    await page.waitForURL(/\/office\/users/);
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
    expect(violations).toEqual([]);
    await ctx.close();
  });
});
