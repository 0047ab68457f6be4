import { sql } from "drizzle-orm";
import { check, integer, pgTable, serial, text, timestamp } from "drizzle-orm/pg-core";
import { key } from "./types";

/** Deployment settings kept in the database, e.g. the generated session-signing secret. */
export const settings = pgTable("settings", {
  key: key("key").primaryKey(),
  value: text("value").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * The scoring method's settings the office may change, versioned: a change is a new row (never an
 * update), so the history says who set what when. No row: CONTRACT §4–5 as written (minimum sample 0).
 * A publication copies the value it was computed with into its own `method`.
 */
export const scoringMethod = pgTable(
  "scoring_method",
  {
    version: serial("version").primaryKey(),
    // an indicator with fewer due items than this is "样本不足" and left out of the score
    minSample: integer("min_sample").notNull(),
    note: text("note").notNull().default(""),
    createdBy: text("created_by").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check("scoring_method_min_sample_check", sql`${t.minSample} >= 0 AND ${t.minSample} <= 10000`)],
);
