"use server";

import { rulesFromForm, saveRules } from "@/lib/notices/rules";
import { officeFormAction } from "@/lib/web/action";
import { z } from "zod";

/**
 * The office changes the notice rules on the form (one row per rule): checked, saved as a new version,
 * audited. The answer comes back in place, so that a mistake keeps everything typed.
 */
export const saveRulesAction = officeFormAction({ name: "rules:save", input: z.record(z.string(), z.unknown()) }, async (input, { user, db }) => {
  const saved = await saveRules(db, rulesFromForm(input), user);
  return { version: saved.version };
});
