import { check, index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { key } from "./types";

/** Regions (GB/T 2260 code, hierarchy by parent_code), departments (their line is themselves) and agencies. */
export const units = pgTable(
  "units",
  {
    code: key("code").primaryKey(),
    name: text("name").notNull(),
    /** optional English name, shown on English pages (Chinese `name` when null); an import without the column keeps it */
    nameEn: text("name_en"),
    type: text("type").notNull(),
    parentCode: key("parent_code"),
    regionCode: key("region_code"),
    lineCode: key("line_code"),
    batchId: integer("batch_id"),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("units_type_check", sql`${t.type} in ('region', 'department', 'agency')`),
    index("units_parent_idx").on(t.parentCode),
    index("units_batch_idx").on(t.batchId),
  ],
);
