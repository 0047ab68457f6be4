"use server";

import { z } from "zod";
import { closePeriod } from "@/lib/notices/close";
import { approve, correct, editDraft, issue, reviewReport, setPublic, setSecondApproverRequired } from "@/lib/notices/lifecycle";
import { todayInShanghai } from "@/lib/today";
import { Fields, officeAction } from "@/lib/web/action";

const OneNotice = z.object({ id: Fields.id });
const toNotice = (i: { id: number }) => `/office/notices/${i.id}`;

export const closeAction = officeAction(
  { name: "notices:close", input: z.object({ period: Fields.period, asOf: Fields.date }), back: (i) => `/office/notices?period=${i.period}` },
  async (input, { user, db }) => {
    await closePeriod(db, { period: input.period, asOf: input.asOf, actor: user });
  },
);

export const editAction = officeAction(
  {
    name: "notices:edit",
    input: z.object({
      id: Fields.id,
      title: z.string().max(200),
      body: z.string().max(20_000),
      addressees: z.string().max(500),
      deadlineWorkdays: z.coerce.number().int(),
    }),
    back: toNotice,
  },
  async ({ id, ...draft }, { user, db }) => editDraft(db, user, id, draft),
);

export const approveAction = officeAction({ name: "notices:approve", input: OneNotice, back: toNotice }, async (input, { user, db }) => {
  await approve(db, user, input.id);
});

export const issueAction = officeAction({ name: "notices:issue", input: OneNotice, back: toNotice }, async (input, { user, db }) => {
  await issue(db, user, input.id, todayInShanghai());
});

/** A correction is a new draft: the office continues on its page. */
export const correctAction = officeAction({ name: "notices:correct", input: OneNotice, back: toNotice }, async (input, { user, db }) => {
  return `/office/notices/${await correct(db, user, input.id)}`;
});

export const publicAction = officeAction(
  { name: "notices:public", input: z.object({ id: Fields.id, public: Fields.flag }), back: toNotice },
  async (input, { user, db }) => setPublic(db, user, input.id, input.public),
);

export const reviewAction = officeAction(
  {
    name: "notices:review",
    input: z.object({ id: Fields.id, reportId: Fields.id, decision: z.enum(["accept", "return"]), note: z.string().max(5000).default("") }),
    back: toNotice,
  },
  async (input, { user, db }) => reviewReport(db, user, input.reportId, { accept: input.decision === "accept", note: input.note }),
);

export const secondApproverAction = officeAction(
  { name: "notices:settings", input: z.object({ required: Fields.flag }), back: () => "/office/notices" },
  async (input, { user, db }) => setSecondApproverRequired(db, user, input.required),
);
