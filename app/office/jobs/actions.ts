"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db";
import { jobByName, jobContext } from "@/jobs";
import { requireOffice } from "@/lib/auth/guards";
import { runJob } from "@/lib/jobs/runner";

/** The office runs a job by hand; the run is recorded like a scheduled one. */
export async function runJobAction(form: FormData) {
  await requireOffice("jobs:run", "/office/jobs");
  const job = jobByName(z.string().parse(form.get("job")));
  if (!job) redirect("/office/jobs?error=unknown");
  const r = await runJob(job, jobContext(await getDb()), "manual");
  redirect(`/office/jobs?ran=${job.name}&outcome=${r.outcome}`);
}
