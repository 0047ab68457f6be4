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
