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
