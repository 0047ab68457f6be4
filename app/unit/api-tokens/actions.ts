"use server";

import { z } from "zod";
import { createToken, revokeToken } from "@/lib/api/tokens";
import { Fields, unitAction, unitFormAction } from "@/lib/web/action";

/**
 * A unit head's API tokens, for their own unit only: the unit is the head's, whatever is posted, and
 * the domain refuses a clerk (lib/api/tokens.ts).
 */
const optional = z.string().trim().max(100).default("");
const day = z
  .string()
  .trim()
  .default("")
  .refine((v) => v === "" || /^\d{4}-\d{2}-\d{2}$/.test(v), "YYYY-MM-DD")
  .transform((v) => v || null);

export const createUnitTokenAction = unitFormAction({ name: "api-tokens:create-own", input: z.object({ name: optional, expires: day }) }, (input, { user, db }) =>
  createToken(db, user, { unitCode: user.unitCode ?? "", name: input.name, expires: input.expires }),
);

export const revokeUnitTokenAction = unitAction({ name: "api-tokens:revoke-own", input: z.object({ id: Fields.id }), back: () => "/unit/api-tokens" }, async (input, { user, db }) => {
  const t = await revokeToken(db, user, input.id);
  return `/unit/api-tokens?did=revoked&token=${encodeURIComponent(t.prefix)}`;
});
