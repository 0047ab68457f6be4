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
  title: { zh: "审计日志保存检查", en: "Audit-log retention check" },
  time: { days: "daily", hour: 3, minute: 30 },
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
  summary(c, lang) {
    return lang === "en"
      ? `audit log ${n(c.audit)} entries since ${s(c.oldest_audit)}, access log ${n(c.access)} since ${s(c.oldest_access)}; past ${RETENTION_YEARS} years: ${n(c.audit_old)} and ${n(c.access_old)} (kept; nothing is deleted)`
      : `审计日志 ${n(c.audit)} 条（最早 ${s(c.oldest_audit)}），访问日志 ${n(c.access)} 条（最早 ${s(c.oldest_access)}）；超过 ${RETENTION_YEARS} 年的：${n(c.audit_old)} 条和 ${n(c.access_old)} 条（均保留，不删除）`;
  },
};

const n = (v: unknown) => (typeof v === "number" ? v.toLocaleString("zh-CN") : "—");
const s = (v: unknown) => (typeof v === "string" ? v : "—");
