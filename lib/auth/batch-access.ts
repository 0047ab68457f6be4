import "server-only";
import { notFound, redirect } from "next/navigation";
import { getDb } from "@/lib/db";
import { findBatch, type BatchRow } from "@/lib/ingest/history";
import { rowId } from "@/lib/web/params";
import { logAccess } from "./access";
import { requestContext, requireUser } from "./guards";
import type { SessionUser } from "./users";

/**
 * An import batch's page (/office/imports/<id>, /unit/imports/<id>): the office any batch, a unit's
 * head or clerk only a batch of their own unit (lib/ingest/history.ts says which); anything else —
 * another unit's batch, an id that names nothing — is a 404, logged like every refusal. The office is
 * sent from the unit's address to its own.
 */
export async function requireBatchAccess(area: "office" | "unit", action: string, idText: string, nextPath: string): Promise<{ user: SessionUser; batch: BatchRow }> {
  const user = await requireUser(nextPath);
  const db = await getDb();
  const context = await requestContext(nextPath);
  if (area === "unit" && user.role === "office") redirect(`/office/imports/${encodeURIComponent(idText)}`);
  const id = rowId(idText);
  const roleFits = area === "office" ? user.role === "office" : user.unitCode !== null;
  const batch = roleFits && id !== undefined ? await findBatch(db, user, id) : undefined;
  await logAccess(db, user, action, user.unitCode, batch !== undefined, context);
  if (!batch) notFound();
  return { user, batch };
}
