"use server";

import { z } from "zod";
import { changeRoleOrUnit, createUser, resetPassword, resetTwoFactor, ROLES, setUserActive, unlockUser } from "@/lib/auth/accounts";
import { Fields, officeAction, officeFormAction } from "@/lib/web/action";

/**
 * The office's account actions. Creating an account and resetting a password answer in place (the
 * one-time password is in that response only, never in a URL, a log or the database); the others
 * come back to the list with what was done.
 */
const Username = z.string().trim().min(1).max(64);
const optional = z.string().trim().max(200).default("").transform((v) => v || null);
const back = () => "/office/users";
const did = (what: string, username: string) => `/office/users?did=${what}&who=${encodeURIComponent(username)}`;

export const createUserAction = officeFormAction(
  { name: "users:create", input: z.object({ username: Username, name: z.string().max(100), role: z.enum(ROLES), unitCode: optional, email: optional }) },
  (input, { user, db }) => createUser(db, user, input),
);

export const resetPasswordAction = officeFormAction({ name: "users:reset", input: z.object({ username: Username }) }, (input, { user, db }) =>
  resetPassword(db, user, input.username),
);

export const setActiveAction = officeAction({ name: "users:active", input: z.object({ username: Username, active: Fields.flag }), back }, async (input, { user, db }) => {
  await setUserActive(db, user, input.username, input.active);
  return did(input.active ? "enabled" : "disabled", input.username);
});

export const changeAction = officeAction(
  {
    name: "users:change",
    input: z.object({ username: Username, role: z.enum(ROLES), unitCode: optional }),
    back: (input) => `/office/users?do=edit&user=${input.username}`,
  },
  async (input, { user, db }) => {
    await changeRoleOrUnit(db, user, input.username, { role: input.role, unitCode: input.unitCode });
    return did("changed", input.username);
  },
);

export const unlockAction = officeAction({ name: "users:unlock", input: z.object({ username: Username }), back }, async (input, { user, db }) => {
  await unlockUser(db, user, input.username);
  return did("unlocked", input.username);
});

export const resetTwoFactorAction = officeAction({ name: "users:reset-two-factor", input: z.object({ username: Username }), back }, async (input, { user, db }) => {
  await resetTwoFactor(db, user, input.username);
  return did("two_factor_reset", input.username);
});
