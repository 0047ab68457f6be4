import type { Job } from "@/lib/jobs/runner";

/**
 * Every day: check that the audit and access logs are complete and count what is past the retention
 * period (5 years). Nothing is deleted: the logs are append-only; the office decides on archiving.
 */
export const RETENTION_YEARS = 5;

export const auditRetention: Job = {
  name: "audit-retention",
  schedule: "30 3 * * *",
  runKey({ today }) {
    return `audit-retention:${today}`;
  },
  async run({ db }) {
    const [r] = await db.query<{ audit: number; audit_old: number; access: number; access_old: number; gaps: number }>(
      `SELECT (SELECT count(*)::int FROM audit_log) AS audit,
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
