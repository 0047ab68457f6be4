import { createElement } from "react";
import { documentHtml } from "@/app/_documents/render";
import { z } from "zod";
import { SummaryDocument } from "@/components/SummaryDocument";
import { isoOrToday } from "@/lib/i18n";
import { printToPdf } from "@/lib/notices/pdf";
import { monthlySummary } from "@/lib/notices/summary";
import { handler } from "@/lib/web/handler";

export const dynamic = "force-dynamic";

const Query = z.object({ period: z.string().regex(/^\d{4}-\d{2}$/, "YYYY-MM"), asOf: z.string().optional() });

/** The monthly summary notice as a PDF (office only). */
export const GET = handler({ role: "office", action: "pdf:summary" }, async (_request, { db, url }) => {
  const q = Query.parse(Object.fromEntries(url.searchParams));
  const asOf = isoOrToday(q.asOf);
  const s = await monthlySummary(db, q.period, asOf);
  const pdf = await printToPdf(await documentHtml(createElement(SummaryDocument, { s })), `${q.period} 通报`);
  if (!pdf) return new Response(null, { status: 303, headers: { location: `/office/notices/summary?period=${q.period}&asOf=${asOf}`, "x-wenxiao-pdf": "unavailable: Chromium is not installed on the server" } });
  return new Response(new Uint8Array(pdf), { headers: { "content-type": "application/pdf", "content-disposition": `inline; filename="summary-${q.period}.pdf"` } });
});
