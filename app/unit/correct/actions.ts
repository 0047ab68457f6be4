"use server";

import { z } from "zod";
import { AppError } from "@/lib/errors";
import { correctionFromForm, correctRow } from "@/lib/ingest/correct";
import { unitFormAction } from "@/lib/web/action";

/**
 * A unit head or clerk corrects one row of their unit or its agencies: checked first (what will
 * change, nothing stored), then saved as confirmed — an import batch of one row, channel form, with the
 * reason (lib/ingest/correct.ts). The answer comes back in place, so the form keeps what was typed;
 * another unit's row is a 404.
 */
export const correctAction = unitFormAction({ name: "correct:row", input: z.record(z.string(), z.unknown()) }, async (input, { user, db, lang }) => {
  const correction = correctionFromForm(input);
  if (!correction) throw AppError.notFound("没有这类数据", "no such kind of data");
  return correctRow(db, user, correction, lang);
});
