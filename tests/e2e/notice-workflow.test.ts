import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { docxBytes, ofdBytes, pdfOfSize } from "../helpers/files";
import { approveAndIssue, launch, rankedUnits, shot, signedIn } from "./browser-helpers";
import { get, signIn } from "./http";

// The rectification cycle in the browser (issue 9, items 1, 2 and 7): the office closes September and
// issues a notice; the unit answers with a 4.9 MB scanned PDF and four other files (after a file over
// the limit is refused with the typed text kept); the office opens the attachment, returns the report;
// the unit resubmits; the office accepts. The inbox tells the people concerned at each step. Each
// changed page is photographed in Chinese and in English.
const base = inject("baseUrl");
let browser: Browser;
let dir: string;

beforeAll(async () => {
  browser = await launch();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "wx-workflow-"));
});

afterAll(async () => {
  await browser?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const as = async (username: string): Promise<Page> => (await signedIn(browser, base, username)).page;

/** Writes a file for the file input and returns its path. */
function file(name: string, data: Buffer): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, data);
  return p;
}

/** The newest inbox message's title and text, as the page shows them in `lang`. */
async function newestMessage(page: Page, lang: "zh" | "en" = "zh"): Promise<string> {
  await page.goto(`${base}/inbox${lang === "en" ? "?lang=en" : ""}`);
  return (await page.locator("#main .report").first().textContent()) ?? "";
}

/** Both languages of a page, photographed. */
async function shots(page: Page, url: string, name: string): Promise<void> {
  for (const lang of ["zh", "en"] as const) {
    const r = await page.goto(`${base}${url}${lang === "en" ? (url.includes("?") ? "&" : "?") + "lang=en" : ""}`);
    expect(r?.status(), url).toBe(200);
    await shot(page, `${name}-${lang}`);
  }
}

describe("the rectification workflow in the browser", () => {
  it("issue → report with a 4.9 MB scan → download → return → resubmit → accept, with inbox messages at each step", async () => {
    const office = await as("office");
    await office.goto(`${base}/office/notices`);
    await office.selectOption("form:has(button:has-text('关闭并生成通报草稿')) select[name=period]", "2026-09");
    await office.fill("input[name=asOf]", "2026-10-20");
    await Promise.all([office.waitForURL(/done=1/), office.click("text=关闭并生成通报草稿")]);
    await office.goto(`${base}/office/notices?period=2026-09&status=draft`);
    const link = office.locator("table tbody tr th a").first();
    const unitName = (await link.textContent())!;
    await link.click();
    await office.waitForURL(/\/office\/notices\/\d+/);
    const id = Number(/notices\/(\d+)/.exec(office.url())![1]);
    const unitCode = (await rankedUnits(base, "2026-09")).find((e) => e.name === unitName)!.code;

    // issued (each step confirmed on its panel): the unit's head is told
    await approveAndIssue(office);
    const number = (await office.locator(".doc .no").textContent())!;
    const head = await as(`head-${unitCode}`);
    expect(await newestMessage(head)).toContain(`收到通报 ${number}`);
    expect(await newestMessage(head, "en")).toContain(`Notice ${number} received`);
    await shot(head, "workflow-inbox-issued-en");

    // the unit's page says the limits; a file over them is refused in place and the text stays
    await head.goto(`${base}/unit/notices/${id}`);
    await expect(head.locator("form[enctype=\"multipart/form-data\"]").textContent()).resolves.toContain("最多 5 个文件，每个不超过 5 MB");
    const typed = "已组织全面自查：9月迟报记录已全部补报，并建立每日核对机制。";
    await head.fill("textarea[name=body]", typed);
    await head.setInputFiles("input[name=attachments]", file("过大的扫描件.pdf", pdfOfSize(Math.floor(5.5 * 1024 * 1024))));
    await head.click("button:has-text('报送整改报告')");
    await expect(head.locator("p.error[role=alert]").textContent()).resolves.toMatch(/“过大的扫描件\.pdf”（5\.5 MB）超过上限.*已填写的内容仍保留/);
    expect(await head.inputValue("textarea[name=body]")).toBe(typed);
    await shot(head, "workflow-unit-too-large-zh");

    // a file whose content is not what the form takes: the server says so, the text stays
    await head.setInputFiles("input[name=attachments]", file("伪装的图片.png", Buffer.from("MZ\u0090\u0000 not an image")));
    await head.click("button:has-text('报送整改报告')");
    await head.waitForSelector("p.error[role=alert]:has-text('不支持的附件')");
    await expect(head.locator("p.error[role=alert]").textContent()).resolves.toContain("不支持的附件“伪装的图片.png”");
    expect(await head.inputValue("textarea[name=body]")).toBe(typed);

    // the 4.9 MB scan and four other files at once
    const scan = pdfOfSize(Math.floor(4.9 * 1024 * 1024));
    const scanName = "整改报告（盖章扫描件）.pdf";
    await head.setInputFiles("input[name=attachments]", [
      file(scanName, scan),
      file("整改台账.docx", docxBytes()),
      file("盖章件.ofd", ofdBytes()),
      file("补报说明.txt", Buffer.from("补报记录 173 条。", "utf8")),
      file("现场照片.png", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52])),
    ]);
    await Promise.all([head.waitForURL(/done=1/, { timeout: 60_000 }), head.click("button:has-text('报送整改报告')")]);
    await expect(head.locator(".report").first().textContent()).resolves.toContain(scanName);
    await shots(head, `/unit/notices/${id}`, "workflow-unit-reported");

    // the office is told, finds it under "reports awaiting review", and opens the scan
    expect(await newestMessage(office)).toContain(`${unitName}报送了整改报告，待审核`);
    await office.goto(`${base}/office/notices?status=awaiting_review`);
    await expect(office.locator("table tbody").textContent()).resolves.toContain(unitName);
    await expect(office.locator("table tbody").textContent()).resolves.toContain("整改报告待审核");
    await shots(office, "/office/notices?status=awaiting_review", "workflow-office-awaiting-review");
    await office.goto(`${base}/office/notices/${id}`);
    const [download] = await Promise.all([office.waitForEvent("download"), office.click(`a:has-text('${scanName}')`)]);
    expect(download.suggestedFilename()).toBe(scanName);
    expect(fs.readFileSync(await download.path()).equals(scan)).toBe(true);
    await shots(office, `/office/notices/${id}`, "workflow-office-report");
    const attachment = (await office.locator(`a:has-text('${scanName}')`).getAttribute("href")) ?? "";
    const officeCookie = await signIn(base, "office");
    const r = await get(base, attachment, officeCookie);
    expect([r.status, r.headers.get("content-type"), r.headers.get("x-content-type-options")]).toEqual([200, "application/pdf", "nosniff"]);
    expect(r.headers.get("content-disposition")).toContain(`filename*=UTF-8''${encodeURIComponent(scanName).replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`);
    // the unit downloads its own; another unit may not
    const unitAttachment = attachment.replace("/office/", "/unit/");
    expect((await get(base, unitAttachment, await signIn(base, `head-${unitCode}`))).status).toBe(200);
    const other = await signIn(base, unitCode === "620100" ? "head-620200" : "head-620100");
    expect((await get(base, unitAttachment, other)).status).toBe(403);
    expect((await get(base, attachment, other)).status).toBe(403);

    // returned: the unit is told, and its list says by when to resubmit
    await office.goto(`${base}/office/notices/${id}`);
    await office.fill("input[name=note]", "请补充迟报原因说明");
    await office.click("button:has-text('退回')");
    await office.waitForSelector("text=已退回");
    expect(await newestMessage(head)).toContain(`整改报告被退回：${number}`);
    expect(await newestMessage(head)).toContain("请补充迟报原因说明");
    await head.goto(`${base}/unit/notices`);
    await expect(head.locator(`tr:has-text("${number}")`).textContent()).resolves.toMatch(/已退回，请于\d{4}年\d{1,2}月\d{1,2}日前重新报送/);
    await head.goto(`${base}/unit/notices?lang=en`);
    await expect(head.locator(`tr:has-text("${number}")`).textContent()).resolves.toMatch(/returned — resubmit by \d{1,2} \w+ \d{4}/);
    await shots(head, "/unit/notices", "workflow-unit-list-returned");
    await shots(head, "/inbox", "workflow-inbox-returned");
    await office.goto(`${base}/office/notices?status=returned`);
    await expect(office.locator("table tbody").textContent()).resolves.toContain(unitName);

    // resubmitted: the office is told again; accepted: the unit is told
    await head.goto(`${base}/unit/notices/${id}`);
    await head.fill("textarea[name=body]", "已补充迟报原因说明，并完成补报。");
    await head.setInputFiles("input[name=attachments]", file("迟报原因说明.txt", Buffer.from("系统切换导致迟报。", "utf8")));
    await Promise.all([head.waitForURL(/done=1/), head.click("button:has-text('报送整改报告')")]);
    expect(await newestMessage(office)).toContain(`${unitName}报送了整改报告，待审核`);
    await office.goto(`${base}/office/notices/${id}`);
    await office.click("button:has-text('验收通过')");
    await office.waitForSelector("text=整改验收通过");
    expect(await newestMessage(head)).toContain(`整改已验收：${number}`);
    expect(await newestMessage(head, "en")).toContain(`Rectification accepted: ${number}`);
    await shots(head, "/inbox", "workflow-inbox-accepted");
    await shots(office, "/inbox", "workflow-office-inbox");
    await office.goto(`${base}/office/notices?status=awaiting_review`);
    await expect(office.locator("table tbody").textContent()).resolves.not.toContain(number);
  });
});
