import "server-only";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { Sql } from "@/db/client";
import { AppError } from "@/lib/errors";
import { assertOffice, type Actor } from "./actor";
import { hashPassword } from "./password";
import { endUserSessions } from "./sessions";

/**
 * Accounts: created, disabled and unlocked by the office (or, at installation, by the CLI as the
 * system). Every change is audited; disabling ends the user's sessions at once.
 */
const NewUser = z.object({
  username: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$/, "2–64 letters, digits, . _ -"),
  name: z.string().trim().min(1).max(100),
  role: z.enum(["office", "unit_head", "clerk"]),
  unitCode: z.string().min(1).max(64).nullable(),
  email: z.string().email().nullable().default(null),
});

export type NewUserInput = z.input<typeof NewUser>;

/** Creates an account with a one-time password, returned once (only its hash is kept). */
export async function createUser(db: Sql, actor: Actor, input: NewUserInput): Promise<{ username: string; password: string }> {
  assertOffice(actor, { zh: "创建账户", en: "create accounts" });
  const parsed = NewUser.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw AppError.invalid(`账户信息有误：${issue.path.join(".")}（${issue.message}）`, `invalid account: ${issue.path.join(".")} (${issue.message})`);
  }
  const u = parsed.data;
  if ((u.role === "office") !== (u.unitCode === null)) {
    throw AppError.invalid("办公室账户不属于任何单位；单位负责人和联络员必须属于一个单位", "an office account has no unit; a unit head or clerk must have one");
  }
  const password = randomBytes(12).toString("base64url");
  const hash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const [exists] = await tx.query(`SELECT 1 FROM users WHERE username = $1`, [u.username]);
    if (exists) throw new AppError("user_exists", `账户“${u.username}”已存在`, `the account "${u.username}" already exists`, 409);
    if (u.unitCode) {
      const [unit] = await tx.query(`SELECT 1 FROM units WHERE code = $1`, [u.unitCode]);
      if (!unit) throw AppError.invalid(`单位“${u.unitCode}”不存在（请先导入 units）`, `unit "${u.unitCode}" does not exist (import units first)`);
    }
    await tx.query(`INSERT INTO users (username, display_name, password_hash, role, unit_code, email) VALUES ($1, $2, $3, $4, $5, $6)`, [u.username, u.name, hash, u.role, u.unitCode, u.email]);
    await audit(tx, actor, "user_created", u.username, { role: u.role, unit: u.unitCode });
    return { username: u.username, password };
  });
}

/** Disables (ending every session at once) or enables an account. */
export async function setUserActive(db: Sql, actor: Actor, username: string, active: boolean): Promise<void> {
  assertOffice(actor, { zh: "停用或启用账户", en: "disable or enable accounts" });
  await db.transaction(async (tx) => {
    const rows = await tx.query(`UPDATE users SET active = $2 WHERE username = $1 RETURNING 1`, [username, active]);
    if (rows.length === 0) throw AppError.notFound(`账户“${username}”不存在`, `there is no account "${username}"`);
    if (!active) await endUserSessions(tx, username, "disabled");
    await audit(tx, actor, active ? "user_enabled" : "user_disabled", username, {});
  });
}

/** Lifts a lockout after failed sign-ins. */
export async function unlockUser(db: Sql, actor: Actor, username: string): Promise<void> {
  assertOffice(actor, { zh: "解锁账户", en: "unlock accounts" });
  await db.transaction(async (tx) => {
    const rows = await tx.query(`UPDATE users SET failed_logins = 0, locked_until = NULL WHERE username = $1 RETURNING 1`, [username]);
    if (rows.length === 0) throw AppError.notFound(`账户“${username}”不存在`, `there is no account "${username}"`);
    await audit(tx, actor, "user_unlocked", username, {});
  });
}

async function audit(tx: Sql, actor: Actor, action: string, username: string, detail: Record<string, unknown>): Promise<void> {
  await tx.query(`INSERT INTO audit_log (actor, action, entity, entity_key, after) VALUES ($1, $2, 'users', $3, $4::jsonb)`, [actor.username, action, username, JSON.stringify(detail)]);
}
