"use server";

import { z } from "zod";
import { changeOwnPassword } from "@/lib/auth/accounts";
import { inBoth, userAction } from "@/lib/web/action";

/** A user replaces their own password; every session ends, and they sign in again with the new one. */
export const changePasswordAction = userAction(
  {
    name: "account:password",
    input: z
      .object({ current: z.string().min(1).max(200), next: z.string().max(200), confirm: z.string().max(200) })
      .refine((v) => v.next === v.confirm, { path: ["confirm"], message: inBoth("两次输入的新密码不一致", "the two new passwords differ") }),
    back: () => "/account",
  },
  async (input, { user, db }) => {
    await changeOwnPassword(db, user, { current: input.current, next: input.next });
    return "/login?changed=1";
  },
);
