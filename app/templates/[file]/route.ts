import { AppError } from "@/lib/errors";
import { buildTemplate, parseTemplateName } from "@/lib/ingest/templates";
import { IMPORT_KINDS } from "@/lib/ingest/kinds";
import { contentDisposition } from "@/lib/web/content-disposition";
import { handler } from "@/lib/web/handler";
import { maskControl } from "@/lib/web/query";

export const dynamic = "force-dynamic";

/**
 * GET /templates/<kind>.xlsx|csv: an import template (lib/ingest/templates.ts), for anyone signed in;
 * `?lang=en` writes its notes sheet in English (the headers stay Chinese). Any other name is a 404
 * that lists the kinds.
 */
export const GET = handler<{ file: string }, "user">({ role: "user", action: "download:template" }, async (_request, { params, lang }) => {
  const wanted = parseTemplateName(params.file);
  if (!wanted) {
    let name = params.file;
    try {
      name = decodeURIComponent(name);
    } catch {
      // shown as sent
    }
    name = maskControl([...name].slice(0, 60).join(""));
    const kinds = IMPORT_KINDS.join(", ");
    throw AppError.notFound(
      `没有名为“${name}”的模板：模板为 <类型>.xlsx 或 <类型>.csv，类型为 ${kinds}`,
      `there is no template "${name}": templates are <kind>.xlsx or <kind>.csv, the kinds being ${kinds}`,
    );
  }
  const file = await buildTemplate(wanted.kind, wanted.format, lang);
  return new Response(new Uint8Array(file.body), {
    headers: {
      "content-type": file.contentType,
      "content-disposition": contentDisposition("attachment", file.fileName),
      "x-content-type-options": "nosniff",
      "cache-control": "private, no-store",
    },
  });
});
