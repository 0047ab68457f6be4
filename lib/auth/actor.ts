import { AppError } from "@/lib/errors";
import type { SessionUser } from "./users";

/**
 * Who performs a write to credit data: a signed-in user (with role and unit), or the system — a
 * scheduled job, the CLI, the demo loader. Domain writes take an Actor and check it themselves, so
 * no caller (page, job, CLI) can bypass a rule; audit rows record `actor.username`.
 */
export interface SystemActor {
  type: "system";
  /** which job or tool acts: "reminders", "close-period", "cli", "demo" … */
  job: string;
  username: string;
  name: string;
  role: "system";
  unitCode: null;
}

export type Actor = SessionUser | SystemActor;

export function systemActor(job: string, username = `system:${job}`): SystemActor {
  // named by its account name, as audit rows name it: the same in every language, never a "中文 / English" pair
  return { type: "system", job, username, name: username, role: "system", unitCode: null };
}

/** The office's work (publishing, closing, rules, notices, jobs): the office or the system only. */
export function assertOffice(actor: Actor, what: { zh: string; en: string }): void {
  if (actor.role !== "office" && actor.role !== "system") {
    throw AppError.forbidden(`只有领导小组办公室可以${what.zh}`, `only the office may ${what.en}`);
  }
}
