"use server";

import { z } from "zod";
import { commitUpload, discardUpload, inBackground } from "@/lib/ingest/upload";
import { Fields, unitAction } from "@/lib/web/action";

const OneUpload = z.object({ id: Fields.id, confirm: z.literal("1").optional() });
const toUpload = (i: { id: number }) => `/unit/upload/${i.id}`;

/**
 * The unit's own (a head's or clerk's upload; the domain checks the unit): as the office's
 * (app/office/upload/actions.ts). Imports a checked file for good. The first submission leads to the confirmation panel (what will be
 * added, changed and left out); the confirmed one starts the import off the request and the page
 * follows it.
 */
export const commitAction = unitAction({ name: "upload:commit-unit", input: OneUpload, back: toUpload }, async (input, { user, db }) => {
  if (!input.confirm) return `/unit/upload/${input.id}?do=commit`;
  await commitUpload(db, user, input.id);
  // the work outlives the request; the page follows it
  void inBackground(db, input.id, "commit");
  return toUpload(input);
});

/** Gives up a checked (or failed) file: nothing imported, its bytes dropped. */
export const discardAction = unitAction({ name: "upload:discard-unit", input: OneUpload, back: toUpload }, async (input, { user, db }) => {
  await discardUpload(db, user, input.id);
  return toUpload(input);
});
