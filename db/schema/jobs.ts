import { sql } from "drizzle-orm";
import { bigserial, check, index, jsonb, pgTable, serial, text, timestamp, unique } from "drizzle-orm/pg-core";

/**
 * Every run of a scheduled job. (job, run_key) is unique: an instance runs a job for a key (a day, a
 * period) only if it is the first to insert that row, so two app instances on one PostgreSQL never
 * run the same job twice.
 */
export const jobRuns = pgTable(
  "job_runs",
  {
    id: serial("id").primaryKey(),
    job: text("job").notNull(),
    runKey: text("run_key").notNull(),
    trigger: text("trigger").notNull(),
    instance: text("instance").notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    outcome: text("outcome").notNull().default("running"),
    counts: jsonb("counts").notNull().default({}),
    error: text("error"),
  },
  (t) => [
    unique("job_runs_once").on(t.job, t.runKey),
    index("job_runs_started_idx").on(t.startedAt),
    check("job_runs_trigger_check", sql`${t.trigger} in ('schedule', 'manual')`),
    check("job_runs_outcome_check", sql`${t.outcome} in ('running', 'ok', 'error')`),
  ],
);

/** In-app messages: reminders of what falls due and steps of the workflow, for each user. */
export const inbox = pgTable(
  "inbox",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    username: text("username").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    kind: text("kind").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    // the same message in English (pages in English show it; mail carries both); null: Chinese only
    titleEn: text("title_en"),
    bodyEn: text("body_en"),
    link: text("link"),
    readAt: timestamp("read_at", { withTimezone: true }),
    mailedAt: timestamp("mailed_at", { withTimezone: true }),
  },
  (t) => [index("inbox_user_idx").on(t.username, t.at)],
);
