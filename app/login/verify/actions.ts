"use server";

import { z } from "zod";
import { requestContext } from "@/lib/auth/guards";
import { verifySecondFactor } from "@/lib/auth/two-factor";
import { AppError } from "@/lib/errors";
import { userAction } from "@/lib/web/action";
import { safeLocalPath } from "@/lib/web/local-path";

/**
 * The second step of signing in: a code from the authenticator or a recovery code. On success, on to
 * the page that was asked for; when wrong codes lock the account, the session is gone: back to sign-in.
 */
export const verifyCodeAction = userAction(
  {
    name: "auth:second-factor",
    input: z.object({ code: z.string().trim().min(6).max(20), next: z.string().max(500).default("") }),
    back: (input) => `/login/verify?next=${encodeURIComponent(input.next)}`,
  },
  async (input, { user, db }) => {
    try {
      await verifySecondFactor(db, user, input.code, (await requestContext("/login/verify")).address);
    } catch (e) {
      if (e instanceof AppError && e.code === "locked") return "/login?locked=1";
      throw e;
    }
    return safeLocalPath(input.next) ?? "/after-login";
  },
);
