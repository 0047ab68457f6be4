import { sql } from "drizzle-orm";
import { bigserial, boolean, check, index, pgTable, serial, text, timestamp } from "drizzle-orm/pg-core";
import { key } from "./types";
import { units } from "./units";

/** People who sign in: the office (all units), unit heads and clerks (their own unit). */
export const users = pgTable(
  "users",
  {
    id: serial("id").primaryKey(),
    username: key("username").notNull().unique(),
    displayName: text("display_name").notNull(),
    // scrypt, with its parameters and salt: "scrypt$N$r$p$salt$hash" (lib/auth/password.ts)
    passwordHash: text("password_hash").notNull(),
    role: text("role").notNull(),
    unitCode: key("unit_code").references(() => units.code),
    // where reminders are mailed when SMTP is configured (optional)
    email: text("email"),
    active: boolean("active").notNull().default(true),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("users_role_check", sql`${t.role} in ('office', 'unit_head', 'clerk')`),
    // the office sees every unit; a head or clerk belongs to exactly one (lib/auth/access.ts)
    check("users_unit_by_role_check", sql`(${t.role} = 'office') = (${t.unitCode} is null)`),
  ],
);

/** Every view of non-public data and every refusal, for review (003 (十三)). */
export const accessLog = pgTable(
  "access_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    username: text("username").notNull(),
    role: text("role").notNull(),
    userUnit: text("user_unit"),
    action: text("action").notNull(),
    targetUnit: text("target_unit"),
    allowed: boolean("allowed").notNull(),
  },
  (t) => [index("access_log_at_idx").on(t.at)],
);
