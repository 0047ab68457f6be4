import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, serial, text, timestamp, unique, uniqueIndex } from "drizzle-orm/pg-core";
import { day, key } from "./types";

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
    unitCode: key("unit_code").notNull(),
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
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // one original notice per unit and period: closing twice drafts nothing new
    uniqueIndex("notices_unit_period").on(t.period, t.grp, t.unitCode).where(sql`${t.refersTo} IS NULL`),
    unique("notices_number").on(t.year, t.seq),
    index("notices_unit_idx").on(t.unitCode),
  ],
);

export type Notice = typeof notices.$inferSelect;

/** Everything that happens to a notice, in order: its timeline (drafted, approved, issued, reports, reviews, reminders). */
export const noticeEvents = pgTable(
  "notice_events",
  {
    id: serial("id").primaryKey(),
    noticeId: integer("notice_id").notNull(),
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
    noticeId: integer("notice_id").notNull(),
    submittedBy: text("submitted_by").notNull(),
    submittedAt: timestamp("submitted_at", { withTimezone: true }).notNull().defaultNow(),
    body: text("body").notNull(),
    status: text("status").notNull().default("submitted"),
    reviewNote: text("review_note"),
    reviewedBy: text("reviewed_by"),
    reviewedAt: timestamp("reviewed_at", { withTimezone: true }),
  },
  (t) => [index("rectification_reports_notice_idx").on(t.noticeId)],
);

/** Files attached to a report, size- and type-checked on the way in. */
export const reportAttachments = pgTable("report_attachments", {
  id: serial("id").primaryKey(),
  reportId: integer("report_id").notNull(),
  fileName: text("file_name").notNull(),
  contentType: text("content_type").notNull(),
  bytes: integer("bytes").notNull(),
  sha256: text("sha256").notNull(),
  data: text("data").notNull(),
});
