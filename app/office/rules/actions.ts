"use server";

import { redirect } from "next/navigation";
import { getDb } from "@/db";
import { requireOffice } from "@/lib/auth/guards";
import { saveRules, validateRules } from "@/lib/notices/rules";

/** The office changes the notice rules: checked, saved as a new version, audited. */
export async function saveRulesAction(form: FormData) {
  const user = await requireOffice("rules:save", "/office/rules");
  let target = "/office/rules?saved=1";
  try {
    const rules = validateRules(JSON.parse(String(form.get("rules") ?? "")));
    await saveRules(await getDb(), rules, user.username);
  } catch (e) {
    target = `/office/rules?error=${encodeURIComponent(e instanceof Error ? e.message : String(e))}`;
  }
  redirect(target);
}
