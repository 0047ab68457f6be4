import { describe, expect, it } from "vitest";
import { missingThing } from "@/lib/web/missing";

describe("what a 404 says was not found", () => {
  it("names a period: not published, or not a period at all", () => {
    expect(missingThing("/rankings/1999-01?lang=en").en).toBe('No ranking has been published for the period "1999-01".');
    expect(missingThing("/rankings/2026-13").zh).toBe("“2026-13”不是期间：期间应写作 2026-03（月）、2026-Q1（季度）或 2026（年度）。");
  });

  it("names a unit, without saying whether it exists (another unit's page reads the same)", () => {
    expect(missingThing("/unit/NOSUCH").zh).toBe("没有编码为“NOSUCH”的单位，或您的账户无权查看该单位。");
    expect(missingThing("/office/units/%E6%97%A0?period=2026-10").en).toBe('There is no unit with the code "无", or your account may not see it.');
  });

  it("names a notice, on the office's and the unit's side and their print pages", () => {
    expect(missingThing("/office/notices/abc").en).toBe('There is no notice numbered "abc", or your account may not see it.');
    expect(missingThing("/unit/notices/99999999999/print").zh).toBe("没有编号为“99999999999”的通报，或您的账户无权查看。");
  });

  it("names an upload or an import batch, not a unit called upload or imports", () => {
    expect(missingThing("/office/upload/99999").en).toBe('There is no uploaded file numbered "99999", or your account may not see it.');
    expect(missingThing("/unit/upload/abc/report").zh).toBe("没有编号为“abc”的上传文件，或您的账户无权查看。");
    expect(missingThing("/unit/imports/99999").zh).toBe("没有编号为“99999”的导入批次，或您的账户无权查看。");
    expect(missingThing("/unit/correct/records?record_id=x").zh).toBe("没有这条数据，或您的账户无权更正它（单位只能更正本单位及其所属机构的数据）。");
    expect(missingThing("/office/correct/units").en).toBe("There is no such row, or your account may not correct it (a unit corrects its own and its agencies' rows only).");
    expect(missingThing("/unit/joint/cases/LH1").zh).toContain("没有编号为“LH1”的联合奖惩案件");
    expect(missingThing("/office/joint/cases/LH1?lang=en").en).toContain('There is no joint-measures case "LH1"');
    // the unit's own pages are not unit codes
    expect(missingThing("/unit/obligations/x").en).toBe('There is no page "/unit/obligations/x".');
    expect(missingThing("/unit/explain/x").zh).toBe("没有“/unit/explain/x”这个页面。");
  });

  it("names any other page, shortened and without control characters", () => {
    expect(missingThing("/no-such-page").en).toBe('There is no page "/no-such-page".');
    expect(missingThing(`/${"x".repeat(100)}`).en).toBe(`There is no page "/${"x".repeat(39)}…".`);
    expect(missingThing("/a%00b").zh).toBe("没有“/a�b”这个页面。");
    expect(missingThing("/bad%E0%A4%A").en).toBe('There is no page "/bad%E0%A4%A".');
  });
});
