import { createElement } from "react";
import { documentHtml } from "@/app/_documents/render";
import { SummaryDocument } from "@/components/SummaryDocument";
import { dataMonths } from "@/lib/scoring/provisional";
import { todayInShanghai } from "@/lib/today";
import { QueryReader } from "@/lib/web/query";
import { printToPdf } from "@/lib/notices/pdf";
import { monthlySummary } from "@/lib/notices/summary";
import { handler } from "@/lib/web/handler";

export const dynamic = "force-dynamic";

/** The monthly summary notice as a PDF (office only); a month without data or a wrong date is a 400 saying so. */
export const GET = handler({ role: "office", action: "pdf:summary" }, async (_request, { db, url }) => {
  const q = new QueryReader(url.searchParams);
  const months = [...(await dataMonths(db))].reverse();
  const period = q.period("period", months, undefined);
  if (period === undefined && q.ok) q.problem("period", "", "缺少期间（如 period=2026-10）", "the period is missing (period=2026-10, say)");
  const asOf = q.asOf("asOf", period, todayInShanghai());
  q.check();
  const s = await monthlySummary(db, period!, asOf);
  const pdf = await printToPdf(await documentHtml(createElement(SummaryDocument, { s })), `${period} 通报`);
  if (!pdf) return new Response(null, { status: 303, headers: { location: `/office/notices/summary?period=${period}&asOf=${asOf}`, "x-wenxiao-pdf": "unavailable: Chromium is not installed on the server" } });
  return new Response(new Uint8Array(pdf), { headers: { "content-type": "application/pdf", "content-disposition": `inline; filename="summary-${period}.pdf"` } });
});
