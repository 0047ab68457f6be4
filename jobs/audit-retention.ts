import type { Job } from "@/lib/jobs/runner";

/**
 * Every day: check that the audit and access logs are complete, report the oldest entry kept, and
 * count what is past the retention period (5 years; the floor is 180 days, GB/T 22239). Nothing is
 * deleted: the database refuses DELETE and TRUNCATE on both logs (migration 0009); archiving is an
 * export by the office, never a deletion by a job.
 */
export const RETENTION_YEARS = 5;

export const auditRetention: Job = {
  name: "audit-retention",
  schedule: "30 3 * * *",
  runKey({ today }) {
    return `audit-retention:${today}`;
  },
  async run({ db }) {
    const [r] = await db.query<{ audit: number; audit_old: number; access: number; access_old: number; gaps: number; oldest_audit: string | null; oldest_access: string | null }>(
      `SELECT (SELECT count(*)::int FROM audit_log) AS audit,
              (SELECT to_char(min(at) AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') FROM audit_log) AS oldest_audit,
              (SELECT to_char(min(at) AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') FROM access_log) AS oldest_access,
              (SELECT count(*)::int FROM audit_log WHERE at < now() - make_interval(years => $1)) AS audit_old,
              (SELECT count(*)::int FROM access_log) AS access,
              (SELECT count(*)::int FROM access_log WHERE at < now() - make_interval(years => $1)) AS access_old,
              (SELECT count(*)::int FROM import_batches b WHERE b.finished_at IS NOT NULL
                 AND NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.batch_id = b.id AND a.action = 'import')) AS gaps`,
      [RETENTION_YEARS],
    );
    if (r && r.gaps > 0) throw new Error(`${r.gaps} import batches have no audit row`);
    return { ...r };
  },
};
