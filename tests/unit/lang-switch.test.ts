import { describe, expect, it } from "vitest";
import { switchLangHref, textIn } from "@/lib/i18n";

describe("the language switch", () => {
  it("keeps the path and every filter, replacing only lang", () => {
    expect(switchLangHref("/office/units/620100", "period=2026-09&asOf=2026-10-20&indicator=coverage&status=late&page=3", "en")).toBe(
      "/office/units/620100?period=2026-09&asOf=2026-10-20&indicator=coverage&status=late&page=3&lang=en",
    );
    expect(switchLangHref("/office/units/620100", "period=2026-09&lang=en&page=3", "zh")).toBe("/office/units/620100?period=2026-09&page=3");
    expect(switchLangHref("/", "lang=en", "zh")).toBe("/");
    expect(switchLangHref("/", "", "en")).toBe("/?lang=en");
    // a repeated or odd lang is replaced once, other values kept as they were
    expect(switchLangHref("/office/users", "q=%E5%BC%A0+%E4%B8%89&lang=en&lang=zh", "en")).toBe("/office/users?q=%E5%BC%A0+%E4%B8%89&lang=en");
  });

  it("shows a text kept in both languages in the reader's, English falling back to Chinese", () => {
    expect(textIn("en", "更正", "Corrected")).toBe("Corrected");
    expect(textIn("zh", "更正", "Corrected")).toBe("更正");
    expect(textIn("en", "更正", null)).toBe("更正");
  });
});
