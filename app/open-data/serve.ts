import { AppError } from "@/lib/errors";
import { openDataBody, publishedPeriods } from "@/lib/publication/publish";
import { handler } from "@/lib/web/handler";

/**
 * Serves a published period's stored bytes (CONTRACT §6 /open-data/rankings.{csv,json}?period=P):
 * no scoring and no serialisation per request. Without ?period, the latest published month.
 */
export function openDataHandler(format: "csv" | "json") {
  return handler({ role: "public", action: `open-data:${format}` }, async (_request, { db, url }) => {
    let period = url.searchParams.get("period") ?? undefined;
    if (!period) {
      const periods = await publishedPeriods(db);
      period = (periods.find((p) => /^\d{4}-\d{2}$/.test(p.period)) ?? periods[0])?.period;
    }
    const body = period && /^\d{4}(-\d{2}|-Q[1-4])?$/.test(period) ? await openDataBody(db, period, format) : undefined;
    if (!body) throw AppError.notFound(`期间 ${period ?? ""} 尚未发布`, `period ${period ?? ""} is not published`);
    // the CSV gets a BOM so that Excel opens the Chinese names correctly
    return new Response(format === "csv" ? "\uFEFF" + body : body, {
      headers: {
        "content-type": format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
        "content-disposition": `inline; filename="wenxiao-rankings-${period}.${format}"`,
        "cache-control": "public, max-age=300",
      },
    });
  });
}
