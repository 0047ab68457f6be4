import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser } from "playwright-core";
import { launch, shot, signedIn } from "./browser-helpers";

/**
 * Issue 9, items 9 and 10 in the browser, on the demo: 2026-10 is published (evaluated 2026-11-16),
 * 2026-11 is not; the demo's minimum sample is 5.
 */
const base = inject("baseUrl");
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
});

describe("暂定 / 已发布 on the unit page", () => {
  it("marks an unpublished month 暂定 and shows a published one as published, without 暂定", async () => {
    const { ctx, page } = await signedIn(browser, base, "head-620100");
    await page.goto(`${base}/unit/620100?period=2026-11`);
    expect(await page.locator("[data-standing]").first().innerText()).toContain("暂定");
    await shot(page, "standing-unit-unpublished-zh");
    await page.goto(`${base}/unit/620100?period=2026-10`);
    expect(await page.locator("[data-standing]").first().innerText()).toContain("已发布（第 1 版）");
    expect(await page.locator("main").innerText()).not.toContain("暂定");
    await shot(page, "standing-unit-published-zh");
    await page.goto(`${base}/unit/620100?period=2026-11&lang=en`);
    expect(await page.locator("[data-standing]").first().innerText()).toContain("provisional");
    await shot(page, "standing-unit-unpublished-en");
    await page.goto(`${base}/unit/620100?period=2026-10&lang=en`);
    expect(await page.locator("main").innerText()).not.toContain("provisional");
    await shot(page, "standing-unit-published-en");
    await ctx.close();
  });

  it("heads the office dashboard with the same rule", async () => {
    const { ctx, page } = await signedIn(browser, base, "office");
    await page.goto(`${base}/office?period=2026-10`);
    expect(await page.locator("h1").innerText()).toContain("已发布（第 1 版）");
    await page.goto(`${base}/office?period=2026-11`);
    expect(await page.locator("h1").innerText()).toContain("暂定");
    await shot(page, "standing-office-zh");
    await ctx.close();
  });
});

describe("the minimum sample", () => {
  it("is set by the office after a confirmation, refused with a message on bad input, in both languages", async () => {
    const { ctx, page } = await signedIn(browser, base, "office");
    await page.goto(`${base}/office/method`);
    expect(await page.locator("[data-min-sample]").innerText()).toContain("5");
    await page.fill("input[name=min_sample]", "五");
    await page.click("form.filters button[type=submit]");
    expect(await page.locator("p.error[role=alert]").innerText()).toContain("最小样本量应为");
    await shot(page, "method-error-zh");
    await page.goto(`${base}/office/method?lang=en&min_sample=6`);
    expect(await page.locator("#confirm-title").innerText()).toContain("from 5 to 6");
    await shot(page, "method-confirm-en");
    await page.goto(`${base}/office/method?min_sample=6`);
    await shot(page, "method-confirm-zh");
    await ctx.close();
  });

  it("is stated on the methodology page and marks 样本不足 with the counts on the public ranking", async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await page.goto(`${base}/methodology`);
    expect(await page.locator("#min-sample + p").innerText()).toContain("少于 5 个");
    await shot(page, "methodology-zh");
    await page.goto(`${base}/rankings/2026-10`);
    const body = await page.locator("main").innerText();
    expect(body).toContain("最小样本量 5");
    expect(body).toMatch(/\d+\/\d+/);
    await shot(page, "ranking-min-sample-zh");
    await page.goto(`${base}/rankings/2026-10?lang=en`);
    expect(await page.locator("main").innerText()).toContain("minimum sample 5");
    await shot(page, "ranking-min-sample-en");
    await page.close();
  });
});
