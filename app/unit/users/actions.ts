"use server";

import { z } from "zod";
import { createUser, resetPassword, resetTwoFactor, setUserActive, unlockUser } from "@/lib/auth/accounts";
import { Fields, unitAction, unitFormAction } from "@/lib/web/action";

/**
 * A unit head's actions on their own unit's clerks. The role and the unit of a new account come from
 * the session, never from the form; the domain functions refuse a clerk, and any account that is
 * not a clerk of the head's own unit, whatever is posted.
 */
const Username = z.string().trim().min(1).max(64);
const optional = z.string().trim().max(200).default("").transform((v) => v || null);
const back = () => "/unit/users";
const did = (what: string, username: string) => `/unit/users?did=${what}&who=${encodeURIComponent(username)}`;

export const createClerkAction = unitFormAction(
  { name: "unit-users:create", input: z.object({ username: Username, name: z.string().max(100), email: optional }) },
  (input, { user, db }) => createUser(db, user, { ...input, role: "clerk", unitCode: user.unitCode }),
);

export const resetClerkPasswordAction = unitFormAction({ name: "unit-users:reset", input: z.object({ username: Username }) }, (input, { user, db }) =>
  resetPassword(db, user, input.username),
);

export const setClerkActiveAction = unitAction(
  { name: "unit-users:active", input: z.object({ username: Username, active: Fields.flag }), back },
  async (input, { user, db }) => {
    await setUserActive(db, user, input.username, input.active);
    return did(input.active ? "enabled" : "disabled", input.username);
  },
);

export const unlockClerkAction = unitAction({ name: "unit-users:unlock", input: z.object({ username: Username }), back }, async (input, { user, db }) => {
  await unlockUser(db, user, input.username);
  return did("unlocked", input.username);
});

export const resetClerkTwoFactorAction = unitAction({ name: "unit-users:reset-two-factor", input: z.object({ username: Username }), back }, async (input, { user, db }) => {
  await resetTwoFactor(db, user, input.username);
  return did("two_factor_reset", input.username);
});
