import "server-only";
import type { Sql } from "@/db/client";
import type { Actor } from "@/lib/auth/actor";
import { deadline } from "@/lib/calendar";
import { AppError } from "@/lib/errors";
import { approvalStep, getNotice, nextNoticeNumber, secondApproverRequired } from "./lifecycle";
import { personalDataIn } from "./personal-data";

/**
 * What a step of a notice's life that cannot be taken back would do, said on the confirmation panel
 * before the office confirms it: computed by the same functions the step itself uses (the number by
 * nextNoticeNumber, the approval by approvalStep, the public check by personalDataIn), so the panel
 * and the step never disagree. The step itself checks again, inside its transaction.
 */

export interface IssuePreview {
  /** the 文号 issuing today takes */
  number: string;
  issueDate: string;
  rectificationDue: string;
  deadlineWorkdays: number;
  addressees: string;
}

/** Issuing an approved notice today: its number and rectification deadline. */
export async function issuePreview(db: Sql, id: number, today: string): Promise<IssuePreview> {
  const n = await getNotice(db, id);
  if (n.status !== "approved") throw new AppError("notice_refused", "通报须审批后才能印发", "a notice must be approved before it is issued", 409);
  const { number } = await nextNoticeNumber(db, today);
  return { number, issueDate: today, rectificationDue: await deadline(db, today, n.deadline_workdays), deadlineWorkdays: n.deadline_workdays, addressees: n.addressees };
}

export type ApprovalPreview =
  | { outcome: "approved" | "approved_once"; twoNeeded: boolean; firstApprover: string | null }
  | { outcome: "refused"; message: { zh: string; en: string } };

/** Approving the notice now, by this actor: approved (ready to issue), approved once, or refused. */
export async function approvalPreview(db: Sql, actor: Actor, id: number): Promise<ApprovalPreview> {
  const n = await getNotice(db, id);
  const twoNeeded = await secondApproverRequired(db);
  try {
    return { outcome: approvalStep(n, twoNeeded, actor.username), twoNeeded, firstApprover: n.status === "approved_once" ? n.approved_by : null };
  } catch (e) {
    if (e instanceof AppError) return { outcome: "refused", message: { zh: e.zh, en: e.en } };
    throw e;
  }
}

/** Making the notice public: what in its text would stop it (personal data), masked. */
export async function publicPreview(db: Sql, id: number): Promise<{ personalData: string[]; issued: boolean }> {
  const n = await getNotice(db, id);
  return { personalData: await personalDataIn(db, [n.title, n.addressees, n.body].join("\n")), issued: n.number !== null };
}

export interface ApproverSwitchPreview {
  /** required now */
  twoNeeded: boolean;
  drafts: number;
  approvedOnce: number;
  approved: number;
}

/** Switching between one and two approvers: the notices on their way that it concerns. */
export async function approverSwitchPreview(db: Sql): Promise<ApproverSwitchPreview> {
  const [row] = await db.query<{ drafts: number; approved_once: number; approved: number }>(
    `SELECT count(*) FILTER (WHERE status = 'draft')::int AS drafts, count(*) FILTER (WHERE status = 'approved_once')::int AS approved_once,
            count(*) FILTER (WHERE status = 'approved')::int AS approved
     FROM notices WHERE status IN ('draft', 'approved_once', 'approved')`,
  );
  return { twoNeeded: await secondApproverRequired(db), drafts: row?.drafts ?? 0, approvedOnce: row?.approved_once ?? 0, approved: row?.approved ?? 0 };
}
