import { AppError } from "@/lib/errors";
import { withEnglishNames } from "@/lib/publication/open-data-names";
import { latestPublication, openDataBody, publicationVersion, publishedPeriods } from "@/lib/publication/publish";
import { HEADER_LANGS, readableRankingsCsv } from "@/lib/publication/readable-csv";
import { nameOf, unitNames } from "@/lib/unit-names";
import { handler } from "@/lib/web/handler";
import { QueryReader } from "@/lib/web/query";

/**
 * Serves a published period's stored bytes (CONTRACT §6 /open-data/rankings.{csv,json}?period=P):
 * no scoring and no serialisation per request. Without ?period, the latest published month; with
 * &version=N, that version's bytes as they were published (without it, the period's latest). A JSON
 * published before it carried `name_en` gets it added; `rankings.csv?headers=zh|en` is the table for people, written from
 * the published document (lib/publication/readable-csv.ts), beside the stored machine CSV.
 */
export function openDataHandler(format: "csv" | "json") {
  return handler({ role: "public", action: `open-data:${format}` }, async (_request, { db, url }) => {
    // a malformed period or version is a mistake to say (400), not a period to guess; a well-formed one not published is 404
    const q = new QueryReader(url.searchParams);
    let period = q.periodKey("period");
    const version = q.version("version");
    const headers = format === "csv" ? q.oneOf("headers", HEADER_LANGS) : undefined;
    // the JSON's field names are fixed: a header choice there is a mistake to say, not one to ignore
    if (format === "json" && q.has("headers")) {
      q.problem("headers", url.searchParams.get("headers") ?? "", "JSON 的字段名固定，不能选表头；表头选择（headers=zh|en）只用于 CSV", "the JSON's field names are fixed; headers=zh|en applies to the CSV only");
    }
    q.check();
    if (!period) {
      const periods = await publishedPeriods(db);
      period = (periods.find((p) => /^\d{4}-\d{2}$/.test(p.period)) ?? periods[0])?.period;
    }
    const found = period ? await openDataBody(db, period, format, version) : undefined;
    if (!found || !period) {
      if (version !== undefined && period && (await openDataBody(db, period, format))) {
        throw AppError.notFound(`期间 ${period} 没有第 ${version} 版`, `period ${period} has no version ${version}`);
      }
      throw AppError.notFound(`期间 ${period ?? ""} 尚未发布`, `period ${period ?? ""} is not published`);
    }
    let body = found.body;
    // versions published before the JSON carried name_en get it added (lib/publication/open-data-names.ts)
    if (format === "json" && !body.includes('"name_en":')) body = withEnglishNames(body, await unitNames(db));
    else if (headers) {
      const publication = version === undefined ? await latestPublication(db, period) : await publicationVersion(db, period, version);
      body = readableRankingsCsv(publication!.document, headers, nameOf(await unitNames(db), headers));
    }
    const name = `wenxiao-rankings-${period}-v${found.version}${headers ? `-${headers}` : ""}.${format}`;
    return new Response(format === "csv" ? "\uFEFF" + body : body, {
      headers: {
        "content-type": format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
        "content-disposition": `inline; filename="${name}"`,
        // a version's bytes never change (publications are append-only); "the latest" does. The readable
        // table names units as they are named today (English names can be given later): not immutable
        "cache-control": version === undefined ? "public, max-age=300" : headers ? "public, max-age=3600" : "public, max-age=86400, immutable",
      },
    });
  });
}
