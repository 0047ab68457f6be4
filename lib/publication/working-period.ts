import "server-only";
import type { Sql } from "@/db/client";
import { todayInShanghai } from "@/lib/today";
import { latestPublication } from "./publish";

/**
 * The period a page opens on when the address names none: the month at work. That is the month just
 * ended while it is still unpublished (on 4 December the office closes and publishes November, and the
 * units chase November's late items), and the current month once the month before is published or has
 * no data. Only months with data count (`months`, oldest first, from dataMonths); none gives undefined.
 */
export async function workingPeriod(db: Sql, months: string[], today = todayInShanghai()): Promise<string | undefined> {
  const current = today.slice(0, 7);
  const ended = months.filter((m) => m < current);
  const lastEnded = ended.at(-1);
  if (lastEnded && !(await latestPublication(db, lastEnded))) return lastEnded;
  return months.includes(current) ? current : (months.at(-1) ?? undefined);
}
