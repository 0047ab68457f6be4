import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changeRoleOrUnit, createUser, getAccount, listUsers, resetPassword, setUserActive, unlockUser, ACCOUNTS_PAGE_SIZE } from "@/lib/auth/accounts";
import { systemActor } from "@/lib/auth/actor";
import { signInWithPassword } from "@/lib/auth/login";
import { hashPassword } from "@/lib/auth/password";
import { checkSession, startSession } from "@/lib/auth/sessions";
import type { SessionUser } from "@/lib/auth/users";
import { clerk, head, OFFICE } from "../helpers/actors";
import { freshDatabase, rollbackEach, type TestDatabase } from "../helpers/db";
import { insertRegions, insertRows } from "../helpers/fixtures";

let db: TestDatabase;
const tx = rollbackEach(() => db);

const A = "620100";
const B = "620200";
const PASSWORD = "fixture password 2026";
const LIMITS = { idleMinutes: 30, maxHours: 12 };
/** a second office account, so that the first is not the last */
const OFFICE2: SessionUser = { username: "office-2", name: "办公室二", role: "office", unitCode: null };

beforeAll(async () => {
  db = await freshDatabase();
  await insertRegions(db, 2);
  const hash = await hashPassword(PASSWORD);
  const user = (u: SessionUser) => ({ username: u.username, display_name: u.name, password_hash: hash, role: u.role, unit_code: u.unitCode });
  await insertRows(db, "users", [OFFICE, OFFICE2, head(A), head(B), clerk(A), clerk(B)].map(user));
});
afterAll(() => db.drop());

const signIn = async (username: string, password: string) => {
  const r = await signInWithPassword(tx(), username, password, null);
  return r.ok ? r.user : r.reason;
};

const openSession = (u: SessionUser) => startSession(tx(), u, null);

async function userRow(username: string) {
  const [row] = await tx().query<{ role: string; unit_code: string | null; active: boolean; password_hash: string; failed_logins: number; locked: boolean }>(
    `SELECT role, unit_code, active, password_hash, failed_logins, coalesce(locked_until > now(), false) AS locked FROM users WHERE username = $1`,
    [username],
  );
  return row;
}

async function auditRows(username: string) {
  return tx().query<{ actor: string; action: string; before: unknown; after: unknown }>(
    `SELECT actor, action, before, after FROM audit_log WHERE entity = 'users' AND entity_key = $1 AND action LIKE 'user\\_%' ORDER BY id`,
    [username],
  );
}

async function inbox(username: string) {
  return tx().query<{ kind: string; title: string; body: string; title_en: string; body_en: string }>(`SELECT kind, title, body, title_en, body_en FROM inbox WHERE username = $1 ORDER BY id`, [username]);
}

/** Everything an account change could touch, to prove a refusal changed nothing. */
async function fingerprint() {
  const out: Record<string, unknown> = {};
  for (const t of ["users", "sessions", "audit_log", "inbox"]) {
    out[t] = await tx().query(`SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS h, count(*)::int AS n FROM ${t} x`);
  }
  return out;
}

async function expectRefusedUnchanged(run: () => Promise<unknown>, message: RegExp) {
  const before = await fingerprint();
  await expect(run()).rejects.toThrow(message);
  expect(await fingerprint()).toEqual(before);
}

describe("creating accounts", () => {
  it("the installer creates the first office account with a one-time password, stored only as a hash", async () => {
    const { username, password } = await createUser(tx(), systemActor("cli"), { username: "admin", name: "办公室管理员", role: "office", unitCode: null });
    expect(password.length).toBeGreaterThanOrEqual(16);
    expect(await signIn(username, password)).toMatchObject({ username: "admin", role: "office", unitCode: null });
    const [row] = await tx().query<{ password_hash: string; demo: boolean }>(`SELECT password_hash, demo FROM users WHERE username = 'admin'`);
    expect(row!.password_hash).toMatch(/^scrypt\$/);
    expect(row!.password_hash).not.toContain(password);
    expect(row!.demo).toBe(false);
    expect(await auditRows("admin")).toEqual([{ actor: "system:cli", action: "user_created", before: null, after: { role: "office", unit: null } }]);
    // the new user is welcomed in their inbox, without the password
    const messages = await inbox("admin");
    expect(messages).toHaveLength(1);
    expect(messages[0]!.kind).toBe("account");
    expect(JSON.stringify(messages)).not.toContain(password);
  });

  it("checks the account: role and unit agree, the unit exists, the name is free", async () => {
    await expect(createUser(tx(), OFFICE, { username: "x1", name: "x", role: "office", unitCode: A })).rejects.toThrow(/office account has no unit/);
    await expect(createUser(tx(), OFFICE, { username: "x2", name: "x", role: "clerk", unitCode: null })).rejects.toThrow(/must have one/);
    await expect(createUser(tx(), OFFICE, { username: "x3", name: "x", role: "clerk", unitCode: "999999" })).rejects.toThrow(/does not exist/);
    await expect(createUser(tx(), OFFICE, { username: "bad name!", name: "x", role: "office", unitCode: null })).rejects.toThrow(/invalid account: username/);
    await createUser(tx(), OFFICE, { username: "clerk-a", name: "联络员", role: "clerk", unitCode: A });
    await expect(createUser(tx(), OFFICE, { username: "clerk-a", name: "again", role: "clerk", unitCode: A })).rejects.toThrow(/already exists/);
  });

  it("lets a unit head create clerks of their own unit, and nothing else", async () => {
    const { password } = await createUser(tx(), head(A), { username: "clerk-new", name: "新联络员", role: "clerk", unitCode: A });
    expect(await signIn("clerk-new", password)).toMatchObject({ role: "clerk", unitCode: A });
    expect(await auditRows("clerk-new")).toEqual([{ actor: head(A).username, action: "user_created", before: null, after: { role: "clerk", unit: A } }]);
    await expectRefusedUnchanged(() => createUser(tx(), head(A), { username: "y1", name: "y", role: "clerk", unitCode: B }), /only create clerk accounts of their own unit/);
    await expectRefusedUnchanged(() => createUser(tx(), head(A), { username: "y2", name: "y", role: "unit_head", unitCode: A }), /only create clerk accounts/);
    await expectRefusedUnchanged(() => createUser(tx(), head(A), { username: "y3", name: "y", role: "office", unitCode: null }), /only create clerk accounts/);
  });

  it("refuses a clerk", async () => {
    await expectRefusedUnchanged(() => createUser(tx(), clerk(A), { username: "z", name: "z", role: "clerk", unitCode: A }), /only the office or a unit head/);
  });
});

describe("disabling, enabling and unlocking", () => {
  it("disabling ends the user's sessions at once; unlocking lifts a lockout", async () => {
    const { password } = await createUser(tx(), OFFICE, { username: "clerk-b", name: "联络员乙", role: "clerk", unitCode: B });
    const sid = await startSession(tx(), { username: "clerk-b", name: "联络员乙", role: "clerk", unitCode: B }, null);
    await setUserActive(tx(), OFFICE, "clerk-b", false);
    expect(await checkSession(tx(), sid, LIMITS)).toEqual({ ended: "signed_out" });
    expect(await signIn("clerk-b", password)).toBe("disabled");
    await setUserActive(tx(), OFFICE, "clerk-b", true);
    for (let i = 0; i < 5; i++) await signIn("clerk-b", "wrong");
    expect(await signIn("clerk-b", password)).toBe("locked");
    await unlockUser(tx(), OFFICE, "clerk-b");
    expect(await signIn("clerk-b", password)).toMatchObject({ username: "clerk-b" });
    await expect(unlockUser(tx(), OFFICE, "nobody")).rejects.toThrow(/no account/);
    expect((await auditRows("clerk-b")).map((r) => r.action)).toEqual(["user_created", "user_disabled", "user_enabled", "user_unlocked"]);
    expect((await auditRows("clerk-b"))[1]).toMatchObject({ actor: "office", before: { active: true }, after: { active: false, sessions_ended: 1 } });
    // each language in its own column, so each reader sees theirs only
    expect((await inbox("clerk-b")).map((m) => [m.title, m.title_en])).toEqual([["账户已开通", "Account created"], ["账户已停用", "Account disabled"], ["账户已启用", "Account enabled"], ["账户已解锁", "Account unlocked"]]);
    for (const m of await inbox("clerk-b")) {
      expect(m.body).not.toContain(" / ");
      expect(m.body_en).not.toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it("lets a unit head disable, enable and unlock their own unit's clerks", async () => {
    const sid = await openSession(clerk(A));
    await setUserActive(tx(), head(A), clerk(A).username, false);
    expect(await checkSession(tx(), sid, LIMITS)).toEqual({ ended: "signed_out" });
    expect((await userRow(clerk(A).username))!.active).toBe(false);
    await setUserActive(tx(), head(A), clerk(A).username, true);
    await tx().query(`UPDATE users SET failed_logins = 5, locked_until = now() + interval '30 minutes' WHERE username = $1`, [clerk(A).username]);
    await unlockUser(tx(), head(A), clerk(A).username);
    expect(await userRow(clerk(A).username)).toMatchObject({ active: true, failed_logins: 0, locked: false });
    expect((await auditRows(clerk(A).username)).map((r) => [r.actor, r.action])).toEqual([
      [head(A).username, "user_disabled"],
      [head(A).username, "user_enabled"],
      [head(A).username, "user_unlocked"],
    ]);
  });

  it("refuses a unit head another unit's clerk, any head (their own included) and the office, as if the account did not exist", async () => {
    await tx().query(`UPDATE users SET failed_logins = 5, locked_until = now() + interval '30 minutes' WHERE username = $1`, [clerk(B).username]);
    for (const target of [clerk(B), head(B), head(A), OFFICE]) {
      await expectRefusedUnchanged(() => setUserActive(tx(), head(A), target.username, false), /your unit has no clerk account/);
      await expectRefusedUnchanged(() => setUserActive(tx(), head(A), target.username, true), /your unit has no clerk account/);
      await expectRefusedUnchanged(() => unlockUser(tx(), head(A), target.username), /your unit has no clerk account/);
    }
  });

  it("refuses a clerk, even for their own unit's clerks and themselves", async () => {
    for (const target of [clerk(A), clerk(B)]) {
      await expectRefusedUnchanged(() => setUserActive(tx(), clerk(A), target.username, false), /only the office or a unit head/);
      await expectRefusedUnchanged(() => unlockUser(tx(), clerk(A), target.username), /only the office or a unit head/);
    }
  });

  it("never leaves the deployment without an active office account, and the office cannot disable itself", async () => {
    await expectRefusedUnchanged(() => setUserActive(tx(), OFFICE, OFFICE.username, false), /cannot disable your own account/);
    await setUserActive(tx(), OFFICE, OFFICE2.username, false);
    await expectRefusedUnchanged(() => setUserActive(tx(), systemActor("cli"), OFFICE.username, false), /last active office account/);
    await expectRefusedUnchanged(() => changeRoleOrUnit(tx(), systemActor("cli"), OFFICE.username, { role: "clerk", unitCode: A }), /last active office account/);
  });
});

describe("changing role or unit", () => {
  it("is the office's: the sessions end, the step is audited with before and after, the user is told", async () => {
    const sid = await openSession(head(A));
    await changeRoleOrUnit(tx(), OFFICE, head(A).username, { role: "clerk", unitCode: B });
    expect(await userRow(head(A).username)).toMatchObject({ role: "clerk", unit_code: B });
    expect(await checkSession(tx(), sid, LIMITS)).toEqual({ ended: "signed_out" });
    const [ended] = await tx().query(`SELECT end_reason FROM sessions WHERE id = $1`, [sid]);
    expect(ended).toEqual({ end_reason: "user_changed" });
    expect(await auditRows(head(A).username)).toEqual([
      { actor: "office", action: "user_role_changed", before: { role: "unit_head", unit: A }, after: { role: "clerk", unit: B, sessions_ended: 1 } },
    ]);
    const [message] = await inbox(head(A).username);
    expect(message).toMatchObject({ kind: "account", title: "账户角色或单位已变更", title_en: "Account changed" });
    expect(message!.body).toContain(B);
    // and back to the office, which has no unit
    await changeRoleOrUnit(tx(), OFFICE, head(A).username, { role: "office", unitCode: null });
    expect(await userRow(head(A).username)).toMatchObject({ role: "office", unit_code: null });
  });

  it("checks the new role and unit, and refuses a change that changes nothing", async () => {
    await expectRefusedUnchanged(() => changeRoleOrUnit(tx(), OFFICE, clerk(A).username, { role: "clerk", unitCode: null }), /must have one/);
    await expectRefusedUnchanged(() => changeRoleOrUnit(tx(), OFFICE, clerk(A).username, { role: "office", unitCode: A }), /office account has no unit/);
    await expectRefusedUnchanged(() => changeRoleOrUnit(tx(), OFFICE, clerk(A).username, { role: "clerk", unitCode: "999999" }), /does not exist/);
    await expectRefusedUnchanged(() => changeRoleOrUnit(tx(), OFFICE, clerk(A).username, { role: "clerk", unitCode: A }), /neither the role nor the unit changes/);
    await expectRefusedUnchanged(() => changeRoleOrUnit(tx(), OFFICE, "nobody", { role: "clerk", unitCode: A }), /no account/);
    await expectRefusedUnchanged(() => changeRoleOrUnit(tx(), OFFICE, OFFICE.username, { role: "clerk", unitCode: A }), /cannot change the role or unit of your own account/);
  });

  it("refuses a unit head (even for their own clerk) and a clerk", async () => {
    await expectRefusedUnchanged(() => changeRoleOrUnit(tx(), head(A), clerk(A).username, { role: "unit_head", unitCode: A }), /only the office/);
    await expectRefusedUnchanged(() => changeRoleOrUnit(tx(), head(A), clerk(B).username, { role: "clerk", unitCode: A }), /only the office/);
    await expectRefusedUnchanged(() => changeRoleOrUnit(tx(), clerk(A), clerk(A).username, { role: "unit_head", unitCode: A }), /only the office/);
  });
});

describe("resetting a password", () => {
  it("gives a new one-time password once: the old one stops working, the sessions end, a lockout is lifted", async () => {
    const sid = await openSession(clerk(B));
    await tx().query(`UPDATE users SET failed_logins = 5, locked_until = now() + interval '30 minutes' WHERE username = $1`, [clerk(B).username]);
    const { username, password } = await resetPassword(tx(), OFFICE, clerk(B).username);
    expect(username).toBe(clerk(B).username);
    expect(password).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(await checkSession(tx(), sid, LIMITS)).toEqual({ ended: "signed_out" });
    expect(await tx().query(`SELECT end_reason FROM sessions WHERE id = $1`, [sid])).toEqual([{ end_reason: "password_reset" }]);
    expect(await signIn(username, PASSWORD)).toBe("invalid");
    expect(await signIn(username, password)).toMatchObject({ username, role: "clerk", unitCode: B });
    expect(await auditRows(username)).toEqual([{ actor: "office", action: "user_password_reset", before: null, after: { sessions_ended: 1 } }]);
    // neither the audit log nor the message holds the password
    const logged = await tx().query(`SELECT x::text AS t FROM audit_log x`);
    expect(JSON.stringify(logged)).not.toContain(password);
    const messages = await inbox(username);
    expect(messages.map((m) => [m.title, m.title_en])).toEqual([["密码已重置", "Password reset"]]);
    expect(JSON.stringify(messages)).not.toContain(password);
    expect((await userRow(username))!.password_hash).not.toContain(password);
  });

  it("lets a unit head reset their own unit's clerks only", async () => {
    const { password } = await resetPassword(tx(), head(A), clerk(A).username);
    expect(await signIn(clerk(A).username, password)).toMatchObject({ username: clerk(A).username });
    for (const target of [clerk(B), head(B), head(A), OFFICE]) {
      await expectRefusedUnchanged(() => resetPassword(tx(), head(A), target.username), /your unit has no clerk account/);
    }
    await expectRefusedUnchanged(() => resetPassword(tx(), clerk(A), clerk(A).username), /only the office or a unit head/);
    await expectRefusedUnchanged(() => resetPassword(tx(), OFFICE, "nobody"), /no account/);
  });
});

describe("listing accounts", () => {
  /** 70 more clerks of unit A (c-000 … c-069), every tenth disabled, two locked, a few signed in. */
  async function many() {
    const [{ hash }] = (await tx().query<{ hash: string }>(`SELECT password_hash AS hash FROM users WHERE username = 'office'`)) as [{ hash: string }];
    await tx().query(
      `INSERT INTO users (username, display_name, password_hash, role, unit_code, email, active, locked_until, created_at)
       SELECT 'c-' || lpad(i::text, 3, '0'), '联络员' || i, $1, 'clerk', '620100', CASE WHEN i = 7 THEN 'x%y_z@example.cn' END, i % 10 <> 0,
              CASE WHEN i IN (3, 4) THEN now() + interval '10 minutes' WHEN i = 5 THEN now() - interval '10 minutes' END, timestamptz '2026-01-01' + i * interval '1 day'
       FROM generate_series(0, 69) i`,
      [hash],
    );
    await tx().query(
      `INSERT INTO sessions (id, username, role, unit_code, started_at) VALUES
         ('s1', 'c-042', 'clerk', '620100', timestamptz '2026-03-01 10:00+08'), ('s2', 'c-042', 'clerk', '620100', timestamptz '2026-03-02 09:30+08'),
         ('s3', 'c-013', 'clerk', '620100', timestamptz '2026-02-01 08:00+08')`,
    );
  }

  it("pages, filters and sorts in SQL", async () => {
    await many();
    const all = await listUsers(tx(), OFFICE, {});
    expect(all.total).toBe(76);
    expect(all.rows).toHaveLength(ACCOUNTS_PAGE_SIZE);
    expect(all.pages).toBe(2);
    expect(all.rows[0]!.username).toBe("c-000");
    // a crafted address is no filter, never a database error
    expect((await listUsers(tx(), OFFICE, { unit: "\u0000", q: "a\u0000", role: "bogus", page: "9999" })).total).toBe(76);
    const second = await listUsers(tx(), OFFICE, { page: "2" });
    expect(second.rows).toHaveLength(26);
    expect(second.rows.at(-1)!.username).toBe(OFFICE2.username);
    // a page past the end is the last page
    expect((await listUsers(tx(), OFFICE, { page: "99" })).page).toBe(2);

    expect((await listUsers(tx(), OFFICE, { role: "office" })).rows.map((r) => r.username)).toEqual(["office", "office-2"]);
    expect((await listUsers(tx(), OFFICE, { unit: B })).rows.map((r) => r.username)).toEqual([clerk(B).username, head(B).username]);
    expect((await listUsers(tx(), OFFICE, { status: "disabled" })).total).toBe(7);
    expect((await listUsers(tx(), OFFICE, { status: "locked" })).rows.map((r) => r.username)).toEqual(["c-003", "c-004"]);
    expect((await listUsers(tx(), OFFICE, { status: "active" })).total).toBe(69);
    // a plain substring, % and _ included; name, e-mail and unit name searched too
    expect((await listUsers(tx(), OFFICE, { q: "x%y_" })).rows.map((r) => r.username)).toEqual(["c-007"]);
    expect((await listUsers(tx(), OFFICE, { q: "%" })).rows.map((r) => r.username)).toEqual(["c-007"]);
    expect((await listUsers(tx(), OFFICE, { q: "联络员6" })).total).toBe(11);
    expect((await listUsers(tx(), OFFICE, { q: "市620200" })).total).toBe(2);
    expect((await listUsers(tx(), OFFICE, { q: "C-06", role: "clerk", status: "active" })).rows.map((r) => r.username)).toEqual(
      ["c-061", "c-062", "c-063", "c-064", "c-065", "c-066", "c-067", "c-068", "c-069"],
    );

    // last sign-in: the last session opened, in Beijing time; never signed in sorts last either way
    const bySignIn = await listUsers(tx(), OFFICE, { sort: "last_sign_in", dir: "desc" });
    expect(bySignIn.rows.slice(0, 3).map((r) => [r.username, r.last_sign_in])).toEqual([
      ["c-042", "2026-03-02 09:30"],
      ["c-013", "2026-02-01 08:00"],
      ["c-000", null],
    ]);
    expect((await listUsers(tx(), OFFICE, { sort: "last_sign_in" })).rows[0]!.username).toBe("c-013");
    expect((await listUsers(tx(), OFFICE, { sort: "created", dir: "desc" })).rows[0]!.created).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect((await listUsers(tx(), OFFICE, { sort: "name", dir: "desc", role: "clerk", unit: A })).rows[0]!.name).toBe("联络员9");
    const locked = (await listUsers(tx(), OFFICE, { q: "c-00" })).rows;
    expect(locked.find((r) => r.username === "c-003")!.locked_until).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    // a lock that has run out is no lock
    expect(locked.find((r) => r.username === "c-005")!.locked_until).toBeNull();
    // anything unusable falls back to the default
    const odd = await listUsers(tx(), OFFICE, { sort: "password_hash; DROP TABLE users", dir: "sideways", role: "king", page: "-3" });
    expect(odd.query).toMatchObject({ sort: "username", dir: "asc", role: undefined, page: 1 });
    expect(odd.total).toBe(76);
  });

  it("shows a unit head their own unit's clerks only, whatever the query asks; refuses a clerk", async () => {
    await many();
    const mine = await listUsers(tx(), head(A), { role: "office", unit: B, q: "" });
    expect(mine.total).toBe(71);
    expect(mine.rows.every((r) => r.role === "clerk" && r.unit_code === A)).toBe(true);
    expect((await listUsers(tx(), head(B), {})).rows.map((r) => r.username)).toEqual([clerk(B).username]);
    await expect(listUsers(tx(), clerk(A), {})).rejects.toThrow(/only the office or a unit head/);
    expect(await getAccount(tx(), head(A), "c-001")).toMatchObject({ username: "c-001", open_sessions: 0 });
    expect(await getAccount(tx(), head(A), clerk(B).username)).toBeNull();
    expect(await getAccount(tx(), head(A), head(A).username)).toBeNull();
    expect(await getAccount(tx(), OFFICE, head(A).username)).toMatchObject({ role: "unit_head", unit_code: A });
  });
});
