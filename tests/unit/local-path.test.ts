import { describe, expect, it } from "vitest";
import { safeLocalPath } from "@/lib/web/local-path";

describe("the sign-in redirect target", () => {
  it("keeps paths on this site", () => {
    expect(safeLocalPath("/office?period=2026-10")).toBe("/office?period=2026-10");
    expect(safeLocalPath("/unit/notices/3#report")).toBe("/unit/notices/3#report");
  });

  it("refuses every way off-site", () => {
    for (const bad of ["//evil.example", "/\\evil.example", "/\tevil.example", "/\n/evil.example", "\\\\evil.example", "https://evil.example", "evil", "", "/%0a/evil", "/\u0000x"]) {
      const out = safeLocalPath(bad);
      // either refused, or a path that stays here
      if (out !== undefined) expect(new URL(out, "http://here.test").origin).toBe("http://here.test");
      if (["//evil.example", "/\\evil.example", "/\tevil.example", "/\n/evil.example", "https://evil.example", ""].includes(bad)) expect(out).toBeUndefined();
    }
  });
});

describe("a row id from an address", () => {
  it("is a whole number PostgreSQL's serial can hold, or nothing", async () => {
    const { rowId } = await import("@/lib/web/params");
    expect(rowId("42")).toBe(42);
    expect(rowId("2147483647")).toBe(2147483647);
    for (const bad of ["0", "-1", "2147483648", "999999999999", "1e3", "abc", "", "4.2"]) expect(rowId(bad), bad).toBeUndefined();
  });
});
