import fs from "node:fs";
import ExcelJS from "exceljs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launch, shot, signedIn } from "./browser-helpers";

// Upload in the browser (issue 10 §1): the office picks a kind and a file, the page follows the check
// (a dry run), shows its counts and the rejected rows, offers them as a workbook, and imports after a
// confirmation with the same counts. The file restates a national holiday the demo's calendar already
// has (unchanged) and names a day that does not exist (rejected), so the demo's figures stay as they are.
const base = inject("baseUrl");
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe("uploading a file in the browser", () => {
  it("checks it first, offers the rejected rows, and imports it when confirmed, in both languages", async () => {
    const { ctx, page } = await signedIn(browser, base, "office");
    await page.setViewportSize({ width: 1366, height: 900 });
    for (const lang of ["zh", "en"] as const) {
      const en = lang === "en";
      await page.goto(`${base}/office/upload${en ? "?lang=en" : ""}`);
      await shot(page, `upload-form-${lang}`);
      // the limits the form promises are on the page
      await expect(page.locator("form.login-form .muted.small").innerText()).resolves.toContain(en ? "at most 50 MB" : "不超过 50 MB");
      await page.selectOption("select[name=kind]", "calendar");
      await page.setInputFiles("input[name=file]", { name: `日历-${lang}.csv`, mimeType: "text/csv", buffer: Buffer.from("date,is_workday\n2026-10-01,0\n2026-02-30,1\n") });
      await page.click("form.login-form button[type=submit]");
      await page.waitForURL(/\/office\/upload\/\d+/);
      // the page refreshes itself until the check is done
      await page.waitForSelector("h2#check", { timeout: 60_000 });
      const counts = await page.locator("section[aria-labelledby=check] table.compact").innerText();
      expect(counts).toMatch(en ? /Unchanged\s+1/ : /无变化\s+1/);
      expect(counts).toMatch(en ? /Rejected \(not imported\)\s+1/ : /未通过（不导入）\s+1/);
      await expect(page.locator("section[aria-labelledby=check] table.items tbody tr").first().innerText()).resolves.toContain("2026-02-30");
      await shot(page, `upload-checked-${lang}`);
      // the rejected rows as a workbook
      const [download] = await Promise.all([page.waitForEvent("download"), page.click(`a[href*="/report"]`)]);
      expect(download.suggestedFilename()).toBe(en ? `日历-${lang}-errors.xlsx` : `日历-${lang}-错误报告.xlsx`);
      // import, through its confirmation
      await page.click(en ? "text=Import…" : "text=导入…");
      await expect(page.locator("[role=dialog]").innerText()).resolves.toContain(en ? "1 rejected rows are left out" : "1 行未通过检查、不导入");
      await shot(page, `upload-confirm-${lang}`);
      await page.click(en ? "button:has-text('Import')" : "button:has-text('确认导入')");
      await page.waitForSelector("h2#import", { timeout: 60_000 });
      await expect(page.locator("[data-same]").getAttribute("data-same")).resolves.toBe("yes");
      await shot(page, `upload-imported-${lang}`);
    }
    // the list shows both, imported
    await page.goto(`${base}/office/upload`);
    await expect(page.locator("table.items tbody tr").count()).resolves.toBeGreaterThanOrEqual(2);
    await expect(page.locator("table.items tbody tr").first().innerText()).resolves.toContain("已导入");
    await ctx.close();
  });

  it("as a clerk: upload, fix the rejected rows in the report, import, and undo the import", async () => {
    const { ctx, page } = await signedIn(browser, base, "clerk-620100");
    await page.setViewportSize({ width: 1366, height: 900 });
    const header = "record_id,kind,unit_code,subject_type,subject_code,subject_name,decision_no,decision_date,published_date,received_date";
    // decided in 2020: no page of the demo's months moves while the rows are stored
    const row = (id: string, unit: string, date: string) => `${id},license,${unit},legal,91620100MA000E2E1X,测试公司,兰许〔2020〕${id}号,${date},${date},${date}`;
    const file = [header, row("E2E-CLERK-1", "620100", "2020-03-02"), row("E2E-CLERK-2", "620200", "2020-03-03"), row("E2E-CLERK-3", "620100", "2020-02-30")].join("\n") + "\n";
    await page.goto(`${base}/unit/upload`);
    await page.selectOption("select[name=kind]", "records");
    await page.setInputFiles("input[name=file]", { name: "兰州市-2020年3月.csv", mimeType: "text/csv", buffer: Buffer.from(file) });
    await page.click("form.login-form button[type=submit]");
    await page.waitForSelector("h2#check", { timeout: 60_000 });
    const counts = await page.locator("section[aria-labelledby=check] table.compact").innerText();
    expect(counts).toMatch(/新增（将添加）\s+1/);
    expect(counts).toMatch(/未通过（不导入）\s+2/);
    // another unit's row is rejected with the reason, not stored
    await expect(page.locator("section[aria-labelledby=check] table.items").innerText()).resolves.toContain("单位“620200”既不是 620100");
    await shot(page, "upload-clerk-checked-zh");
    // the rejected rows as a workbook: fixed there and uploaded as it is
    const [download] = await Promise.all([page.waitForEvent("download"), page.click(`a[href*="/report"]`)]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(fs.readFileSync(await download.path()) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getCell(1, 11).value).toBe("错误原因");
    ws.getCell(2, 3).value = "620100";
    for (const column of [8, 9, 10]) ws.getCell(3, column).value = "2020-02-28";
    const fixed = Buffer.from(await wb.xlsx.writeBuffer());
    await page.goto(`${base}/unit/upload`);
    await page.selectOption("select[name=kind]", "records");
    await page.setInputFiles("input[name=file]", { name: "兰州市-2020年3月-改.xlsx", mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buffer: fixed });
    await page.click("form.login-form button[type=submit]");
    await page.waitForSelector("h2#check", { timeout: 60_000 });
    expect(await page.locator("section[aria-labelledby=check] table.compact").innerText()).toMatch(/新增（将添加）\s+2[\s\S]*未通过（不导入）\s+0/);
    await page.click("text=导入…");
    await page.click("button:has-text('确认导入')");
    await page.waitForSelector("h2#import", { timeout: 60_000 });
    const batch = Number(/批次 #(\d+)/.exec(await page.locator("h2#import").innerText())![1]);
    // and undone, from the import history, with the reason
    await page.goto(`${base}/unit/imports/${batch}?do=undo`);
    await page.fill("textarea[name=reason]", "上传了错误的文件");
    await page.click(`button:has-text('确认撤销批次 #${batch}')`);
    await page.waitForSelector("text=已撤销该批次。");
    await shot(page, "upload-clerk-undone-zh");
    await ctx.close();
  });

  it("refuses a file that is not a table, saying what it is, and keeps the form", async () => {
    const { ctx, page } = await signedIn(browser, base, "office");
    await page.goto(`${base}/office/upload`);
    await page.selectOption("select[name=kind]", "records");
    await page.setInputFiles("input[name=file]", { name: "records.csv", mimeType: "text/csv", buffer: Buffer.from("%PDF-1.4 a scan") });
    await page.click("form.login-form button[type=submit]");
    await expect(page.locator("p.error[role=alert]").innerText()).resolves.toContain("PDF 文档");
    await expect(page.locator("select[name=kind]").inputValue()).resolves.toBe("records");
    // an upload that does not exist, or an address that names none, is the 404 page saying so
    for (const id of ["99999", "abc"]) {
      const r = await page.goto(`${base}/office/upload/${id}`);
      expect(r?.status()).toBe(404);
      await expect(page.locator("main").innerText()).resolves.toContain(`没有编号为“${id}”的上传文件`);
    }
    await ctx.close();
  });
});
