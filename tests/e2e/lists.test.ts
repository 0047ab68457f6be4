import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launch, shot, signedIn } from "./browser-helpers";
import { get, signIn } from "./http";
import { issuedNotice } from "./notice-fixture";
import { ROLE_UNIT } from "./routes";

// The lists people work in (issue 9): the unit page's to-do list, search and sortable columns, the
// numbered pages, and the public notices list — in headless Chromium at 1366 px, in both languages.
const base = inject("baseUrl");
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
});

describe("the unit page's lists", () => {
  it("opens on the to-do list, searches a number, sorts by a column and pages with the order kept", async () => {
    const { ctx, page } = await signedIn(browser, base, "head-620100");
    await page.setViewportSize({ width: 1366, height: 900 });
    for (const lang of ["zh", "en"] as const) {
      await page.goto(`${base}/unit${lang === "en" ? "?lang=en" : ""}`);
      await expect(page.locator("h2#items").textContent()).resolves.toContain(lang === "en" ? "To do" : "待办");
      expect(await page.locator("table.items.todo tbody tr").count()).toBeGreaterThan(0);
      // missing items first, each with its deadline and working days late
      await expect(page.locator("table.items.todo tbody tr").first().locator(".status").textContent()).resolves.toBe(lang === "en" ? "missing" : "未报");
      const late = Number(await page.locator("table.items.todo tbody tr").first().locator("td.num").textContent());
      expect(late).toBeGreaterThan(0);
      await shot(page, `lists-unit-todo-${lang}`);
    }
    // the first item's number leads to its item list, searched for it
    await page.goto(`${base}/unit`);
    const first = page.locator("table.items.todo tbody tr").first().locator("td").nth(1).locator("a");
    const number = (await first.textContent())!.split(" · ")[0]!;
    await first.click();
    await page.waitForURL(/indicator=/);
    expect(new URL(page.url()).searchParams.get("q")).toBe(number);
    await expect(page.locator("table.items tbody tr").first().textContent()).resolves.toContain(number);
    // the search form: a decision number's part, typed and sent
    await page.goto(`${base}/unit?indicator=publication_timeliness`);
    const decision = (await page.locator("table.items tbody tr").first().locator("td").nth(3).textContent())!;
    await page.fill("input[name=q]", decision);
    await page.click("form.search button[type=submit]");
    await page.waitForURL(/q=/);
    const rows = page.locator("table.items tbody tr");
    expect(await rows.count()).toBeGreaterThanOrEqual(1);
    for (const text of await rows.allTextContents()) expect(text).toContain(decision);
    expect(await page.locator('a[href*="/unit/export?"][href*="q="]').count()).toBe(2);
    await shot(page, "lists-unit-search-zh");
    await page.goto(`${base}/unit?indicator=publication_timeliness&q=${encodeURIComponent(decision)}&lang=en`);
    await shot(page, "lists-unit-search-en");
    // sorting: the header of working days late, most first, then turned round
    for (const lang of ["zh", "en"] as const) {
      await page.goto(`${base}/unit?indicator=publication_timeliness${lang === "en" ? "&lang=en" : ""}`);
      await page.click(`th.sortable a:has-text("${lang === "en" ? "Working days late" : "逾期（工作日）"}")`);
      await page.waitForURL(/sort=days_late/);
      await expect(page.locator('th[aria-sort="descending"]').textContent()).resolves.toContain("▼");
      const days = (await page.locator("table.items tbody td.num").allTextContents()).map(Number);
      expect(days).toEqual([...days].sort((a, b) => b - a));
      await shot(page, `lists-unit-sorted-${lang}`);
    }
    // numbered pages keep the order and the filters
    await page.goto(`${base}/unit?indicator=publication_timeliness&sort=decision_date&dir=desc`);
    await page.click('nav.pager a.page:has-text("2")');
    await page.waitForURL(/page=2/);
    const url = new URL(page.url());
    expect([url.searchParams.get("sort"), url.searchParams.get("dir"), url.searchParams.get("indicator")]).toEqual(["decision_date", "desc", "publication_timeliness"]);
    await expect(page.locator('nav.pager [aria-current="page"]').textContent()).resolves.toBe("2");
    await ctx.close();
  });

  it("opens the office's view of a unit on the same to-do list", async () => {
    const { ctx, page } = await signedIn(browser, base, "office");
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.goto(`${base}/office/units/620100`);
    await expect(page.locator("h2#items").textContent()).resolves.toContain("待办");
    expect(await page.locator("table.items.todo tbody tr").count()).toBeGreaterThan(0);
    await page.goto(`${base}/office/notices?sort=period`);
    await expect(page.locator('th[aria-sort="ascending"]').textContent()).resolves.toContain("▲");
    await ctx.close();
  });

  it("says what is wrong with a list's address", async () => {
    const head = await signIn(base, "head-620100");
    const cases: [string, string][] = [
      ["/unit?sort=nosuch", "排序“nosuch”不存在"],
      ["/unit?indicator=coverage&sort=deadline", "排序“deadline”不存在，可选：catalog_item、expected、collected"],
      ["/unit?view=todo&status=on_time", "状态“on_time”不存在，可选：missing、late"],
      ["/unit?view=todo&indicator=coverage", "待办清单包含所有指标"],
      ["/notices?page=abc", "页码“abc”无效"],
      ["/notices?page=99", "没有第 99 页"],
      ["/notices?dir=up", "排序方向“up”不存在"],
    ];
    for (const [path, zh] of cases) {
      const r = await get(base, path, path.startsWith("/unit") ? head : undefined);
      expect(r.status, path).toBe(200);
      expect(await r.text(), path).toContain(zh);
    }
  });
});

describe("the public notices list", () => {
  it("pages and sorts the public notices, in both languages", async () => {
    await issuedNotice(base, await signIn(base, "office"), Object.values(ROLE_UNIT).filter((u): u is string => u !== null), { public: true });
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    for (const lang of ["zh", "en"] as const) {
      await page.goto(`${base}/notices${lang === "en" ? "?lang=en" : ""}`);
      expect(await page.locator("article.report").count()).toBeGreaterThanOrEqual(1);
      await expect(page.locator("p.filters").textContent()).resolves.toContain(lang === "en" ? "newest first ▼" : "最新在前 ▼");
      await shot(page, `lists-notices-${lang}`);
    }
    await page.click("text=oldest first");
    await page.waitForURL(/dir=asc/);
    await expect(page.locator("p.filters").textContent()).resolves.toContain("oldest first ▲");
    await page.close();
  });
});
