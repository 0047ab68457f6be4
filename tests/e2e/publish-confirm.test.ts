import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launch, shot, signedIn } from "./browser-helpers";
import { get } from "./http";

// Issue 9, items 3–5 in the browser: what cannot be undone asks first and says what will happen
// (publish, approve, issue with the 文号 it takes, make public, one or two approvers, an early
// close with its reason); a republication without changes is refused; a version's page links to
// that version's open data, and /open-data lists every version. Screenshots in both languages.
const base = inject("baseUrl");
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
});

const office = async (): Promise<Page> => (await signedIn(browser, base, "office")).page;

/** The same page in English (the panels are addressed by the URL, so they show in English too). */
async function inEnglish(page: Page, name: string) {
  const url = new URL(page.url());
  url.searchParams.delete("done");
  url.searchParams.set("lang", "en");
  await page.goto(url.toString());
  await shot(page, name);
}

describe("confirmation before what cannot be undone", () => {
  it("publishes a period only after the panel, and refuses to publish it again unchanged", async () => {
    const page = await office();
    await page.goto(`${base}/office?period=2026-05&asOf=2026-06-15`);
    await page.fill("input[name=note]", "五月排名");
    await page.click("text=审核无误，发布…");
    await page.waitForSelector("h2:has-text('发布2026年5月第 1 版排名？')");
    // the first click published nothing
    expect(page.url()).toContain("do=publish");
    expect((await get(base, "/open-data/rankings.json?period=2026-05")).status).toBe(404);
    const panel = page.locator("#confirm");
    await expect(panel.textContent()).resolves.toContain("不可修改、不可撤回");
    await expect(panel.locator("textarea[name=note]").inputValue()).resolves.toBe("五月排名");
    await shot(page, "confirm-publish-zh");
    await inEnglish(page, "confirm-publish-en");
    await expect(page.locator("#confirm h2").textContent()).resolves.toBe("Publish version 1 of May 2026?");
    await page.goto(`${base}/office?period=2026-05&asOf=2026-06-15&do=publish&note=${encodeURIComponent("五月排名")}`);
    await page.click("button:has-text('确认发布第 1 版')");
    await page.waitForURL(/published=1/);
    expect((await get(base, "/open-data/rankings.json?period=2026-05")).status).toBe(200);

    // again, with the same figures: the panel says so and has no button to publish
    await page.goto(`${base}/office?period=2026-05&asOf=2026-06-15`);
    await page.click("text=审核无误，发布…");
    await page.waitForSelector("h2:has-text('数据无变化，无需重新发布')");
    expect(await page.locator("#confirm button").count()).toBe(0);
    await shot(page, "confirm-publish-unchanged-zh");
    await inEnglish(page, "confirm-publish-unchanged-en");
    await expect(page.locator("#confirm h2").textContent()).resolves.toBe("Nothing changed");
  });

  it("closes an unfinished month only early, with the reason shown on the drafts", async () => {
    const page = await office();
    await page.goto(`${base}/office/notices`);
    await page.selectOption("form:has(button:has-text('关闭并生成通报草稿')) select[name=period]", "2026-11");
    await page.fill("input[name=asOf]", "2026-11-23");
    await page.click("text=关闭并生成通报草稿");
    await page.waitForSelector("h2:has-text('提前关闭2026年11月？')");
    expect(page.url()).toContain("do=close");
    // nothing drafted by the first click
    await expect(page.locator("table").last().textContent()).resolves.not.toContain("提前关闭");
    await shot(page, "confirm-close-early-zh");
    await inEnglish(page, "confirm-close-early-en");
    await page.goto(`${base}/office/notices?do=close&period=2026-11&asOf=2026-11-23`);
    await page.fill("#confirm textarea[name=reason]", "省领导小组会议提前至11月下旬召开");
    await page.click("button:has-text('确认提前关闭并生成草稿')");
    await page.waitForURL(/closed=\d+/);
    const early = page.locator("tbody tr:has(.badge:has-text('提前关闭'))");
    expect(await early.count()).toBeGreaterThan(0);
    await early.first().locator("th a").click();
    await page.waitForURL(/\/office\/notices\/\d+$/);
    await expect(page.locator("p.notice[role=note]").textContent()).resolves.toContain("原因：省领导小组会议提前至11月下旬召开");
    await shot(page, "notice-closed-early-zh");
    await inEnglish(page, "notice-closed-early-en");
  });

  it("approves, issues with the 文号 shown before, and makes public, each after its panel", async () => {
    const page = await office();
    // August, closed after its end: a normal close
    await page.goto(`${base}/office/notices`);
    await page.selectOption("form:has(button:has-text('关闭并生成通报草稿')) select[name=period]", "2026-08");
    await page.fill("input[name=asOf]", "2026-09-15");
    await page.click("text=关闭并生成通报草稿");
    await page.waitForURL(/period=2026-08.*done=1/);
    await page.goto(`${base}/office/notices?period=2026-08&status=draft`);
    await page.locator("table tbody tr th a").first().click();
    await page.waitForURL(/\/office\/notices\/\d+$/);
    const noticeUrl = page.url();

    await page.click("text=审批通过…");
    await page.waitForSelector("h2:has-text('审批通过此通报？')");
    await shot(page, "confirm-approve-zh");
    await inEnglish(page, "confirm-approve-en");
    await page.goto(`${noticeUrl}?do=approve`);
    await page.click("button:has-text('确认审批通过')");
    await page.waitForURL(/done=1/);

    await page.click("text=印发…");
    await page.waitForSelector("h2:has-text('印发此通报？')");
    // the first click took no number
    await expect(page.locator(".doc .no").textContent()).resolves.toBe("草稿 · 未印发");
    const promised = (await page.locator("#confirm .issue-number").textContent())!;
    expect(promised).toMatch(/^甘信用办通〔\d{4}〕\d+号$/);
    await expect(page.locator("#confirm").textContent()).resolves.toContain("整改期限 15 个工作日");
    await shot(page, "confirm-issue-zh");
    await inEnglish(page, "confirm-issue-en");
    await expect(page.locator("#confirm").textContent()).resolves.toContain(`It takes the notice number ${promised}`);
    await page.goto(`${noticeUrl}?do=issue`);
    await page.click(`button:has-text('确认印发（${promised}）')`);
    await page.waitForSelector(".doc .no:has-text('甘信用办通')");
    // the number issued is the one the panel showed
    await expect(page.locator(".doc .no").textContent()).resolves.toBe(promised);

    await page.click("text=在公示页面公开…");
    await page.waitForSelector("h2:has-text('在公示页面公开此通报？')");
    await shot(page, "confirm-public-zh");
    await inEnglish(page, "confirm-public-en");
    await page.goto(`${noticeUrl}?do=public`);
    await page.click("button:has-text('确认公开')");
    await page.waitForSelector("text=取消公开");
  });

  it("switches between one and two approvers only after its panel", async () => {
    const page = await office();
    await page.goto(`${base}/office/notices`);
    await page.click("text=改为两人审批…");
    await page.waitForSelector("h2:has-text('改为两人审批？')");
    await shot(page, "confirm-approvers-zh");
    await inEnglish(page, "confirm-approvers-en");
    await page.goto(`${base}/office/notices?do=approvers&required=1`);
    await page.click("button:has-text('确认改为两人审批')");
    await page.waitForSelector("text=印发前须两人审批。");
    // and back, as the other tests expect one approver
    await page.click("text=改为一人审批…");
    await page.click("button:has-text('确认改为一人审批')");
    await page.waitForSelector("text=印发前一人审批即可。");
  });
});

describe("open data by version", () => {
  it("links a version's page to that version's bytes, and lists every version", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${base}/rankings/2026-09?version=1`);
    const csv1 = await page.locator("a:has-text('CSV')").first().getAttribute("href");
    const json1 = await page.locator("a:has-text('JSON')").first().getAttribute("href");
    expect([csv1, json1]).toEqual(["/open-data/rankings.csv?period=2026-09&version=1", "/open-data/rankings.json?period=2026-09&version=1"]);
    const v1 = (await (await get(base, json1!)).json()) as { version: number; as_of: string };
    expect(v1).toMatchObject({ version: 1, as_of: "2026-10-15" });
    expect(await (await get(base, csv1!)).text()).toContain("2026-09,1,region,");

    await page.goto(`${base}/rankings/2026-09`);
    expect(await page.locator("a:has-text('CSV')").first().getAttribute("href")).toBe("/open-data/rankings.csv?period=2026-09&version=2");
    // the correction note: the changed units, each with its reason
    const note = page.locator("div.notice[role=note]");
    await expect(note.textContent()).resolves.toContain("更正第 1 版");
    expect(await note.locator("tbody tr").count()).toBeGreaterThan(0);
    const reasons = await note.locator("tbody td.small").allTextContents();
    expect(reasons.every((r) => /数据更正|评价日由|排名变动/.test(r))).toBe(true);
    await shot(page, "public-correction-zh");
    await page.goto(`${base}/rankings/2026-09?lang=en`);
    await shot(page, "public-correction-en");
    // without a version: still the latest, as the contract says
    expect(((await (await get(base, "/open-data/rankings.json?period=2026-09")).json()) as { version: number }).version).toBe(2);

    await page.goto(`${base}/open-data`);
    const hrefs = await page.locator("table a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    for (const v of [1, 2]) {
      expect(hrefs).toContain(`/open-data/rankings.csv?period=2026-09&version=${v}`);
      expect(hrefs).toContain(`/open-data/rankings.json?period=2026-09&version=${v}`);
    }
    await shot(page, "open-data-zh");
    await page.goto(`${base}/open-data?lang=en`);
    await shot(page, "open-data-en");
    await page.close();
  });
});
