import fs from "node:fs";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";

/** Headless Chromium as the probe runs it here, screenshots into test-results/ (CI artefacts), and sign-in. */
export const SHOTS = path.resolve("test-results/screenshots");

export async function launch(): Promise<Browser> {
  fs.mkdirSync(SHOTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

export async function signedIn(browser: Browser, base: string, username: string): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  await page.goto(`${base}/login`);
  await page.fill("input[name=username]", username);
  await page.fill("input[name=password]", "wenxiao-demo-2026");
  await page.click("button[type=submit]");
  await page.waitForURL(/\/(office|unit)/);
  return { ctx, page };
}

export const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });

/**
 * The office closes October 2026 (as of 16 November) in the browser and opens the first draft it made:
 * where the notice tests start (tests/e2e/notices.test.ts, notice-document.test.ts). `screenshot` names
 * the list's screenshot, when one is wanted.
 */
export async function closeAndOpenFirstDraft(office: Page, base: string, screenshot?: string): Promise<{ id: number; unitName: string }> {
  await office.goto(`${base}/office/notices`);
  await office.selectOption("select[name=period]", "2026-10");
  await office.fill("input[name=asOf]", "2026-11-16");
  await office.click("text=关闭并生成通报草稿");
  await office.waitForURL(/done=1/);
  const link = office.locator("table tbody tr th a").first();
  const unitName = (await link.textContent())!;
  if (screenshot) await shot(office, screenshot);
  await link.click();
  await office.waitForURL(/\/office\/notices\/\d+/);
  return { id: Number(/notices\/(\d+)/.exec(office.url())![1]), unitName };
}

/** On a draft's page: approve it and issue it, each through its confirmation panel; waits for the number. */
export async function approveAndIssue(office: Page): Promise<void> {
  await office.click("text=审批通过…");
  await office.click("button:has-text('确认审批通过')");
  await office.waitForSelector("text=印发…");
  await office.click("text=印发…");
  await office.click("button:has-text('确认印发')");
  await office.waitForSelector(".doc .no:has-text('甘信用办通')");
}

/** The published units of a period (open data), to find a unit's code by the name a page shows. */
export async function rankedUnits(base: string, period = "2026-10"): Promise<{ code: string; name: string }[]> {
  const json = (await (await fetch(`${base}/open-data/rankings.json?period=${period}`)).json()) as { groups: { region: { code: string; name: string }[]; department: { code: string; name: string }[] } };
  return [...json.groups.region, ...json.groups.department];
}
