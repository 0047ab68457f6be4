import { AppError } from "@/lib/errors";
import { openDataBody, publishedPeriods } from "@/lib/publication/publish";
import { handler } from "@/lib/web/handler";
import { QueryReader } from "@/lib/web/query";

/**
 * Serves a published period's stored bytes (CONTRACT §6 /open-data/rankings.{csv,json}?period=P):
 * no scoring and no serialisation per request. Without ?period, the latest published month; with
 * &version=N, that version's bytes as they were published (without it, the period's latest).
 */
export function openDataHandler(format: "csv" | "json") {
  return handler({ role: "public", action: `open-data:${format}` }, async (_request, { db, url }) => {
    // a malformed period or version is a mistake to say (400), not a period to guess; a well-formed one not published is 404
    const q = new QueryReader(url.searchParams);
    let period = q.periodKey("period");
    const version = q.version("version");
    q.check();
    if (!period) {
      const periods = await publishedPeriods(db);
      period = (periods.find((p) => /^\d{4}-\d{2}$/.test(p.period)) ?? periods[0])?.period;
    }
    const found = period ? await openDataBody(db, period, format, version) : undefined;
    if (!found) {
      if (version !== undefined && period && (await openDataBody(db, period, format))) {
        throw AppError.notFound(`期间 ${period} 没有第 ${version} 版`, `period ${period} has no version ${version}`);
      }
      throw AppError.notFound(`期间 ${period ?? ""} 尚未发布`, `period ${period ?? ""} is not published`);
    }
    // the CSV gets a BOM so that Excel opens the Chinese names correctly
    return new Response(format === "csv" ? "\uFEFF" + found.body : found.body, {
      headers: {
        "content-type": format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
        "content-disposition": `inline; filename="wenxiao-rankings-${period}-v${found.version}.${format}"`,
        // a version's bytes never change (publications are append-only); "the latest" does
        "cache-control": version === undefined ? "public, max-age=300" : "public, max-age=86400, immutable",
      },
    });
  });
}
