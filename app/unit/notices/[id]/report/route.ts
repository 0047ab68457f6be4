import { AppError } from "@/lib/errors";
import { withLang } from "@/lib/i18n";
import { getNotice, submitReport } from "@/lib/notices/lifecycle";
import { fileTooLarge, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS, tooManyFiles } from "@/lib/notices/report-files";
import { mailSoon } from "@/lib/notify/mail";
import { readMultipart } from "@/lib/web/multipart";
import { handler, idParam } from "@/lib/web/handler";

export const dynamic = "force-dynamic";

/** The report's text (20 000 characters, up to 3 bytes each) and its files, with room for the form's framing. */
const LIMITS = {
  files: MAX_ATTACHMENTS,
  fileBytes: MAX_ATTACHMENT_BYTES,
  fields: 4,
  fieldBytes: 64 * 1024,
  bodyBytes: MAX_ATTACHMENTS * MAX_ATTACHMENT_BYTES + 1024 * 1024,
  tooManyFiles,
  fileTooLarge,
};

/**
 * POST /unit/notices/<id>/report: the unit's head or clerk submits the rectification report, its
 * text and up to 5 files of 5 MB, streamed in and checked on the way (lib/web/multipart.ts; this path
 * is left out of proxy.ts so that Next does not buffer and cut the body). The report form
 * (components/ReportForm.tsx) sends it with fetch and gets JSON: `{report, next}` or `{error,
 * message}`, and keeps what was typed when it is refused. A plain form post (no script) is answered
 * with a redirect back to the notice, with `done=1` or the message.
 */
export const POST = handler<{ id: string }, "unit">({ role: "unit", action: "notices:report" }, async (request, { user, db, params, lang, requireUnit }) => {
  const id = idParam(params.id);
  const page = `/unit/notices/${id}`;
  const script = (request.headers.get("accept") ?? "").includes("application/json");
  // the notice's unit first, before reading any file: a foreign unit is refused (403) and logged
  await requireUnit((await getNotice(db, id)).unit_code);
  try {
    const { fields, files } = await readMultipart(request, LIMITS);
    const report = await submitReport(db, user, id, { body: fields.body ?? "", attachments: files.map((f) => ({ fileName: f.fileName, data: f.data })) });
    void mailSoon(db);
    const next = withLang(lang, `${page}?done=1`);
    return script ? Response.json({ report, next }, { status: 201 }) : seeOther(next);
  } catch (e) {
    if (!script && e instanceof AppError && e.status !== 401 && e.status !== 403 && e.status !== 404) {
      return seeOther(withLang(lang, `${page}?error=${encodeURIComponent(e.text(lang))}`));
    }
    throw e;
  }
});

const seeOther = (location: string) => new Response(null, { status: 303, headers: { location } });
