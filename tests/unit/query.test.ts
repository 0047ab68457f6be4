import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { BadQueryError, isCalendarDate, isPeriodKey, periodStart, problemText, QueryReader } from "@/lib/web/query";

const CHOICES = ["2026-11", "2026-10", "2026-09", "2026-Q4", "2026-Q3", "2026"];
const TODAY = "2026-12-04";
const read = (q: string) => new QueryReader(new URLSearchParams(q));

describe("QueryReader: periods", () => {
  it("takes a period with data, and the fallback when there is none", () => {
    const q = read("period=2026-10");
    expect(q.period("period", CHOICES, "2026-11")).toBe("2026-10");
    expect(read("").period("period", CHOICES, "2026-11")).toBe("2026-11");
    expect(read("period=").period("period", CHOICES, "2026-11")).toBe("2026-11");
    expect(q.ok).toBe(true);
  });

  it("says a malformed period is not a period (2026-13), in both languages", () => {
    const q = read("period=2026-13");
    expect(q.period("period", CHOICES, "2026-11")).toBe("2026-11");
    expect(q.problems).toEqual([
      {
        field: "period",
        value: "2026-13",
        zh: "期间“2026-13”无法识别：应写作 2026-03（月）、2026-Q1（季度）或 2026（年度）",
        en: 'the period "2026-13" is not a period: write 2026-03 (a month), 2026-Q1 (a quarter) or 2026 (a year)',
        fix: undefined,
      },
    ]);
  });

  it("says a well-formed period without data (1999-01) has none, and which months do", () => {
    const q = read("period=1999-01");
    q.period("period", CHOICES, "2026-11");
    expect(q.problems[0]!.zh).toBe("期间“1999-01”没有数据：现有数据从2026年9月到2026年11月");
    expect(q.problems[0]!.en).toBe('there are no data for the period "1999-01": the data run from September 2026 to November 2026');
    const empty = read("period=2026-01");
    empty.period("period", [], undefined);
    expect(empty.problems[0]!.en).toContain("nothing has been imported yet");
  });

  it("says a quarter or a year is not a month where only months are offered", () => {
    const q = read("period=2026-Q3");
    q.period("period", ["2026-11", "2026-10"], "2026-11");
    expect(q.problems[0]!.zh).toBe("期间“2026-Q3”不是月份：此处只能按月查看（如 2026-10）");
  });
});

describe("QueryReader: dates and the evaluation date", () => {
  it("knows a calendar day from a string that looks like one", () => {
    expect(isCalendarDate("2026-02-28")).toBe(true);
    expect(isCalendarDate("2024-02-29")).toBe(true);
    for (const bad of ["2026-02-30", "2026-13-01", "0000-01-01", "notadate", "2026-1-1", "2026-01-01T00:00"]) expect(isCalendarDate(bad), bad).toBe(false);
  });

  it("defaults the evaluation date to today and keeps a valid one", () => {
    expect(read("").asOf("asOf", "2026-10", TODAY)).toBe(TODAY);
    const q = read("asOf=2026-11-16");
    expect(q.asOf("asOf", "2026-10", TODAY)).toBe("2026-11-16");
    expect(q.ok).toBe(true);
  });

  it("says asOf=notadate is not a date", () => {
    const q = read("asOf=notadate");
    expect(q.asOf("asOf", "2026-10", TODAY)).toBe(TODAY);
    expect(q.problems[0]).toMatchObject({ field: "asOf", value: "notadate", zh: "评价日“notadate”不是有效日期：应写作 2026-11-16（年-月-日）" });
  });

  it("refuses an evaluation date before the period begins, and one after today", () => {
    const before = read("asOf=2026-09-30");
    before.asOf("asOf", "2026-10", TODAY);
    expect(before.problems[0]!.zh).toBe("评价日 2026-09-30 早于2026年10月的开始（2026-10-01）：评价日应在期间开始之后");
    expect(before.problems[0]!.en).toBe("the evaluation date 2026-09-30 is before October 2026 begins (2026-10-01): evaluate a period on or after its first day");
    const quarter = read("asOf=2026-06-30");
    quarter.asOf("asOf", "2026-Q3", TODAY);
    expect(quarter.problems[0]!.zh).toContain("2026-07-01");
    const later = read("asOf=2027-01-01");
    later.asOf("asOf", "2026-10", TODAY);
    expect(later.problems[0]!.en).toBe("the evaluation date 2027-01-01 is after today (2026-12-04): a day to come cannot be evaluated");
  });

  it("finds the first day of months, quarters and years", () => {
    expect(["2026-10", "2026-Q1", "2026-Q4", "2026"].map(periodStart)).toEqual(["2026-10-01", "2026-01-01", "2026-10-01", "2026-01-01"]);
    expect(["2026-00", "2026-13", "2026-Q5", "26"].map(isPeriodKey)).toEqual([false, false, false, false]);
  });
});

describe("QueryReader: pages", () => {
  it("reads page numbers and refuses anything else, with page 1 as the fix", () => {
    expect(read("page=3").page()).toBe(3);
    expect(read("").page()).toBe(1);
    for (const bad of ["abc", "0", "-1", "1.5", "99999999999", "1e3"]) {
      const q = read(`page=${bad}`);
      expect(q.page(), bad).toBe(1);
      expect(q.problems[0], bad).toMatchObject({ field: "page", value: bad, fix: "1" });
      expect(q.problems[0]!.zh).toBe(`页码“${bad}”无效：应为正整数（1、2、3……）`);
    }
  });

  it("says a page past the end does not exist and links to the last page, keeping the filters", () => {
    const q = read("status=draft&page=9999&lang=en");
    expect(q.oneOf("status", ["draft", "issued"])).toBe("draft");
    expect(q.pageWithin("page", q.page(), 3)).toBe(3);
    expect(q.problems[0]).toMatchObject({ field: "page", value: "9999", zh: "没有第 9999 页：共 3 页", en: "there is no page 9999: there are 3 pages", fix: "3" });
    expect(q.links("/office/notices")).toEqual([
      { href: "/office/notices?status=draft&page=3&lang=en", zh: "最后一页（第 3 页）", en: "the last page (page 3)" },
      { href: "/office/notices?lang=en", zh: "不带任何条件的本页", en: "this page without any filter" },
    ]);
    expect(read("page=2").pageWithin("page", 2, 2)).toBe(2);
  });
});

describe("QueryReader: choices, text and repeats", () => {
  it("names the choices of an unknown value, with their names when given", () => {
    const q = read("status=bogus");
    expect(q.oneOf("status", { draft: { zh: "草稿", en: "draft" }, issued: { zh: "已印发", en: "issued" } })).toBeUndefined();
    expect(q.problems[0]!.zh).toBe("状态“bogus”不存在，可选：draft（草稿）、issued（已印发）");
    expect(q.problems[0]!.en).toBe('there is no status "bogus"; choose one of: draft (draft), issued (issued)');
    const job = read("job=nosuch");
    expect(job.oneOf("job", ["reminders", "close"] as const, undefined)).toBeUndefined();
    expect(job.problems[0]!.en).toBe('there is no job "nosuch"; choose one of: reminders, close');
    expect(read("kind=").oneOf("kind", ["access", "changes"], "access")).toBe("access");
  });

  it("takes free text trimmed and refuses control characters and overlong text", () => {
    expect(read("q=%20abc%20").text("q")).toBe("abc");
    expect(read("q=%20").text("q")).toBeUndefined();
    const nul = read("user=a%00b");
    expect(nul.text("user")).toBeUndefined();
    expect(nul.problems[0]!.en).toBe("the user contains control characters");
    const long = read(`q=${"字".repeat(101)}`);
    expect(long.text("q")).toBeUndefined();
    expect(long.problems[0]!.zh).toBe("搜索过长（最多 100 个字符）");
  });

  it("refuses a parameter given twice (which one was meant?)", () => {
    const q = read("period=2026-10&period=2026-09");
    expect(q.period("period", CHOICES, "2026-11")).toBe("2026-11");
    expect(q.problems[0]).toMatchObject({ field: "period", value: "2026-10, 2026-09", en: '"period" is given 2 times; give one value' });
  });

  it("reads Next's searchParams objects as well as URLSearchParams", () => {
    const q = new QueryReader({ lang: "en", page: ["1", "2"], status: "draft" });
    expect(q.lang).toBe("en");
    expect(q.oneOf("status", ["draft"])).toBe("draft");
    q.page();
    expect(q.problems.map((p) => p.field)).toEqual(["page"]);
  });
});

describe("QueryReader: where to go instead", () => {
  it("corrects or leaves out each wrong parameter and keeps the right ones and the language", () => {
    const q = read("period=2026-13&asOf=notadate&status=late&page=x&lang=en&error=ignored");
    q.period("period", CHOICES, "2026-11");
    q.asOf("asOf", "2026-11", TODAY);
    q.oneOf("status", ["late", "missing"]);
    q.page();
    expect(q.problems.map((p) => p.field)).toEqual(["period", "asOf", "page"]);
    expect(q.links("/unit")).toEqual([
      { href: "/unit?status=late&page=1&lang=en", zh: "更正后的网址", en: "the corrected address" },
      { href: "/unit?lang=en", zh: "不带任何条件的本页", en: "this page without any filter" },
    ]);
    expect(read("").links("/unit")).toEqual([{ href: "/unit", zh: "更正后的网址", en: "the corrected address" }]);
  });

  it("gives a route handler one 400 error with every problem, in each language", () => {
    const q = read("period=2026-13&format=pdf");
    q.period("period", CHOICES, "2026-11");
    q.oneOf("format", ["csv", "xlsx"], "csv");
    let thrown: unknown;
    try {
      q.check();
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(BadQueryError);
    expect(thrown).toBeInstanceOf(AppError);
    const e = thrown as BadQueryError;
    expect(e.status).toBe(400);
    expect(e.text("en")).toBe(problemText(q.problems, "en"));
    expect(e.text("en").split("\n")).toEqual([
      "This address has a mistake:",
      '- the period "2026-13" is not a period: write 2026-03 (a month), 2026-Q1 (a quarter) or 2026 (a year)',
      '- there is no format "pdf"; choose one of: csv, xlsx',
    ]);
    expect(e.text("zh").split("\n")[0]).toBe("网址中的参数有误：");
    expect(() => read("format=csv").check()).not.toThrow();
  });
});

describe("QueryReader: whether a parameter is named", () => {
  it("tells an address that names a parameter, even blank, from one that does not, in both forms", () => {
    expect(read("status=late").has("status")).toBe(true);
    expect(read("status=").has("status")).toBe(true);
    expect(read("indicator=coverage").has("status")).toBe(false);
    expect(new QueryReader({ status: "late" }).has("status")).toBe(true);
    expect(new QueryReader({ status: undefined }).has("status")).toBe(false);
    // asking changes nothing: no problem, nothing kept
    const q = read("status=late&status=missing");
    expect(q.has("status")).toBe(true);
    expect(q.ok).toBe(true);
  });
});
