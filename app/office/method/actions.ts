"use server";

import { z } from "zod";
import { parseMinSample, setMinSample } from "@/lib/scoring/method";
import { officeAction } from "@/lib/web/action";

/**
 * The office confirms a new minimum sample (after the page showed what it changes): checked, saved
 * as a new version of the method, audited with before and after. Refused when the value in force is
 * no longer the one the office saw.
 */
export const setMinSampleAction = officeAction(
  {
    name: "method:min-sample",
    input: z.object({ min_sample: z.string(), note: z.string().max(500).optional(), from: z.coerce.number().int().min(0) }),
    back: () => "/office/method",
  },
  async (input, { user, db }) => {
    await setMinSample(db, { minSample: parseMinSample(input.min_sample), note: input.note, actor: user, confirmedFrom: input.from });
    return "/office/method?saved=1";
  },
);
