import { describe, expect, inject, it } from "vitest";
import { get, signIn } from "./http";

/** The frame of every page: `<html lang>` in the page's language, and Wenxiao's own 404 page. */
const base = inject("baseUrl");

const htmlLang = (html: string) => /<html[^>]*\slang="([^"]+)"/.exec(html)?.[1];

describe("every page", () => {
  it("declares its language on <html>", async () => {
    for (const [path, lang] of [["/", "zh-CN"], ["/?lang=en", "en"], ["/methodology?lang=en", "en"], ["/login", "zh-CN"], ["/login?lang=en", "en"]] as const) {
      expect(htmlLang(await (await get(base, path)).text()), path).toBe(lang);
    }
    const cookie = await signIn(base, "head-620100");
    expect(htmlLang(await (await get(base, "/unit?lang=en", cookie)).text())).toBe("en");
    expect(htmlLang(await (await get(base, "/unit", cookie)).text())).toBe("zh-CN");
  });

  it("answers an unknown address with Wenxiao's own 404 page, in the page's language, with the site's header", async () => {
    const zh = await get(base, "/no-such-page");
    expect(zh.status).toBe(404);
    const zhBody = await zh.text();
    expect(zhBody).toContain("页面不存在");
    expect(zhBody).toContain("绩效排名");
    expect(htmlLang(zhBody)).toBe("zh-CN");
    const en = await get(base, "/no-such-page?lang=en");
    expect(en.status).toBe(404);
    const enBody = await en.text();
    expect(enBody).toContain("Page not found");
    expect(enBody).toContain("Open data");
    expect(htmlLang(enBody)).toBe("en");
    // a signed-in user asking for another unit's page gets the same page
    const cookie = await signIn(base, "head-620100");
    const other = await get(base, "/unit/620200?lang=en", cookie);
    expect(other.status).toBe(404);
    expect(await other.text()).toContain("Page not found");
  });
});

describe("the joint-measures cycle on the public pages", () => {
  it("the home page sums each published month's cycle for the province; the methodology page states each rule with its seed passage and both methods", async () => {
    const home = await (await get(base, "/")).text();
    expect(home).toContain("联合奖惩");
    expect(home).toMatch(/data-joint-month="2026-10" data-group="department"/);
    expect(home).toContain("强制性措施反馈率");
    expect(await (await get(base, "/?lang=en")).text()).toContain("Mandatory measures&#x27; feedback coverage");
    const zh = await (await get(base, "/methodology")).text();
    expect(zh).toContain("將在3個以上不同的重點領域被列入重點關注名單的主體轉入“大數據警示名單”");
    expect(zh).toContain("推送日期 → 接收（响应）日期：3 个工作日（默认值）");
    expect(zh).toContain("自 2026 年 9 月起按联合奖惩评价方法计分");
    const en = await (await get(base, "/methodology?lang=en")).text();
    expect(en).toContain("from 2026-09 on, by the joint-measures method");
    expect(en).toContain("push → receipt (response): 3 working days (default)");
  });
});
