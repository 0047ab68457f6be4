"use server";

import { z } from "zod";
import { requestContext } from "@/lib/auth/guards";
import { confirmEnrolment, disableOwnTwoFactor, newRecoveryCodes } from "@/lib/auth/two-factor";
import { userAction, userFormAction } from "@/lib/web/action";

/**
 * The user's own two-factor sign-in. Switching it on and renewing recovery codes answer in place:
 * the codes are in that one response only, never in a URL or the database (which keeps hashes).
 */
const Code = z.string().trim().min(6).max(20);

export const confirmTwoFactorAction = userFormAction(
  { name: "account:two-factor-confirm", input: z.object({ ticket: z.string().min(1).max(2000), code: Code }) },
  (input, { user, db }) => confirmEnrolment(db, user, input.ticket, input.code),
);

export const renewRecoveryCodesAction = userFormAction({ name: "account:recovery-codes", input: z.object({}) }, (_input, { user, db }) => newRecoveryCodes(db, user));

export const disableTwoFactorAction = userAction(
  { name: "account:two-factor-disable", input: z.object({ code: Code }), back: () => "/account/two-factor" },
  async (input, { user, db }) => {
    await disableOwnTwoFactor(db, user, input.code, (await requestContext("/account/two-factor")).address);
    return "/account/two-factor?did=off";
  },
);
