import "server-only";
import type { Sql } from "@/db/client";
import { CalendarNotLoadedError, deadline } from "@/lib/calendar";

/**
 * The joint-measures cycle's deadlines as the timeline and the obligations list show them, in working
 * days of the shipped calendar (docs/design/joint-cycle.md §2, the defaults of that table). The scoring
 * rules' configurable settings (lib/scoring/joint-deadlines.ts, piece B of issue 11) replace these
 * defaults at merge where that module has landed; the pages only show whether a step met its deadline,
 * they score nothing.
 */
export const JOINT_DEADLINES = {
  /** listed_date → pushed_date: "规定时限" only; the 双公示 limit (003 (五)) */
  push: 7,
  /** pushed_date → received_date: "及时响应" (004 三(三)4) */
  receipt: 3,
  /** notified on or before listed_date: "在认定决定前，应当告知当事人" (003 (八)) */
  notification: 0,
  /** filed_date → resolved_date when the objection has no due_date: "尽快核实并反馈" (001 四(五)) */
  objection: 15,
  /** resolved (upheld) → withdrawn_date: "及时更正或撤销" (001 四(五)) */
  withdrawal: 3,
  /** accepted_date → completed_date: "在规定期限内核实" (004 三(三)7) */
  repair: 10,
} as const;
export type JointStep = keyof typeof JOINT_DEADLINES;

/**
 * The deadline of a step that starts on `date`: the n-th working day after it (lib/calendar), the day
 * itself for n = 0; null where the calendar of those days is not loaded (the page then says so
 * instead of guessing).
 */
export async function stepDeadline(db: Sql, date: string | null, step: JointStep): Promise<string | null> {
  if (!date) return null;
  const n = JOINT_DEADLINES[step];
  if (n === 0) return date;
  try {
    return await deadline(db, date, n);
  } catch (e) {
    if (e instanceof CalendarNotLoadedError) return null;
    throw e;
  }
}

export type StepStatus = "on_time" | "late" | "missing" | "pending" | "unknown";

/**
 * Whether a step met its deadline: done on or before it (on time) or after (late); not done and the
 * deadline passed before `today` (missing) or not yet (pending); no deadline known (unknown).
 */
export function stepStatus(done: string | null, due: string | null, today: string): StepStatus {
  if (!due) return "unknown";
  if (done) return done <= due ? "on_time" : "late";
  return due < today ? "missing" : "pending";
}
