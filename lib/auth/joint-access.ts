import "server-only";
import { notFound, redirect } from "next/navigation";
import { getDb } from "@/lib/db";
import { caseTimeline, type CaseTimeline } from "@/lib/joint/timeline";
import { todayInShanghai } from "@/lib/today";
import { logAccess } from "./access";
import { requestContext, requireUser } from "./guards";
import type { SessionUser } from "./users";

/**
 * A case's timeline (/office/joint/cases/<id>, /unit/joint/cases/<id>): the office any case, a unit's
 * head or clerk a case their unit or one of its agencies initiated or implements (lib/joint/timeline.ts);
 * anything else — another unit's case, an id that names no case — is a 404, logged like every view
 * and refusal (`view:joint-case`, the address in the detail). The office is sent from the unit's
 * address to its own.
 */
export async function requireCaseAccess(area: "office" | "unit", caseId: string, nextPath: string): Promise<{ user: SessionUser; timeline: CaseTimeline }> {
  const user = await requireUser(nextPath);
  if (area === "unit" && user.role === "office") redirect(nextPath.replace(/^\/unit\//, "/office/"));
  const db = await getDb();
  const context = await requestContext(nextPath);
  const roleFits = area === "office" ? user.role === "office" : user.unitCode !== null;
  const timeline = roleFits ? await caseTimeline(db, user, caseId, todayInShanghai()) : undefined;
  await logAccess(db, user, "view:joint-case", user.role === "office" ? null : user.unitCode, timeline !== undefined, context);
  if (!timeline) notFound();
  return { user, timeline };
}
