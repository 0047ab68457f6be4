"use server";

import { z } from "zod";
import { runJobNow } from "@/jobs";
import { officeAction } from "@/lib/web/action";

/** The office runs a job by hand; the run is recorded like a scheduled one. */
export const runJobAction = officeAction(
  { name: "jobs:run", input: z.object({ job: z.string().min(1) }), back: () => "/office/jobs" },
  async (input, { user, db }) => {
    const r = await runJobNow(db, user, input.job);
    return `/office/jobs?ran=${encodeURIComponent(r.job)}&outcome=${r.outcome}`;
  },
);
