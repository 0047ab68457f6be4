import { getDb } from "@/db";
import { openDataBody, publishedPeriods } from "./publish";

/**
 * Serves a published period's stored bytes (CONTRACT §6 /open-data/rankings.{csv,json}?period=P):
 * no scoring and no serialisation per request. Without ?period, the latest published month.
 */
export async function serveOpenData(request: Request, format: "csv" | "json"): Promise<Response> {
  const db = await getDb();
  let period = new URL(request.url).searchParams.get("period") ?? undefined;
  if (!period) {
    const periods = await publishedPeriods(db);
    period = (periods.find((p) => /^\d{4}-\d{2}$/.test(p.period)) ?? periods[0])?.period;
  }
  const body = period && /^\d{4}(-\d{2}|-Q[1-4])?$/.test(period) ? await openDataBody(db, period, format) : undefined;
  if (!body) {
    return Response.json(
      { error: "not_published", message: `期间 ${period ?? ""} 尚未发布 / period ${period ?? ""} is not published` },
      { status: 404 },
    );
  }
  // the CSV gets a BOM so that Excel opens the Chinese names correctly
  return new Response(format === "csv" ? "\uFEFF" + body : body, {
    headers: {
      "content-type": format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
      "content-disposition": `inline; filename="wenxiao-rankings-${period}.${format}"`,
      "cache-control": "public, max-age=300",
    },
  });
}
