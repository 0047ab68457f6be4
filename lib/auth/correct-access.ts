import "server-only";
import { notFound, redirect } from "next/navigation";
import { getDb } from "@/lib/db";
import { loadCorrection, type CorrectionView } from "@/lib/ingest/correct";
import { logAccess } from "./access";
import { requestContext, requireUser } from "./guards";
import type { SessionUser } from "./users";

/**
 * A row's correction page (/office/correct/<kind>, /unit/correct/<kind>?<key>): the office any unit's
 * row, a unit's head or clerk a row of their unit or its agencies (lib/ingest/correct.ts); anything
 * else — another unit's row, a kind no unit delivers, a key that names nothing — is a 404, logged like
 * every refusal. The office is sent from the unit's address to its own.
 */
export async function requireCorrectionAccess(area: "office" | "unit", kind: string, key: Record<string, string | undefined>, nextPath: string): Promise<{ user: SessionUser; view: CorrectionView }> {
  const user = await requireUser(nextPath);
  const db = await getDb();
  const context = await requestContext(nextPath);
  if (area === "unit" && user.role === "office") redirect(nextPath.replace(/^\/unit\//, "/office/"));
  const roleFits = area === "office" ? user.role === "office" : user.unitCode !== null;
  const view = roleFits ? await loadCorrection(db, user, kind, key) : undefined;
  await logAccess(db, user, "view:correct", view?.owner ?? user.unitCode, view !== undefined, context);
  if (!view) notFound();
  return { user, view };
}
