import type { Job } from "@/lib/jobs/runner";
import { cachedScore } from "@/lib/scoring/cache";

/** Every night: score the open month as of today, so the dashboards open on warm figures. */
export const rescore: Job = {
  name: "rescore",
  schedule: "0 2 * * *",
  runKey({ today }) {
    return `rescore:${today}`;
  },
  async run({ db, today }) {
    const doc = await cachedScore(db, today.slice(0, 7), today);
    const scored = [...doc.groups.region, ...doc.groups.department].filter((e) => e.score !== null);
    return { period: doc.period, scored: scored.length, below_60: scored.filter((e) => e.score! < 60).length };
  },
};
