"use server";

import { z } from "zod";
import { parseRulesJson, saveRules } from "@/lib/notices/rules";
import { officeAction } from "@/lib/web/action";

/** The office changes the notice rules: checked, saved as a new version, audited. */
export const saveRulesAction = officeAction(
  { name: "rules:save", input: z.object({ rules: z.string().max(20_000) }), back: () => "/office/rules" },
  async (input, { user, db }) => {
    await saveRules(db, parseRulesJson(input.rules), user);
    return "/office/rules?saved=1";
  },
);
