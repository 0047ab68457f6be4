import { AppError } from "@/lib/errors";
import { exportAnnex, hasAnnex } from "@/lib/notices/annex";
import { viewNotice } from "@/lib/notices/queries";
import { todayInShanghai } from "@/lib/today";
import { contentDisposition } from "@/lib/web/content-disposition";
import { handler, idParam } from "@/lib/web/handler";

/**
 * GET …/notices/<id>/annex/csv|xlsx: a notice's annex, every item, as a file — for the office (any
 * notice) and the addressed unit's head and clerks once it is issued, exactly as the notice itself
 * (viewNotice: anyone else gets 404, the view logged as `export:annex` either way). An issued
 * notice's file comes from its frozen annex; a draft's from the evidence as of its evaluation date.
 */
export function annexExportHandler() {
  return handler<{ id: string; format: string }, "user">({ role: "user", action: "export:annex" }, async (request, { user, db, params, lang, url }) => {
    const format = params.format;
    if (format !== "csv" && format !== "xlsx") throw AppError.notFound(`没有“${format}”格式，请选择 csv 或 xlsx`, `there is no "${format}" format: choose csv or xlsx`);
    const { notice } = await viewNotice(db, user, idParam(params.id), "export:annex", todayInShanghai(), { address: request.headers.get("x-wenxiao-client"), detail: url.pathname + url.search });
    if (!hasAnnex(notice)) {
      throw AppError.notFound("该通报印发于附件问题清单启用之前，没有附件清单", "this notice was issued before notices carried an annex: it has none");
    }
    const unitName = typeof (notice.figures as { name?: unknown }).name === "string" ? String((notice.figures as { name: string }).name) : notice.unit_code;
    const file = await exportAnnex(db, notice, unitName, lang, format);
    return new Response(new Uint8Array(file.body), {
      headers: {
        "content-type": file.contentType,
        "content-disposition": contentDisposition("attachment", file.fileName),
        "x-content-type-options": "nosniff",
        "cache-control": "private, no-store",
        "x-wenxiao-items": String(file.items),
      },
    });
  });
}
