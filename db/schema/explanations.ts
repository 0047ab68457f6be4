import { sql } from "drizzle-orm";
import { check, index, pgTable, serial, text, timestamp, unique } from "drizzle-orm/pg-core";
import { key } from "./types";
import { units } from "./units";

/**
 * A unit's explanation of a problem item of its own lists (说明迟报原因): a record published or
 * collected late or not at all, a non-compliant record, a catalogue item collected short, an
 * obligation answered late or not at all, a violation. One current explanation per unit, list and
 * item; replacing it keeps the earlier text in the audit trail (lib/explanations.ts).
 */
export const itemExplanations = pgTable(
  "item_explanations",
  {
    id: serial("id").primaryKey(),
    unitCode: key("unit_code")
      .notNull()
      .references(() => units.code),
    // the list (indicator key of lib/scoring/explain.ts; feedback coverage shares feedback timeliness's)
    target: text("target").notNull(),
    // the item's key as the list shows it: record id; unit|catalogue item|month; case|measure|unit (|feedback date)
    itemKey: key("item_key").notNull(),
    // the month the item belongs to (its decision, due or statistics month)
    period: key("period").notNull(),
    text: text("text").notNull(),
    author: text("author").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("item_explanations_item_key").on(t.unitCode, t.target, t.itemKey),
    index("item_explanations_unit_period_idx").on(t.unitCode, t.period),
    check("item_explanations_target_check", sql`${t.target} in ('publication_timeliness', 'collection_timeliness', 'compliance', 'coverage', 'feedback_timeliness', 'violations')`),
    check("item_explanations_text_check", sql`char_length(${t.text}) between 1 and 500`),
    check("item_explanations_period_check", sql`${t.period} ~ '^[0-9]{4}-[0-9]{2}$'`),
  ],
);

export type ItemExplanation = typeof itemExplanations.$inferSelect;
