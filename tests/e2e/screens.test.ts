import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launch, shot, signedIn } from "./browser-helpers";

/**
 * Every page people work in, as they see it on a 1366 px screen, in both languages (issue 9: "look at
 * every changed page in both languages"): a screenshot each (test-results/screenshots/screen-*), and
 * what a look would catch — the page's <html lang>, a page wider than the screen, Chinese left in the
 * English page's headings, navigation, table headers, labels and buttons, a framework error page.
 */
const base = inject("baseUrl");
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const PUBLIC = ["/", "/rankings/2026-09", "/methodology", "/open-data", "/notices", "/login"];
const OFFICE = [
  "/office",
  "/office/units/620100?period=2026-09&asOf=2026-10-20",
  "/office/units/620100?period=2026&indicator=publication_timeliness",
  "/office/notices",
  "/office/notices/summary?period=2026-10&asOf=2026-11-16",
  "/office/users",
  "/office/audit",
  "/office/rules",
  "/office/method",
  "/office/jobs",
  "/office/upload",
  "/office/correct/records?record_id=CF2025120000122",
  "/office/joint/cases/LH20260490002",
  "/office/joint/cases/LH20260690007",
  "/office/units/620100/obligations",
  "/office/joint",
  "/office/joint?period=2026-06",
  "/inbox",
  "/account",
];
const HEAD = ["/unit", "/unit/upload", "/unit/correct/records?record_id=CF2025120000122", "/unit?view=items&indicator=feedback_timeliness&period=2026-09", "/unit/notices", "/unit/users", "/unit/obligations", "/unit/joint/cases/LH20260390003", "/unit/joint?period=2026-06", "/unit/joint?period=2026-06&indicator=receipt_timeliness", "/inbox", "/account"];

// the words of the app itself; data (unit names without an English form, persons' names, case texts) may stay Chinese
const APP_TEXT = "h1, h2, h3, nav a, thead th, label, button, caption, legend";
const HAN = /\p{Script=Han}/u;

async function look(page: Page, path: string, lang: "zh" | "en", name: string) {
  const url = `${base}${path}${lang === "en" ? (path.includes("?") ? "&" : "?") + "lang=en" : ""}`;
  const res = await page.goto(url);
  expect(res?.status(), url).toBe(200);
  expect(await page.getAttribute("html", "lang"), url).toBe(lang === "en" ? "en" : "zh-CN");
  // nothing wider than the screen: wide tables scroll inside their own box
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${url} is ${overflow}px wider than the screen`).toBeLessThanOrEqual(0);
  expect(await page.locator("text=Application error").count(), url).toBe(0);
  if (lang === "en") {
    const chinese = await page.locator(APP_TEXT).evaluateAll((els, han) => {
      const re = new RegExp(han, "u");
      // a heading or header that names a unit (its Chinese name, no English one) is data, not the app's words
      // what declares itself Chinese is meant to be: an official document (the notice, the month's summary
      // are Chinese documents), the language switch's 中文
      const own = els.filter((e) => e.closest("[lang]")?.getAttribute("lang") !== "zh-CN");
      return own.map((e) => (e as HTMLElement).innerText.trim()).filter((t) => re.test(t) && !/[A-Za-z]{3}/.test(t));
    }, HAN.source);
    expect(chinese, `${url}: Chinese on the English page`).toEqual([]);
  }
  await shot(page, `screen-${name}-${lang}`);
}

const slug = (path: string) => path.replace(/[/?&=]+/g, "-").replace(/^-|-$/g, "") || "home";

describe("every page at 1366 px, in both languages", () => {
  it("public pages", async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    for (const lang of ["zh", "en"] as const) for (const p of PUBLIC) await look(page, p, lang, `public-${slug(p)}`);
    await page.close();
  });

  it("the office's pages", async () => {
    const { ctx, page } = await signedIn(browser, base, "office");
    await page.setViewportSize({ width: 1366, height: 900 });
    for (const lang of ["zh", "en"] as const) for (const p of OFFICE) await look(page, p, lang, `office-${slug(p)}`);
    await ctx.close();
  });

  it("a unit head's pages", async () => {
    const { ctx, page } = await signedIn(browser, base, "head-620100");
    await page.setViewportSize({ width: 1366, height: 900 });
    for (const lang of ["zh", "en"] as const) for (const p of HEAD) await look(page, p, lang, `head-${slug(p)}`);
    await ctx.close();
  });
});
