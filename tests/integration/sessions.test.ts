import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Connection } from "@/db/client";
import { LOCK_MINUTES, MAX_FAILURES, signInWithPassword } from "@/lib/auth/login";
import { hashPassword } from "@/lib/auth/password";
import { checkSession, endSession, endUserSessions, startSession } from "@/lib/auth/sessions";
import { reloadEnv } from "@/lib/env";
import { freshDatabase } from "../helpers/db";
import { insertRegions, insertRows } from "../helpers/fixtures";

let db: Connection & { drop(): Promise<void> };
const PASSWORD = "correct horse battery staple";
const LIMITS = { idleMinutes: 30, maxHours: 12 };

beforeAll(async () => {
  db = await freshDatabase();
  await insertRegions(db, 2);
  const hash = await hashPassword(PASSWORD);
  await insertRows(db, "users", [
    { username: "office", display_name: "办公室", password_hash: hash, role: "office", unit_code: null },
    { username: "head-620100", display_name: "兰州市负责人", password_hash: hash, role: "unit_head", unit_code: "620100" },
    { username: "demo-head", display_name: "演示账号", password_hash: hash, role: "unit_head", unit_code: "620200", demo: true },
  ]);
});
afterAll(() => db.drop());
afterEach(() => {
  delete process.env.WENXIAO_DEMO;
  reloadEnv();
});

/** A user freshly set up: unlocked, active, with its original role and unit. */
async function reset(username: string) {
  await db.query(`UPDATE users SET failed_logins = 0, locked_until = NULL, active = true WHERE username = $1`, [username]);
}

const signIn = async (username: string, password = PASSWORD, address = "10.0.0.1") => {
  const r = await signInWithPassword(db, username, password, address);
  return r.ok ? r.user : r.reason;
};

describe("sessions end on the server", () => {
  it("a session is valid until sign-out, and a copy of its cookie dies with it", async () => {
    const user = await signIn("head-620100");
    expect(user).toMatchObject({ username: "head-620100", role: "unit_head", unitCode: "620100" });
    const sid = await startSession(db, user as Exclude<typeof user, string>, "10.0.0.1");
    expect(await checkSession(db, sid, LIMITS)).toMatchObject({ user: { username: "head-620100", unitCode: "620100" } });
    await endSession(db, sid, "signed_out");
    expect(await checkSession(db, sid, LIMITS)).toEqual({ ended: "signed_out" });
    expect(await checkSession(db, "made-up", LIMITS)).toEqual({ ended: "unknown" });
  });

  it("ends at deactivation, and at a change of role or unit", async () => {
    const me = { username: "head-620100", name: "兰州市负责人", role: "unit_head" as const, unitCode: "620100" };
    const a = await startSession(db, me, null);
    await db.query(`UPDATE users SET active = false WHERE username = 'head-620100'`);
    expect(await checkSession(db, a, LIMITS)).toEqual({ ended: "disabled" });
    await reset("head-620100");

    const b = await startSession(db, me, null);
    await db.query(`UPDATE users SET unit_code = '620200' WHERE username = 'head-620100'`);
    expect(await checkSession(db, b, LIMITS)).toEqual({ ended: "user_changed" });
    // moving back does not revive the session: it was ended for good
    await db.query(`UPDATE users SET unit_code = '620100' WHERE username = 'head-620100'`);
    expect(await checkSession(db, b, LIMITS)).toEqual({ ended: "signed_out" });

    const c = await startSession(db, me, null);
    expect(await endUserSessions(db, "head-620100", "user_changed")).toBeGreaterThanOrEqual(1);
    expect(await checkSession(db, c, LIMITS)).toMatchObject({ ended: expect.any(String) });
  });

  it("ends after the idle limit and after the absolute limit, however busy", async () => {
    const me = { username: "office", name: "办公室", role: "office" as const, unitCode: null };
    const idle = await startSession(db, me, null);
    await db.query(`UPDATE sessions SET last_seen_at = now() - interval '31 minutes' WHERE id = $1`, [idle]);
    expect(await checkSession(db, idle, LIMITS)).toEqual({ ended: "idle" });

    const old = await startSession(db, me, null);
    await db.query(`UPDATE sessions SET started_at = now() - interval '12 hours 1 minute', last_seen_at = now() WHERE id = $1`, [old]);
    expect(await checkSession(db, old, LIMITS)).toEqual({ ended: "expired" });

    const busy = await startSession(db, me, null);
    await db.query(`UPDATE sessions SET last_seen_at = now() - interval '5 minutes' WHERE id = $1`, [busy]);
    expect(await checkSession(db, busy, LIMITS)).toMatchObject({ user: { username: "office" } });
    const [seen] = await db.query<{ recent: boolean }>(`SELECT last_seen_at > now() - interval '1 minute' AS recent FROM sessions WHERE id = $1`, [busy]);
    expect(seen!.recent).toBe(true);
  });
});

describe("sign-in failures", () => {
  it(`locks an account after ${MAX_FAILURES} consecutive failures, even against the right password, and audits it`, async () => {
    await reset("office");
    for (let i = 0; i < MAX_FAILURES; i++) expect(await signIn("office", "wrong password", "10.0.0.2")).toBe("invalid");
    expect(await signIn("office", PASSWORD, "10.0.0.2")).toBe("locked");
    const audit = await db.query<{ action: string }>(`SELECT action FROM audit_log WHERE entity = 'users' AND actor = 'office' ORDER BY id`);
    expect(audit.filter((a) => a.action === "sign_in_failed")).toHaveLength(MAX_FAILURES + 1);
    expect(audit.filter((a) => a.action === "account_locked")).toHaveLength(1);
    // failures during the lock do not extend it; when it has run out, the right password works
    await db.query(`UPDATE users SET locked_until = now() - interval '1 second' WHERE username = 'office'`);
    const user = await signIn("office", PASSWORD, "10.0.0.2");
    expect(user).toMatchObject({ username: "office" });
    const [row] = await db.query<{ failed_logins: number; locked_until: string | null }>(`SELECT failed_logins, locked_until FROM users WHERE username = 'office'`);
    expect(row).toEqual({ failed_logins: 0, locked_until: null });
    expect(LOCK_MINUTES).toBe(30);
  });

  it("answers an unknown user, a wrong password and a disabled account alike from outside", async () => {
    await reset("head-620100");
    expect(await signIn("nobody", PASSWORD, "10.0.0.3")).toBe("invalid");
    expect(await signIn("head-620100", "nope", "10.0.0.3")).toBe("invalid");
    await db.query(`UPDATE users SET active = false WHERE username = 'head-620100'`);
    expect(await signIn("head-620100", PASSWORD, "10.0.0.3")).toBe("disabled");
    await reset("head-620100");
    const [unknown] = await db.query<{ after: { reason: string } }>(`SELECT after FROM audit_log WHERE actor = 'nobody' AND action = 'sign_in_failed'`);
    expect(unknown!.after.reason).toBe("unknown_user");
  });

  it("limits failures per address across accounts", async () => {
    const address = "10.9.9.9";
    let refused = 0;
    for (let i = 0; i < 40; i++) if ((await signIn(`guess-${i}`, "x", address)) === "rate_limited") refused++;
    expect(refused).toBeGreaterThan(0);
    // the right password from that address is refused too, until the window passes; another address is not
    expect(await signIn("head-620100", PASSWORD, address)).toBe("rate_limited");
    expect(await signIn("head-620100", PASSWORD, "10.0.0.4")).toMatchObject({ username: "head-620100" });
  });
});

describe("demo accounts", () => {
  it("sign in only while demo mode is on", async () => {
    // on (explicitly, as a PostgreSQL deployment must say; the embedded one is on by default)
    process.env.WENXIAO_DEMO = "1";
    reloadEnv();
    expect(await signIn("demo-head", PASSWORD, "10.0.0.5")).toMatchObject({ username: "demo-head" });
    const sid = await startSession(db, { username: "demo-head", name: "演示账号", role: "unit_head", unitCode: "620200" }, null);
    process.env.WENXIAO_DEMO = "0";
    reloadEnv();
    expect(await signIn("demo-head", PASSWORD, "10.0.0.5")).toBe("demo_off");
    expect(await checkSession(db, sid, LIMITS)).toEqual({ ended: "demo_off" });
    // ordinary accounts are unaffected
    expect(await signIn("head-620100", PASSWORD, "10.0.0.5")).toMatchObject({ username: "head-620100" });
  });
});
