import { describe, expect, it } from "vitest";
import { checkNewPassword, MIN_LENGTH } from "@/lib/auth/password-policy";

describe("the password policy", () => {
  it(`wants at least ${MIN_LENGTH} characters`, () => {
    expect(() => checkNewPassword("Short1!x")).toThrow(/at least 12 characters/);
  });

  it("refuses common passwords, keyboard runs, repetition and the user's own name, however long", () => {
    for (const weak of ["password1234", "qwertyuiop123", "aaaaaaaaaaaaaaaa", "1234567890123", "iloveyou12345"]) {
      expect(() => checkNewPassword(weak), weak).toThrow(/too easy to guess/);
    }
    expect(() => checkNewPassword("head-620100head-620100", ["head-620100"])).toThrow(/too easy to guess/);
  });

  it("accepts a few unrelated words", () => {
    expect(() => checkNewPassword("river lantern tofu 92 gansu")).not.toThrow();
    expect(() => checkNewPassword("Qilian-snow-kettle-1949")).not.toThrow();
  });
});
