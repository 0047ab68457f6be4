import { cachedExportItems } from "@/lib/export-items";
import { exportParams } from "@/lib/unit-page";
import { handler } from "@/lib/web/handler";
import { AppError } from "@/lib/errors";

export const dynamic = "force-dynamic";

/** The office's export of any unit's item list (CSV or XLSX); ID numbers in full only with `ids=full`, logged. */
export const GET = handler<{ code: string }, "office">({ role: "office", action: "export:unit" }, async (_request, { user, db, params, url, requireUnit }) => {
  const code = decodeURIComponent(params.code);
  await requireUnit(code);
  const q = await exportParams(db, code, url, user);
  if (!q) throw AppError.notFound("没有该单位", "no such unit");
  return cachedExportItems(db, q);
});
