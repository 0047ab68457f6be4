import "server-only";
import { createHash } from "node:crypto";
import type { Sql } from "@/db/client";
import { deadline } from "@/lib/calendar";
import { assertOffice, type Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { tell } from "@/lib/inbox/messages";
import { publicationsChanged } from "@/lib/publication/response-cache";
import { periodLabel } from "@/lib/i18n";
import { todayInShanghai } from "@/lib/today";
import { unitNameInBoth } from "@/lib/unit-names";
import { freezeAnnex } from "./annex";
import { COPIES_TO_MAX, DOC_FORM, TITLE_MAX } from "./form";
import { personalDataIn } from "./personal-data";
import { checkAttachment, checkAttachmentLimits, MAX_REPORT_CHARS, type Attachment } from "./report-files";

/**
 * The life of a notice: draft → (approved once →) approved → issued → rectification reports
 * (submitted → returned | accepted) → rectified. Every step checks who acts, runs in one
 * transaction and writes the notice's timeline and the audit log (STYLE.md rule 3).
 */
export type { Actor };

export const NOTICE_PREFIX = "甘信用办通";

export { DOC_FORM, TITLE_MAX, COPIES_TO_MAX, documentForm } from "./form";

export interface NoticeRow {
  id: number;
  period: string;
  grp: string;
  unit_code: string;
  rules: string[];
  status: string;
  title: string;
  body: string;
  addressees: string;
  deadline_workdays: number;
  approved_by: string | null;
  number: string | null;
  issued_by: string | null;
  issued_at: string | null;
  rectification_due: string | null;
  is_public: boolean;
  refers_to: number | null;
  /** the office's reason when the draft came from closing the period before it ended */
  early_close_reason: string | null;
  /** null: drafted before the current document form (see documentForm) */
  doc_form: number | null;
  /** 抄送 of the 版记 */
  copies_to: string | null;
  figures: Record<string, unknown>;
  worst_items: { target: string; status: string; total: number; items: Record<string, unknown>[] }[];
  as_of: string;
  created_at: string;
}

const refuse = (zh: string, en: string, status = 403) => new AppError("notice_refused", zh, en, status);

function requireOffice(actor: Actor) {
  assertOffice(actor, { zh: "办理通报", en: "handle notices" });
}

export async function getNotice(db: Sql, id: number): Promise<NoticeRow> {
  const [n] = await db.query<NoticeRow>(
    `SELECT id, period, grp, unit_code, rules, status, title, body, addressees, deadline_workdays, approved_by, number, issued_by,
            issued_at::text, rectification_due, is_public, refers_to, early_close_reason, doc_form, copies_to, figures, worst_items, as_of, created_at::text
     FROM notices WHERE id = $1`,
    [id],
  );
  if (!n) throw new AppError("not_found", `通报 ${id} 不存在`, `notice ${id} does not exist`, 404);
  return n;
}

async function event(tx: Sql, noticeId: number, actor: Actor, kind: string, detail: Record<string, unknown> = {}) {
  await tx.query(`INSERT INTO notice_events (notice_id, actor, kind, detail) VALUES ($1, $2, $3, $4::jsonb)`, [noticeId, actor.username, kind, JSON.stringify(detail)]);
  await tx.query(`INSERT INTO audit_log (actor, action, entity, entity_key, after) VALUES ($1, $2, 'notices', $3, $4::jsonb)`, [actor.username, kind, String(noticeId), JSON.stringify(detail)]);
}

async function lockNotice(tx: Sql, id: number): Promise<NoticeRow> {
  await tx.query(`SELECT id FROM notices WHERE id = $1 FOR UPDATE`, [id]);
  return getNotice(tx, id);
}

export async function secondApproverRequired(db: Sql): Promise<boolean> {
  const [row] = await db.query<{ value: string }>(`SELECT value FROM settings WHERE key = 'notices.second_approver'`);
  return row?.value === "true";
}

export async function setSecondApproverRequired(db: Sql, actor: Actor, required: boolean): Promise<void> {
  requireOffice(actor);
  await db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO settings (key, value) VALUES ('notices.second_approver', $1) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
      [String(required)],
    );
    await tx.query(`INSERT INTO audit_log (actor, action, entity, entity_key, after) VALUES ($1, 'setting', 'settings', 'notices.second_approver', $2::jsonb)`, [actor.username, JSON.stringify({ required })]);
  });
}

/** The office edits a draft (nothing issued is ever edited). */
export async function editDraft(db: Sql, actor: Actor, id: number, input: { title: string; body: string; addressees: string; deadlineWorkdays: number; copiesTo?: string }): Promise<void> {
  requireOffice(actor);
  if (!input.title.trim() || !input.body.trim()) throw refuse("标题和正文不能为空", "title and body are required", 400);
  const titleLength = [...input.title.trim()].length;
  if (titleLength > TITLE_MAX) {
    throw refuse(`标题不能超过 ${TITLE_MAX} 个字（现为 ${titleLength} 个字），请精简`, `the title is limited to ${TITLE_MAX} characters (it has ${titleLength}): shorten it`, 400);
  }
  if (!input.addressees.trim()) throw refuse("主送机关不能为空", "the addressee is required", 400);
  const copiesTo = (input.copiesTo ?? "").trim();
  if ([...copiesTo].length > COPIES_TO_MAX) throw refuse(`抄送不能超过 ${COPIES_TO_MAX} 个字`, `the copies-to line is limited to ${COPIES_TO_MAX} characters`, 400);
  if (!Number.isInteger(input.deadlineWorkdays) || input.deadlineWorkdays < 1 || input.deadlineWorkdays > 120) {
    throw refuse("整改期限应为 1–120 个工作日", "the rectification period must be 1–120 working days", 400);
  }
  await db.transaction(async (tx) => {
    const n = await lockNotice(tx, id);
    if (n.status !== "draft" && n.status !== "approved_once") throw refuse("只能修改草稿", "only a draft can be edited", 409);
    // the body keeps its paragraphs' leading full-width indent; only trailing space goes
    await tx.query(
      `UPDATE notices SET title = $2, body = $3, addressees = $4, deadline_workdays = $5, copies_to = $6, doc_form = ${DOC_FORM}, status = 'draft', approved_by = NULL, approved_at = NULL WHERE id = $1`,
      [id, input.title.trim(), input.body.replace(/\s+$/u, ""), input.addressees.trim(), input.deadlineWorkdays, input.copiesTo === undefined ? n.copies_to : copiesTo || null],
    );
    await event(tx, id, actor, "edited", { title: input.title.trim() });
  });
}

/**
 * What approving does to a notice in its state (the confirmation says it before): a draft becomes
 * approved, or approved once when two approvers are required; a second approval must come from
 * someone else. Throws the refusal otherwise.
 */
export function approvalStep(n: Pick<NoticeRow, "status" | "approved_by">, twoNeeded: boolean, username: string): "approved" | "approved_once" {
  if (n.status === "draft") return twoNeeded ? "approved_once" : "approved";
  if (n.status === "approved_once") {
    if (n.approved_by === username) throw refuse("第二次审批须由另一人完成", "the second approval must come from someone else", 409);
    return "approved";
  }
  throw refuse("该通报不在待审批状态", "this notice is not awaiting approval", 409);
}

/** Approval; when the office requires a second approver, two different people must approve. */
export async function approve(db: Sql, actor: Actor, id: number): Promise<string> {
  requireOffice(actor);
  const twoNeeded = await secondApproverRequired(db);
  return db.transaction(async (tx) => {
    const n = await lockNotice(tx, id);
    const status = approvalStep(n, twoNeeded, actor.username);
    await tx.query(`UPDATE notices SET status = $2, approved_by = $3, approved_at = now() WHERE id = $1`, [id, status, n.approved_by && status === "approved" ? `${n.approved_by}, ${actor.username}` : actor.username]);
    await event(tx, id, actor, status === "approved" ? "approved" : "approved_once");
    return status;
  });
}

/**
 * The number the next notice issued on `today` takes: the year's next sequence number
 * (甘信用办通〔2026〕7号). Issuing takes it under the year's lock; the confirmation shows it before.
 */
export async function nextNoticeNumber(db: Sql, today: string): Promise<{ year: number; seq: number; number: string }> {
  const year = Number(today.slice(0, 4));
  const [next] = await db.query<{ seq: number }>(`SELECT coalesce(max(seq), 0) + 1 AS seq FROM notices WHERE year = $1`, [year]);
  const seq = next!.seq;
  return { year, seq, number: `${NOTICE_PREFIX}〔${year}〕${seq}号` };
}

/**
 * Issues an approved notice: the next number of the year (甘信用办通〔2026〕7号), without gaps or
 * duplicates however many are issued at once (a per-year lock, and a unique index behind it), and
 * the rectification deadline in working days from the issue date. With `expectedNumber` (the number
 * the office confirmed), issuing is refused when the notice would take another one.
 */
export async function issue(db: Sql, actor: Actor, id: number, today: string, expectedNumber?: string): Promise<{ number: string; rectificationDue: string }> {
  requireOffice(actor);
  const year = Number(today.slice(0, 4));
  return db.transaction(async (tx) => {
    const n = await lockNotice(tx, id);
    if (n.status !== "approved") throw refuse("通报须审批后才能印发", "a notice must be approved before it is issued", 409);
    const due = await deadline(tx, today, n.deadline_workdays);
    await tx.query(`SELECT pg_advisory_xact_lock(728164004, $1)`, [year]);
    const next = await nextNoticeNumber(tx, today);
    const number = next.number;
    if (expectedNumber !== undefined && expectedNumber !== number) {
      throw refuse(`文号已变为 ${number}（确认时为 ${expectedNumber}），请重新确认后再印发`, `the number is now ${number} (${expectedNumber} when confirmed): confirm again before issuing`, 409);
    }
    // the annex is frozen first: once the notice is issued nothing can be added to it
    const annexItems = await freezeAnnex(tx, n);
    await tx.query(
      `UPDATE notices SET status = 'issued', year = $2, seq = $3, number = $4, issued_by = $5, issued_at = $6::date + time '09:00', rectification_due = $7, doc_form = ${DOC_FORM} WHERE id = $1`,
      [id, year, next.seq, number, actor.username, today, due],
    );
    await event(tx, id, actor, "issued", { number, rectification_due: due, annex_items: annexItems });
    // the unit's head and clerks learn of it at once (and by mail when SMTP is set up)
    // the English text names the unit in English (the notice's title is the Chinese document's)
    const unit = await unitNameInBoth(tx, n.unit_code);
    await tell(tx, { unit: n.unit_code }, {
      kind: "notice",
      title: `收到通报 ${number}`,
      body: `领导小组办公室印发了《${n.title}》（${number}），请对照问题清单整改，于 ${due} 前报送整改报告。`,
      titleEn: `Notice ${number} received`,
      bodyEn: `The office issued notice ${number} to ${unit.en} on its credit work in ${periodLabel("en", n.period)}: rectify the listed items and submit the rectification report by ${due}.`,
      link: `/unit/notices/${id}`,
    });
    return { number, rectificationDue: due };
  });
}

/** A correction of an issued notice is a new draft that refers to it. */
export async function correct(db: Sql, actor: Actor, id: number): Promise<number> {
  requireOffice(actor);
  return db.transaction(async (tx) => {
    const n = await lockNotice(tx, id);
    if (!n.number) throw refuse("只有已印发的通报需要更正", "only an issued notice needs a correction", 409);
    const [row] = await tx.query<{ id: number }>(
      `INSERT INTO notices (period, grp, unit_code, rules, rules_version, as_of, figures, worst_items, title, body, addressees, deadline_workdays, early_close_reason, refers_to, doc_form, copies_to)
       SELECT period, grp, unit_code, rules, rules_version, as_of, figures, worst_items, '关于更正' || $2 || '的通报', body, addressees, deadline_workdays, early_close_reason, id, ${DOC_FORM}, copies_to
       FROM notices WHERE id = $1 RETURNING id`,
      [id, n.number],
    );
    await event(tx, row!.id, actor, "drafted", { corrects: n.number });
    await event(tx, id, actor, "correction_drafted", { notice: row!.id });
    return row!.id;
  });
}

export async function setPublic(db: Sql, actor: Actor, id: number, isPublic: boolean): Promise<void> {
  requireOffice(actor);
  await db.transaction(async (tx) => {
    const n = await lockNotice(tx, id);
    if (!n.number) throw refuse("只有已印发的通报可以公开", "only an issued notice can be made public", 409);
    if (isPublic) {
      // a public notice names units, never persons: check the text before it reaches the public page
      const found = await personalDataIn(tx, [n.title, n.addressees, n.body].join("\n"));
      if (found.length > 0) {
        throw refuse(
          `通报含有个人信息（${found.join("、")}），不能公开；请起草更正通报去除后再公开`,
          `the notice contains personal data (${found.join(", ")}) and cannot be made public; draft a correction without it`,
          409,
        );
      }
    }
    await tx.query(`UPDATE notices SET is_public = $2 WHERE id = $1`, [id, isPublic]);
    await event(tx, id, actor, isPublic ? "made_public" : "made_private");
  });
  publicationsChanged();
}

/** A unit head or clerk reports on the unit's own issued notice. */
export async function submitReport(db: Sql, actor: Actor, id: number, input: { body: string; attachments: Attachment[] }): Promise<number> {
  if (actor.role !== "unit_head" && actor.role !== "clerk") throw refuse("整改报告由被通报单位报送", "the notified unit submits the report");
  if (!input.body.trim()) throw refuse("整改报告正文不能为空", "the report needs a text", 400);
  if (input.body.length > MAX_REPORT_CHARS) throw refuse(`整改报告正文不超过 ${MAX_REPORT_CHARS} 字`, `the report's text is limited to ${MAX_REPORT_CHARS} characters`, 400);
  checkAttachmentLimits(input.attachments.map((a) => ({ fileName: a.fileName, size: a.data.length })));
  const types = input.attachments.map(checkAttachment);
  return db.transaction(async (tx) => {
    const n = await lockNotice(tx, id);
    if (n.unit_code !== actor.unitCode) throw refuse("该通报不是发给你单位的", "this notice is not addressed to your unit", 404);
    if (n.status !== "issued") throw refuse(n.status === "rectified" ? "整改已通过验收" : "该通报尚未印发", n.status === "rectified" ? "the rectification was already accepted" : "this notice has not been issued", 409);
    const [pending] = await tx.query<{ id: number }>(`SELECT id FROM rectification_reports WHERE notice_id = $1 AND status = 'submitted'`, [id]);
    if (pending) throw refuse("上一份整改报告尚在审核中", "the previous report is still being reviewed", 409);
    const [r] = await tx.query<{ id: number }>(`INSERT INTO rectification_reports (notice_id, submitted_by, body) VALUES ($1, $2, $3) RETURNING id`, [id, actor.username, input.body.trim()]);
    for (const [i, a] of input.attachments.entries()) {
      await tx.query(`INSERT INTO report_attachments (report_id, file_name, content_type, bytes, sha256, data) VALUES ($1, $2, $3, $4, $5, $6)`, [
        r!.id,
        a.fileName,
        types[i],
        a.data.length,
        createHash("sha256").update(a.data).digest("hex"),
        // bound as bytea by both drivers (a Buffer is a Uint8Array)
        a.data,
      ]);
    }
    await event(tx, id, actor, "report_submitted", { report: r!.id, attachments: input.attachments.map((a) => a.fileName) });
    // a report arriving is work for the office: every office account is told
    const unit = await unitNameInBoth(tx, n.unit_code);
    const files = input.attachments.length;
    await tell(tx, { office: true }, {
      kind: "notice",
      title: `${unit.zh}报送了整改报告，待审核`,
      body: `${unit.zh}就通报 ${n.number ?? ""} 报送了整改报告${files > 0 ? `（附件 ${files} 个）` : ""}，请审核：验收通过或写明理由退回。`,
      titleEn: `${unit.en} submitted a rectification report to review`,
      bodyEn: `${unit.en} submitted its rectification report on notice ${n.number ?? ""}${files > 0 ? ` (${files} attachment${files > 1 ? "s" : ""})` : ""}: accept it, or return it with your reasons.`,
      link: `/office/notices/${id}`,
    });
    return r!.id;
  });
}

/**
 * The office accepts a report (the notice is rectified) or returns it with its reasons; the unit's
 * head and clerks are told either way. A return keeps the notice's deadline: the unit resubmits by
 * it (the overdue reminders and escalation count from it).
 */
export async function reviewReport(db: Sql, actor: Actor, reportId: number, input: { accept: boolean; note: string; today?: string }): Promise<void> {
  requireOffice(actor);
  if (!input.accept && !input.note.trim()) throw refuse("退回时须写明理由", "say why when returning a report", 400);
  await db.transaction(async (tx) => {
    const [r] = await tx.query<{ notice_id: number; status: string }>(`SELECT notice_id, status FROM rectification_reports WHERE id = $1 FOR UPDATE`, [reportId]);
    if (!r) throw new AppError("not_found", `整改报告 ${reportId} 不存在`, `report ${reportId} does not exist`, 404);
    if (r.status !== "submitted") throw refuse("该报告已审核", "this report has been reviewed", 409);
    await tx.query(`UPDATE rectification_reports SET status = $2, review_note = $3, reviewed_by = $4, reviewed_at = now() WHERE id = $1`, [
      reportId,
      input.accept ? "accepted" : "returned",
      input.note.trim(),
      actor.username,
    ]);
    if (input.accept) await tx.query(`UPDATE notices SET status = 'rectified' WHERE id = $1`, [r.notice_id]);
    const note = input.note.trim();
    await event(tx, r.notice_id, actor, input.accept ? "accepted" : "returned", { report: reportId, note });
    const n = await getNotice(tx, r.notice_id);
    const due = n.rectification_due ?? "";
    const late = due !== "" && due < (input.today ?? todayInShanghai());
    // the reason as a clause of the message, without its own closing stop
    const reason = note.replace(/[。．.！!；;，,\s]+$/u, "");
    await tell(
      tx,
      { unit: n.unit_code },
      input.accept
        ? {
            kind: "notice",
            title: `整改已验收：${n.number ?? ""}`,
            body: `领导小组办公室验收通过了通报 ${n.number ?? ""} 的整改报告，该通报整改完毕。${note ? `意见：${note}` : ""}`,
            titleEn: `Rectification accepted: ${n.number ?? ""}`,
            bodyEn: `The office accepted your rectification report on notice ${n.number ?? ""}; the notice is closed.${note ? ` Remarks: ${note}` : ""}`,
            link: `/unit/notices/${n.id}`,
          }
        : {
            kind: "notice",
            title: `整改报告被退回：${n.number ?? ""}`,
            body: `领导小组办公室退回了通报 ${n.number ?? ""} 的整改报告，理由：${reason}。${late ? `整改期限 ${due} 已过，请尽快重新报送。` : `请于 ${due} 前重新报送。`}`,
            titleEn: `Rectification report returned: ${n.number ?? ""}`,
            bodyEn: `The office returned your rectification report on notice ${n.number ?? ""}: ${reason}. ${late ? `The deadline (${due}) has passed: resubmit as soon as possible.` : `Resubmit by ${due}.`}`,
            link: `/unit/notices/${n.id}`,
          },
    );
  });
}

export interface TimelineEvent {
  at: string;
  actor: string;
  kind: string;
  detail: Record<string, unknown>;
}

export async function timeline(db: Sql, id: number): Promise<TimelineEvent[]> {
  return db.query<TimelineEvent>(`SELECT at::text, actor, kind, detail FROM notice_events WHERE notice_id = $1 ORDER BY id`, [id]);
}

/** Working days a notice is past its rectification deadline (0 when not due or rectified). */
export async function workdaysOverdue(db: Sql, n: Pick<NoticeRow, "rectification_due" | "status">, today: string): Promise<number> {
  if (!n.rectification_due || n.status !== "issued" || today <= n.rectification_due) return 0;
  const [row] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM calendar_days WHERE is_workday AND date > $1::date AND date <= $2::date`, [n.rectification_due, today]);
  return row?.n ?? 0;
}

/**
 * Overdue notices escalate: a reminder the first working day past the deadline, and an escalation
 * (the unit is then listed in the next period's notice) once it is 5 working days overdue. Each
 * step happens once per notice, so running this twice changes nothing.
 */
export async function escalateOverdue(db: Sql, actor: Actor, today: string): Promise<{ reminded: number; escalated: number }> {
  const issued = await db.query<NoticeRow>(`SELECT id, rectification_due, status FROM notices WHERE status = 'issued' AND rectification_due < $1::date`, [today]);
  let reminded = 0;
  let escalated = 0;
  for (const n of issued) {
    const overdue = await workdaysOverdue(db, n, today);
    if (overdue < 1) continue;
    const kinds = new Set((await timeline(db, n.id)).map((e) => e.kind));
    await db.transaction(async (tx) => {
      if (!kinds.has("reminded")) {
        await event(tx, n.id, actor, "reminded", { workdays_overdue: overdue });
        reminded++;
      }
      if (overdue >= 5 && !kinds.has("escalated")) {
        await event(tx, n.id, actor, "escalated", { workdays_overdue: overdue });
        escalated++;
      }
    });
  }
  return { reminded, escalated };
}
