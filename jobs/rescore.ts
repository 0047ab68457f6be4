import type { Job } from "@/lib/jobs/runner";
import { cachedScore } from "@/lib/scoring/cache";

/** Every night: score the open month as of today, so the dashboards open on warm figures. */
export const rescore: Job = {
  name: "rescore",
  title: { zh: "重算本月得分", en: "Rescore the open month" },
  time: { days: "daily", hour: 2, minute: 0 },
  runKey({ today }) {
    return `rescore:${today}`;
  },
  async run({ db, today }) {
    const doc = await cachedScore(db, today.slice(0, 7), today);
    const scored = [...doc.groups.region, ...doc.groups.department].filter((e) => e.score !== null);
    return { period: doc.period, scored: scored.length, below_60: scored.filter((e) => e.score! < 60).length };
  },
  summary(c, lang) {
    return lang === "en" ? `${String(c.period)}: ${String(c.scored)} units scored, ${String(c.below_60)} below 60` : `${String(c.period)}：${String(c.scored)} 个单位已计分，其中 ${String(c.below_60)} 个低于 60 分`;
  },
};
