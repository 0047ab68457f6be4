import cron from "node-cron";
import type { Sql } from "@/db/client";
import { lastRuns, runJob, type Job, type JobContext, type JobRun, type RunOutcome } from "@/lib/jobs/runner";
import { cronOf, nextRun, nowInShanghai } from "@/lib/jobs/schedule";
import { assertOffice, type Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { env } from "@/lib/env";
import { todayInShanghai } from "@/lib/today";
import { auditRetention } from "./audit-retention";
import { closeMonth } from "./close-period";
import { reminders } from "./reminders";
import { rescore } from "./rescore";

export const JOBS: Job[] = [reminders, closeMonth, rescore, auditRetention];

export function jobByName(name: string): Job | undefined {
  return JOBS.find((j) => j.name === name);
}

export function jobContext(db: Sql, today = todayInShanghai()): JobContext {
  const { WENXIAO_SMTP_URL, WENXIAO_MAIL_FROM } = env();
  return {
    db,
    today,
    mail: WENXIAO_SMTP_URL ? { smtpUrl: WENXIAO_SMTP_URL, from: WENXIAO_MAIL_FROM } : undefined,
  };
}

/** Every job with its next run and its latest run, for the office's jobs page. */
export async function jobOverview(db: Sql, now = nowInShanghai()): Promise<{ job: Job; next: string | null; last: JobRun | null }[]> {
  const last = await lastRuns(db);
  return Promise.all(JOBS.map(async (job) => ({ job, next: await nextRun(db, job.time, now), last: last.get(job.name) ?? null })));
}

/** The office runs a job by hand ("run now"); the run is recorded like a scheduled one. */
export async function runJobNow(db: Sql, actor: Actor, name: string): Promise<RunOutcome & { job: string }> {
  assertOffice(actor, { zh: "手动运行定时任务", en: "run jobs by hand" });
  const job = jobByName(name);
  if (!job) throw AppError.notFound(`没有名为“${name}”的定时任务`, `there is no job named "${name}"`);
  return { ...(await runJob(job, jobContext(db), "manual")), job: job.name };
}

/** Registers every job with node-cron in Beijing time. Each run claims its key in the database first. */
export function startScheduler(db: Sql, log: (line: string) => void = () => {}): () => void {
  const tasks = JOBS.map((job) =>
    cron.schedule(
      cronOf(job.time),
      async () => {
        const r = await runJob(job, jobContext(db), "schedule");
        if (r.outcome !== "skipped") log(`job ${job.name} ${r.runKey}: ${r.outcome}${r.error ? ` (${r.error})` : ""}`);
      },
      { timezone: "Asia/Shanghai", name: job.name },
    ),
  );
  return () => tasks.forEach((t) => void t.stop());
}
