import { describe, expect, it } from "vitest";
import { canManage, canViewUnit } from "@/lib/auth/access";
import type { SessionUser } from "@/lib/auth/users";

const office: SessionUser = { username: "office", name: "办公室", role: "office", unitCode: null };
const head: SessionUser = { username: "head-620100", name: "兰州市负责人", role: "unit_head", unitCode: "620100" };
const clerk: SessionUser = { username: "clerk-620100", name: "兰州市联络员", role: "clerk", unitCode: "620100" };
const orphan: SessionUser = { username: "x", name: "x", role: "clerk", unitCode: null };

describe("who may see a unit's non-public data", () => {
  it("lets the office see every unit and manage", () => {
    expect(canViewUnit(office, "620100")).toBe(true);
    expect(canViewUnit(office, "GSJ")).toBe(true);
    expect(canManage(office)).toBe(true);
  });

  it("lets heads and clerks see their own unit only, and never manage", () => {
    for (const u of [head, clerk]) {
      expect(canViewUnit(u, "620100")).toBe(true);
      expect(canViewUnit(u, "620200")).toBe(false);
      expect(canViewUnit(u, "620102")).toBe(false);
      expect(canViewUnit(u, "")).toBe(false);
      expect(canManage(u)).toBe(false);
    }
    expect(canViewUnit(orphan, "620100")).toBe(false);
  });
});
