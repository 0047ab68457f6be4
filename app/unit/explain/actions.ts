"use server";

import { z } from "zod";
import { EXPLANATION_MAX } from "@/lib/explanation-keys";
import { saveExplanation } from "@/lib/explanations";
import { TARGETS } from "@/lib/export-items";
import { Fields, unitAction } from "@/lib/web/action";

/**
 * A unit's head or clerk explains a problem item of their own unit's list (说明迟报原因). The unit
 * comes from the session, never from the form; the domain function checks the item is the unit's and
 * a problem, and the text. Saved: back to the list the item was shown in.
 */
const Input = z.object({
  target: z.enum(TARGETS as [string, ...string[]]),
  key: z.string().min(1).max(300),
  period: Fields.period,
  // the length is the domain's to check, with its message; this only bounds what is read
  text: z.string().max(EXPLANATION_MAX * 4),
  from: z.enum(["todo", "items"]).default("items"),
});

// a form the schema refused comes back with its fields URL-encoded (lib/web/action.ts), a checked one as typed
const decoded = (v: string) => {
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
};
const formPage = (i: { target: string; key: string; period: string; from?: string }) =>
  `/unit/explain?${new URLSearchParams({ target: decoded(i.target), key: decoded(i.key), period: decoded(i.period), from: decoded(i.from ?? "items") }).toString()}`;

export const explainAction = unitAction({ name: "explain:item", input: Input, back: formPage }, async (input, { user, db }) => {
  await saveExplanation(db, user, { target: input.target as (typeof TARGETS)[number], key: input.key, period: input.period, text: input.text });
  const list = new URLSearchParams({ period: input.period, ...(input.from === "items" ? { indicator: input.target } : {}) });
  return `/unit?${list.toString()}`;
});
