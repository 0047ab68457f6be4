import { describe, expect, it } from "vitest";
import { enumValue, parseBool, parseCount, parseDate, parseMonth } from "@/lib/ingest/values";

describe("reading cell values", () => {
  it("reads dates as units write them and refuses impossible ones", () => {
    expect(parseDate("2024-03-05")).toBe("2024-03-05");
    expect(parseDate(" 2024/3/5 ")).toBe("2024-03-05");
    expect(parseDate("2024.03.05")).toBe("2024-03-05");
    expect(parseDate("20240305")).toBe("2024-03-05");
    expect(parseDate("2024年3月5日")).toBe("2024-03-05");
    expect(parseDate("2024-02-29")).toBe("2024-02-29");
    expect(parseDate("2023-02-29")).toBeUndefined();
    expect(parseDate("1900-02-29")).toBeUndefined();
    expect(parseDate("2000-02-29")).toBe("2000-02-29");
    expect(parseDate("2024-04-31")).toBeUndefined();
    expect(parseDate("2024-13-01")).toBeUndefined();
    expect(parseDate("2024-1a-01")).toBeUndefined();
    expect(parseDate("05/03/2024")).toBeUndefined();
    expect(parseDate("")).toBeUndefined();
  });

  it("reads months, counts, booleans and enumerations", () => {
    expect(parseMonth("2024-3")).toBe("2024-03");
    expect(parseMonth("2024年12月")).toBe("2024-12");
    expect(parseMonth("2024-13")).toBeUndefined();
    expect(parseCount("1,234")).toBe(1234);
    expect(parseCount("12.0")).toBe(12);
    expect(parseCount("-1")).toBeUndefined();
    expect(parseCount("1.5")).toBeUndefined();
    expect(parseBool("是")).toBe(true);
    expect(parseBool("0")).toBe(false);
    expect(parseBool("maybe")).toBeUndefined();
    const kinds = { license: ["行政许可"], penalty: ["行政处罚"] };
    expect(enumValue("行政许可", kinds)).toBe("license");
    expect(enumValue("Penalty", kinds)).toBe("penalty");
    expect(enumValue("其他", kinds)).toBe("其他");
  });
});
