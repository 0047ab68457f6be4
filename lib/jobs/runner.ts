import "server-only";
import os from "node:os";
import type { Sql } from "@/db/client";
import { systemActor, type SystemActor } from "@/lib/auth/actor";

export interface JobContext {
  db: Sql;
  /** today in Asia/Shanghai */
  today: string;
  /** where reminders are mailed; none: the in-app inbox only */
  mail?: { smtpUrl: string; from: string };
}

export interface Job {
  name: string;
  /** node-cron expression, in Asia/Shanghai */
  schedule: string;
  /** the key a scheduled run is done once for (a day, a period); undefined: nothing to do today */
  runKey(ctx: JobContext): string | undefined | Promise<string | undefined>;
  /** does the work as the system actor named after the job (audit rows say which job wrote them) */
  run(ctx: JobContext & { actor: SystemActor }): Promise<Record<string, unknown>>;
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

export async function jobHistory(db: Sql, limit = 50) {
  return db.query<{ id: number; job: string; run_key: string; trigger: string; instance: string; started_at: string; finished_at: string | null; outcome: string; counts: Record<string, unknown>; error: string | null }>(
    `SELECT id, job, run_key, trigger, instance, started_at::text, finished_at::text, outcome, counts, error FROM job_runs ORDER BY id DESC LIMIT $1`,
    [limit],
  );
}
