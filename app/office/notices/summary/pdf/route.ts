import { createElement } from "react";
import { SummaryDocument } from "@/components/SummaryDocument";
import { getDb } from "@/db";
import { logAccess } from "@/lib/auth/access";
import { currentUser } from "@/lib/auth/guards";
import { isoOrToday } from "@/lib/i18n";
import { printToPdf } from "@/lib/notices/pdf";
import { monthlySummary } from "@/lib/notices/summary";

export const dynamic = "force-dynamic";

/** The monthly summary notice as a PDF (office only). */
export async function GET(request: Request) {
  const user = await currentUser();
  const db = await getDb();
  if (user?.role !== "office") {
    await logAccess(db, user, "pdf:summary", null, false);
    return Response.json({ error: "forbidden", message: "无权访问 / not allowed" }, { status: user ? 403 : 401 });
  }
  const url = new URL(request.url);
  const period = url.searchParams.get("period") ?? "";
  if (!/^\d{4}-\d{2}$/.test(period)) return Response.json({ error: "bad_period", message: "期间应为 YYYY-MM / period must be YYYY-MM" }, { status: 400 });
  const asOf = isoOrToday(url.searchParams.get("asOf") ?? undefined);
  const s = await monthlySummary(db, period, asOf);
  const pdf = await printToPdf(createElement(SummaryDocument, { s }), `${period} 通报`);
  if (!pdf) return new Response(null, { status: 303, headers: { location: `/office/notices/summary?period=${period}&asOf=${asOf}`, "x-wenxiao-pdf": "unavailable: Chromium is not installed on the server" } });
  return new Response(new Uint8Array(pdf), { headers: { "content-type": "application/pdf", "content-disposition": `inline; filename="summary-${period}.pdf"` } });
}
