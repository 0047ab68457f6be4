import "server-only";
import type { Sql } from "@/db/client";
import { canViewUnit, logAccess } from "@/lib/auth/access";
import type { SessionUser } from "@/lib/auth/users";
import { AppError, isNotFound } from "@/lib/errors";
import { getNotice, timeline, workdaysOverdue, type NoticeRow, type TimelineEvent } from "@/lib/notices/lifecycle";

export interface NoticeListItem {
  id: number;
  period: string;
  grp: string;
  unit_code: string;
  unit_name: string;
  rules: string[];
  status: string;
  title: string;
  number: string | null;
  issued_at: string | null;
  rectification_due: string | null;
  is_public: boolean;
  refers_to: number | null;
  early_close_reason: string | null;
  /** the latest report's status: submitted (awaiting review), returned or accepted; null without one */
  report_status: string | null;
}

export const NOTICE_PAGE_SIZE = 50;

/**
 * Where a notice stands in its rectification, besides its own status: the office's list filters on
 * these too (status = "awaiting_review": a report waits for the office; "returned": the last report
 * was returned and the unit has not sent another yet).
 */
export const REVIEW_STATES = ["awaiting_review", "returned"] as const;

export interface NoticeFilter {
  unitCode?: string;
  /** a notice status (draft … rectified) or one of REVIEW_STATES */
  status?: string;
  period?: string;
  issuedOnly?: boolean;
  /** 1-based; NOTICE_PAGE_SIZE a page */
  page?: number;
  /** the order (NOTICE_SORTS); without it: newest period first, drafts first, regions before departments */
  sort?: { column: NoticeSort; dir: "asc" | "desc" };
}

/** The office list's sortable columns and what they sort by. */
const NOTICE_SORT_SQL = { period: "n.period", issued: "n.issued_at", due: "n.rectification_due" } as const;
export type NoticeSort = keyof typeof NOTICE_SORT_SQL;
export const NOTICE_SORTS = Object.keys(NOTICE_SORT_SQL) as NoticeSort[];

/** Notices by the filter, a page at a time, filtered, sorted and paged in SQL, with the total. */
export async function listNotices(db: Sql, filter: NoticeFilter): Promise<{ notices: NoticeListItem[]; total: number; page: number; pages: number }> {
  const where = `FROM notices n JOIN units u ON u.code = n.unit_code
     LEFT JOIN LATERAL (SELECT r.status FROM rectification_reports r WHERE r.notice_id = n.id ORDER BY r.id DESC LIMIT 1) lr ON true
     WHERE ($1::text IS NULL OR n.unit_code = $1) AND ($3::text IS NULL OR n.period = $3) AND (NOT $4::boolean OR n.issued_at IS NOT NULL)
       AND ($2::text IS NULL OR n.status = $2
            OR ($2 = 'awaiting_review' AND lr.status = 'submitted')
            OR ($2 = 'returned' AND n.status = 'issued' AND lr.status = 'returned'))`;
  const params = [filter.unitCode ?? null, filter.status ?? null, filter.period ?? null, filter.issuedOnly ?? false];
  const [count] = await db.query<{ n: number }>(`SELECT count(*)::int AS n ${where}`, params);
  const total = count?.n ?? 0;
  const pages = Math.max(1, Math.ceil(total / NOTICE_PAGE_SIZE));
  const page = Math.min(Math.max(1, Math.trunc(filter.page ?? 1) || 1), pages);
  const notices = await db.query<NoticeListItem>(
    `SELECT n.id, n.period, n.grp, n.unit_code, u.name AS unit_name, n.rules, n.status, n.title, n.number, n.issued_at::text,
            n.rectification_due, n.is_public, n.refers_to, n.early_close_reason, lr.status AS report_status
     ${where}
     ORDER BY ${filter.sort ? `${NOTICE_SORT_SQL[filter.sort.column]} ${filter.sort.dir === "desc" ? "DESC" : "ASC"} NULLS LAST, ` : ""}n.period DESC, n.issued_at DESC NULLS FIRST, CASE n.grp WHEN 'region' THEN 0 ELSE 1 END, n.unit_code, n.id
     LIMIT $5 OFFSET $6`,
    [...params, NOTICE_PAGE_SIZE, (page - 1) * NOTICE_PAGE_SIZE],
  );
  return { notices, total, page, pages };
}

export interface ReportView {
  id: number;
  submitted_by: string;
  submitted_at: string;
  body: string;
  status: string;
  review_note: string | null;
  reviewed_by: string | null;
  attachments: { id: number; file_name: string; bytes: number }[];
}

export interface NoticeDetail {
  notice: NoticeRow;
  events: TimelineEvent[];
  reports: ReportView[];
  overdue: number;
  issuedDate: string | null;
}

export async function noticeDetail(db: Sql, id: number, today: string): Promise<NoticeDetail> {
  const notice = await getNotice(db, id);
  const reports = await db.query<ReportView>(
    `SELECT r.id, r.submitted_by, r.submitted_at::text, r.body, r.status, r.review_note, r.reviewed_by,
            coalesce((SELECT json_agg(json_build_object('id', a.id, 'file_name', a.file_name, 'bytes', a.bytes) ORDER BY a.id) FROM report_attachments a WHERE a.report_id = r.id), '[]') AS attachments
     FROM rectification_reports r WHERE r.notice_id = $1 ORDER BY r.id`,
    [id],
  );
  const [d] = await db.query<{ d: string | null }>(`SELECT to_char(issued_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS d FROM notices WHERE id = $1`, [id]);
  return { notice, events: await timeline(db, id), reports, overdue: await workdaysOverdue(db, notice, today), issuedDate: d?.d ?? null };
}

export const PUBLIC_NOTICE_PAGE_SIZE = 20;

export interface PublicNotice {
  id: number;
  number: string;
  title: string;
  unit_code: string;
  addressees: string;
  body: string;
  issued: string;
}

/**
 * Published notices for the public page, a page at a time (PUBLIC_NOTICE_PAGE_SIZE, paged in SQL),
 * newest first unless `dir` is "asc": number, title, addressee, body; no personal data is ever in them.
 * `page` past the last gives the last page's rows with `pages`, for the page to say so.
 */
export async function publicNotices(db: Sql, opts: { page?: number; dir?: "asc" | "desc" } = {}): Promise<{ notices: PublicNotice[]; total: number; page: number; pages: number }> {
  const [count] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM notices WHERE is_public AND issued_at IS NOT NULL`);
  const total = count?.n ?? 0;
  const pages = Math.max(1, Math.ceil(total / PUBLIC_NOTICE_PAGE_SIZE));
  const page = Math.min(Math.max(1, Math.trunc(opts.page ?? 1) || 1), pages);
  // seq breaks ties between notices issued at the same moment: stable pages
  const dir = opts.dir === "asc" ? "ASC" : "DESC";
  const notices = await db.query<PublicNotice>(
    `SELECT id, number, title, unit_code, addressees, body, to_char(issued_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS issued
     FROM notices WHERE is_public AND issued_at IS NOT NULL ORDER BY issued_at ${dir}, seq ${dir}, id ${dir} LIMIT $1 OFFSET $2`,
    [PUBLIC_NOTICE_PAGE_SIZE, (page - 1) * PUBLIC_NOTICE_PAGE_SIZE],
  );
  return { notices, total, page, pages };
}

/**
 * A notice as `user` may see it — the office any notice, the addressed unit's head or clerk once it
 * is issued —, the view logged either way. Anything else is "no such notice" (404), so a foreign id
 * tells nothing; a database failure stays a failure.
 */
export async function viewNotice(db: Sql, user: SessionUser, id: number, action: string, today: string, context: { address?: string | null; detail?: string | null } = {}): Promise<NoticeDetail> {
  let d: NoticeDetail | undefined;
  try {
    d = await noticeDetail(db, id, today);
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
  const allowed = !!d && canViewUnit(user, d.notice.unit_code) && (user.role === "office" || d.notice.issued_at !== null);
  await logAccess(db, user, action, d?.notice.unit_code ?? null, allowed, context);
  if (!d || !allowed) throw AppError.notFound(`通报 ${id} 不存在`, `notice ${id} does not exist`);
  return d;
}

/** The stored PDF of an issued notice, if it was printed before. */
export async function storedNoticePdf(db: Sql, id: number): Promise<Buffer | undefined> {
  const [row] = await db.query<{ pdf: Uint8Array }>(`SELECT pdf FROM notice_pdfs WHERE notice_id = $1`, [id]);
  return row ? Buffer.from(row.pdf) : undefined;
}

/** Keeps an issued notice's PDF: it is printed once (the notice cannot change any more). */
export async function storeNoticePdf(db: Sql, id: number, pdf: Buffer): Promise<void> {
  await db.query(`INSERT INTO notice_pdfs (notice_id, pdf) SELECT id, $2 FROM notices WHERE id = $1 AND issued_at IS NOT NULL ON CONFLICT (notice_id) DO NOTHING`, [id, pdf]);
}

export interface StoredAttachment {
  id: number;
  file_name: string;
  content_type: string;
  bytes: number;
  data: Buffer;
  /** the unit whose notice it answers: who may download it (the office, and that unit) */
  unit_code: string;
}

/** An attachment of a report on notice `noticeId` (undefined when that notice has no such attachment). */
export async function reportAttachment(db: Sql, noticeId: number, attachmentId: number): Promise<StoredAttachment | undefined> {
  const [row] = await db.query<Omit<StoredAttachment, "data"> & { data: Uint8Array }>(
    `SELECT a.id, a.file_name, a.content_type, a.bytes, a.data, n.unit_code
     FROM report_attachments a JOIN rectification_reports r ON r.id = a.report_id JOIN notices n ON n.id = r.notice_id
     WHERE a.id = $2 AND n.id = $1 AND n.issued_at IS NOT NULL`,
    [noticeId, attachmentId],
  );
  return row ? { ...row, data: Buffer.from(row.data.buffer, row.data.byteOffset, row.data.byteLength) } : undefined;
}
