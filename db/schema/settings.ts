import { pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { key } from "./types";

/** Deployment settings kept in the database, e.g. the generated session-signing secret. */
export const settings = pgTable("settings", {
  key: key("key").primaryKey(),
  value: text("value").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
