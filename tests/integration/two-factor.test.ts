import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { generate, generateSecret } from "otplib";
import { resetTwoFactor } from "@/lib/auth/accounts";
import { MAX_FAILURES } from "@/lib/auth/login";
import { hashPassword } from "@/lib/auth/password";
import { seal, unseal } from "@/lib/auth/secret";
import { checkSession, startSession } from "@/lib/auth/sessions";
import { confirmEnrolment, disableOwnTwoFactor, enrolment, newRecoveryCodes, platformAssertedMfa, sessionRefOf, twoFactorStatus, verifySecondFactor } from "@/lib/auth/two-factor";
import type { SessionUser } from "@/lib/auth/users";
import { reloadEnv } from "@/lib/env";
import { OFFICE, clerk, head } from "../helpers/actors";
import { freshDatabase, type TestDatabase } from "../helpers/db";
import { insertRegions, insertRows } from "../helpers/fixtures";

/**
 * TOTP two-factor sign-in (lib/auth/two-factor.ts): enrolment, the second step of a sign-in, replay,
 * recovery codes, lockout, resets, the office's obligation and the identity platform's MFA.
 */
let db: TestDatabase;
const LIMITS = { idleMinutes: 30, maxHours: 12 };
const A = "620100";
const DEMO_OFFICE: SessionUser = { username: "office-demo", name: "演示办公室", role: "office", unitCode: null };
const previousSecret = process.env.AUTH_SECRET;
const previousDemo = process.env.WENXIAO_DEMO;

beforeAll(async () => {
  // the sealing key comes from the session key; with DATABASE_URL it must be given
  process.env.AUTH_SECRET = "two-factor-test-secret-0123456789abcdef";
  // demo mode on (on PostgreSQL it is off unless asked for), so that a demo account's session lives
  process.env.WENXIAO_DEMO = "1";
  reloadEnv();
  db = await freshDatabase();
  await insertRegions(db, 2);
  const hash = await hashPassword("fixture password 2026");
  await insertRows(db, "users", [
    ...[OFFICE, head(A), clerk(A)].map((u) => ({ username: u.username, display_name: u.name, password_hash: hash, role: u.role, unit_code: u.unitCode })),
    { username: DEMO_OFFICE.username, display_name: DEMO_OFFICE.name, password_hash: hash, role: "office", unit_code: null, demo: true },
  ]);
});
afterAll(async () => {
  await db?.drop();
  if (previousSecret === undefined) delete process.env.AUTH_SECRET;
  else process.env.AUTH_SECRET = previousSecret;
  if (previousDemo === undefined) delete process.env.WENXIAO_DEMO;
  else process.env.WENXIAO_DEMO = previousDemo;
  reloadEnv();
});
beforeEach(async () => {
  await db.query(`UPDATE users SET totp_secret = NULL, totp_enabled_at = NULL, totp_last_step = NULL, failed_logins = 0, locked_until = NULL`);
  await db.query(`DELETE FROM recovery_codes`);
  await db.query(`UPDATE sessions SET ended_at = now() WHERE ended_at IS NULL`);
});
afterEach(() => {
  vi.useRealTimers();
});

/** A signed-in session for a user, as the pages see it (with its reference). */
async function session(user: SessionUser, proven?: "oidc") {
  const sid = await startSession(db, user, "10.0.0.9", proven);
  return { sid, user: { ...user, sessionRef: sessionRefOf(sid) } };
}

/** Enrols a user with the authenticator's current code; returns the secret and the recovery codes. */
async function enrol(user: SessionUser) {
  const s = await session(user);
  const page = await enrolment(db, s.user);
  const { recoveryCodes } = await confirmEnrolment(db, s.user, page.ticket, await generate({ secret: page.secret }));
  return { secret: page.secret, recoveryCodes, sid: s.sid };
}

/** Moves the clock on by whole 30-second steps (only Date: the database keeps running). */
function later(steps: number) {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(Date.now() + steps * 30_000);
}

describe("enrolment", () => {
  it("shows a QR code and writes nothing; the first right code switches it on and gives ten recovery codes once", async () => {
    const s = await session(head(A));
    const page = await enrolment(db, s.user);
    expect(page.uri).toMatch(/^otpauth:\/\/totp\/.*secret=/);
    expect(page.qrSvg).toMatch(/^<svg[^>]*>/);
    expect(page.qrSvg).not.toMatch(/<script/i);
    expect((await twoFactorStatus(db, head(A).username)).enabled).toBe(false);

    await expect(confirmEnrolment(db, s.user, page.ticket, "000000")).rejects.toThrow(/验证码不正确/);
    const { recoveryCodes } = await confirmEnrolment(db, s.user, page.ticket, await generate({ secret: page.secret }));
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const c of recoveryCodes) expect(c).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    expect(await twoFactorStatus(db, head(A).username)).toMatchObject({ enabled: true, recoveryCodesLeft: 10, required: false });

    // the secret is sealed, the codes hashed: neither is readable from the database
    const [u] = await db.query<{ totp_secret: string }>(`SELECT totp_secret FROM users WHERE username = $1`, [head(A).username]);
    expect(u!.totp_secret).not.toContain(page.secret);
    expect(unseal(u!.totp_secret)).toBe(page.secret);
    const hashes = (await db.query<{ code_hash: string }>(`SELECT code_hash FROM recovery_codes WHERE username = $1`, [head(A).username])).map((r) => r.code_hash).join(" ");
    for (const c of recoveryCodes) expect(hashes).not.toContain(c.replace("-", ""));

    // the session that enrolled counts as proven; the user is told, the step audited
    expect(await checkSession(db, s.sid, LIMITS)).toMatchObject({ user: { username: head(A).username } });
    expect(((await checkSession(db, s.sid, LIMITS)) as { user: SessionUser }).user.secondFactor).toBeUndefined();
    const [audit] = await db.query(`SELECT actor, action FROM audit_log WHERE action = 'two_factor_enabled'`);
    expect(audit).toEqual({ actor: head(A).username, action: "two_factor_enabled" });
    await expect(enrolment(db, s.user)).rejects.toThrow(/已启用/);
  });

  it("refuses a ticket of another user, a forged one and an old one", async () => {
    const s = await session(head(A));
    const other = await enrolment(db, (await session(clerk(A))).user);
    await expect(confirmEnrolment(db, s.user, other.ticket, await generate({ secret: other.secret }))).rejects.toThrow(/设置信息无效/);
    await expect(confirmEnrolment(db, s.user, "v1.AAAA.BBBB.CCCC", "123456")).rejects.toThrow(/设置信息无效/);
    const secret = generateSecret();
    const old = seal(JSON.stringify({ u: head(A).username, s: secret, exp: Date.now() - 1 }));
    await expect(confirmEnrolment(db, s.user, old, await generate({ secret }))).rejects.toThrow(/超过 15 分钟/);
    expect((await twoFactorStatus(db, head(A).username)).enabled).toBe(false);
  });
});

describe("sign-in with two-factor on", () => {
  it("a new session must give a code before anything; a code works once", async () => {
    const { secret } = await enrol(head(A));
    const s = await session(head(A));
    expect(await checkSession(db, s.sid, LIMITS)).toMatchObject({ user: { secondFactor: "verify" } });

    await expect(verifySecondFactor(db, s.user, "123456", "10.0.0.9")).rejects.toThrow(/验证码不正确/);
    later(1);
    const code = await generate({ secret });
    expect(await verifySecondFactor(db, s.user, code, "10.0.0.9")).toEqual({ via: "totp" });
    expect(((await checkSession(db, s.sid, LIMITS)) as { user: SessionUser }).user.secondFactor).toBeUndefined();

    // the same code again, in another session (someone who watched it typed): refused
    const copy = await session(head(A));
    await expect(verifySecondFactor(db, copy.user, code, "10.0.0.9")).rejects.toThrow(/验证码不正确/);
    expect(await checkSession(db, copy.sid, LIMITS)).toMatchObject({ user: { secondFactor: "verify" } });
    const audits = await db.query<{ action: string }>(`SELECT action FROM audit_log WHERE entity_key = $1 AND action LIKE 'second_factor%' ORDER BY id`, [head(A).username]);
    expect(audits.map((a) => a.action)).toEqual(["second_factor_failed", "second_factor_ok", "second_factor_failed"]);
  });

  it("a recovery code works once, is counted, and the user is told", async () => {
    const { recoveryCodes } = await enrol(clerk(A));
    const s = await session(clerk(A));
    expect(await verifySecondFactor(db, s.user, recoveryCodes[3]!.toUpperCase(), null)).toEqual({ via: "recovery" });
    expect((await twoFactorStatus(db, clerk(A).username)).recoveryCodesLeft).toBe(9);
    const again = await session(clerk(A));
    await expect(verifySecondFactor(db, again.user, recoveryCodes[3]!, null)).rejects.toThrow(/验证码不正确/);
    const [m] = await db.query<{ title: string; title_en: string }>(`SELECT title, title_en FROM inbox WHERE username = $1 ORDER BY id DESC LIMIT 1`, [clerk(A).username]);
    expect(m).toEqual({ title: "已使用恢复码登录", title_en: "Signed in with a recovery code" });

    // new codes replace the old ones, used or not
    const renewed = await newRecoveryCodes(db, again.user);
    expect((await twoFactorStatus(db, clerk(A).username)).recoveryCodesLeft).toBe(10);
    await expect(verifySecondFactor(db, again.user, recoveryCodes[0]!, null)).rejects.toThrow(/验证码不正确/);
    expect(await verifySecondFactor(db, again.user, renewed.recoveryCodes[0]!, null)).toEqual({ via: "recovery" });
  });

  it(`${MAX_FAILURES} wrong codes lock the account and end its sessions, as wrong passwords do`, async () => {
    await enrol(head(A));
    const s = await session(head(A));
    for (let i = 1; i < MAX_FAILURES; i++) await expect(verifySecondFactor(db, s.user, "000000", "10.0.0.7")).rejects.toThrow(/验证码不正确/);
    await expect(verifySecondFactor(db, s.user, "000000", "10.0.0.7")).rejects.toMatchObject({ code: "locked" });
    expect(await checkSession(db, s.sid, LIMITS)).toEqual({ ended: "signed_out" });
    const [u] = await db.query<{ locked: boolean }>(`SELECT locked_until > now() AS locked FROM users WHERE username = $1`, [head(A).username]);
    expect(u!.locked).toBe(true);
    const [lock] = await db.query(`SELECT action FROM audit_log WHERE entity_key = $1 AND action = 'account_locked'`, [head(A).username]);
    expect(lock).toEqual({ action: "account_locked" });
  });
});

describe("who must use it", () => {
  it("the office must set it up before anything else; demo accounts and other roles need not", async () => {
    expect(await checkSession(db, (await session(OFFICE)).sid, LIMITS)).toMatchObject({ user: { secondFactor: "enrol" } });
    expect(((await checkSession(db, (await session(DEMO_OFFICE)).sid, LIMITS)) as { user: SessionUser }).user.secondFactor).toBeUndefined();
    expect(((await checkSession(db, (await session(head(A))).sid, LIMITS)) as { user: SessionUser }).user.secondFactor).toBeUndefined();
    expect((await twoFactorStatus(db, OFFICE.username)).required).toBe(true);
    const { sid } = await enrol(OFFICE);
    expect(((await checkSession(db, sid, LIMITS)) as { user: SessionUser }).user.secondFactor).toBeUndefined();
  });

  it("the office cannot switch its own off; others can, with a current code", async () => {
    const office = await enrol(OFFICE);
    later(1);
    await expect(disableOwnTwoFactor(db, { ...OFFICE }, await generate({ secret: office.secret }), null)).rejects.toThrow(/必须使用两步验证/);
    const mine = await enrol(head(A));
    later(1);
    await expect(disableOwnTwoFactor(db, head(A), "000000", null)).rejects.toThrow(/验证码不正确/);
    await disableOwnTwoFactor(db, head(A), await generate({ secret: mine.secret }), null);
    expect(await twoFactorStatus(db, head(A).username)).toMatchObject({ enabled: false, recoveryCodesLeft: 0 });
  });

  it("an identity platform's MFA (OIDC amr) counts as the second factor; a password-only platform sign-in does not", async () => {
    await enrol(head(A));
    expect(platformAssertedMfa({ amr: ["pwd", "mfa"] })).toBe(true);
    expect(platformAssertedMfa({ amr: ["otp"] })).toBe(true);
    expect(platformAssertedMfa({ amr: ["pwd"] })).toBe(false);
    expect(platformAssertedMfa({ amr: "mfa" })).toBe(false);
    expect(platformAssertedMfa(undefined)).toBe(false);
    const viaPlatform = await session(head(A), "oidc");
    expect(((await checkSession(db, viaPlatform.sid, LIMITS)) as { user: SessionUser }).user.secondFactor).toBeUndefined();
    const [row] = await db.query(`SELECT second_factor FROM sessions WHERE id = $1`, [viaPlatform.sid]);
    expect(row).toEqual({ second_factor: "oidc" });
  });
});

describe("a reset for a lost phone", () => {
  it("the office resets anyone's, a head only their own clerks'; the secret and codes go, sessions end", async () => {
    await enrol(clerk(A));
    await enrol(head(A));
    await expect(resetTwoFactor(db, clerk(A), head(A).username)).rejects.toMatchObject({ status: 403 });
    await expect(resetTwoFactor(db, head(A), head(A).username)).rejects.toMatchObject({ status: 404 });
    const open = await session(clerk(A));
    await resetTwoFactor(db, head(A), clerk(A).username);
    expect(await twoFactorStatus(db, clerk(A).username)).toMatchObject({ enabled: false, recoveryCodesLeft: 0 });
    expect(await checkSession(db, open.sid, LIMITS)).toEqual({ ended: "signed_out" });
    await resetTwoFactor(db, OFFICE, head(A).username);
    expect((await twoFactorStatus(db, head(A).username)).enabled).toBe(false);
  });
});

describe("sealing", () => {
  it("a sealed value opens only with the same key and unaltered", () => {
    const sealed = seal("JBSWY3DPEHPK3PXP");
    expect(sealed).not.toContain("JBSWY3DPEHPK3PXP");
    expect(seal("JBSWY3DPEHPK3PXP")).not.toBe(sealed);
    expect(unseal(sealed)).toBe("JBSWY3DPEHPK3PXP");
    const parts = sealed.split(".");
    parts[3] = Buffer.from("tampered").toString("base64url");
    expect(() => unseal(parts.join("."))).toThrow();
    expect(() => unseal(sealed, Buffer.alloc(32, 7))).toThrow();
  });
});
