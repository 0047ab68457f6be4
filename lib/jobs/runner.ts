import "server-only";
import os from "node:os";
import type { Sql } from "@/db/client";
import { systemActor, type SystemActor } from "@/lib/auth/actor";
import type { Lang } from "@/lib/i18n";
import type { JobTime } from "./schedule";

export interface JobContext {
  db: Sql;
  /** today in Asia/Shanghai */
  today: string;
  /** where reminders are mailed; none: the in-app inbox only */
  mail?: { smtpUrl: string; from: string };
}

export interface Job {
  name: string;
  /** what it does, for the office's jobs page */
  title: { zh: string; en: string };
  /** when it runs, Beijing time (lib/jobs/schedule.ts) */
  time: JobTime;
  /** the key a scheduled run is done once for (a day, a period); undefined: nothing to do today */
  runKey(ctx: JobContext): string | undefined | Promise<string | undefined>;
  /** does the work as the system actor named after the job (audit rows say which job wrote them) */
  run(ctx: JobContext & { actor: SystemActor }): Promise<Record<string, unknown>>;
  /** a run's counts in a sentence */
  summary(counts: Record<string, unknown>, lang: Lang): string;
}

export type RunOutcome = { outcome: "ok" | "error" | "skipped"; counts: Record<string, unknown>; error?: string; runKey?: string };

const INSTANCE = `${os.hostname()}:${process.pid}`;
// a run that started this long ago and never finished died with its instance: it may be taken over
const STALE_MINUTES = 60;

/**
 * Runs a job once for its key: the run row is inserted first, and only the instance whose insert
 * succeeds runs the job. Errors are recorded, never thrown (a scheduled job must not bring the app down).
 */
export async function runJob(job: Job, ctx: JobContext, trigger: "schedule" | "manual"): Promise<RunOutcome> {
  const key = trigger === "manual" ? `manual:${new Date().toISOString()}` : await job.runKey(ctx);
  if (!key) return { outcome: "skipped", counts: {} };
  await ctx.db.query(
    `DELETE FROM job_runs WHERE job = $1 AND run_key = $2 AND finished_at IS NULL AND started_at < now() - make_interval(mins => $3)`,
    [job.name, key, STALE_MINUTES],
  );
  const [claimed] = await ctx.db.query<{ id: number }>(
    `INSERT INTO job_runs (job, run_key, trigger, instance) VALUES ($1, $2, $3, $4) ON CONFLICT (job, run_key) DO NOTHING RETURNING id`,
    [job.name, key, trigger, INSTANCE],
  );
  if (!claimed) return { outcome: "skipped", counts: {}, runKey: key };
  try {
    const counts = await job.run({ ...ctx, actor: systemActor(job.name) });
    await ctx.db.query(`UPDATE job_runs SET finished_at = now(), outcome = 'ok', counts = $2::jsonb WHERE id = $1`, [claimed.id, JSON.stringify(counts)]);
    return { outcome: "ok", counts, runKey: key };
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    await ctx.db.query(`UPDATE job_runs SET finished_at = now(), outcome = 'error', error = $2 WHERE id = $1`, [claimed.id, error]).catch(() => {});
    return { outcome: "error", counts: {}, error, runKey: key };
  }
}

export interface JobRun {
  id: number;
  job: string;
  run_key: string;
  trigger: "schedule" | "manual";
  instance: string;
  /** Beijing time, to the second */
  started_at: string;
  finished_at: string | null;
  outcome: "running" | "ok" | "error";
  counts: Record<string, unknown>;
  error: string | null;
}

export const JOB_RUNS_PAGE_SIZE = 25;

/** The runs, newest first, a page at a time; optionally of one job. */
export async function jobHistory(db: Sql, opts: { page?: number; job?: string } = {}): Promise<{ runs: JobRun[]; total: number; page: number; pages: number }> {
  const job = opts.job ?? null;
  const [c] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM job_runs WHERE $1::text IS NULL OR job = $1`, [job]);
  const total = c?.n ?? 0;
  const pages = Math.max(1, Math.ceil(total / JOB_RUNS_PAGE_SIZE));
  const page = Math.min(Math.max(1, Math.floor(opts.page ?? 1)), pages);
  const runs = await db.query<JobRun>(
    `SELECT id, job, run_key, trigger, instance,
            to_char(started_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS') AS started_at,
            to_char(finished_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS') AS finished_at,
            coalesce(outcome, 'running') AS outcome, coalesce(counts, '{}'::jsonb) AS counts, error
     FROM job_runs WHERE $1::text IS NULL OR job = $1 ORDER BY id DESC LIMIT $2 OFFSET $3`,
    [job, JOB_RUNS_PAGE_SIZE, (page - 1) * JOB_RUNS_PAGE_SIZE],
  );
  return { runs, total, page, pages };
}

/** Each job's latest run. */
export async function lastRuns(db: Sql): Promise<Map<string, JobRun>> {
  const rows = await db.query<JobRun>(
    `SELECT DISTINCT ON (job) id, job, run_key, trigger, instance,
            to_char(started_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS') AS started_at,
            to_char(finished_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS') AS finished_at,
            coalesce(outcome, 'running') AS outcome, coalesce(counts, '{}'::jsonb) AS counts, error
     FROM job_runs ORDER BY job, id DESC`,
  );
  return new Map(rows.map((r) => [r.job, r]));
}
