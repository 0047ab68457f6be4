import "server-only";
import type { Sql } from "@/db/client";
import { CalendarNotLoadedError, deadline } from "@/lib/calendar";
import { jointDeadlineDays, type JointDeadlineKey } from "@/lib/scoring/joint-deadlines";

/**
 * The joint-measures cycle's deadlines as the timeline and the obligations list show them: the scoring
 * rules' own (lib/scoring/joint-deadlines.ts, docs/design/joint-cycle.md §2), in working days of the
 * shipped calendar, each overridden by its WENXIAO_JOINT_*_DAYS setting, so that a step the timeline
 * marks on time is one the figures count on time. The pages score nothing; they read the same days.
 */
export type JointStep = JointDeadlineKey;

/** The working days of each step in force now (the setting when given, else the default). */
export function jointStepDays(): Record<JointStep, number> {
  return jointDeadlineDays();
}

/**
 * The deadline of a step that starts on `date`: the n-th working day after it (lib/calendar), the day
 * itself for n = 0; null where the calendar of those days is not loaded (the page then says so
 * instead of guessing).
 */
export async function stepDeadline(db: Sql, date: string | null, step: JointStep): Promise<string | null> {
  if (!date) return null;
  const n = jointStepDays()[step];
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
 * Whether a step met its deadline, read as the figures read it (lib/scoring/joint.ts `timely`, with
 * `today` as the evaluation date): done on or before the deadline (on time); done after it, by today
 * (late); not done by today and the deadline is today or earlier (missing); else not yet due
 * (pending); no deadline known (unknown). The figures count an item whose deadline is after today as
 * not due, whatever the timeline says of it.
 */
export function stepStatus(done: string | null, due: string | null, today: string): StepStatus {
  if (!due) return "unknown";
  if (done && done <= due) return "on_time";
  if (due > today) return "pending";
  return done && done <= today ? "late" : "missing";
}
