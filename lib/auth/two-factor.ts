import "server-only";
import { createHash, randomInt } from "node:crypto";
import { generateSecret, generateURI, verify } from "otplib";
import QRCode from "qrcode";
import type { Sql } from "@/db/client";
import { AppError } from "@/lib/errors";
import { addressLimited, recordFailure } from "./login";
import { seal, unseal } from "./secret";
import { endUserSessions } from "./sessions";
import { requiresTwoFactor, type SessionUser } from "./users";

/**
 * TOTP two-factor sign-in (RFC 6238, otplib): enrolment by QR code confirmed with a first code,
 * ten one-time recovery codes, and the second step of every sign-in. Required for the office
 * (users.ts requiresTwoFactor), optional for everyone else. The shared secret is kept sealed with
 * the server's key (secret.ts); a code's time step is remembered so no code works twice; wrong codes
 * count toward the same lockout as wrong passwords (login.ts).
 */
export const ISSUER = "问效 Wenxiao";
// one 30-second step either way: phone clocks drift
const TOLERANCE_S = 30;
const RECOVERY_CODE_COUNT = 10;
// no 0/o, 1/l/i: codes are read off paper
const RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

export interface TwoFactorStatus {
  enabled: boolean;
  enabledAt: string | null;
  recoveryCodesLeft: number;
  required: boolean;
}

export async function twoFactorStatus(db: Sql, username: string): Promise<TwoFactorStatus> {
  const [u] = await db.query<{ enabled_at: string | null; role: SessionUser["role"]; demo: boolean; left: number }>(
    `SELECT totp_enabled_at::text AS enabled_at, role, demo,
            (SELECT count(*)::int FROM recovery_codes r WHERE r.username = u.username AND r.used_at IS NULL) AS left
     FROM users u WHERE username = $1`,
    [username],
  );
  if (!u) throw AppError.notFound("账户不存在", "no such account");
  return { enabled: u.enabled_at !== null, enabledAt: u.enabled_at, recoveryCodesLeft: u.left, required: requiresTwoFactor(u.role, u.demo) };
}

// how long a set-up page stays valid
const ENROLMENT_MINUTES = 15;

/**
 * A new secret to enrol, as a QR code (SVG, drawn on the server), an otpauth:// address and text to
 * type in, and the sealed ticket the confirming form sends back with the first code — so showing
 * the page writes nothing, and only a confirmed secret is ever stored.
 */
export async function enrolment(db: Sql, user: SessionUser): Promise<{ secret: string; uri: string; qrSvg: string; ticket: string }> {
  const [u] = await db.query<{ enabled: boolean }>(`SELECT totp_enabled_at IS NOT NULL AS enabled FROM users WHERE username = $1`, [user.username]);
  if (!u) throw AppError.notFound("账户不存在", "no such account");
  if (u.enabled) throw AppError.invalid("两步验证已启用", "two-factor sign-in is already on");
  const secret = generateSecret();
  const uri = generateURI({ issuer: ISSUER, label: user.username, secret });
  const qrSvg = await QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  const ticket = seal(JSON.stringify({ u: user.username, s: secret, exp: Date.now() + ENROLMENT_MINUTES * 60_000 }));
  return { secret, uri, qrSvg, ticket };
}

/**
 * A first code from the authenticator switches two-factor on: the secret becomes the user's, ten
 * recovery codes are made (returned once; only their hashes are kept), and this session counts as
 * proven by it.
 */
export async function confirmEnrolment(db: Sql, user: SessionUser, ticket: string, code: string): Promise<{ recoveryCodes: string[] }> {
  const secret = enrolmentSecret(ticket, user.username);
  const step = await totpStep(secret, code, null);
  if (step === null) throw AppError.invalid("验证码不正确：请输入验证器当前显示的 6 位数字（并检查手机时间是否准确）", "wrong code: enter the 6 digits the authenticator shows now (and check the phone's clock)");
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, recoveryCode);
  await db.transaction(async (tx) => {
    const done = await tx.query(
      `UPDATE users SET totp_secret = $2, totp_enabled_at = now(), totp_last_step = $3 WHERE username = $1 AND totp_enabled_at IS NULL RETURNING 1`,
      [user.username, seal(secret), step],
    );
    if (done.length === 0) throw AppError.invalid("两步验证已启用", "two-factor sign-in is already on");
    await replaceRecoveryCodes(tx, user.username, codes);
    if (user.sessionRef) await markSessionProven(tx, user.username, user.sessionRef, "totp");
    await audit(tx, user.username, "two_factor_enabled", user.username, { recovery_codes: codes.length });
    await tell(tx, user.username, { zh: "已启用两步验证", en: "Two-factor sign-in on" }, { zh: "您的账户已启用两步验证：今后登录时除密码外还需输入验证器中的 6 位验证码。如非本人操作，请立即联系领导小组办公室。", en: "Two-factor sign-in is now on for your account: from now on, signing in asks for the 6-digit code from your authenticator too. If this was not you, tell the office at once." });
  });
  return { recoveryCodes: codes };
}

/** The secret a set-up page showed, if its ticket is genuine, this user's and not too old. */
function enrolmentSecret(ticket: string, username: string): string {
  type Ticket = { u?: unknown; s?: unknown; exp?: unknown };
  let t: Ticket | null;
  try {
    t = JSON.parse(unseal(ticket)) as Ticket;
  } catch {
    t = null;
  }
  if (!t || t.u !== username || typeof t.s !== "string" || typeof t.exp !== "number") throw AppError.invalid("设置信息无效，请刷新页面重新扫描二维码", "the set-up is not valid: reload the page and scan the QR code again");
  if (t.exp < Date.now()) throw AppError.invalid(`设置页面已超过 ${ENROLMENT_MINUTES} 分钟，请刷新页面重新扫描二维码`, `the set-up page is over ${ENROLMENT_MINUTES} minutes old: reload it and scan the new QR code`);
  return t.s;
}

/**
 * The second step of a sign-in: a code from the authenticator (6 digits) or an unused recovery code
 * proves this session. A wrong code counts toward the lockout; when it locks the account, every
 * session of the user ends.
 */
export async function verifySecondFactor(db: Sql, user: SessionUser, code: string, address: string | null): Promise<{ via: "totp" | "recovery" }> {
  if (!user.sessionRef) throw AppError.forbidden("会话无效", "no session");
  if (await addressLimited(address)) throw new AppError("rate_limited", "失败次数过多，请稍后再试", "too many failures: try again later", 429);
  const [u] = await db.query<{ secret: string | null; last_step: number | null; locked: boolean }>(
    // bigint arrives as text from postgres.js: a time step fits a float8 exactly
    `SELECT totp_secret AS secret, totp_last_step::float8 AS last_step, coalesce(locked_until > now(), false) AS locked FROM users WHERE username = $1 AND active`,
    [user.username],
  );
  if (!u?.secret) throw AppError.invalid("此账户未启用两步验证", "two-factor sign-in is not on for this account");
  if (u.locked) {
    await endUserSessions(db, user.username, "locked");
    throw new AppError("locked", "账户已锁定，请 30 分钟后再登录或请领导小组办公室解锁", "the account is locked: sign in again in 30 minutes or ask the office to unlock it", 423);
  }
  const via = await db.transaction(async (tx) => {
    const proven = await useCode(tx, user.username, openSecret(u.secret!), u.last_step, code);
    if (!proven) return null;
    await markSessionProven(tx, user.username, user.sessionRef!, proven);
    await tx.query(`UPDATE users SET failed_logins = 0 WHERE username = $1 AND failed_logins > 0`, [user.username]);
    await audit(tx, user.username, "second_factor_ok", user.username, { via: proven, address });
    if (proven === "recovery") {
      await tell(tx, user.username, { zh: "已使用恢复码登录", en: "Signed in with a recovery code" }, { zh: "您刚刚使用一个恢复码完成了登录，该恢复码已作废。如非本人操作，请立即修改密码并联系领导小组办公室。", en: "You just signed in with a recovery code, which no longer works. If this was not you, change your password and tell the office at once." });
    }
    return proven;
  });
  if (via) return { via };
  const { locked } = await recordFailure(db, user.username, address, "second_factor_failed", "wrong_code");
  if (locked) {
    await endUserSessions(db, user.username, "locked");
    throw new AppError("locked", "验证码连续错误，账户已锁定 30 分钟（可请领导小组办公室解锁）", "too many wrong codes: the account is locked for 30 minutes (the office can unlock it)", 423);
  }
  throw AppError.invalid("验证码不正确", "wrong code");
}

/** New recovery codes (the old ones stop working), returned once. */
export async function newRecoveryCodes(db: Sql, user: SessionUser): Promise<{ recoveryCodes: string[] }> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, recoveryCode);
  await db.transaction(async (tx) => {
    const [u] = await tx.query<{ on: boolean }>(`SELECT totp_enabled_at IS NOT NULL AS on FROM users WHERE username = $1 FOR UPDATE`, [user.username]);
    if (!u?.on) throw AppError.invalid("此账户未启用两步验证", "two-factor sign-in is not on for this account");
    await replaceRecoveryCodes(tx, user.username, codes);
    await audit(tx, user.username, "recovery_codes_renewed", user.username, { recovery_codes: codes.length });
  });
  return { recoveryCodes: codes };
}

/**
 * A user switches two-factor off with a current code — not where it is required (the office). The
 * office or a unit head can reset it for someone who lost their phone (accounts.ts resetTwoFactor).
 */
export async function disableOwnTwoFactor(db: Sql, user: SessionUser, code: string, address: string | null): Promise<void> {
  const status = await twoFactorStatus(db, user.username);
  if (status.required) throw AppError.invalid("办公室账户必须使用两步验证，不能关闭", "office accounts must keep two-factor sign-in on");
  if (!status.enabled) throw AppError.invalid("此账户未启用两步验证", "two-factor sign-in is not on for this account");
  const [u] = await db.query<{ secret: string; last_step: number | null }>(`SELECT totp_secret AS secret, totp_last_step::float8 AS last_step FROM users WHERE username = $1`, [user.username]);
  const done = await db.transaction(async (tx) => {
    if (!(await useCode(tx, user.username, openSecret(u!.secret), u!.last_step, code))) return false;
    await clearTwoFactor(tx, user.username);
    await audit(tx, user.username, "two_factor_disabled", user.username, { by: "self" });
    return true;
  });
  if (done) return;
  await recordFailure(db, user.username, address, "second_factor_failed", "wrong_code");
  throw AppError.invalid("验证码不正确", "wrong code");
}

/** Two-factor off for a user (also the reset in accounts.ts): the secret and the recovery codes gone. */
export async function clearTwoFactor(tx: Sql, username: string): Promise<void> {
  await tx.query(`UPDATE users SET totp_secret = NULL, totp_enabled_at = NULL, totp_last_step = NULL WHERE username = $1`, [username]);
  await tx.query(`DELETE FROM recovery_codes WHERE username = $1`, [username]);
}

/**
 * Whether the identity platform says the person proved more than a password (OpenID Connect `amr`,
 * RFC 8176): then Wenxiao does not ask for its own second factor.
 */
export function platformAssertedMfa(profile: unknown): boolean {
  const amr = (profile as { amr?: unknown } | undefined)?.amr;
  return Array.isArray(amr) && amr.some((m) => typeof m === "string" && ["mfa", "otp", "hwk", "sc", "swk"].includes(m));
}

/** The reference a session is known by outside the cookie: the SHA-256 of its id (never the id itself). */
export function sessionRefOf(sessionId: string): string {
  return createHash("sha256").update(sessionId).digest("hex");
}

// ---------------------------------------------------------------------------------------------

/** A stored secret, readable only with the key it was sealed with (a changed AUTH_SECRET makes it unreadable). */
function openSecret(sealed: string): string {
  try {
    return unseal(sealed);
  } catch {
    throw new AppError(
      "two_factor_unreadable",
      "两步验证密钥无法解读（服务器密钥 AUTH_SECRET 已更换？）：请联系领导小组办公室重置您的两步验证",
      "the two-factor secret cannot be read (was the server key AUTH_SECRET changed?): ask the office to reset your two-factor sign-in",
      409,
    );
  }
}

/** A code proves the user: a TOTP step not used before (claimed atomically), or an unused recovery code. */
async function useCode(tx: Sql, username: string, secret: string, lastStep: number | null, code: string): Promise<"totp" | "recovery" | null> {
  const plain = code.replace(/[\s-]/g, "").toLowerCase();
  if (/^\d{6}$/.test(plain)) {
    const step = await totpStep(secret, plain, lastStep);
    if (step === null) return null;
    const claimed = await tx.query(`UPDATE users SET totp_last_step = $2 WHERE username = $1 AND (totp_last_step IS NULL OR totp_last_step < $2) RETURNING 1`, [username, step]);
    return claimed.length > 0 ? "totp" : null;
  }
  if (plain.length !== 10) return null;
  const used = await tx.query(`UPDATE recovery_codes SET used_at = now() WHERE id = (SELECT id FROM recovery_codes WHERE username = $1 AND code_hash = $2 AND used_at IS NULL LIMIT 1) RETURNING 1`, [username, hashCode(plain)]);
  return used.length > 0 ? "recovery" : null;
}

/** The time step a 6-digit code belongs to, if it is valid now and later than `afterStep`. */
async function totpStep(secret: string, code: string, afterStep: number | null): Promise<number | null> {
  const plain = code.replace(/\s/g, "");
  if (!/^\d{6}$/.test(plain)) return null;
  try {
    const result = await verify({ secret, token: plain, epochTolerance: TOLERANCE_S, ...(afterStep !== null ? { afterTimeStep: afterStep } : {}) });
    return result.valid && "timeStep" in result ? result.timeStep : null;
  } catch {
    // a remembered step ahead of this server's clock: no code can be newer yet
    return null;
  }
}

async function markSessionProven(tx: Sql, username: string, sessionRef: string, via: "totp" | "recovery"): Promise<void> {
  await tx.query(
    `UPDATE sessions SET second_factor_at = now(), second_factor = $3
     WHERE username = $1 AND ended_at IS NULL AND encode(sha256(convert_to(id, 'UTF8')), 'hex') = $2`,
    [username, sessionRef, via],
  );
}

async function replaceRecoveryCodes(tx: Sql, username: string, codes: string[]): Promise<void> {
  await tx.query(`DELETE FROM recovery_codes WHERE username = $1`, [username]);
  await tx.query(`INSERT INTO recovery_codes (username, code_hash) SELECT $1, unnest($2::text[])`, [username, codes.map((c) => hashCode(c.replace("-", "")))]);
}

/** Ten characters (about 49 bits), shown as xxxxx-xxxxx. */
function recoveryCode(): string {
  const chars = Array.from({ length: 10 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join("");
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

// recovery codes are random, not chosen by people: a fast hash is enough
function hashCode(plain: string): string {
  return createHash("sha256").update(plain).digest("hex");
}

async function audit(tx: Sql, actor: string, action: string, username: string, after: Record<string, unknown>): Promise<void> {
  await tx.query(`INSERT INTO audit_log (actor, action, entity, entity_key, after) VALUES ($1, $2, 'users', $3, $4::jsonb)`, [actor, action, username, JSON.stringify(after)]);
}

/** An account message, each language in its own column: the inbox shows the reader's (lib/inbox/messages.ts). */
async function tell(tx: Sql, username: string, title: { zh: string; en: string }, body: { zh: string; en: string }): Promise<void> {
  await tx.query(`INSERT INTO inbox (username, kind, title, body, title_en, body_en) VALUES ($1, 'account', $2, $3, $4, $5)`, [username, title.zh, body.zh, title.en, body.en]);
}
