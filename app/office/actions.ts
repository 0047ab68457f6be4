"use server";

import { z } from "zod";
import { publishPeriod } from "@/lib/publication/publish";
import { Fields, officeAction } from "@/lib/web/action";

/** The office publishes the period as reviewed: a new immutable version, audited with who and when. */
export const publishAction = officeAction(
  {
    name: "publish",
    input: z.object({ period: Fields.period, asOf: Fields.date, note: z.string().max(500).default("") }),
    back: (i) => `/office?period=${i.period}&asOf=${i.asOf}`,
  },
  async (input, { user, db }) => {
    const row = await publishPeriod(db, { period: input.period, asOf: input.asOf, actor: user, note: input.note });
    return `/office?period=${input.period}&asOf=${input.asOf}&published=${row.version}`;
  },
);
