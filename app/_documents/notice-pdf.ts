import { createElement } from "react";
import { documentHtml } from "@/app/_documents/render";
import { NoticeDocument } from "@/components/NoticeDocument";
import { documentParts } from "@/lib/notices/document";
import { documentForm } from "@/lib/notices/form";
import { printToPdf } from "@/lib/notices/pdf";
import { storedNoticePdf, storeNoticePdf, viewNotice } from "@/lib/notices/queries";
import { todayInShanghai } from "@/lib/today";
import { handler, idParam } from "@/lib/web/handler";

/**
 * GET …/notices/<id>/pdf for the office and the addressed unit (drafts for the office only): the
 * notice printed by Chromium; without Chromium on the server, the printable page, and a header says so.
 */
export function noticePdfHandler(printPath: (id: number) => string) {
  return handler<{ id: string }, "user">({ role: "user", action: "pdf:notice" }, async (_request, { user, db, params }) => {
    const id = idParam(params.id);
    const { notice, issuedDate } = await viewNotice(db, user, id, "pdf:notice", todayInShanghai());
    // an issued notice is frozen: printed once, then served from its stored bytes
    let pdf = notice.issued_at ? await storedNoticePdf(db, id) : undefined;
    if (!pdf) {
      const form = documentForm(notice);
      const parts = await documentParts(db, notice, todayInShanghai());
      // form 1 (issued before form 2) prints as it always did; form 2 has page numbers
      pdf = await printToPdf(await documentHtml(createElement(NoticeDocument, { notice, issuedDate, ...parts })), notice.number ?? notice.title, form >= 2 ? { pageNumbers: true } : {});
      if (pdf && notice.issued_at) await storeNoticePdf(db, id, pdf);
    }
    if (!pdf) {
      return new Response(null, { status: 303, headers: { location: printPath(id), "x-wenxiao-pdf": "unavailable: Chromium is not installed on the server; this is the printable page" } });
    }
    return new Response(new Uint8Array(pdf), { headers: { "content-type": "application/pdf", "content-disposition": `inline; filename="notice-${id}.pdf"` } });
  });
}
