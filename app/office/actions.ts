"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db";
import { requireOffice } from "@/lib/auth/guards";
import { AppError } from "@/lib/errors";
import { publishPeriod } from "@/lib/publication/publish";

const PublishInput = z.object({
  period: z.string().regex(/^\d{4}(-\d{2}|-Q[1-4])?$/),
  asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  note: z.string().max(500).default(""),
  lang: z.enum(["zh", "en"]).default("zh"),
});

/** The office publishes the period as reviewed: a new immutable version, audited with who and when. */
export async function publishAction(form: FormData): Promise<void> {
  const user = await requireOffice("publish", "/office");
  const input = PublishInput.parse({ period: form.get("period"), asOf: form.get("asOf"), note: form.get("note") ?? "", lang: form.get("lang") ?? "zh" });
  const back = `/office?period=${input.period}&asOf=${input.asOf}${input.lang === "en" ? "&lang=en" : ""}`;
  let target: string;
  try {
    const row = await publishPeriod(await getDb(), { period: input.period, asOf: input.asOf, actor: user.username, note: input.note });
    target = `${back}&published=${row.version}`;
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    target = `${back}&error=${encodeURIComponent(input.lang === "en" ? e.en : e.zh)}`;
  }
  redirect(target);
}
