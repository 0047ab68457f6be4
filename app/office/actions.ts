"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { NOTE_MAX, publishPeriod } from "@/lib/publication/publish";
import { withLang } from "@/lib/i18n";
import { Fields, officeAction } from "@/lib/web/action";

const dashboard = (i: { period: string; asOf: string }) => `/office?period=${i.period}&asOf=${i.asOf}`;

/** The confirmation panel of publishing, with the notes typed so far. */
const publishPanel = (i: { period: string; asOf: string; note: string; noteEn: string }) =>
  `${dashboard(i)}&do=publish${i.note ? `&note=${encodeURIComponent(i.note)}` : ""}${i.noteEn ? `&noteEn=${encodeURIComponent(i.noteEn)}` : ""}`;

/**
 * The office publishes the period as reviewed: a new immutable version, audited with who and when.
 * Only what the office confirmed on the panel (the version and the figures it was shown, bound by
 * their fingerprint) is published; a submission without them leads to the panel, publishing nothing.
 */
export const publishAction = officeAction(
  {
    name: "publish",
    input: z.object({
      period: Fields.period,
      asOf: Fields.date,
      note: z.string().max(NOTE_MAX).default(""),
      noteEn: z.string().max(NOTE_MAX).default(""),
      version: Fields.id.optional(),
      fingerprint: z.string().regex(/^[0-9a-f]{64}$/).optional(),
    }),
    back: (i) => (i.version && i.fingerprint ? publishPanel(i) : dashboard(i)),
  },
  async (input, { user, db, lang }) => {
    if (!input.version || !input.fingerprint) redirect(withLang(lang, publishPanel(input)));
    const row = await publishPeriod(db, { period: input.period, asOf: input.asOf, actor: user, note: input.note, noteEn: input.noteEn, confirmed: { version: input.version, fingerprint: input.fingerprint } });
    return `${dashboard(input)}&published=${row.version}`;
  },
);
