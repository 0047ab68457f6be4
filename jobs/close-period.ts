import type { Job } from "@/lib/jobs/runner";
import { closePeriod } from "@/lib/notices/close";
import { previousPeriod, parsePeriod } from "@/lib/scoring/period";

/**
 * On the first working day of a month: close the month before and draft its notices. Never early:
 * the month has ended by then, and the job passes no `early`, so closePeriod would refuse otherwise.
 */
export const closeMonth: Job = {
  name: "close-period",
  title: { zh: "关闭上月并生成通报草稿", en: "Close last month and draft its notices" },
  time: { days: "first-workday-of-month", hour: 6, minute: 0 },
  async runKey({ db, today }) {
    const [first] = await db.query<{ d: string | null }>(
      `SELECT min(date)::text AS d FROM calendar_days WHERE is_workday AND date >= date_trunc('month', $1::date) AND date < date_trunc('month', $1::date) + interval '1 month'`,
      [today],
    );
    if (first?.d !== today) return undefined;
    return `close:${previousPeriod(parsePeriod(today.slice(0, 7))).key}`;
  },
  async run({ db, today, actor }) {
    const period = previousPeriod(parsePeriod(today.slice(0, 7))).key;
    const r = await closePeriod(db, { period, asOf: today, actor });
    return { period, drafts: r.drafts.length, created: r.created };
  },
  summary(c, lang) {
    return lang === "en" ? `${String(c.period)} closed: ${String(c.drafts)} notice drafts (${String(c.created)} new)` : `已关闭 ${String(c.period)}：通报草稿 ${String(c.drafts)} 份（新建 ${String(c.created)} 份）`;
  },
};
