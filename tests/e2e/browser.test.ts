import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launch, shot, signedIn } from "./browser-helpers";

// What the three kinds of users see, in headless Chromium; screenshots are kept as CI artefacts.
const base = inject("baseUrl");
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
});

const signedInAs = (username: string) => signedIn(browser, base, username);

describe("in the browser", () => {
  it("the public page works without JavaScript, in both languages", async () => {
    const ctx = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    await page.goto(`${base}/`);
    await expect(page.locator("h1").first().textContent()).resolves.toContain("社会信用工作绩效排名");
    expect(await page.locator("table.ranking tbody tr").count()).toBeGreaterThanOrEqual(15);
    expect(await page.locator(".chart-box svg").count()).toBeGreaterThanOrEqual(2);
    await shot(page, "public-home-zh");
    await page.goto(`${base}/?lang=en`);
    await expect(page.locator("h1").first().textContent()).resolves.toContain("Credit work performance rankings");
    await shot(page, "public-home-en");
    for (const p of ["/methodology", "/methodology?lang=en", "/open-data", "/rankings/2026-09", "/login"]) {
      await page.goto(`${base}${p}`);
      await shot(page, `public${p.replace(/[/?=]/g, "-")}`);
    }
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, javaScriptEnabled: false });
    const pp = await phone.newPage();
    await pp.goto(`${base}/`);
    await shot(pp, "public-home-phone");
    await phone.close();
    await ctx.close();
  });

  it("the office reviews a period, publishes it, and the public page shows it", async () => {
    // the public pages are answered from a cache of finished bytes: warm it, then publish
    for (let i = 0; i < 3; i++) {
      expect(await (await fetch(`${base}/open-data`)).text()).not.toContain("2026年7月");
      await new Promise((r) => setTimeout(r, 200));
    }
    const { ctx, page } = await signedInAs("office");
    await page.goto(`${base}/office?period=2026-07&asOf=2026-08-20`);
    await expect(page.locator("h1").textContent()).resolves.toContain("2026年7月");
    expect(await page.locator("table.ranking").count()).toBe(2);
    await shot(page, "office-dashboard");
    await page.fill("input[name=note]", "七月排名");
    await page.click("text=审核无误，发布");
    // the confirmation panel says what will be published; the second button publishes
    await page.waitForSelector("h2:has-text('发布2026年7月第 1 版排名？')");
    await page.click("button:has-text('确认发布第 1 版')");
    await page.waitForURL(/published=1/);
    await shot(page, "office-published");
    await page.goto(`${base}/office/units/621200?period=2026-07&asOf=2026-08-20&indicator=publication_timeliness&status=missing`);
    expect(await page.locator("table tbody tr").count()).toBeGreaterThan(0);
    await shot(page, "office-unit");
    await ctx.close();
    expect(await (await fetch(`${base}/open-data`)).text()).toContain("2026年7月");
    const pub = await browser.newPage();
    await pub.goto(`${base}/rankings/2026-07`);
    await expect(pub.locator("h1").first().textContent()).resolves.toContain("2026年7月");
    await shot(pub, "public-2026-07");
    await pub.close();
  });

  it("a unit head sees the own unit and is refused another's", async () => {
    const { ctx, page } = await signedInAs("head-620100");
    expect(page.url()).toContain("/unit");
    await expect(page.locator("h1").textContent()).resolves.toBe("兰州市");
    await page.goto(`${base}/unit?period=2026-10&asOf=2026-11-16&indicator=publication_timeliness&status=late`);
    await expect(page.locator(".notice").first().textContent()).resolves.toContain("怎么办");
    await shot(page, "unit-head");
    await page.goto(`${base}/unit?period=2026-10&asOf=2026-11-16&lang=en`);
    await shot(page, "unit-head-en");
    const foreign = await page.goto(`${base}/unit/620200`);
    expect(foreign?.status()).toBe(404);
    const office = await page.goto(`${base}/office`);
    expect(office?.status()).toBe(404);
    await ctx.close();
  });

  it("a clerk sees the unit's items", async () => {
    const { ctx, page } = await signedInAs("clerk-620100");
    await expect(page.locator("h1").textContent()).resolves.toBe("兰州市");
    await shot(page, "unit-clerk");
    await ctx.close();
  });
});
