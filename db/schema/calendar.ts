import { sql } from "drizzle-orm";
import { boolean, check, integer, pgTable, text, index } from "drizzle-orm/pg-core";
import { day } from "./types";

/**
 * One row per calendar day of every loaded year. workday_index counts the working days up to and
 * including the day, so "the n-th working day strictly after d" is the working day whose index is
 * index(d) + n: an indexed lookup instead of a walk (shared/PERFORMANCE.md).
 */
export const calendarDays = pgTable(
  "calendar_days",
  {
    date: day("date").primaryKey(),
    isWorkday: boolean("is_workday").notNull(),
    // 'weekday' (plain weekday/weekend rule), 'official' (State Council schedule) or 'override' (imported)
    source: text("source").notNull(),
    workdayIndex: integer("workday_index").notNull().default(0),
  },
  (t) => [
    index("calendar_days_workday_index_idx").on(t.workdayIndex),
    check("calendar_days_source_check", sql`${t.source} in ('weekday', 'official', 'override')`),
  ],
);
