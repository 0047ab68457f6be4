import "server-only";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { Sql } from "@/db/client";
import { AppError } from "@/lib/errors";
import type { Actor } from "./actor";
import { hashPassword, verifyPassword } from "./password";
import { checkNewPassword } from "./password-policy";
import { endUserSessions } from "./sessions";
import { clearTwoFactor } from "./two-factor";
import type { Role, SessionUser } from "./users";
import type { QueryReader } from "@/lib/web/query";
import type { Lang } from "@/lib/i18n";
import { unitNamer, withUnitName, type NameOf } from "@/lib/unit-names";

/**
 * Accounts: created, disabled, enabled, unlocked, their password reset by the office (or, at
 * installation, by the CLI as the system) — and, for the clerks of their own unit only, by that
 * unit's head. Changing a role or unit is the office's alone. Each function checks its actor itself,
 * locks the account it changes, and writes the audit row (and the inbox message to the person
 * concerned) in the same transaction; every change that takes something away ends the user's
 * sessions at once. Passwords are generated here, returned once to the caller and kept only as a hash.
 */
export const ROLES = ["office", "unit_head", "clerk"] as const;

const Username = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$/, "2–64 letters, digits, . _ -");

const NewUser = z.object({
  username: Username,
  name: z.string().trim().min(1).max(100),
  role: z.enum(ROLES),
  unitCode: z.string().min(1).max(64).nullable(),
  email: z.string().email().nullable().default(null),
});

export type NewUserInput = z.input<typeof NewUser>;

const Placement = z.object({ role: z.enum(ROLES), unitCode: z.string().min(1).max(64).nullable() });

// ---------------------------------------------------------------------------------------------
// who may do what

/** The accounts an actor may manage: every account, or the clerks of one unit. */
type Scope = { all: true } | { all: false; unitCode: string };

function scopeOf(actor: Actor, what: { zh: string; en: string }): Scope {
  if (actor.role === "office" || actor.role === "system") return { all: true };
  if (actor.role === "unit_head" && actor.unitCode !== null) return { all: false, unitCode: actor.unitCode };
  throw AppError.forbidden(`只有领导小组办公室或单位负责人可以${what.zh}`, `only the office or a unit head may ${what.en}`);
}

function officeOnly(actor: Actor, what: { zh: string; en: string }): void {
  if (actor.role !== "office" && actor.role !== "system") throw AppError.forbidden(`只有领导小组办公室可以${what.zh}`, `only the office may ${what.en}`);
}

interface Target {
  username: string;
  display_name: string;
  role: Role;
  unit_code: string | null;
  active: boolean;
}

/**
 * The account, locked for the rest of the transaction, if the actor may manage it. For a unit head,
 * an account outside their unit's clerks is answered exactly as one that does not exist, so that a
 * head learns nothing about other units' accounts.
 */
async function lockTarget(tx: Sql, scope: Scope, username: string): Promise<Target> {
  const [t] = await tx.query<Target>(`SELECT username, display_name, role, unit_code, active FROM users WHERE username = $1 FOR UPDATE`, [username]);
  if (scope.all) {
    if (!t) throw AppError.notFound(`账户“${username}”不存在`, `there is no account "${username}"`);
    return t;
  }
  if (!t || t.role !== "clerk" || t.unit_code !== scope.unitCode) {
    throw AppError.notFound(`本单位没有联络员账户“${username}”`, `your unit has no clerk account "${username}"`);
  }
  return t;
}

/**
 * A change that could leave no active office account locks the active office rows first (always in
 * the same order), so that two offices disabling each other at the same moment cannot both succeed;
 * keepAnOffice then refuses the change that would leave none: nobody could manage accounts any more.
 */
async function lockOffices(tx: Sql): Promise<void> {
  await tx.query(`SELECT 1 FROM users WHERE role = 'office' AND active ORDER BY username FOR UPDATE`);
}

async function keepAnOffice(tx: Sql, t: Target): Promise<void> {
  if (t.role !== "office" || !t.active) return;
  const [other] = await tx.query(`SELECT 1 FROM users WHERE role = 'office' AND active AND username <> $1 LIMIT 1`, [t.username]);
  if (!other) {
    throw AppError.invalid("这是最后一个启用的办公室账户，不能停用或改为其他角色", "this is the last active office account: it cannot be disabled or given another role");
  }
}

function notSelf(actor: Actor, username: string, what: { zh: string; en: string }): void {
  if (actor.username === username) throw AppError.invalid(`不能${what.zh}自己的账户`, `you cannot ${what.en} your own account`);
}

async function unitExists(tx: Sql, unitCode: string): Promise<void> {
  const [unit] = await tx.query(`SELECT 1 FROM units WHERE code = $1`, [unitCode]);
  if (!unit) throw AppError.invalid(`单位“${unitCode}”不存在（请先导入 units）`, `unit "${unitCode}" does not exist (import units first)`);
}

function placementAgrees(role: Role, unitCode: string | null): void {
  if ((role === "office") !== (unitCode === null)) {
    throw AppError.invalid("办公室账户不属于任何单位；单位负责人和联络员必须属于一个单位", "an office account has no unit; a unit head or clerk must have one");
  }
}

function parsed<T>(result: z.ZodSafeParseResult<T>): T {
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw AppError.invalid(`账户信息有误：${issue.path.join(".")}（${issue.message}）`, `invalid account: ${issue.path.join(".")} (${issue.message})`);
}

// ---------------------------------------------------------------------------------------------
// writes

/**
 * Creates an account with a one-time password, returned once (only its hash is kept). A unit head
 * creates clerks of their own unit only.
 */
export async function createUser(db: Sql, actor: Actor, input: NewUserInput): Promise<{ username: string; password: string }> {
  const scope = scopeOf(actor, { zh: "创建账户", en: "create accounts" });
  const u = parsed(NewUser.safeParse(input));
  if (!scope.all && (u.role !== "clerk" || u.unitCode !== scope.unitCode)) {
    throw AppError.forbidden("单位负责人只能为本单位创建联络员账户", "a unit head may only create clerk accounts of their own unit");
  }
  placementAgrees(u.role, u.unitCode);
  const password = oneTimePassword();
  const hash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const [exists] = await tx.query(`SELECT 1 FROM users WHERE username = $1`, [u.username]);
    if (exists) throw new AppError("user_exists", `账户“${u.username}”已存在`, `the account "${u.username}" already exists`, 409);
    if (u.unitCode) await unitExists(tx, u.unitCode);
    // a one-time password: replaced at the first sign-in (changeOwnPassword)
    await tx.query(`INSERT INTO users (username, display_name, password_hash, role, unit_code, email, must_change_password) VALUES ($1, $2, $3, $4, $5, $6, true)`, [u.username, u.name, hash, u.role, u.unitCode, u.email]);
    await audit(tx, actor, "user_created", u.username, null, { role: u.role, unit: u.unitCode });
    await tell(tx, u.username, { zh: "账户已开通", en: "Account created" }, { zh: `${by(actor)}为您开通了账户（${placement(u.role, u.unitCode)}）。初始密码由开通人另行告知。`, en: `${byEn(actor)} created your account (${placementEn(u.role, u.unitCode)}). The initial password is given to you separately.` });
    return { username: u.username, password };
  });
}

/** Disables (ending every session at once) or enables an account. */
export async function setUserActive(db: Sql, actor: Actor, username: string, active: boolean): Promise<void> {
  const scope = scopeOf(actor, { zh: "停用或启用账户", en: "disable or enable accounts" });
  await db.transaction(async (tx) => {
    if (scope.all && !active) await lockOffices(tx);
    const t = await lockTarget(tx, scope, username);
    if (!active) notSelf(actor, username, { zh: "停用", en: "disable" });
    if (!active) await keepAnOffice(tx, t);
    await tx.query(`UPDATE users SET active = $2 WHERE username = $1`, [username, active]);
    const ended = active ? 0 : await endUserSessions(tx, username, "disabled");
    await audit(tx, actor, active ? "user_enabled" : "user_disabled", username, { active: t.active }, { active, sessions_ended: ended });
    await tell(
      tx,
      username,
      active ? { zh: "账户已启用", en: "Account enabled" } : { zh: "账户已停用", en: "Account disabled" },
      active ? { zh: `${by(actor)}重新启用了您的账户，您可以再次登录。`, en: `${byEn(actor)} enabled your account again: you can sign in.` } : { zh: `${by(actor)}停用了您的账户，您已退出登录，在重新启用前无法登录。`, en: `${byEn(actor)} disabled your account: you were signed out and cannot sign in until it is enabled again.` },
    );
  });
}

/** Lifts a lockout after failed sign-ins. */
export async function unlockUser(db: Sql, actor: Actor, username: string): Promise<void> {
  const scope = scopeOf(actor, { zh: "解锁账户", en: "unlock accounts" });
  await db.transaction(async (tx) => {
    await lockTarget(tx, scope, username);
    const [before] = await tx.query<{ failed_logins: number; locked_until: string | null }>(`SELECT failed_logins, locked_until::text FROM users WHERE username = $1`, [username]);
    await tx.query(`UPDATE users SET failed_logins = 0, locked_until = NULL WHERE username = $1`, [username]);
    await audit(tx, actor, "user_unlocked", username, before ?? null, {});
    await tell(tx, username, { zh: "账户已解锁", en: "Account unlocked" }, { zh: `${by(actor)}解除了您账户的登录锁定。`, en: `${byEn(actor)} lifted the sign-in lockout of your account.` });
  });
}

/**
 * A new one-time password, returned once (only its hash is kept): the old one stops working, every
 * session ends, a lockout is lifted. The user is told in their inbox — without the password.
 */
export async function resetPassword(db: Sql, actor: Actor, username: string): Promise<{ username: string; password: string }> {
  const scope = scopeOf(actor, { zh: "重置密码", en: "reset passwords" });
  const password = oneTimePassword();
  const hash = await hashPassword(password);
  return db.transaction(async (tx) => {
    await lockTarget(tx, scope, username);
    await tx.query(`UPDATE users SET password_hash = $2, failed_logins = 0, locked_until = NULL, must_change_password = true WHERE username = $1`, [username, hash]);
    const ended = await endUserSessions(tx, username, "password_reset");
    await audit(tx, actor, "user_password_reset", username, null, { sessions_ended: ended });
    await tell(tx, username, { zh: "密码已重置", en: "Password reset" }, { zh: `${by(actor)}重置了您的密码，您已退出登录；新的一次性密码由其另行告知。如非本人申请，请立即联系领导小组办公室。`, en: `${byEn(actor)} reset your password and you were signed out; the new one-time password is given to you separately. If you did not ask for this, tell the office at once.` });
    return { username, password };
  });
}

/**
 * Two-factor sign-in off for someone who lost their authenticator (and recovery codes): the secret
 * and the codes are gone, every session ends; at the next sign-in an office account sets it up again.
 */
export async function resetTwoFactor(db: Sql, actor: Actor, username: string): Promise<void> {
  const scope = scopeOf(actor, { zh: "重置两步验证", en: "reset two-factor sign-in" });
  await db.transaction(async (tx) => {
    await lockTarget(tx, scope, username);
    const [before] = await tx.query<{ enabled_at: string | null }>(`SELECT totp_enabled_at::text AS enabled_at FROM users WHERE username = $1`, [username]);
    if (!before?.enabled_at) throw AppError.invalid(`账户“${username}”未启用两步验证`, `two-factor sign-in is not on for "${username}"`);
    await clearTwoFactor(tx, username);
    const ended = await endUserSessions(tx, username, "two_factor_reset");
    await audit(tx, actor, "two_factor_reset", username, { enabled_at: before.enabled_at }, { sessions_ended: ended });
    await tell(
      tx,
      username,
      { zh: "两步验证已重置", en: "Two-factor sign-in reset" },
      { zh: `${by(actor)}重置了您的两步验证，您已退出登录；原验证器和恢复码均已失效。请重新登录后再次启用。如非本人申请，请立即联系领导小组办公室。`, en: `${byEn(actor)} reset your two-factor sign-in and you were signed out; the old authenticator entry and recovery codes no longer work. Sign in and set it up again. If you did not ask for this, tell the office at once.` },
    );
  });
}

/**
 * Moves an account to another role and/or unit (the office only). The user's sessions end, as they
 * carry the old role and unit.
 */
export async function changeRoleOrUnit(db: Sql, actor: Actor, username: string, input: { role: Role; unitCode: string | null }): Promise<void> {
  officeOnly(actor, { zh: "更改账户的角色或单位", en: "change an account's role or unit" });
  const next = parsed(Placement.safeParse(input));
  placementAgrees(next.role, next.unitCode);
  await db.transaction(async (tx) => {
    await lockOffices(tx);
    const t = await lockTarget(tx, { all: true }, username);
    notSelf(actor, username, { zh: "更改", en: "change the role or unit of" });
    if (t.role === next.role && t.unit_code === next.unitCode) throw AppError.invalid("角色和单位均未改变", "neither the role nor the unit changes");
    if (next.role !== "office") await keepAnOffice(tx, t);
    if (next.unitCode) await unitExists(tx, next.unitCode);
    await tx.query(`UPDATE users SET role = $2, unit_code = $3 WHERE username = $1`, [username, next.role, next.unitCode]);
    const ended = await endUserSessions(tx, username, "user_changed");
    await audit(tx, actor, "user_role_changed", username, { role: t.role, unit: t.unit_code }, { role: next.role, unit: next.unitCode, sessions_ended: ended });
    await tell(tx, username, { zh: "账户角色或单位已变更", en: "Account changed" }, { zh: `${by(actor)}将您的账户由${placement(t.role, t.unit_code)}改为${placement(next.role, next.unitCode)}，请重新登录。`, en: `${byEn(actor)} changed your account from ${placementEn(t.role, t.unit_code)} to ${placementEn(next.role, next.unitCode)}; please sign in again.` });
  });
}

// ---------------------------------------------------------------------------------------------
// reads

export const ACCOUNT_SORTS = ["username", "name", "role", "unit", "last_sign_in", "created"] as const;
export type AccountSort = (typeof ACCOUNT_SORTS)[number];
export const ACCOUNT_STATUSES = ["active", "disabled", "locked"] as const;
export const ACCOUNTS_PAGE_SIZE = 50;

// blank, or holding a control character (a NUL cannot even reach the database): no filter at all
const blankToUndefined = (v: unknown) => (typeof v === "string" && (v.trim() === "" || [...v].some((c) => c.charCodeAt(0) < 0x20)) ? undefined : v);

/** The list's query as a page's search parameters give it; anything unusable falls back to the default. */
const AccountQuery = z.object({
  role: z.preprocess(blankToUndefined, z.enum(ROLES).optional()).catch(undefined),
  unit: z.preprocess(blankToUndefined, z.string().max(64).optional()).catch(undefined),
  status: z.preprocess(blankToUndefined, z.enum(ACCOUNT_STATUSES).optional()).catch(undefined),
  q: z.preprocess(blankToUndefined, z.string().trim().max(100).optional()).catch(undefined),
  sort: z.enum(ACCOUNT_SORTS).catch("username"),
  dir: z.enum(["asc", "desc"]).catch("asc"),
  page: z.coerce.number().int().min(1).catch(1),
});

export type AccountQuery = z.output<typeof AccountQuery>;

/**
 * The account list's filters as a page reads them from its address: a wrong value is a problem
 * that `q` reports (lib/web/query.ts), not a filter quietly dropped. `listUsers` takes the result.
 */
export function readAccountQuery(q: QueryReader): Record<string, string | number | undefined> {
  return {
    role: q.oneOf("role", ROLES),
    unit: q.text("unit", 64),
    status: q.oneOf("status", ACCOUNT_STATUSES),
    q: q.text("q", 100),
    sort: q.oneOf("sort", ACCOUNT_SORTS),
    dir: q.oneOf("dir", ["asc", "desc"] as const),
    page: q.page(),
  };
}

export interface AccountRow {
  username: string;
  name: string;
  role: Role;
  unit_code: string | null;
  unit_name: string | null;
  email: string | null;
  active: boolean;
  demo: boolean;
  /** while a lockout lasts, its end (Beijing time, minutes); null when not locked */
  locked_until: string | null;
  /** the last session opened (Beijing time, minutes) */
  last_sign_in: string | null;
  open_sessions: number;
  created: string;
  /** TOTP two-factor sign-in is on */
  two_factor: boolean;
}

export interface AccountPage {
  rows: AccountRow[];
  total: number;
  page: number;
  pages: number;
  query: AccountQuery;
}

const ORDER: Record<AccountSort, string> = {
  username: "u.username",
  name: "u.display_name",
  role: "u.role",
  unit: "u.unit_code",
  last_sign_in: "s.last",
  created: "u.created_at",
};

const COLUMNS = `u.username, u.display_name AS name, u.role, u.unit_code, n.name AS unit_name, u.email, u.active, u.demo, u.totp_enabled_at IS NOT NULL AS two_factor,
  CASE WHEN u.locked_until > now() THEN to_char(u.locked_until AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') END AS locked_until,
  to_char(s.last AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS last_sign_in, coalesce(s.open, 0)::int AS open_sessions,
  to_char(u.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS created`;

const FROM = `FROM users u LEFT JOIN units n ON n.code = u.unit_code`;
// the last sign-in is the last session opened; a lateral join touches only the rows it is asked for
const SESSIONS = `LEFT JOIN LATERAL (SELECT max(started_at) AS last, count(*) FILTER (WHERE ended_at IS NULL) AS open FROM sessions WHERE username = u.username) s ON true`;

/**
 * The accounts an actor may manage, filtered, sorted and a page at a time — all in SQL. A unit head
 * sees their own unit's clerks whatever the query asks for; a clerk is refused.
 */
export async function listUsers(db: Sql, actor: Actor, raw: Record<string, unknown>): Promise<AccountPage> {
  const scope = scopeOf(actor, { zh: "管理账户", en: "manage accounts" });
  const query = AccountQuery.parse(raw);
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (condition: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(condition(`$${params.length}`));
  };
  if (!scope.all) {
    add((p) => `u.unit_code = ${p}`, scope.unitCode);
    where.push(`u.role = 'clerk'`);
  } else {
    if (query.role) add((p) => `u.role = ${p}`, query.role);
    if (query.unit) add((p) => `u.unit_code = ${p}`, query.unit);
  }
  if (query.status === "active") where.push("u.active");
  if (query.status === "disabled") where.push("NOT u.active");
  if (query.status === "locked") where.push("u.locked_until > now()");
  // a plain substring (strpos, not LIKE), so % and _ in the search are just characters
  if (query.q) add((p) => `strpos(lower(concat_ws(' ', u.username, u.display_name, u.email, u.unit_code, n.name)), lower(${p})) > 0`, query.q);
  const filter = where.length ? `WHERE ${where.join(" AND ")}` : "";

  const [count] = await db.query<{ n: number }>(`SELECT count(*)::int AS n ${FROM} ${filter}`, params);
  const total = count?.n ?? 0;
  const pages = Math.max(1, Math.ceil(total / ACCOUNTS_PAGE_SIZE));
  const page = Math.min(query.page, pages);
  const dir = query.dir === "desc" ? "DESC" : "ASC";
  const rows = await db.query<AccountRow>(
    `SELECT ${COLUMNS} ${FROM} ${SESSIONS} ${filter}
     ORDER BY ${ORDER[query.sort]} ${dir} NULLS LAST, u.username
     LIMIT ${ACCOUNTS_PAGE_SIZE} OFFSET ${(page - 1) * ACCOUNTS_PAGE_SIZE}`,
    params,
  );
  return { rows, total, page, pages, query: { ...query, page } };
}

/** One account the actor may manage, or null (for a unit head: anything but their own unit's clerks). */
export async function getAccount(db: Sql, actor: Actor, username: string): Promise<AccountRow | null> {
  const scope = scopeOf(actor, { zh: "管理账户", en: "manage accounts" });
  const [row] = await db.query<AccountRow>(`SELECT ${COLUMNS} ${FROM} ${SESSIONS} WHERE u.username = $1`, [username]);
  if (!row) return null;
  if (!scope.all && (row.role !== "clerk" || row.unit_code !== scope.unitCode)) return null;
  return row;
}

/**
 * What an accounts page (the office's, a unit head's) shows from its address: the list a page at a
 * time with units named in the page's language (lib/unit-names.ts), and the account a step (`?do=` one
 * of `steps`, `?user=`) is about. `list` is absent when the address has a mistake, which `q` then holds.
 */
export interface AccountsView {
  list?: AccountPage;
  /** the account of the step asked for: null when there is none the actor may manage */
  target: AccountRow | null;
  name: NameOf;
}

export async function loadAccountsView(db: Sql, actor: Actor, q: QueryReader, lang: Lang, step: { user?: string; do?: string; steps: readonly string[] }): Promise<AccountsView> {
  const asked = readAccountQuery(q);
  const name = await unitNamer(db, lang);
  const found = q.ok ? await listUsers(db, actor, asked) : undefined;
  const list = found && { ...found, rows: found.rows.map((r) => withUnitName(r, name)) };
  if (list) q.pageWithin("page", Number(asked.page), list.pages);
  if (!list || !q.ok) return { target: null, name };
  const account = step.user && step.steps.includes(step.do ?? "") ? await getAccount(db, actor, step.user) : null;
  return { list, target: account ? withUnitName(account, name) : null, name };
}

/** Units an account can be placed in (regions and departments — the units that are ranked — by code). */
export async function placeableUnits(db: Sql): Promise<{ code: string; name: string }[]> {
  return db.query(`SELECT code, name FROM units WHERE type IN ('region', 'department') ORDER BY type DESC, code`);
}

/** A unit's name, for a unit head's page. */
export async function unitName(db: Sql, code: string): Promise<string | null> {
  const [u] = await db.query<{ name: string }>(`SELECT name FROM units WHERE code = $1`, [code]);
  return u?.name ?? null;
}

/** Units that have accounts, for the list's filter. */
export async function unitsWithAccounts(db: Sql): Promise<{ code: string; name: string }[]> {
  return db.query(`SELECT n.code, n.name FROM units n WHERE EXISTS (SELECT 1 FROM users u WHERE u.unit_code = n.code) ORDER BY n.code`);
}

// ---------------------------------------------------------------------------------------------

/** 16 characters from 96 random bits. */
function oneTimePassword(): string {
  return randomBytes(12).toString("base64url");
}

async function audit(tx: Sql, actor: Actor, action: string, username: string, before: Record<string, unknown> | null, after: Record<string, unknown>): Promise<void> {
  await tx.query(`INSERT INTO audit_log (actor, action, entity, entity_key, before, after) VALUES ($1, $2, 'users', $3, $4::jsonb, $5::jsonb)`, [
    actor.username,
    action,
    username,
    before === null ? null : JSON.stringify(before),
    JSON.stringify(after),
  ]);
}

/** A message to the person whose account changed (mailed too when SMTP is set up); never a password. */
/** An account message, each language in its own column: the inbox shows the reader's (lib/inbox/messages.ts). */
async function tell(tx: Sql, username: string, title: { zh: string; en: string }, body: { zh: string; en: string }): Promise<void> {
  await tx.query(`INSERT INTO inbox (username, kind, title, body, title_en, body_en) VALUES ($1, 'account', $2, $3, $4, $5)`, [username, title.zh, body.zh, title.en, body.en]);
}

const ROLE_ZH: Record<Role, string> = { office: "领导小组办公室", unit_head: "单位负责人", clerk: "联络员" };
const ROLE_EN: Record<Role, string> = { office: "office", unit_head: "unit head", clerk: "clerk" };
const placement = (role: Role, unit: string | null) => (unit ? `${ROLE_ZH[role]}，单位 ${unit}` : ROLE_ZH[role]);
const placementEn = (role: Role, unit: string | null) => (unit ? `${ROLE_EN[role]} of unit ${unit}` : ROLE_EN[role]);
const by = (actor: Actor) => (actor.role === "unit_head" ? "本单位负责人" : actor.role === "system" ? "系统管理员" : "领导小组办公室");
const byEn = (actor: Actor) => (actor.role === "unit_head" ? "Your unit head" : actor.role === "system" ? "The administrator" : "The office");

/**
 * A user replaces their own password: the current one proves it is them, the new one must pass the
 * policy (lib/auth/password-policy.ts). Every session of theirs ends, this one too: they sign in
 * again with the new password (so a session opened by whoever knew the old one is gone).
 */
export async function changeOwnPassword(db: Sql, user: SessionUser, input: { current: string; next: string }): Promise<void> {
  const [u] = await db.query<{ password_hash: string; display_name: string }>(`SELECT password_hash, display_name FROM users WHERE username = $1 AND active`, [user.username]);
  if (!u || !(await verifyPassword(input.current, u.password_hash))) {
    throw AppError.invalid("当前密码不正确", "the current password is wrong");
  }
  if (input.next === input.current) throw AppError.invalid("新密码不能与当前密码相同", "the new password must differ from the current one");
  checkNewPassword(input.next, [user.username, u.display_name, "wenxiao", "问效"]);
  const hash = await hashPassword(input.next);
  await db.transaction(async (tx) => {
    await tx.query(`UPDATE users SET password_hash = $2, must_change_password = false WHERE username = $1`, [user.username, hash]);
    const ended = await endUserSessions(tx, user.username, "password_changed");
    await tx.query(`INSERT INTO audit_log (actor, action, entity, entity_key, after) VALUES ($1, 'password_changed', 'users', $1, $2::jsonb)`, [user.username, JSON.stringify({ sessions_ended: ended })]);
  });
}
