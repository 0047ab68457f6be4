"use server";

import { z } from "zod";
import { AppError } from "@/lib/errors";
import { correctionFromForm, correctRow } from "@/lib/ingest/correct";
import { officeFormAction } from "@/lib/web/action";

/**
 * The office corrects one row of any unit: checked first (what will change, nothing stored), then
 * saved as confirmed — an import batch of one row, channel form, with the reason
 * (lib/ingest/correct.ts). The answer comes back in place, so the form keeps what was typed.
 */
export const correctAction = officeFormAction({ name: "correct:row", input: z.record(z.string(), z.unknown()) }, async (input, { user, db, lang }) => {
  const correction = correctionFromForm(input);
  if (!correction) throw AppError.notFound("没有这类数据", "no such kind of data");
  return correctRow(db, user, correction, lang);
});
