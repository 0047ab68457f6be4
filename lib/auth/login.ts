import "server-only";
import { RateLimiterMemory } from "rate-limiter-flexible";
import type { Sql } from "@/db/client";
import { demoMode } from "@/lib/env";
import { verifyPassword } from "./password";
import type { Role, SessionUser } from "./users";

/**
 * Password sign-in with brute-force protection (GB/T 22239 level 3): an account is locked for
 * LOCK_MINUTES after MAX_FAILURES consecutive failures (the office can unlock it), an address may
 * fail at most ADDRESS_FAILURES times in ADDRESS_WINDOW, and every attempt is audited. The caller
 * learns only "signed in" or "not": an unknown user, a wrong password, a disabled, locked or demo
 * account outside demo mode all look the same from outside.
 */
export const MAX_FAILURES = 5;
export const LOCK_MINUTES = 30;
const ADDRESS_FAILURES = 30;
const ADDRESS_WINDOW_S = 15 * 60;

// per instance; the per-account lockout is in the database and holds across instances
const byAddress = new RateLimiterMemory({ points: ADDRESS_FAILURES, duration: ADDRESS_WINDOW_S });

// verified when the user is unknown, so the time taken does not tell which names exist
const DUMMY_HASH = "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

export type SignInOutcome = { ok: true; user: SessionUser } | { ok: false; reason: "invalid" | "locked" | "disabled" | "demo_off" | "rate_limited" };

export async function signInWithPassword(db: Sql, username: string, password: string, address: string | null): Promise<SignInOutcome> {
  const name = username.slice(0, 64);
  if (await addressLimited(address)) {
    await audit(db, name, "sign_in_refused", { address, reason: "rate_limited" });
    return { ok: false, reason: "rate_limited" };
  }
  const [u] = await db.query<{ username: string; display_name: string; password_hash: string; role: Role; unit_code: string | null; active: boolean; demo: boolean; locked: boolean }>(
    `SELECT username, display_name, password_hash, role, unit_code, active, demo, coalesce(locked_until > now(), false) AS locked FROM users WHERE username = $1`,
    [name],
  );
  const passwordOk = await verifyPassword(password, u?.password_hash ?? DUMMY_HASH);
  const refusal = !u || !passwordOk ? "invalid" : u.locked ? "locked" : !u.active ? "disabled" : u.demo && !demoMode() ? "demo_off" : undefined;
  if (refusal) {
    // every refusal counts against the address; a wrong password also against the account
    if (u && refusal === "invalid") await recordFailure(db, u.username, address, "sign_in_failed", refusal);
    else {
      if (address) await byAddress.penalty(address, 1);
      await audit(db, name, "sign_in_failed", { address, reason: u ? refusal : "unknown_user" });
    }
    return { ok: false, reason: refusal };
  }
  await db.query(`UPDATE users SET failed_logins = 0, locked_until = NULL WHERE username = $1 AND (failed_logins > 0 OR locked_until IS NOT NULL)`, [u!.username]);
  await audit(db, u!.username, "sign_in", { address });
  return { ok: true, user: { username: u!.username, name: u!.display_name, role: u!.role, unitCode: u!.unit_code } };
}

/**
 * A failed proof of a known account (a wrong password or second-factor code): one more toward the
 * lockout, audited, and the lockout audited when this failure causes it.
 */
export async function recordFailure(db: Sql, username: string, address: string | null, action: "sign_in_failed" | "second_factor_failed", reason: string): Promise<{ locked: boolean }> {
  const [after] = await db.query<{ failed_logins: number; locked: boolean }>(
    // a lock that has run out starts the count again; failures during a lock do not extend it
    `UPDATE users SET
       failed_logins = CASE WHEN locked_until <= now() THEN 1 ELSE failed_logins + 1 END,
       locked_until = CASE WHEN locked_until > now() THEN locked_until
                           WHEN (CASE WHEN locked_until <= now() THEN 1 ELSE failed_logins + 1 END) >= $2 THEN now() + make_interval(mins => $3)
                           ELSE NULL END
     WHERE username = $1 RETURNING failed_logins, coalesce(locked_until > now(), false) AS locked`,
    [username, MAX_FAILURES, LOCK_MINUTES],
  );
  if (address) await byAddress.penalty(address, 1);
  await audit(db, username, action, { address, reason, failures: after?.failed_logins });
  if (after?.locked && after.failed_logins === MAX_FAILURES) await audit(db, username, "account_locked", { address, minutes: LOCK_MINUTES });
  return { locked: after?.locked ?? false };
}

/** Whether an address has used up its failures (checked before any proof is looked at). */
export async function addressLimited(address: string | null): Promise<boolean> {
  const limited = address ? await byAddress.get(address) : null;
  return Boolean(limited && limited.consumedPoints >= ADDRESS_FAILURES);
}

async function audit(db: Sql, actor: string, action: string, detail: Record<string, unknown>): Promise<void> {
  await db.query(`INSERT INTO audit_log (actor, action, entity, entity_key, after) VALUES ($1, $2, 'users', $1, $3::jsonb)`, [actor, action, JSON.stringify(detail)]);
}
