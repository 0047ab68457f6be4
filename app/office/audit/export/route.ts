import { auditWorkbook } from "@/lib/audit/export";
import { handler } from "@/lib/web/handler";
import { QueryReader } from "@/lib/web/query";
import { auditQuery } from "../filter";

export const dynamic = "force-dynamic";

/** The office's export of the audit trail as XLSX, with the filters of the page (the export itself is logged). */
export const GET = handler({ role: "office", action: "export:audit" }, async (_request, { db, url, lang }) => {
  const q = new QueryReader(url.searchParams);
  const { kind, filter } = auditQuery(q);
  q.check();
  const body = await auditWorkbook(db, kind, filter, lang);
  return new Response(new Uint8Array(body), {
    headers: {
      "content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "content-disposition": `attachment; filename="wenxiao-audit-${kind}.xlsx"`,
      "cache-control": "no-store",
    },
  });
});
