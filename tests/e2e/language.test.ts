import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launch, shot, signedIn } from "./browser-helpers";
import { get, signIn } from "./http";
import { FIXTURE_PERIOD, issuedNotice } from "./notice-fixture";

/** Language (issue 9, item 13): <html lang>, units' English names, split texts, the switch keeping the address, the detail table at 1366 px. */
const base = inject("baseUrl");

const htmlLang = (html: string) => /<html[^>]*\slang="([^"]+)"/.exec(html)?.[1];
const switchHref = (html: string) => {
  const tag = /<a[^>]*class="lang-switch"[^>]*>/.exec(html)?.[0] ?? "";
  return /href="([^"]*)"/.exec(tag)?.[1]?.replaceAll("&amp;", "&");
};
const text = async (path: string, cookie?: string) => {
  const r = await get(base, path, cookie);
  expect(r.status, path).toBe(200);
  return r.text();
};

describe("language over HTTP", () => {
  it("declares the page's language, the 404 page included", async () => {
    const office = await signIn(base, "office");
    for (const [path, lang, cookie] of [
      ["/rankings/2026-09?version=1&lang=en", "en", undefined],
      ["/rankings/2026-09", "zh-CN", undefined],
      ["/office/units/620100?period=2026-09&lang=en", "en", office],
      ["/office/users?lang=en", "en", office],
    ] as const) {
      expect(htmlLang(await text(path, cookie)), path).toBe(lang);
    }
    const missing = await get(base, "/no-such/page?period=2026-09&lang=en");
    expect(missing.status).toBe(404);
    expect(htmlLang(await missing.text())).toBe("en");
  });

  it("shows units' English names on English pages and the Chinese names on Chinese ones", async () => {
    const en = await text("/?lang=en");
    expect(en).toContain("Lanzhou");
    expect(en).toContain("Gansu Development and Reform Commission");
    expect(en).not.toContain("兰州市");
    const zh = await text("/");
    expect(zh).toContain("兰州市");
    expect(zh).not.toContain("Lanzhou");
    const office = await signIn(base, "office");
    const unit = await text("/office/units/620100?period=2026-09&asOf=2026-10-20&lang=en", office);
    expect(unit).toMatch(/<h1>Lanzhou<\/h1>/);
    expect(await text("/office?period=2026-10&asOf=2026-11-16&lang=en", office)).toContain("Jiayuguan");
    expect(await text("/office/users?lang=en", office)).toContain("Lanzhou");
  });

  it("names the addressed unit in English on English notice pages and in the English inbox message", async () => {
    const office = await signIn(base, "office");
    const notice = await issuedNotice(base, office, [], { public: true });
    const json = (await (await get(base, `/open-data/rankings.json?period=${FIXTURE_PERIOD}`)).json()) as { groups: Record<string, { code: string; name_en: string | null }[]> };
    const nameEn = Object.values(json.groups).flat().find((e) => e.code === notice.unitCode)?.name_en;
    expect(nameEn, notice.unitCode).toBeTruthy();
    const decoded = (html: string) => html.replace(/&amp;/g, "&").replace(/&#x27;/g, "'");
    const enPage = decoded(await text(`/office/notices/${notice.id}?lang=en`, office));
    expect(enPage).toContain(`${nameEn!} · `);
    expect(decoded(await text(`/office/notices/${notice.id}`, office))).toContain(`${notice.unitName} · `);
    expect(decoded(await text("/notices?lang=en"))).toContain(`to ${nameEn!}`);
    expect(await text("/notices")).toContain(`主送 ${notice.unitName}`);
    const head = await signIn(base, `head-${notice.unitCode}`);
    const inbox = decoded(await text("/inbox?lang=en", head));
    expect(inbox).toContain(`The office issued notice ${notice.number} to ${nameEn!} on its credit work in August 2026`);
    expect(inbox).not.toContain(`《`);
  });

  it("shows a correction's reason in the reader's language only", async () => {
    const en = await text("/rankings/2026-09?lang=en");
    expect(en).toContain("Dingxi submitted corrected publication dates");
    expect(en).not.toContain("定西市报送");
    const zh = await text("/rankings/2026-09");
    expect(zh).toContain("定西市报送更正后的公示日期");
    expect(zh).not.toContain("Dingxi submitted");
  });

  it("switches language on the same address: path, filters, page and period kept, only lang replaced", async () => {
    const cookie = await signIn(base, "head-620100");
    const query = "period=2026-09&asOf=2026-10-20&indicator=publication_timeliness&status=late&page=2";
    const zh = await text(`/unit/620100?${query}`, cookie);
    expect(switchHref(zh)).toBe(`/unit/620100?${query}&lang=en`);
    const en = await text(`/unit/620100?${query}&lang=en`, cookie);
    expect(switchHref(en)).toBe(`/unit/620100?${query}`);
    // the public pages too
    expect(switchHref(await text("/rankings/2026-09?version=1"))).toBe("/rankings/2026-09?version=1&lang=en");
    expect(switchHref(await text("/open-data?lang=en&page=1"))).toBe("/open-data?page=1");
  });
});

describe("language in the browser", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("keeps the detail table's status column in view at 1366×768, in both languages", async () => {
    const { ctx, page } = await signedIn(browser, base, "office");
    await page.setViewportSize({ width: 1366, height: 768 });
    for (const lang of ["zh", "en"] as const) {
      for (const indicator of ["publication_timeliness", "feedback_timeliness"]) {
        await page.goto(`${base}/office/units/620100?period=2026-09&asOf=2026-10-20&indicator=${indicator}${lang === "en" ? "&lang=en" : ""}`);
        const wrap = await page.locator("table.items").locator("xpath=..").boundingBox();
        const status = await page.locator("table.items thead th").last().boundingBox();
        expect(wrap && status, indicator).toBeTruthy();
        // the whole status header lies inside the visible part of the scrolling box
        expect(status!.x + status!.width, `${lang} ${indicator}`).toBeLessThanOrEqual(wrap!.x + wrap!.width + 1);
        expect(await page.locator("table.items tbody td:last-child .status").first().isVisible()).toBe(true);
        // a long English unit name keeps a readable width beside the codes: no narrow, very tall rows
        const unit = await page.locator("table.items tbody td.unit").first().boundingBox();
        expect(unit, `${lang} ${indicator} unit column`).toBeTruthy();
        expect(unit!.width, `${lang} ${indicator} unit column width`).toBeGreaterThanOrEqual(140);
        const rows = await page.locator("table.items tbody tr").evaluateAll((trs) => trs.map((tr) => tr.getBoundingClientRect().height));
        expect(Math.max(...rows), `${lang} ${indicator} tallest row`).toBeLessThan(120);
        // a record number is never broken across lines: its text stands on one line, however tall the row
        const code = page.locator("table.items tbody td.code").first();
        expect(await code.evaluate((td) => getComputedStyle(td).whiteSpace)).toBe("nowrap");
        const lines = await code.evaluate((td) => {
          const range = document.createRange();
          range.selectNodeContents(td);
          return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
        });
        expect(lines, `${lang} ${indicator} lines of a record number`).toBe(1);
        await page.locator("table.items").scrollIntoViewIfNeeded();
        await page.screenshot({ path: `test-results/screenshots/lang-detail-1366-${indicator}-${lang}.png` });
      }
    }
    await ctx.close();
  });

  it("screenshots the changed pages in both languages", async () => {
    const pub = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    for (const lang of ["zh", "en"] as const) {
      const q = lang === "en" ? "?lang=en" : "";
      await pub.goto(`${base}/rankings/2026-09${q}`);
      await shot(pub, `lang-rankings-2026-09-${lang}`);
    }
    await pub.close();
    const { ctx, page } = await signedIn(browser, base, "office");
    for (const lang of ["zh", "en"] as const) {
      const amp = lang === "en" ? "&lang=en" : "";
      await page.goto(`${base}/office?period=2026-10&asOf=2026-11-16${amp}`);
      await shot(page, `lang-office-${lang}`);
      await page.goto(`${base}/office/users?role=unit_head${amp}`);
      await shot(page, `lang-users-${lang}`);
      await page.goto(`${base}/office/notices/summary?period=2026-10${amp}`);
      await shot(page, `lang-summary-${lang}`);
      await page.goto(`${base}/office/units/FGW?period=2026-10&asOf=2026-11-16${amp}`);
      await shot(page, `lang-unit-FGW-${lang}`);
    }
    // the switch link, followed in the browser, keeps the filters
    await page.goto(`${base}/office/units/620100?period=2026-09&asOf=2026-10-20&indicator=coverage`);
    await page.click("a.lang-switch");
    await page.waitForURL(/lang=en/);
    expect(new URL(page.url()).search).toBe("?period=2026-09&asOf=2026-10-20&indicator=coverage&lang=en");
    await ctx.close();
  });
});
