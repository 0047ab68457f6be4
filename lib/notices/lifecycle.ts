import "server-only";
import { createHash } from "node:crypto";
import type { Sql } from "@/db/client";
import { deadline } from "@/lib/calendar";
import { assertOffice, type Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { publicationsChanged } from "@/lib/publication/response-cache";
import { personalDataIn } from "./personal-data";

/**
 * The life of a notice: draft → (approved once →) approved → issued → rectification reports
 * (submitted → returned | accepted) → rectified. Every step checks who acts, runs in one
 * transaction and writes the notice's timeline and the audit log (STYLE.md rule 3).
 */
export type { Actor };

export const NOTICE_PREFIX = "甘信用办通";
export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;
export const MAX_ATTACHMENTS = 5;

const ALLOWED_TYPES: Record<string, { type: string; magic?: number[] }> = {
  pdf: { type: "application/pdf", magic: [0x25, 0x50, 0x44, 0x46] },
  png: { type: "image/png", magic: [0x89, 0x50, 0x4e, 0x47] },
  jpg: { type: "image/jpeg", magic: [0xff, 0xd8, 0xff] },
  jpeg: { type: "image/jpeg", magic: [0xff, 0xd8, 0xff] },
  docx: { type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", magic: [0x50, 0x4b, 0x03, 0x04] },
  xlsx: { type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", magic: [0x50, 0x4b, 0x03, 0x04] },
  txt: { type: "text/plain" },
};

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
            issued_at::text, rectification_due, is_public, refers_to, figures, worst_items, as_of, created_at::text
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
export async function editDraft(db: Sql, actor: Actor, id: number, input: { title: string; body: string; addressees: string; deadlineWorkdays: number }): Promise<void> {
  requireOffice(actor);
  if (!input.title.trim() || !input.body.trim()) throw refuse("标题和正文不能为空", "title and body are required", 400);
  if (!Number.isInteger(input.deadlineWorkdays) || input.deadlineWorkdays < 1 || input.deadlineWorkdays > 120) {
    throw refuse("整改期限应为 1–120 个工作日", "the rectification period must be 1–120 working days", 400);
  }
  await db.transaction(async (tx) => {
    const n = await lockNotice(tx, id);
    if (n.status !== "draft" && n.status !== "approved_once") throw refuse("只能修改草稿", "only a draft can be edited", 409);
    await tx.query(`UPDATE notices SET title = $2, body = $3, addressees = $4, deadline_workdays = $5, status = 'draft', approved_by = NULL, approved_at = NULL WHERE id = $1`, [
      id,
      input.title.trim(),
      input.body.trim(),
      input.addressees.trim(),
      input.deadlineWorkdays,
    ]);
    await event(tx, id, actor, "edited", { title: input.title.trim() });
  });
}

/** Approval; when the office requires a second approver, two different people must approve. */
export async function approve(db: Sql, actor: Actor, id: number): Promise<string> {
  requireOffice(actor);
  const twoNeeded = await secondApproverRequired(db);
  return db.transaction(async (tx) => {
    const n = await lockNotice(tx, id);
    let status: string;
    if (n.status === "draft") status = twoNeeded ? "approved_once" : "approved";
    else if (n.status === "approved_once") {
      if (n.approved_by === actor.username) throw refuse("第二次审批须由另一人完成", "the second approval must come from someone else", 409);
      status = "approved";
    } else throw refuse("该通报不在待审批状态", "this notice is not awaiting approval", 409);
    await tx.query(`UPDATE notices SET status = $2, approved_by = $3, approved_at = now() WHERE id = $1`, [id, status, n.approved_by && status === "approved" ? `${n.approved_by}, ${actor.username}` : actor.username]);
    await event(tx, id, actor, status === "approved" ? "approved" : "approved_once");
    return status;
  });
}

/**
 * Issues an approved notice: the next number of the year (甘信用办通〔2026〕7号), without gaps or
 * duplicates however many are issued at once (a per-year lock, and a unique index behind it), and
 * the rectification deadline in working days from the issue date.
 */
export async function issue(db: Sql, actor: Actor, id: number, today: string): Promise<{ number: string; rectificationDue: string }> {
  requireOffice(actor);
  const year = Number(today.slice(0, 4));
  return db.transaction(async (tx) => {
    const n = await lockNotice(tx, id);
    if (n.status !== "approved") throw refuse("通报须审批后才能印发", "a notice must be approved before it is issued", 409);
    const due = await deadline(tx, today, n.deadline_workdays);
    await tx.query(`SELECT pg_advisory_xact_lock(728164004, $1)`, [year]);
    const [next] = await tx.query<{ seq: number }>(`SELECT coalesce(max(seq), 0) + 1 AS seq FROM notices WHERE year = $1`, [year]);
    const number = `${NOTICE_PREFIX}〔${year}〕${next!.seq}号`;
    await tx.query(
      `UPDATE notices SET status = 'issued', year = $2, seq = $3, number = $4, issued_by = $5, issued_at = $6::date + time '09:00', rectification_due = $7 WHERE id = $1`,
      [id, year, next!.seq, number, actor.username, today, due],
    );
    await event(tx, id, actor, "issued", { number, rectification_due: due });
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
      `INSERT INTO notices (period, grp, unit_code, rules, rules_version, as_of, figures, worst_items, title, body, addressees, deadline_workdays, refers_to)
       SELECT period, grp, unit_code, rules, rules_version, as_of, figures, worst_items, '关于更正' || $2 || '的通报', body, addressees, deadline_workdays, id
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

export interface Attachment {
  fileName: string;
  data: Buffer;
}

/** The count and sizes the form promises (5 files of 5 MB), checked before any file is read. */
export function checkAttachmentLimits(files: { fileName: string; size: number }[]): void {
  if (files.length > MAX_ATTACHMENTS) throw refuse(`附件最多 ${MAX_ATTACHMENTS} 个`, `at most ${MAX_ATTACHMENTS} attachments`, 400);
  const big = files.find((f) => f.size > MAX_ATTACHMENT_BYTES);
  if (big) throw refuse(`附件“${big.fileName}”超过 5 MB`, `attachment "${big.fileName}" is larger than 5 MB`, 400);
}

/** Checks a file's size, extension and first bytes; returns its stored type. */
export function checkAttachment(a: Attachment): string {
  // a name is stored and shown: no control characters (a NUL cannot even be stored), a sane length
  if (a.fileName.length === 0 || a.fileName.length > 200 || [...a.fileName].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f) || !a.fileName.isWellFormed()) {
    throw refuse("附件文件名无效（含控制字符或过长）", "the attachment's file name is invalid (control characters, or too long)", 400);
  }
  const ext = a.fileName.toLowerCase().split(".").pop() ?? "";
  const allowed = Object.hasOwn(ALLOWED_TYPES, ext) ? ALLOWED_TYPES[ext] : undefined; // "a.constructor" names no type
  if (!allowed) throw refuse(`不支持的附件类型“${a.fileName}”（可用 PDF、图片、Word、Excel、文本）`, `unsupported attachment "${a.fileName}" (PDF, images, Word, Excel, text)`, 400);
  if (a.data.length === 0) throw refuse(`附件“${a.fileName}”是空文件`, `attachment "${a.fileName}" is empty`, 400);
  if (a.data.length > MAX_ATTACHMENT_BYTES) throw refuse(`附件“${a.fileName}”超过 5 MB`, `attachment "${a.fileName}" is larger than 5 MB`, 400);
  if (allowed.magic && !allowed.magic.every((b, i) => a.data[i] === b)) {
    throw refuse(`附件“${a.fileName}”的内容与其类型不符`, `attachment "${a.fileName}" is not what its name says`, 400);
  }
  return allowed.type;
}

/** A unit head or clerk reports on the unit's own issued notice. */
export async function submitReport(db: Sql, actor: Actor, id: number, input: { body: string; attachments: Attachment[] }): Promise<number> {
  if (actor.role !== "unit_head" && actor.role !== "clerk") throw refuse("整改报告由被通报单位报送", "the notified unit submits the report");
  if (!input.body.trim()) throw refuse("整改报告正文不能为空", "the report needs a text", 400);
  if (input.attachments.length > MAX_ATTACHMENTS) throw refuse(`附件最多 ${MAX_ATTACHMENTS} 个`, `at most ${MAX_ATTACHMENTS} attachments`, 400);
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
    return r!.id;
  });
}

/** The office accepts a report (the notice is rectified) or returns it with its reasons. */
export async function reviewReport(db: Sql, actor: Actor, reportId: number, input: { accept: boolean; note: string }): Promise<void> {
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
    await event(tx, r.notice_id, actor, input.accept ? "accepted" : "returned", { report: reportId, note: input.note.trim() });
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
