"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { withLang } from "@/lib/i18n";
import { REASON_MAX, undoBatch } from "@/lib/ingest/undo";
import { Fields, officeAction } from "@/lib/web/action";

const UndoInput = z.object({ id: Fields.id, confirm: z.literal("1").optional(), reason: z.string().max(REASON_MAX).default("") });
/** the confirmation panel on the batch's page: the first submission leads there and does nothing */
const panel = (i: { id: number; reason?: string }) => `/office/imports/${i.id}?do=undo${i.reason ? `&reason=${encodeURIComponent(i.reason)}` : ""}`;

/**
 * The office undoes an import batch, as confirmed on its panel with the reason (lib/ingest/undo.ts
 * does it, or refuses naming the rows that stand in the way; the refusal comes back on the panel).
 */
export const undoImportAction = officeAction(
  { name: "imports:undo", input: UndoInput, back: (i) => (i.confirm ? panel(i) : `/office/imports/${i.id}`) },
  async (input, { user, db, lang }) => {
    if (!input.confirm) redirect(withLang(lang, panel(input)));
    await undoBatch(db, user, input.id, input.reason);
    return `/office/imports/${input.id}?undone=1`;
  },
);
