"use server";

import { z } from "zod";
import { createToken, revokeToken } from "@/lib/api/tokens";
import { Fields, officeAction, officeFormAction } from "@/lib/web/action";

/**
 * The office's API tokens: making one answers in place (the token is in that response only, never
 * in a URL, a log or the database); revoking comes back to the list with what was done.
 */
const optional = z.string().trim().max(100).default("");
const day = z
  .string()
  .trim()
  .default("")
  .refine((v) => v === "" || /^\d{4}-\d{2}-\d{2}$/.test(v), "YYYY-MM-DD")
  .transform((v) => v || null);

export const createTokenAction = officeFormAction(
  { name: "api-tokens:create", input: z.object({ unitCode: z.string().trim().min(1).max(64), name: optional, expires: day }) },
  (input, { user, db }) => createToken(db, user, input),
);

export const revokeTokenAction = officeAction({ name: "api-tokens:revoke", input: z.object({ id: Fields.id }), back: () => "/office/api-tokens" }, async (input, { user, db }) => {
  const t = await revokeToken(db, user, input.id);
  return `/office/api-tokens?did=revoked&token=${encodeURIComponent(t.prefix)}`;
});
