"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { withLang } from "@/lib/i18n";
import { REASON_MAX, undoBatch } from "@/lib/ingest/undo";
import { Fields, unitAction } from "@/lib/web/action";

const UndoInput = z.object({ id: Fields.id, confirm: z.literal("1").optional(), reason: z.string().max(REASON_MAX).default("") });
/** the confirmation panel on the batch's page: the first submission leads there and does nothing */
const panel = (i: { id: number; reason?: string }) => `/unit/imports/${i.id}?do=undo${i.reason ? `&reason=${encodeURIComponent(i.reason)}` : ""}`;

/**
 * A unit head or clerk undoes a batch of their own unit, within the working days allowed, as confirmed
 * on its panel with the reason (lib/ingest/undo.ts checks the unit and the days, does it or refuses
 * naming what stands in the way; a refusal comes back on the panel, another unit's batch is a 404).
 */
export const undoImportAction = unitAction(
  { name: "imports:undo", input: UndoInput, back: (i) => (i.confirm ? panel(i) : `/unit/imports/${i.id}`) },
  async (input, { user, db, lang }) => {
    if (!input.confirm) redirect(withLang(lang, panel(input)));
    await undoBatch(db, user, input.id, input.reason);
    return `/unit/imports/${input.id}?undone=1`;
  },
);
