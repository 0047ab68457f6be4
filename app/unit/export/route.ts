import { AppError } from "@/lib/errors";
import { cachedExportItems } from "@/lib/export-items";
import { exportParams } from "@/lib/unit-page";
import { handler } from "@/lib/web/handler";

export const dynamic = "force-dynamic";

/** A unit's own item lists as CSV or XLSX; the unit comes from the session, never from the request. */
export const GET = handler({ role: "unit", action: "export:unit" }, async (_request, { user, db, url, requireUnit }) => {
  const code = user.unitCode!;
  await requireUnit(code);
  const q = await exportParams(db, code, url, user);
  if (!q) throw AppError.notFound("没有数据", "no data");
  return cachedExportItems(db, q);
});
