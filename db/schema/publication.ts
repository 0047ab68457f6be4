import { integer, jsonb, pgTable, serial, text, timestamp, unique } from "drizzle-orm/pg-core";
import { day, key } from "./types";

/**
 * A published ranking: an immutable snapshot of a period's scores as the office approved them.
 * A correction is a new version of the same period; a trigger (migration 0001) refuses any UPDATE
 * or DELETE, so what the public saw can always be shown again.
 */
export const publications = pgTable(
  "publications",
  {
    id: serial("id").primaryKey(),
    period: key("period").notNull(),
    version: integer("version").notNull(),
    asOf: day("as_of").notNull(),
    publishedAt: timestamp("published_at", { withTimezone: true }).notNull().defaultNow(),
    publishedBy: text("published_by").notNull(),
    note: text("note").notNull().default(""),
    // the note in English, when the office gives one (English pages show it, else `note`)
    noteEn: text("note_en"),
    // the indicator system and calendar the scores were computed with
    method: jsonb("method").notNull(),
    // the score document of CONTRACT §5, with change vs the previous period and grades
    document: jsonb("document").notNull(),
    // open data served as stored bytes, never re-serialised per request (shared/PERFORMANCE.md)
    jsonBody: text("json_body").notNull(),
    csvBody: text("csv_body").notNull(),
  },
  // the unique index also serves lookups by period alone (its leading column)
  (t) => [unique("publications_period_version").on(t.period, t.version)],
);
