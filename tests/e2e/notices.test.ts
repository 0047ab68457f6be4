import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { approveAndIssue, closeAndOpenFirstDraft, launch, rankedUnits, shot, signedIn } from "./browser-helpers";
import { get, signIn } from "./http";

// The whole notice flow in the browser: the office closes a month, reviews and issues a notice, the
// unit head answers it, the office returns and then accepts the report; the PDF carries the Chinese text.
const base = inject("baseUrl");
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
});

const as = async (username: string): Promise<Page> => (await signedIn(browser, base, username)).page;

/** Chromium processes on this machine (the test's own browser included; compared before and during). */
function chromiumProcesses(): number {
  let n = 0;
  for (const pid of fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      if (fs.readFileSync(`/proc/${pid}/comm`, "utf8").includes("chrom")) n++;
    } catch {
      // gone meanwhile
    }
  }
  return n;
}

async function pdfText(bytes: Uint8Array): Promise<string> {
  const { getDocument } = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const doc = await getDocument({ data: bytes, useSystemFonts: false, isEvalSupported: false }).promise;
  let text = "";
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    text += content.items.map((it) => ("str" in it ? it.str : "")).join("");
  }
  // Noto CJK maps some glyphs to Kangxi radicals (⽢ for 甘) in the PDF's text layer; NFKC folds them back
  return text.normalize("NFKC");
}

describe("notices in the browser", () => {
  it("close → review → issue → report → return → report → accept, with a PDF in Chinese", async () => {
    const office = await as("office");
    const { id, unitName } = await closeAndOpenFirstDraft(office, base, "notices-office-list");
    await shot(office, "notices-office-draft");
    // each step asks first, on a panel that says what will happen (tests/e2e/publish-confirm.test.ts looks closer)
    await approveAndIssue(office);
    const number = (await office.locator(".doc .no").textContent())!;
    expect(number).toMatch(/^甘信用办通〔\d{4}〕\d+号$/);
    await office.click("text=在公示页面公开…");
    await office.click("button:has-text('确认公开')");
    await office.waitForSelector("text=取消公开");
    await shot(office, "notices-office-issued");

    // the addressed unit's head answers
    // the addressed unit, found by its name in the published data
    const unitCode = (await rankedUnits(base)).find((e) => e.name === unitName)!.code;
    const head = await as(`head-${unitCode}`);
    await head.goto(`${base}/unit/notices`);
    await head.click(`tr:has-text("${number}") a`);
    await head.waitForURL(/\/unit\/notices\/\d+/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wx-report-"));
    const file = path.join(dir, "整改说明.txt");
    fs.writeFileSync(file, "已逐条补报迟报记录。");
    await head.fill("textarea[name=body]", "已组织自查，补报全部迟报记录。");
    await head.setInputFiles("input[name=attachments]", file);
    await Promise.all([head.waitForURL(/done=1/), head.click("button:has-text('报送整改报告')")]);
    await shot(head, "notices-unit-reported");

    await office.goto(`${base}/office/notices/${id}`);
    await office.fill("input[name=note]", "请补充迟报原因");
    await office.click("button:has-text('退回')");
    await office.waitForSelector("text=已退回");

    await head.goto(`${base}/unit/notices/${id}`);
    await expect(head.locator(".notice.small").first().textContent()).resolves.toContain("请补充迟报原因");
    await head.fill("textarea[name=body]", "已补充迟报原因说明，并完成补报。");
    await Promise.all([head.waitForURL(/done=1/), head.click("button:has-text('报送整改报告')")]);

    await office.goto(`${base}/office/notices/${id}`);
    await office.click("button:has-text('验收通过')");
    await office.waitForSelector("text=整改验收通过");
    await expect(office.locator("p.muted").first().textContent()).resolves.toContain("整改已验收");
    const timeline = await office.locator(".timeline").textContent();
    for (const step of ["审批通过", "印发", "报送整改报告", "退回整改报告", "整改验收通过"]) expect(timeline).toContain(step);
    await shot(office, "notices-office-accepted");

    for (const [p, name] of [["/office/notices/summary?period=2026-10&asOf=2026-11-16", "notices-summary"], ["/office/rules", "notices-rules"], ["/office/jobs", "office-jobs"], ["/methodology", "methodology-with-rules"]] as const) {
      const r = await office.goto(`${base}${p}`);
      expect(r?.status(), p).toBe(200);
      await shot(office, name);
    }
    await office.goto(`${base}/office/jobs`);
    await office.click("tr:has-text('审计日志保存检查') button");
    await office.waitForSelector("text=已手动运行“审计日志保存检查”：成功");

    // the PDF holds the notice's Chinese text
    const cookie = await signIn(base, "office");
    const pdf = await get(base, `/office/notices/${id}/pdf`, cookie);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    const pdfBytes = new Uint8Array(await pdf.arrayBuffer());
    const text = await pdfText(pdfBytes.slice());
    expect(text).toContain(number);
    expect(text).toContain("甘肃省社会信用体系建设领导小组办公室");
    expect(text).toContain(unitName);

    const summary = await get(base, "/office/notices/summary/pdf?period=2026-10&asOf=2026-11-16", cookie);
    expect(summary.headers.get("content-type")).toBe("application/pdf");
    const summaryText = await pdfText(new Uint8Array(await summary.arrayBuffer()));
    expect(summaryText).toContain("全省社会信用信息归集公示情况的通报");
    expect(summaryText).toContain("迟报率");

    // the issued notice was printed once: later requests get the same stored bytes, and start no browser
    const unitPdf = await get(base, `/unit/notices/${id}/pdf`, await signIn(base, `head-${unitCode}`));
    expect(Buffer.from(await unitPdf.arrayBuffer()).equals(Buffer.from(pdfBytes))).toBe(true);
    // a burst of prints waits for one shared browser instead of starting one each
    const before = chromiumProcesses();
    let peak = before;
    const poll = setInterval(() => (peak = Math.max(peak, chromiumProcesses())), 50);
    const burst = await Promise.all(Array.from({ length: 10 }, () => get(base, "/office/notices/summary/pdf?period=2026-10&asOf=2026-11-16", cookie)));
    clearInterval(poll);
    expect(burst.map((r) => r.headers.get("content-type"))).toEqual(Array.from({ length: 10 }, () => "application/pdf"));
    // one browser is a handful of processes; ten browsers were ~100
    expect(peak - before).toBeLessThan(25);

    // and the public page lists it, with no person in it
    const pub = await (await get(base, "/notices")).text();
    expect(pub).toContain(number);

    // another unit's head cannot open it
    const other = await signIn(base, unitCode === "620100" ? "head-620200" : "head-620100");
    expect((await get(base, `/unit/notices/${id}`, other)).status).toBe(404);
    expect((await get(base, `/unit/notices/${id}/pdf`, other)).status).toBe(404);
  });
});

