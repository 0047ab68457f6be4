import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { approveAndIssue, closeAndOpenFirstDraft, launch, rankedUnits, shot, signedIn } from "./browser-helpers";
import { get, signIn } from "./http";

// The notice in its GB/T 9704 form and its annex, in the browser: a too-long title is refused with
// the input kept, the printable page in both languages, the annex page, its CSV for the office and
// the addressed unit, and 404 for another unit.
const base = inject("baseUrl");
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
});

const as = async (username: string): Promise<Page> => (await signedIn(browser, base, username)).page;

describe("the notice document and its annex", () => {
  it("edits, issues and prints a notice with its annex, in zh and en", async () => {
    const office = await as("office");
    const { id, unitName } = await closeAndOpenFirstDraft(office, base);

    // a title over 60 characters: refused in place, everything typed kept
    const long = "关于".padEnd(70, "长");
    await office.fill("input[name=title]", long);
    await office.fill("input[name=copiesTo]", "省发展改革委，人民银行甘肃省分行");
    await office.click("button:has-text('保存')");
    await office.waitForSelector("p.error:has-text('标题不能超过 60 个字')");
    await expect(office.inputValue("input[name=title]")).resolves.toBe(long);
    await expect(office.inputValue("input[name=copiesTo]")).resolves.toBe("省发展改革委，人民银行甘肃省分行");
    await shot(office, "notice-doc-title-refused");
    await office.fill("input[name=title]", `关于${unitName}2026年10月社会信用工作情况的通报`);
    await office.click("button:has-text('保存')");
    await office.waitForSelector("text=已保存");

    await office.goto(`${base}/office/notices/${id}`);
    await approveAndIssue(office);

    for (const lang of ["zh", "en"] as const) {
      const q = lang === "en" ? "?lang=en" : "";
      await office.goto(`${base}/office/notices/${id}/print${q}`);
      const doc = office.locator(".doc");
      await expect(doc.locator(".org").textContent()).resolves.toBe("甘肃省社会信用体系建设领导小组办公室");
      // the issuing authority on one line, and nothing wider than the page
      const org = await doc.locator(".org").boundingBox();
      expect(org!.height).toBeLessThan(60);
      const widths = await office.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
      expect(widths[0]).toBeLessThanOrEqual(widths[1]!);
      const text = (await doc.textContent())!;
      expect(text).toMatch(/整改期限：\d{4}年\d{1,2}月\d{1,2}日前。/);
      expect(text).toContain("抄送：省发展改革委，人民银行甘肃省分行。");
      expect(text).toMatch(/\d{4}年\d{1,2}月\d{1,2}日印发/);
      expect(text).toContain("问题清单");
      await expect(office.locator(".print-bar").textContent()).resolves.toContain(lang === "en" ? "Annex: the full list of problems" : "附件：问题清单（全部）");
      await shot(office, `notice-doc-print-${lang}`);
      await office.goto(`${base}/office/notices/${id}/annex${q}`);
      await office.waitForSelector("table.items tbody tr");
      await shot(office, `notice-doc-annex-${lang}`);
    }
    await office.goto(`${base}/office/notices/${id}/annex?page=abc`);
    await office.waitForSelector("p.error:has-text('不是页码')");

    const cookie = await signIn(base, "office");
    const csv = await get(base, `/office/notices/${id}/annex/csv`, cookie);
    expect(csv.status).toBe(200);
    const lines = (await csv.text()).replace(/^\uFEFF/, "").trim().split("\r\n");
    expect(lines[0]).toMatch(/^序号,问题类别,状态,/);
    expect(lines.length - 1).toBe(Number(csv.headers.get("x-wenxiao-items")));

    const all = await rankedUnits(base);
    const unitCode = all.find((e) => e.name === unitName)!.code;
    const other = all.find((e) => e.code !== unitCode && e.code !== "620100")!.code;
    const head = await signIn(base, `head-${unitCode}`);
    expect((await get(base, `/unit/notices/${id}/annex/xlsx`, head)).status).toBe(200);
    expect((await get(base, `/unit/notices/${id}/annex/csv`, await signIn(base, `head-${other}`))).status).toBe(404);
  });
});
