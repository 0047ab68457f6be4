import { describe, expect, it } from "vitest";
import { creditCodeCheckChar, idNumberCheckChar, isCreditCode, isIdNumber, looksLikeIdNumber } from "@/lib/codes";

describe("GB 32100-2015 unified social credit code", () => {
  // codes published on business licences
  const real = ["91350100M000100Y43", "91110000100006485K", "91440300708461136T", "91310000MA1FL8TQ0W", "91110108551385082Q"];

  it("accepts published codes", () => {
    for (const c of real) expect(isCreditCode(c), c).toBe(true);
  });

  it("computes the check character from the first 17", () => {
    expect(creditCodeCheckChar("91350100M000100Y4")).toBe("3");
    expect(creditCodeCheckChar("91110000100006485")).toBe("K");
  });

  it("rejects a wrong check character, bad length, forbidden letters and lower case", () => {
    expect(isCreditCode("91350100M000100Y44")).toBe(false);
    expect(isCreditCode("91110000100006485L")).toBe(false);
    expect(isCreditCode("91350100M000100Y4")).toBe(false);
    expect(isCreditCode("91350100M000100Y433")).toBe(false);
    expect(isCreditCode("91350100I000100Y43")).toBe(false); // I is not in the character set
    expect(isCreditCode("91110000100006485k")).toBe(false);
    expect(isCreditCode("")).toBe(false);
  });
});

describe("GB 11643-1999 citizen ID number", () => {
  it("accepts the standard's example and others with a correct check digit", () => {
    expect(isIdNumber("11010519491231002X")).toBe(true);
    expect(isIdNumber("11010119900307803X")).toBe(true);
    expect(idNumberCheckChar("11010519491231002")).toBe("X");
  });

  it("rejects a wrong check digit, an impossible birth date and lower-case x", () => {
    expect(isIdNumber("110105194912310021")).toBe(false);
    expect(isIdNumber("11010519491331002X")).toBe(false); // month 13
    expect(isIdNumber("11010519490230002X")).toBe(false); // 30 February
    expect(isIdNumber("11010519491231002x")).toBe(false);
    expect(isIdNumber("1101051949123100")).toBe(false);
  });

  it("tells what merely looks like an ID number", () => {
    expect(looksLikeIdNumber("110105194912310021")).toBe(true);
    expect(looksLikeIdNumber("91350100M000100Y43")).toBe(false);
  });
});
