import "server-only";
import type { Sql } from "@/db/client";
import type { Lang } from "@/lib/i18n";

/**
 * When a job runs, in words and as the next moment it will do its work (Beijing time). node-cron
 * wakes every job daily at its hour; the job's run key then decides whether the day is one of its
 * days (a working day, the first working day of a month), so the next run is read off the calendar.
 */
export interface JobTime {
  days: "daily" | "workdays" | "first-workday-of-month";
  hour: number;
  minute: number;
}

/** The node-cron expression that wakes a job (Asia/Shanghai). */
export function cronOf(t: JobTime): string {
  return `${t.minute} ${t.hour} * * *`;
}

const hhmm = (t: JobTime) => `${String(t.hour).padStart(2, "0")}:${String(t.minute).padStart(2, "0")}`;

export function describeTime(t: JobTime, lang: Lang): string {
  const at = hhmm(t);
  if (lang === "en") return t.days === "daily" ? `every day at ${at}` : t.days === "workdays" ? `every working day at ${at}` : `the first working day of each month at ${at}`;
  return t.days === "daily" ? `每天 ${at}` : t.days === "workdays" ? `每个工作日 ${at}` : `每月第一个工作日 ${at}`;
}

/**
 * The next date and time the job will do its work, after `now` (Beijing time, "YYYY-MM-DD HH:MM"),
 * from the working-day calendar; null when the calendar has no such day loaded.
 */
export async function nextRun(db: Sql, t: JobTime, now: { date: string; time: string }): Promise<string | null> {
  // today counts when its time has not come yet
  const fromToday = now.time < hhmm(t);
  const [r] = await db.query<{ d: string | null }>(
    t.days === "daily"
      ? `SELECT (CASE WHEN $2 THEN $1::date ELSE $1::date + 1 END)::text AS d`
      : t.days === "workdays"
        ? `SELECT min(date)::text AS d FROM calendar_days WHERE is_workday AND (date > $1::date OR ($2 AND date = $1::date))`
        : `SELECT min(f.d)::text AS d FROM (
             SELECT min(date) AS d FROM calendar_days WHERE is_workday AND date >= date_trunc('month', $1::date) - interval '1 month'
             GROUP BY date_trunc('month', date)) f
           WHERE f.d > $1::date OR ($2 AND f.d = $1::date)`,
    [now.date, fromToday],
  );
  return r?.d ? `${r.d} ${hhmm(t)}` : null;
}

/** Beijing date and time now. */
export function nowInShanghai(at = new Date()): { date: string; time: string } {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "00";
  return { date: `${get("year")}-${get("month")}-${get("day")}`, time: `${get("hour")}:${get("minute")}` };
}
