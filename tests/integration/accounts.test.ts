import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser, setUserActive, unlockUser } from "@/lib/auth/accounts";
import { systemActor } from "@/lib/auth/actor";
import { signInWithPassword } from "@/lib/auth/login";
import { checkSession, startSession } from "@/lib/auth/sessions";
import { head, OFFICE } from "../helpers/actors";
import { freshDatabase, rollbackEach, type TestDatabase } from "../helpers/db";
import { insertRegions } from "../helpers/fixtures";

let db: TestDatabase;
const tx = rollbackEach(() => db);

beforeAll(async () => {
  db = await freshDatabase();
  await insertRegions(db, 2);
});
afterAll(() => db.drop());

const signIn = async (username: string, password: string) => {
  const r = await signInWithPassword(tx(), username, password, null);
  return r.ok ? r.user : r.reason;
};

describe("accounts", () => {
  it("the installer creates the first office account with a one-time password, stored only as a hash", async () => {
    const { username, password } = await createUser(tx(), systemActor("cli"), { username: "admin", name: "办公室管理员", role: "office", unitCode: null });
    expect(password.length).toBeGreaterThanOrEqual(16);
    expect(await signIn(username, password)).toMatchObject({ username: "admin", role: "office", unitCode: null });
    const [row] = await tx().query<{ password_hash: string; demo: boolean }>(`SELECT password_hash, demo FROM users WHERE username = 'admin'`);
    expect(row!.password_hash).toMatch(/^scrypt\$/);
    expect(row!.password_hash).not.toContain(password);
    expect(row!.demo).toBe(false);
    const [audit] = await tx().query<{ actor: string; action: string }>(`SELECT actor, action FROM audit_log WHERE entity = 'users' AND entity_key = 'admin' AND action = 'user_created'`);
    expect(audit).toEqual({ actor: "system:cli", action: "user_created" });
  });

  it("checks the account: role and unit agree, the unit exists, the name is free", async () => {
    await expect(createUser(tx(), OFFICE, { username: "x1", name: "x", role: "office", unitCode: "620100" })).rejects.toThrow(/office account has no unit/);
    await expect(createUser(tx(), OFFICE, { username: "x2", name: "x", role: "clerk", unitCode: null })).rejects.toThrow(/must have one/);
    await expect(createUser(tx(), OFFICE, { username: "x3", name: "x", role: "clerk", unitCode: "999999" })).rejects.toThrow(/does not exist/);
    await expect(createUser(tx(), OFFICE, { username: "bad name!", name: "x", role: "office", unitCode: null })).rejects.toThrow(/invalid account: username/);
    await createUser(tx(), OFFICE, { username: "clerk-a", name: "联络员", role: "clerk", unitCode: "620100" });
    await expect(createUser(tx(), OFFICE, { username: "clerk-a", name: "again", role: "clerk", unitCode: "620100" })).rejects.toThrow(/already exists/);
  });

  it("is the office's business: a unit head can create, disable and unlock nothing", async () => {
    await expect(createUser(tx(), head("620100"), { username: "y", name: "y", role: "clerk", unitCode: "620100" })).rejects.toThrow(/only the office/);
    await createUser(tx(), OFFICE, { username: "clerk-z", name: "z", role: "clerk", unitCode: "620100" });
    await expect(setUserActive(tx(), head("620100"), "clerk-z", false)).rejects.toThrow(/only the office/);
    await expect(unlockUser(tx(), head("620100"), "clerk-z")).rejects.toThrow(/only the office/);
  });

  it("disabling ends the user's sessions at once; unlocking lifts a lockout", async () => {
    const { password } = await createUser(tx(), OFFICE, { username: "clerk-b", name: "联络员乙", role: "clerk", unitCode: "620200" });
    const sid = await startSession(tx(), { username: "clerk-b", name: "联络员乙", role: "clerk", unitCode: "620200" }, null);
    await setUserActive(tx(), OFFICE, "clerk-b", false);
    expect(await checkSession(tx(), sid, { idleMinutes: 30, maxHours: 12 })).toEqual({ ended: "signed_out" });
    expect(await signIn("clerk-b", password)).toBe("disabled");
    await setUserActive(tx(), OFFICE, "clerk-b", true);
    for (let i = 0; i < 5; i++) await signIn("clerk-b", "wrong");
    expect(await signIn("clerk-b", password)).toBe("locked");
    await unlockUser(tx(), OFFICE, "clerk-b");
    expect(await signIn("clerk-b", password)).toMatchObject({ username: "clerk-b" });
    await expect(unlockUser(tx(), OFFICE, "nobody")).rejects.toThrow(/no account/);
  });
});
