import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changeOwnPassword, createUser, resetPassword } from "@/lib/auth/accounts";
import { signInWithPassword } from "@/lib/auth/login";
import { checkSession, startSession } from "@/lib/auth/sessions";
import { OFFICE } from "../helpers/actors";
import { freshDatabase, rollbackEach, type TestDatabase } from "../helpers/db";
import { insertRegions } from "../helpers/fixtures";

let db: TestDatabase;
const tx = rollbackEach(() => db);
const LIMITS = { idleMinutes: 30, maxHours: 12 };

beforeAll(async () => {
  db = await freshDatabase();
  await insertRegions(db, 1);
});
afterAll(() => db.drop());

async function newClerk() {
  const { password } = await createUser(tx(), OFFICE, { username: "clerk-p", name: "联络员", role: "clerk", unitCode: "620100" });
  const r = await signInWithPassword(tx(), "clerk-p", password, null);
  if (!r.ok) throw new Error("sign-in failed");
  return { password, user: r.user };
}

describe("one-time passwords and the user's own", () => {
  it("a new account's one-time password opens nothing but the password change", async () => {
    const { user } = await newClerk();
    const sid = await startSession(tx(), user, null);
    expect(await checkSession(tx(), sid, LIMITS)).toMatchObject({ user: { username: "clerk-p", mustChangePassword: true } });
  });

  it("the change needs the current password and a strong new one; then every session ends and the flag is gone", async () => {
    const { password, user } = await newClerk();
    const sid = await startSession(tx(), user, null);
    await expect(changeOwnPassword(tx(), user, { current: "wrong", next: "river lantern tofu 92 gansu" })).rejects.toThrow(/current password is wrong/);
    await expect(changeOwnPassword(tx(), user, { current: password, next: "password1234" })).rejects.toThrow(/too easy to guess/);
    await expect(changeOwnPassword(tx(), user, { current: password, next: password })).rejects.toThrow(/must differ/);
    await changeOwnPassword(tx(), user, { current: password, next: "river lantern tofu 92 gansu" });
    expect(await checkSession(tx(), sid, LIMITS)).toEqual({ ended: "signed_out" });
    expect((await signInWithPassword(tx(), "clerk-p", password, null)).ok).toBe(false);
    const again = await signInWithPassword(tx(), "clerk-p", "river lantern tofu 92 gansu", null);
    expect(again.ok).toBe(true);
    const fresh = await startSession(tx(), { username: "clerk-p", name: "联络员", role: "clerk", unitCode: "620100" }, null);
    const checked = await checkSession(tx(), fresh, LIMITS);
    expect("user" in checked && checked.user.mustChangePassword).toBeFalsy();
    const [audit] = await tx().query<{ action: string }>(`SELECT action FROM audit_log WHERE entity = 'users' AND entity_key = 'clerk-p' AND action = 'password_changed'`);
    expect(audit).toEqual({ action: "password_changed" });
  });

  it("a reset makes the next sign-in one-time again", async () => {
    const { password, user } = await newClerk();
    await changeOwnPassword(tx(), user, { current: password, next: "Qilian-snow-kettle-1949" });
    const reset = await resetPassword(tx(), OFFICE, "clerk-p");
    const [row] = await tx().query<{ must_change_password: boolean }>(`SELECT must_change_password FROM users WHERE username = 'clerk-p'`);
    expect(row!.must_change_password).toBe(true);
    expect((await signInWithPassword(tx(), "clerk-p", reset.password, null)).ok).toBe(true);
  });
});
