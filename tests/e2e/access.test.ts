import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { recordFigure } from "../helpers/figures";
import { get, signIn } from "./http";

// Every protected page and handler × every role × a foreign unit (兰州市's people asking for 嘉峪关市).
const base = inject("baseUrl");
const sessions: Record<string, string | undefined> = {};

beforeAll(async () => {
  sessions.office = await signIn(base, "office");
  sessions.head = await signIn(base, "head-620100");
  sessions.clerk = await signIn(base, "clerk-620100");
  sessions.department = await signIn(base, "head-GSJ");
  sessions.anonymous = undefined;
});

const REFUSED_PAGE = [404];
const cases: { path: string; allowed: string[]; handler?: boolean }[] = [
  { path: "/office", allowed: ["office"] },
  { path: "/office?period=2026-10&asOf=2026-11-16", allowed: ["office"] },
  { path: "/office/units/620200", allowed: ["office"] },
  { path: "/office/units/620100", allowed: ["office"] },
  { path: "/office/units/620200/export?format=csv", allowed: ["office"], handler: true },
  { path: "/office/units/620100/export?format=xlsx", allowed: ["office"], handler: true },
  { path: "/unit/620200", allowed: ["office"] },
  { path: "/unit/620100", allowed: ["office", "head", "clerk"] },
  { path: "/unit/GSJ", allowed: ["office", "department"] },
  { path: "/unit", allowed: ["head", "clerk", "department"] },
  { path: "/unit/export?format=csv&period=2026-10", allowed: ["head", "clerk", "department"], handler: true },
  { path: "/office/users", allowed: ["office"] },
  { path: "/account", allowed: ["office", "head", "clerk", "department"] },
  { path: "/office/audit", allowed: ["office"] },
  { path: "/office/audit?kind=access&unit=620200", allowed: ["office"] },
  { path: "/office/audit/export?kind=access", allowed: ["office"], handler: true },
  { path: "/unit/users", allowed: ["head", "department"] },
];

// counted as the matrix runs, for docs/reliability.md: refusals tried, and how many got data
const tally = { tried: 0, refused_as_expected: 0, got_through: 0 };
afterAll(() => recordFigure("access.http-matrix", { requests: cases.length * 5, ...tally }));

describe("access matrix", () => {
  for (const c of cases) {
    for (const role of ["office", "head", "clerk", "department", "anonymous"]) {
      it(`${role} → ${c.path}`, async () => {
        const r = await get(base, c.path, sessions[role]);
        const officeStart = role === "office" && (c.path === "/unit" || c.path === "/unit/users");
        const shouldRefuse = !c.allowed.includes(role) && !officeStart;
        if (shouldRefuse) {
          tally.tried++;
          if (r.status === 200) tally.got_through++;
          else tally.refused_as_expected++;
        }
        if (officeStart) {
          expect(r.status).toBe(307); // the office's own pages are /office and /office/users
        } else if (c.allowed.includes(role)) {
          expect(r.status).toBe(200);
        } else if (role === "anonymous") {
          // proxy.ts sends visitors without a session to sign in; the handler itself would answer 401
          expect(r.status).toBe(307);
          expect(r.headers.get("location")).toContain("/login");
        } else {
          expect(c.handler ? [403] : REFUSED_PAGE).toContain(r.status);
          const body = await r.text();
          expect(body).not.toContain("嘉峪关市工商局");
        }
      });
    }
  }

  it("shows a unit other units only as published", async () => {
    // 2026-11 is not published: the unit page names no other unit; 2026-10 is, and its ranking shows
    const open = await (await get(base, "/unit?period=2026-11", sessions.head)).text();
    expect(open).not.toContain("嘉峪关市");
    expect(open).toContain("本期排名发布后可与同组单位比较");
    const published = await (await get(base, "/unit?period=2026-10&asOf=2026-11-16", sessions.head)).text();
    expect(published).toContain("同组比较（已发布排名）");
    expect(published).toContain("嘉峪关市");
  });

  it("never lets a unit export another unit's items by naming it", async () => {
    const r = await get(base, "/unit/export?format=csv&period=2026-10&unit=620200", sessions.head);
    const body = await r.text();
    expect(body).not.toContain("嘉峪关");
    expect(body).toContain("兰州");
  });

  it("refuses a wrong password", async () => {
    await expect(signIn(base, "head-620100", "wrong")).rejects.toThrow(/failed/);
  });
});
