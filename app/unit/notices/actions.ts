"use server";

import { z } from "zod";
import { checkAttachmentLimits, submitReport } from "@/lib/notices/lifecycle";
import { Fields, unitAction } from "@/lib/web/action";

/** A unit head or clerk submits the rectification report on their own unit's notice (the domain checks the unit). */
export const submitReportAction = unitAction(
  {
    name: "notices:report",
    input: z.object({ id: Fields.id, body: z.string().max(20_000), attachments: Fields.files }),
    back: (i) => `/unit/notices/${i.id}`,
  },
  async (input, { user, db }) => {
    // the form promises 5 files of 5 MB: refuse more before reading any of them
    const files = input.attachments.filter((f) => f.size > 0);
    checkAttachmentLimits(files.map((f) => ({ fileName: f.name, size: f.size })));
    const attachments = await Promise.all(files.map(async (f) => ({ fileName: f.name, data: Buffer.from(await f.arrayBuffer()) })));
    await submitReport(db, user, input.id, { body: input.body, attachments });
  },
);
