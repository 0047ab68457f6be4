import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { recordFigure } from "../helpers/figures";
import { get, signIn } from "./http";
import { issuedNotice, type FixtureNotice } from "./notice-fixture";
import { PROTECTED, ROLE_UNIT, ROLES, refusedStatus, resolvePath, signInRoles, type Role } from "./routes";

// Every protected page and handler (routes.ts) × every role × a foreign unit (兰州市's people asking for
// 嘉峪关市, and everyone but the office for a notice addressed to another unit).
const base = inject("baseUrl");
let sessions: Record<Role, string | undefined>;
let notice: FixtureNotice;

beforeAll(async () => {
  sessions = await signInRoles(base);
  notice = await issuedNotice(base, sessions.office!, Object.values(ROLE_UNIT).filter((u): u is string => u !== null), { public: false });
});

// counted as the matrix runs, for docs/reliability.md: refusals tried, and how many got data
const tally = { tried: 0, refused_as_expected: 0, got_through: 0 };
afterAll(() => recordFigure("access.http-matrix", { requests: PROTECTED.length * ROLES.length, ...tally }));

describe("access matrix", () => {
  for (const c of PROTECTED) {
    for (const role of ROLES) {
      it(`${role} → ${c.path}`, async () => {
        const r = await get(base, resolvePath(c, notice), sessions[role]);
        const officeStart = role === "office" && c.officeRedirect === true;
        const shouldRefuse = !c.allowed.includes(role) && !officeStart;
        if (shouldRefuse) {
          tally.tried++;
          if (r.status === 200) tally.got_through++;
          else tally.refused_as_expected++;
        }
        if (officeStart) {
          expect(r.status).toBe(307); // the office's own pages are /office, /office/users and /office/notices
        } else if (c.allowed.includes(role)) {
          expect(r.status).toBe(200);
        } else if (role === "anonymous") {
          // proxy.ts sends visitors without a session to sign in; the handler itself would answer 401
          expect(r.status).toBe(307);
          expect(r.headers.get("location")).toContain("/login");
        } else {
          expect(r.status).toBe(refusedStatus(c));
          const body = await r.text();
          expect(body).not.toContain("嘉峪关市工商局");
          expect(body).not.toContain(notice.number);
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
