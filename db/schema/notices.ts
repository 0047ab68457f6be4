import { sql } from "drizzle-orm";
import { boolean, check, foreignKey, index, integer, jsonb, pgTable, primaryKey, serial, text, timestamp, unique, uniqueIndex } from "drizzle-orm/pg-core";
import { bytes, day, key } from "./types";
import { units } from "./units";

/**
 * The notice rules the office has in force, versioned: a new version is a new row, so every notice
 * can say which rules drafted it (shown on the methodology page).
 */
export const noticeRules = pgTable("notice_rules", {
  version: serial("version").primaryKey(),
  rules: jsonb("rules").notNull(),
  createdBy: text("created_by").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Notices of underperformance (通报) and their rectification (001 六(二); 004 三(三)8). A draft is
 * made at period close for every ranked unit a rule hits; the office edits, approves and issues it.
 */
export const notices = pgTable(
  "notices",
  {
    id: serial("id").primaryKey(),
    period: key("period").notNull(),
    grp: text("grp").notNull(),
    unitCode: key("unit_code").notNull().references(() => units.code),
    rules: text("rules").array().notNull(),
    rulesVersion: integer("rules_version").notNull(),
    asOf: day("as_of").notNull(),
    // the unit's figures when drafted, and its worst items, so the notice explains itself
    figures: jsonb("figures").notNull(),
    worstItems: jsonb("worst_items").notNull(),
    status: text("status").notNull().default("draft"),
    title: text("title").notNull(),
    body: text("body").notNull(),
    addressees: text("addressees").notNull(),
    deadlineWorkdays: integer("deadline_workdays").notNull().default(15),
    approvedBy: text("approved_by"),
    approvedAt: timestamp("approved_at", { withTimezone: true }),
    // issued: number 甘信用办通〔year〕seq号, immutable afterwards
    year: integer("year"),
    seq: integer("seq"),
    number: text("number"),
    issuedBy: text("issued_by"),
    issuedAt: timestamp("issued_at", { withTimezone: true }),
    rectificationDue: day("rectification_due"),
    isPublic: boolean("is_public").notNull().default(false),
    refersTo: integer("refers_to"),
    // set when the draft came from closing the period before it ended: the office's stated reason
    earlyCloseReason: text("early_close_reason"),
    // the document's form: null for notices drafted before the GB/T 9704 form (printed as they were
    // issued, byte for byte), 2 for the form with 版记 and annex (components/NoticeDocument.tsx)
    docForm: integer("doc_form"),
    // 抄送 of the 版记 block (form 2); empty: no 抄送 line
    copiesTo: text("copies_to"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // one original notice per unit and period: closing twice drafts nothing new
    uniqueIndex("notices_unit_period").on(t.period, t.grp, t.unitCode).where(sql`${t.refersTo} IS NULL`),
    unique("notices_number").on(t.year, t.seq),
    index("notices_unit_idx").on(t.unitCode),
    // a correction refers to the notice it corrects
    foreignKey({ name: "notices_refers_to_notices_id_fk", columns: [t.refersTo], foreignColumns: [t.id] }),
    check("notices_grp_check", sql`${t.grp} in ('region', 'department')`),
    // the states of lib/notices/lifecycle.ts
    check("notices_status_check", sql`${t.status} in ('draft', 'approved_once', 'approved', 'issued', 'rectified')`),
  ],
);


/** Everything that happens to a notice, in order: its timeline (drafted, approved, issued, reports, reviews, reminders). */
export const noticeEvents = pgTable(
  "notice_events",
  {
    id: serial("id").primaryKey(),
    noticeId: integer("notice_id")
      .notNull()
      .references(() => notices.id),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    actor: text("actor").notNull(),
    kind: text("kind").notNull(),
    detail: jsonb("detail").notNull().default({}),
  },
  (t) => [index("notice_events_notice_idx").on(t.noticeId)],
);

/** A unit's rectification report (整改报告) on a notice; the office accepts it or returns it with reasons. */
export const rectificationReports = pgTable(
  "rectification_reports",
  {
    id: serial("id").primaryKey(),
    noticeId: integer("notice_id")
      .notNull()
      .references(() => notices.id),
    submittedBy: text("submitted_by").notNull(),
    submittedAt: timestamp("submitted_at", { withTimezone: true }).notNull().defaultNow(),
    body: text("body").notNull(),
    status: text("status").notNull().default("submitted"),
    reviewNote: text("review_note"),
    reviewedBy: text("reviewed_by"),
    reviewedAt: timestamp("reviewed_at", { withTimezone: true }),
  },
  (t) => [
    index("rectification_reports_notice_idx").on(t.noticeId),
    // one report under review at a time: the office reviews it before the unit may send another
    uniqueIndex("rectification_reports_one_pending").on(t.noticeId).where(sql`${t.status} = 'submitted'`),
    check("rectification_reports_status_check", sql`${t.status} in ('submitted', 'returned', 'accepted')`),
  ],
);

/** Files attached to a report, size- and type-checked on the way in. */
export const reportAttachments = pgTable(
  "report_attachments",
  {
    id: serial("id").primaryKey(),
    reportId: integer("report_id")
      .notNull()
      .references(() => rectificationReports.id),
    fileName: text("file_name").notNull(),
    contentType: text("content_type").notNull(),
    bytes: integer("bytes").notNull(),
    sha256: text("sha256").notNull(),
    // the file itself, as stored bytes (bytea), not base64 text
    data: bytes("data").notNull(),
  },
  (t) => [index("report_attachments_report_idx").on(t.reportId)],
);

/**
 * A notice's annex (附件：问题清单), frozen when it is issued: every late, missing, non-compliant or
 * short item and every violation behind its figures, as the unit's evidence stood at the notice's
 * evaluation date (lib/notices/annex.ts). Never changed afterwards (a trigger refuses it), so the
 * annex, its CSV/XLSX and the PDF say the same whatever is corrected later.
 */
export const noticeAnnexItems = pgTable(
  "notice_annex_items",
  {
    noticeId: integer("notice_id")
      .notNull()
      .references(() => notices.id),
    // the order of the annex: by section, then as the item lists sort (lib/scoring/explain.ts)
    seq: integer("seq").notNull(),
    target: text("target").notNull(),
    status: text("status").notNull(),
    // the item as the lists show it, ID numbers masked for good
    item: jsonb("item").notNull(),
  },
  (t) => [primaryKey({ columns: [t.noticeId, t.seq] }), index("notice_annex_items_target_idx").on(t.noticeId, t.target, t.seq)],
);

/**
 * The PDF of an issued notice, printed once: the notice is frozen, so its bytes are too (and no
 * request starts a browser for a document already printed).
 */
export const noticePdfs = pgTable("notice_pdfs", {
  noticeId: integer("notice_id")
    .primaryKey()
    .references(() => notices.id),
  pdf: bytes("pdf").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});
