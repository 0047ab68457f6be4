import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launch, shot, signedIn } from "./browser-helpers";

// Correcting one record in the browser (issue 10 §2): 兰州市's clerk opens an item of its agency
// 兰州市工商局 from the unit's list, corrects its publication date, sees what will change, saves it and
// finds the batch (channel 网页更正, with the reason) in the import history — and undoes it there, so
// the demo's figures are as they were for the files that follow.
const base = inject("baseUrl");
let browser: Browser;
// a record of 兰州市工商局 in the demo (seed 2026, scale 1): decided 2025-12-22, published 2025-12-24
const RECORD = "CF2025120000122";

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe("correcting one record in the browser", () => {
  it("a clerk opens an item, corrects a date, confirms, and sees the correction in the import history", async () => {
    const { ctx, page } = await signedIn(browser, base, "clerk-620100");
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.goto(`${base}/unit?view=items&indicator=publication_timeliness&period=2025-12&q=${RECORD}`);
    const row = page.locator("table.items tbody tr", { hasText: RECORD });
    await row.locator("a", { hasText: "更正" }).click();
    await page.waitForURL(/\/unit\/correct\/records\?record_id=/);
    await expect(page.locator("h1").innerText()).resolves.toContain("更正数据");
    await expect(page.locator("#f-record_id").inputValue()).resolves.toBe(RECORD);
    await expect(page.locator("#f-record_id").getAttribute("readonly")).resolves.not.toBeNull();
    await expect(page.locator("#f-published_date").inputValue()).resolves.toBe("2025-12-24");
    await expect(page.locator("#f-published_date").getAttribute("type")).resolves.toBe("date");
    await expect(page.locator("select#f-kind").inputValue()).resolves.toBe("penalty");
    await shot(page, "correct-form-zh");

    // a required date emptied: refused next to its field, the form kept
    await page.fill("#f-decision_date", "");
    await page.fill("#f-reason", "公示日期按公示系统截图更正");
    await page.click("button:has-text('检查更正…')");
    await expect(page.locator(".correction-field:has(#f-decision_date) .error").innerText()).resolves.toContain("日期不能为空");
    await expect(page.locator("#f-reason").inputValue()).resolves.toBe("公示日期按公示系统截图更正");
    // nothing typed is lost, the lists included (a form action's reset would put them back to their first option)
    await expect(page.locator("select#f-kind").inputValue()).resolves.toBe("penalty");
    await expect(page.locator("select#f-subject_type").inputValue()).resolves.toBe("legal");
    await shot(page, "correct-refused-zh");

    // the decision date back, the publication date corrected: the confirmation names the one change
    await page.fill("#f-decision_date", "2025-12-22");
    await page.fill("#f-published_date", "2025-12-30");
    await page.click("button:has-text('检查更正…')");
    await page.waitForSelector("h2#confirm-title");
    const changes = await page.locator("table.changes tbody").innerText();
    expect(changes).toMatch(/公示日期[\s\S]*2025-12-24[\s\S]*2025-12-30/);
    await expect(page.locator("table.changes tbody tr").count()).resolves.toBe(1);
    await shot(page, "correct-confirm-zh");
    await page.click("button:has-text('保存更正')");
    await page.waitForSelector("[data-outcome=saved]");
    const saved = await page.locator("[data-outcome=saved]").innerText();
    const batch = Number(/导入批次 #(\d+)/.exec(saved)![1]);
    await shot(page, "correct-saved-zh");

    // the import history: the batch, its channel and reason; and its undo, as for any batch
    await page.click("text=在导入记录中查看");
    await page.waitForURL(new RegExp(`/unit/imports/${batch}`));
    const facts = await page.locator("table.facts").innerText();
    expect(facts).toContain("网页更正");
    expect(facts).toContain("公示系统截图");
    expect(facts).toContain(`更正 ${RECORD}`);
    await shot(page, "correct-batch-zh");
    await page.goto(`${base}/unit/imports?channel=form&lang=en`);
    await expect(page.locator("table.items tbody").innerText()).resolves.toContain("Correction form");
    await page.goto(`${base}/unit/imports/${batch}?do=undo`);
    await page.fill("textarea[name=reason]", "端到端测试，恢复原值");
    await page.click(`button:has-text('确认撤销批次 #${batch}')`);
    await page.waitForSelector("text=已撤销该批次。");
    await page.goto(`${base}/unit/correct/records?record_id=${RECORD}&lang=en`);
    await expect(page.locator("#f-published_date").inputValue()).resolves.toBe("2025-12-24");
    expect(await page.getAttribute("html", "lang")).toBe("en");
    await expect(page.locator("h1").innerText()).resolves.toContain("Correct a row");
    await ctx.close();
  });
});
