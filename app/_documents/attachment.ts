import { AppError } from "@/lib/errors";
import { reportAttachment } from "@/lib/notices/queries";
import { contentDisposition } from "@/lib/web/content-disposition";
import { handler, idParam } from "@/lib/web/handler";

/**
 * GET …/notices/<id>/attachments/<file>: a rectification report's attachment, for the office (any
 * notice) and for the addressed unit's head and clerks (their own), each download in access_log with
 * the unit concerned; another unit is refused (403, logged), an attachment that is not the notice's
 * is a 404. It is sent as a download under its original name (RFC 6266/5987, so a Chinese name
 * survives), with the type its content was checked to be and `nosniff`, never rendered in the page.
 */
export function attachmentHandler(role: "office" | "unit") {
  return handler<{ id: string; file: string }, typeof role>({ role, action: "download:attachment" }, async (_request, { db, params, requireUnit }) => {
    const attachment = await reportAttachment(db, idParam(params.id), idParam(params.file));
    if (!attachment) throw AppError.notFound(`附件 ${params.file} 不存在`, `attachment ${params.file} does not exist`);
    await requireUnit(attachment.unit_code);
    return new Response(new Uint8Array(attachment.data), {
      headers: {
        "content-type": attachment.content_type,
        "content-length": String(attachment.data.byteLength),
        "content-disposition": contentDisposition("attachment", attachment.file_name),
        "x-content-type-options": "nosniff",
        "cache-control": "private, no-store",
      },
    });
  });
}
