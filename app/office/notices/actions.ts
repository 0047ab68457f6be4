"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { EARLY_REASON_MAX, closePeriod, isEarlyClose } from "@/lib/notices/close";
import { approve, correct, editDraft, issue, reviewReport, setPublic, setSecondApproverRequired } from "@/lib/notices/lifecycle";
import { mailSoon } from "@/lib/notify/mail";
import { withLang } from "@/lib/i18n";
import { todayInShanghai } from "@/lib/today";
import { Fields, officeAction, officeFormAction } from "@/lib/web/action";

const OneNotice = z.object({ id: Fields.id });
const toNotice = (i: { id: number }) => `/office/notices/${i.id}`;
/** the confirmation panel of a step on the notice's page: the first submission leads there and does nothing */
const panel = (i: { id: number }, step: string) => `/office/notices/${i.id}?do=${step}`;
const confirmed = z.literal("1").optional();

/**
 * Closes a period. After its end, as the CLI and the job do. Before it, only as an early close that
 * the office confirms on its panel with the reason: a submission without both leads to the panel.
 */
export const closeAction = officeAction(
  {
    name: "notices:close",
    input: z.object({ period: Fields.period, asOf: Fields.date, early: confirmed, reason: z.string().max(EARLY_REASON_MAX).default("") }),
    back: (i) => (i.early ? `/office/notices?do=close&period=${i.period}&asOf=${i.asOf}` : `/office/notices?period=${i.period}`),
  },
  async (input, { user, db, lang }) => {
    if (isEarlyClose(input.period, input.asOf) && !input.early) redirect(withLang(lang, `/office/notices?do=close&period=${input.period}&asOf=${input.asOf}`));
    const r = await closePeriod(db, { period: input.period, asOf: input.asOf, actor: user, early: input.early ? { reason: input.reason } : undefined });
    return `/office/notices?period=${input.period}&closed=${r.created}`;
  },
);

/**
 * The office edits a draft; the answer comes back in place, so that a mistake (a title over the
 * limit, say) keeps everything typed. The limits themselves are editDraft's.
 */
export const editAction = officeFormAction(
  {
    name: "notices:edit",
    input: z.object({
      id: Fields.id,
      title: z.string().max(2000),
      body: z.string().max(20_000),
      addressees: z.string().max(500),
      copiesTo: z.string().max(2000).default(""),
      deadlineWorkdays: z.coerce.number().int(),
    }),
  },
  async ({ id, ...draft }, { user, db }) => {
    await editDraft(db, user, id, draft);
    return null;
  },
);

/** Approval, confirmed on its panel (what approving does with one or two approvers). */
export const approveAction = officeAction({ name: "notices:approve", input: OneNotice.extend({ confirm: confirmed }), back: toNotice }, async (input, { user, db, lang }) => {
  if (!input.confirm) redirect(withLang(lang, panel(input, "approve")));
  await approve(db, user, input.id);
});

/** Issuing, confirmed on its panel with the 文号 it takes: refused when the number is another by now. */
export const issueAction = officeAction(
  { name: "notices:issue", input: OneNotice.extend({ number: z.string().max(100).optional() }), back: toNotice },
  async (input, { user, db, lang }) => {
    if (!input.number) redirect(withLang(lang, panel(input, "issue")));
    await issue(db, user, input.id, todayInShanghai(), input.number);
    // the unit's head and clerks are told (lib/notices/lifecycle.ts); mailed at once when SMTP is set up
    void mailSoon(db);
  },
);

/** A correction is a new draft: the office continues on its page. */
export const correctAction = officeAction({ name: "notices:correct", input: OneNotice, back: toNotice }, async (input, { user, db }) => {
  return `/office/notices/${await correct(db, user, input.id)}`;
});

/** Making a notice public is confirmed on its panel; withdrawing it is not (it can be made public again). */
export const publicAction = officeAction(
  { name: "notices:public", input: z.object({ id: Fields.id, public: Fields.flag, confirm: confirmed }), back: toNotice },
  async (input, { user, db, lang }) => {
    if (input.public && !input.confirm) redirect(withLang(lang, panel(input, "public")));
    await setPublic(db, user, input.id, input.public);
  },
);

export const reviewAction = officeAction(
  {
    name: "notices:review",
    input: z.object({ id: Fields.id, reportId: Fields.id, decision: z.enum(["accept", "return"]), note: z.string().max(5000).default("") }),
    back: toNotice,
  },
  async (input, { user, db }) => {
    await reviewReport(db, user, input.reportId, { accept: input.decision === "accept", note: input.note, today: todayInShanghai() });
    void mailSoon(db);
  },
);

/** One or two approvers, switched after the panel that says what changes for the notices on their way. */
export const secondApproverAction = officeAction(
  { name: "notices:settings", input: z.object({ required: Fields.flag, confirm: confirmed }), back: () => "/office/notices" },
  async (input, { user, db, lang }) => {
    if (!input.confirm) redirect(withLang(lang, `/office/notices?do=approvers&required=${input.required ? "1" : "0"}`));
    await setSecondApproverRequired(db, user, input.required);
  },
);
