import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { isRedirectError } from "next/dist/client/components/redirect-error";
import type { Connection } from "@/db/client";
import { signInWithPassword } from "@/lib/auth/login";
import { hashPassword } from "@/lib/auth/password";
import { startSession } from "@/lib/auth/sessions";
import type { SessionUser } from "@/lib/auth/users";
import { OFFICE, clerk, head } from "../helpers/actors";
import { freshDatabase, rollbackEach, type TestDatabase } from "../helpers/db";
import { insertRegions, insertRows } from "../helpers/fixtures";

/**
 * The account actions of /office/users and /unit/users called as Next would call them, with each
 * role's session (in the manner of access-actions.test.ts): the wrong role and the wrong unit are
 * refused with a 404, the refusal is logged and nothing changes; the right caller gets through; the
 * one-time password is in the action's answer and nowhere else.
 */
const state = vi.hoisted(() => ({
  session: null as { user: { username: string; name: string; role: "office" | "unit_head" | "clerk"; unitCode: string | null } } | null,
  db: undefined as Connection | undefined,
}));

vi.mock("@/auth", () => ({ auth: vi.fn(async () => state.session), signOut: vi.fn(), signIn: vi.fn(), handlers: {} }));

vi.mock("@/lib/db", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/db")>()),
  getDb: async () => {
    if (!state.db) throw new Error("the test database is not open yet");
    return state.db;
  },
}));

const office = await import("@/app/office/users/actions");
const unit = await import("@/app/unit/users/actions");

let db: TestDatabase;
const sql = rollbackEach(() => db);

const A = "620100";
const B = "620200";
const PASSWORD = "fixture password 2026";
const ORPHAN: SessionUser = { username: "clerk-orphan", name: "无单位联络员", role: "clerk", unitCode: null };
/** a second office account: the office may then change the first */
const OFFICE2: SessionUser = { username: "office-2", name: "办公室二", role: "office", unitCode: null };

beforeAll(async () => {
  db = await freshDatabase();
  await insertRegions(db, 2);
  const hash = await hashPassword(PASSWORD);
  await insertRows(
    db,
    "users",
    [OFFICE, OFFICE2, head(A), head(B), clerk(A), clerk(B)].map((u) => ({ username: u.username, display_name: u.name, password_hash: hash, role: u.role, unit_code: u.unitCode })),
  );
});

beforeEach(async () => {
  state.db = sql();
  // everyone is signed in somewhere, and the clerks are locked out: every change would show
  for (const u of [OFFICE, OFFICE2, head(A), head(B), clerk(A), clerk(B)]) await startSession(sql(), u, null);
  await sql().query(`UPDATE users SET failed_logins = 5, locked_until = now() + interval '30 minutes' WHERE role = 'clerk'`);
  // and the clerks have two-factor sign-in on, so that a reset of it would show too
  await sql().query(`UPDATE users SET totp_secret = 'sealed', totp_enabled_at = now() WHERE role = 'clerk'`);
});

afterEach(() => {
  state.db = undefined;
});

afterAll(async () => {
  await db?.drop();
});

// ---------------------------------------------------------------------------------------------
// helpers

function signIn(user: SessionUser | null) {
  state.session = user ? { user: { ...user } } : null;
}

function form(fields: Record<string, string>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  return f;
}

type Outcome = { redirect: string } | { notFound: true } | { state: unknown };

/** What an action ended with: a redirect or a 404 (Next throws them), or the state it answered with. */
async function outcome(run: Promise<unknown>): Promise<Outcome> {
  try {
    return { state: await run };
  } catch (e) {
    if (isRedirectError(e)) return { redirect: e.digest.split(";").slice(2, -2).join(";") };
    if (e instanceof Error && "digest" in e && e.digest === "NEXT_HTTP_ERROR_FALLBACK;404") return { notFound: true };
    throw e;
  }
}

const NOT_FOUND: Outcome = { notFound: true };

type Call = (fields: Record<string, string>) => Promise<unknown>;
const redirecting = (action: (f: FormData) => Promise<never>): Call => (fields) => action(form(fields));
const inPlace = (action: (f: FormData) => Promise<unknown>): Call => (fields) => action(form(fields));

const TABLES = ["users", "sessions", "audit_log", "inbox", "recovery_codes"];

async function snapshot(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const t of TABLES) {
    const [r] = await sql().query<{ n: number; h: string | null }>(`SELECT count(*)::int AS n, md5(string_agg(x::text, '|' ORDER BY x::text)) AS h FROM ${t} x`);
    out[t] = `${r!.n}:${r!.h ?? ""}`;
  }
  return out;
}

async function lastLogId(): Promise<number> {
  const [r] = await sql().query<{ id: number | null }>(`SELECT max(id)::int AS id FROM access_log`);
  return r?.id ?? 0;
}

async function logSince(id: number) {
  return sql().query<{ username: string; action: string; allowed: boolean }>(`SELECT username, action, allowed FROM access_log WHERE id > $1 ORDER BY id`, [id]);
}

/** Called by `user`, the action ends in a 404, logs the refusal last and changes nothing. */
async function expectRefused(call: Call, user: SessionUser, fields: Record<string, string>, name: string) {
  const before = await snapshot();
  const since = await lastLogId();
  signIn(user);
  expect(await outcome(call(fields))).toEqual(NOT_FOUND);
  expect(await snapshot()).toEqual(before);
  expect((await logSince(since)).at(-1)).toEqual({ username: user.username, action: name, allowed: false });
}

async function expectLogin(call: Call, fields: Record<string, string>) {
  const before = await snapshot();
  signIn(null);
  expect(await outcome(call(fields))).toEqual({ redirect: "/login" });
  expect(await snapshot()).toEqual(before);
}

async function openSessions(username: string): Promise<number> {
  const [r] = await sql().query<{ n: number }>(`SELECT count(*)::int AS n FROM sessions WHERE username = $1 AND ended_at IS NULL`, [username]);
  return r!.n;
}

async function userRow(username: string) {
  const [r] = await sql().query<{ role: string; unit_code: string | null; active: boolean; locked: boolean }>(
    `SELECT role, unit_code, active, coalesce(locked_until > now(), false) AS locked FROM users WHERE username = $1`,
    [username],
  );
  return r;
}

/** The password is nowhere in the database: not in a log, a message or an audit row. */
async function nowhereStored(password: string) {
  for (const t of ["users", "audit_log", "access_log", "inbox", "sessions"]) {
    const [r] = await sql().query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t} x WHERE strpos(x::text, $1) > 0`, [password]);
    expect(r!.n, t).toBe(0);
  }
}

async function canSignIn(username: string, password: string) {
  return (await signInWithPassword(sql(), username, password, null)).ok;
}

// ---------------------------------------------------------------------------------------------
// /office/users

interface Case {
  name: string;
  call: Call;
  fields: Record<string, string>;
}

const OFFICE_ACTIONS: Case[] = [
  { name: "users:create", call: inPlace(office.createUserAction), fields: { username: "new-clerk", name: "新联络员", role: "clerk", unitCode: A, email: "" } },
  { name: "users:reset", call: inPlace(office.resetPasswordAction), fields: { username: clerk(A).username } },
  { name: "users:active", call: redirecting(office.setActiveAction), fields: { username: clerk(A).username, active: "0" } },
  { name: "users:change", call: redirecting(office.changeAction), fields: { username: clerk(A).username, role: "unit_head", unitCode: A } },
  { name: "users:unlock", call: redirecting(office.unlockAction), fields: { username: clerk(A).username } },
  { name: "users:reset-two-factor", call: redirecting(office.resetTwoFactorAction), fields: { username: clerk(A).username } },
];

describe("the office's account actions refuse everyone but the office", () => {
  for (const c of OFFICE_ACTIONS) {
    describe(c.name, () => {
      it("refuses a unit head and a clerk of the account's own unit (wrong role)", async () => {
        await expectRefused(c.call, head(A), c.fields, c.name);
        await expectRefused(c.call, clerk(A), c.fields, c.name);
      });

      it("refuses a head and a clerk of another unit, and a user without a unit", async () => {
        await expectRefused(c.call, head(B), c.fields, c.name);
        await expectRefused(c.call, clerk(B), c.fields, c.name);
        await expectRefused(c.call, ORPHAN, c.fields, c.name);
      });

      it("sends an anonymous caller to the sign-in page", async () => {
        await expectLogin(c.call, c.fields);
      });
    });
  }
});

describe("the office gets through", () => {
  it("users:create answers with the one-time password, which is stored nowhere", async () => {
    signIn(OFFICE);
    const r = (await outcome(OFFICE_ACTIONS[0]!.call(OFFICE_ACTIONS[0]!.fields))) as { state: { status: string; data: { username: string; password: string } } };
    expect(r.state).toMatchObject({ status: "done", data: { username: "new-clerk" } });
    const { password } = r.state.data;
    expect(await canSignIn("new-clerk", password)).toBe(true);
    expect(await userRow("new-clerk")).toMatchObject({ role: "clerk", unit_code: A, active: true });
    await nowhereStored(password);
  });

  it("users:create gives a mistake back in the user's language, with the values sent", async () => {
    signIn(OFFICE);
    const before = await snapshot();
    const dup = await outcome(office.createUserAction(form({ lang: "en", username: clerk(A).username, name: "x", role: "clerk", unitCode: A })));
    expect(dup).toEqual({ state: { status: "error", message: `the account "${clerk(A).username}" already exists`, values: { lang: "en", username: clerk(A).username, name: "x", role: "clerk", unitCode: A } } });
    const bad = await outcome(office.createUserAction(form({ username: "x", name: "x", role: "king" })));
    expect(bad).toMatchObject({ state: { status: "error", message: expect.stringMatching(/^输入有误：role/) as unknown } });
    const noUnit = await outcome(office.createUserAction(form({ username: "x-1", name: "x", role: "clerk", unitCode: "" })));
    expect(noUnit).toMatchObject({ state: { status: "error", message: expect.stringContaining("必须属于一个单位") as unknown } });
    expect(await snapshot()).toEqual(before);
  });

  it("users:reset answers with a new password; the old one stops working and the sessions end", async () => {
    signIn(OFFICE);
    const r = (await outcome(office.resetPasswordAction(form({ username: clerk(B).username })))) as { state: { status: string; data: { username: string; password: string } } };
    expect(r.state.status).toBe("done");
    expect(await openSessions(clerk(B).username)).toBe(0);
    expect(await userRow(clerk(B).username)).toMatchObject({ locked: false });
    expect(await canSignIn(clerk(B).username, PASSWORD)).toBe(false);
    expect(await canSignIn(clerk(B).username, r.state.data.password)).toBe(true);
    await nowhereStored(r.state.data.password);
  });

  it("users:active disables (sessions end) and enables, and comes back to the list", async () => {
    signIn(OFFICE);
    expect(await outcome(office.setActiveAction(form({ username: head(B).username, active: "0" })))).toEqual({ redirect: `/office/users?did=disabled&who=${head(B).username}&done=1` });
    expect(await userRow(head(B).username)).toMatchObject({ active: false });
    expect(await openSessions(head(B).username)).toBe(0);
    expect(await outcome(office.setActiveAction(form({ username: head(B).username, active: "1", lang: "en" })))).toEqual({ redirect: `/office/users?did=enabled&who=${head(B).username}&lang=en&done=1` });
    expect(await userRow(head(B).username)).toMatchObject({ active: true });
  });

  it("users:change moves an account (sessions end); a mistake comes back to the edit panel", async () => {
    signIn(OFFICE);
    expect(await outcome(office.changeAction(form({ username: clerk(A).username, role: "unit_head", unitCode: B })))).toEqual({ redirect: `/office/users?did=changed&who=${clerk(A).username}&done=1` });
    expect(await userRow(clerk(A).username)).toMatchObject({ role: "unit_head", unit_code: B });
    expect(await openSessions(clerk(A).username)).toBe(0);
    const before = await snapshot();
    expect(await outcome(office.changeAction(form({ username: clerk(A).username, role: "unit_head", unitCode: B })))).toEqual({
      redirect: `/office/users?do=edit&user=${clerk(A).username}&error=${encodeURIComponent("角色和单位均未改变")}`,
    });
    expect(await outcome(office.changeAction(form({ username: OFFICE.username, role: "clerk", unitCode: A })))).toMatchObject({ redirect: expect.stringContaining("error=") as unknown });
    expect(await snapshot()).toEqual(before);
  });

  it("users:reset-two-factor turns it off (sessions end, the user is told); a second reset says it is off", async () => {
    signIn(OFFICE);
    expect(await outcome(office.resetTwoFactorAction(form({ username: clerk(A).username })))).toEqual({ redirect: `/office/users?did=two_factor_reset&who=${clerk(A).username}&done=1` });
    const [u] = await sql().query(`SELECT totp_secret, totp_enabled_at FROM users WHERE username = $1`, [clerk(A).username]);
    expect(u).toEqual({ totp_secret: null, totp_enabled_at: null });
    expect(await openSessions(clerk(A).username)).toBe(0);
    const [audit] = await sql().query(`SELECT actor, action FROM audit_log WHERE entity_key = $1 ORDER BY id DESC LIMIT 1`, [clerk(A).username]);
    expect(audit).toEqual({ actor: OFFICE.username, action: "two_factor_reset" });
    const again = (await outcome(office.resetTwoFactorAction(form({ username: clerk(A).username })))) as { redirect: string };
    expect(decodeURIComponent(again.redirect)).toContain("未启用两步验证");
  });

  it("users:unlock lifts a lockout", async () => {
    signIn(OFFICE);
    expect(await outcome(office.unlockAction(form({ username: clerk(B).username })))).toEqual({ redirect: `/office/users?did=unlocked&who=${clerk(B).username}&done=1` });
    expect(await userRow(clerk(B).username)).toMatchObject({ locked: false });
  });
});

// ---------------------------------------------------------------------------------------------
// /unit/users

const UNIT_ACTIONS: Case[] = [
  { name: "unit-users:create", call: inPlace(unit.createClerkAction), fields: { username: "new-clerk", name: "新联络员", email: "" } },
  { name: "unit-users:reset", call: inPlace(unit.resetClerkPasswordAction), fields: { username: clerk(A).username } },
  { name: "unit-users:active", call: redirecting(unit.setClerkActiveAction), fields: { username: clerk(A).username, active: "0" } },
  { name: "unit-users:unlock", call: redirecting(unit.unlockClerkAction), fields: { username: clerk(A).username } },
  { name: "unit-users:reset-two-factor", call: redirecting(unit.resetClerkTwoFactorAction), fields: { username: clerk(A).username } },
];

describe("a unit head's account actions", () => {
  for (const c of UNIT_ACTIONS) {
    describe(c.name, () => {
      it("refuses the office (wrong role) and a user without a unit at the door", async () => {
        await expectRefused(c.call, OFFICE, c.fields, c.name);
        await expectRefused(c.call, ORPHAN, c.fields, c.name);
      });

      it("refuses a clerk, of the unit concerned or another, in the domain", async () => {
        for (const user of [clerk(A), clerk(B)]) {
          const since = await lastLogId();
          await expectRefused(c.call, user, c.fields, c.name);
          // the role passed the wrapper (logged as allowed), then the domain refused the clerk
          expect((await logSince(since)).map((l) => l.allowed)).toEqual([true, false]);
        }
      });

      it("sends an anonymous caller to the sign-in page", async () => {
        await expectLogin(c.call, c.fields);
      });
    });
  }

  it("refuses another unit's head every step on unit A's clerk, and any head every step on a head or the office", async () => {
    for (const c of UNIT_ACTIONS.filter((x) => x.name !== "unit-users:create")) {
      await expectRefused(c.call, head(B), c.fields, c.name);
      for (const target of [head(A), head(B), OFFICE]) await expectRefused(c.call, head(A), { ...c.fields, username: target.username }, c.name);
    }
  });

  it("creates a clerk of the head's own unit, whatever role and unit the form names", async () => {
    signIn(head(A));
    const r = (await outcome(unit.createClerkAction(form({ username: "new-clerk", name: "新联络员", email: "", role: "office", unitCode: B })))) as {
      state: { status: string; data: { username: string; password: string } };
    };
    expect(r.state).toMatchObject({ status: "done", data: { username: "new-clerk" } });
    expect(await userRow("new-clerk")).toMatchObject({ role: "clerk", unit_code: A });
    expect(await canSignIn("new-clerk", r.state.data.password)).toBe(true);
    await nowhereStored(r.state.data.password);
    const [audit] = await sql().query(`SELECT actor, action FROM audit_log WHERE entity_key = 'new-clerk'`);
    expect(audit).toEqual({ actor: head(A).username, action: "user_created" });
  });

  it("resets the two-factor sign-in of the head's own clerk", async () => {
    signIn(head(A));
    expect(await outcome(unit.resetClerkTwoFactorAction(form({ username: clerk(A).username })))).toEqual({ redirect: `/unit/users?did=two_factor_reset&who=${clerk(A).username}&done=1` });
    expect(await userRow(clerk(A).username)).toMatchObject({ active: true });
    const [u] = await sql().query<{ on: boolean }>(`SELECT totp_enabled_at IS NOT NULL AS on FROM users WHERE username = $1`, [clerk(A).username]);
    expect(u!.on).toBe(false);
    const [m] = await sql().query<{ title: string }>(`SELECT title FROM inbox WHERE username = $1 ORDER BY id DESC LIMIT 1`, [clerk(A).username]);
    expect(m!.title).toBe("两步验证已重置");
  });

  it("resets, disables, enables and unlocks the head's own clerk", async () => {
    signIn(head(A));
    const r = (await outcome(unit.resetClerkPasswordAction(form({ username: clerk(A).username })))) as { state: { status: string; data: { password: string } } };
    expect(r.state.status).toBe("done");
    expect(await canSignIn(clerk(A).username, r.state.data.password)).toBe(true);
    await sql().query(`UPDATE users SET failed_logins = 5, locked_until = now() + interval '30 minutes' WHERE username = $1`, [clerk(A).username]);
    expect(await outcome(unit.unlockClerkAction(form({ username: clerk(A).username })))).toEqual({ redirect: `/unit/users?did=unlocked&who=${clerk(A).username}&done=1` });
    expect(await userRow(clerk(A).username)).toMatchObject({ locked: false });
    await startSession(sql(), clerk(A), null);
    expect(await outcome(unit.setClerkActiveAction(form({ username: clerk(A).username, active: "0" })))).toEqual({ redirect: `/unit/users?did=disabled&who=${clerk(A).username}&done=1` });
    expect(await userRow(clerk(A).username)).toMatchObject({ active: false });
    expect(await openSessions(clerk(A).username)).toBe(0);
    expect(await outcome(unit.setClerkActiveAction(form({ username: clerk(A).username, active: "1" })))).toEqual({ redirect: `/unit/users?did=enabled&who=${clerk(A).username}&done=1` });
    expect(await userRow(clerk(A).username)).toMatchObject({ active: true });
    expect((await sql().query<{ title: string }>(`SELECT title FROM inbox WHERE username = $1 ORDER BY id`, [clerk(A).username])).map((m) => m.title)).toEqual([
      "密码已重置",
      "账户已解锁",
      "账户已停用",
      "账户已启用",
    ]);
  });
});
