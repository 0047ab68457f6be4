import { sql } from "drizzle-orm";
import { bigint, bigserial, boolean, check, index, integer, pgTable, serial, text, timestamp } from "drizzle-orm/pg-core";
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
    // a demo account signs in only while demo mode is on (CONTRACT §1)
    demo: boolean("demo").notNull().default(false),
    // consecutive failed sign-ins, and the lockout they caused (lib/auth/login.ts)
    failedLogins: integer("failed_logins").notNull().default(0),
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    // a one-time password (new account, reset) must be replaced at the first sign-in
    mustChangePassword: boolean("must_change_password").notNull().default(false),
    // TOTP two-factor (lib/auth/two-factor.ts): the shared secret sealed with the server's key, and
    // the last time step used (no code works twice)
    totpSecret: text("totp_secret"),
    totpEnabledAt: timestamp("totp_enabled_at", { withTimezone: true }),
    totpLastStep: bigint("totp_last_step", { mode: "number" }),
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
    // from which address, and what exactly: the page (with its period) or the file
    address: text("address"),
    detail: text("detail"),
  },
  (t) => [index("access_log_at_idx").on(t.at), index("access_log_target_idx").on(t.targetUnit, t.at), index("access_log_user_idx").on(t.username, t.at)],
);

/**
 * Server-side sessions: the session cookie (a signed JWT) names one of these rows, and a request is
 * signed in only while its row is open, the user is still active with the same role and unit, and
 * neither the idle nor the absolute limit has passed (lib/auth/sessions.ts). Sign-out, deactivation
 * and a role or unit change end the row, so a copied cookie dies with it.
 */
export const sessions = pgTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    username: key("username").notNull(),
    role: text("role").notNull(),
    unitCode: key("unit_code"),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    endedAt: timestamp("ended_at", { withTimezone: true }),
    endReason: text("end_reason"),
    address: text("address"),
    // when and how the second factor was proven for this session: totp, recovery, oidc (the platform asserted MFA)
    secondFactorAt: timestamp("second_factor_at", { withTimezone: true }),
    secondFactor: text("second_factor"),
  },
  (t) => [index("sessions_username_idx").on(t.username), check("sessions_second_factor_check", sql`${t.secondFactor} in ('totp', 'recovery', 'oidc')`)],
);

/** One-time recovery codes for a lost authenticator: only their SHA-256 is kept; each opens one sign-in. */
export const recoveryCodes = pgTable(
  "recovery_codes",
  {
    id: serial("id").primaryKey(),
    username: key("username")
      .notNull()
      .references(() => users.username, { onDelete: "cascade" }),
    codeHash: text("code_hash").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    usedAt: timestamp("used_at", { withTimezone: true }),
  },
  (t) => [index("recovery_codes_username_idx").on(t.username)],
);
