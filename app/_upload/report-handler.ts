import { contentDisposition } from "@/lib/web/content-disposition";
import { errorReport } from "@/lib/ingest/upload";
import { handler, idParam } from "@/lib/web/handler";

/** GET /office|unit/upload/<id>/report: the rejected rows as a workbook to fix (lib/ingest/upload.ts errorReport; another unit's upload is a 404). */
export const reportHandler = (role: "office" | "unit") =>
  handler<{ id: string }, "office" | "unit">({ role, action: "upload:report" }, async (_request, { user, db, params, lang }) => {
  const report = await errorReport(db, user, idParam(params.id), lang);
  return new Response(new Uint8Array(report.body), {
    headers: {
      "content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "content-disposition": contentDisposition("attachment", report.fileName),
      "cache-control": "no-store",
    },
  });
});
