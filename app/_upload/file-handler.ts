import { AppError } from "@/lib/errors";
import { withLang } from "@/lib/i18n";
import { createUpload, inBackground, uploadLimits } from "@/lib/ingest/upload";
import { mb } from "@/lib/ingest/upload-file";
import { handler } from "@/lib/web/handler";
import { readMultipart } from "@/lib/web/multipart";

/**
 * POST /office/upload/file and /unit/upload/file: the office, or a unit's head or clerk, uploads one file of evidence (the kind, the file), streamed in
 * with its size enforced on the way (lib/web/multipart.ts; the path is left out of proxy.ts so that
 * Next does not buffer and cut the body). The file is checked by its content and kept, its dry run
 * started off the request, and the answer is the upload's page, which follows the run: JSON
 * `{next}` for the page's script, a redirect for a plain form post; a refusal is `{error, message}`
 * (or a redirect back with the message) and nothing is kept.
 */
export function uploadFileHandler(role: "office" | "unit", base: "/office/upload" | "/unit/upload") {
  return handler({ role, action: "upload:file" }, async (request, { user, db, lang }) => {
  const script = (request.headers.get("accept") ?? "").includes("application/json");
  const limits = uploadLimits();
  try {
    const { fields, files } = await readMultipart(request, {
      files: 1,
      fileBytes: limits.bytes,
      fields: 4,
      fieldBytes: 1024,
      bodyBytes: limits.bytes + 64 * 1024,
      tooManyFiles: () => AppError.invalid("每次只能上传一个文件", "upload one file at a time"),
      fileTooLarge: (name) => new AppError("too_large", `文件“${name}”超过上限 ${mb(limits.bytes)}`, `the file "${name}" is larger than the limit of ${mb(limits.bytes)}`, 413),
    });
    const file = files[0];
    if (!file) throw AppError.invalid("请选择要上传的文件", "choose a file to upload");
    const upload = await createUpload(db, user, { kind: fields.kind ?? "", fileName: file.fileName, data: file.data });
    void inBackground(db, upload.id, "check");
    const next = withLang(lang, `${base}/${upload.id}`);
    return script ? Response.json({ id: upload.id, next }, { status: 201 }) : new Response(null, { status: 303, headers: { location: next } });
  } catch (e) {
    if (!script && e instanceof AppError && e.status !== 401 && e.status !== 403) {
      return new Response(null, { status: 303, headers: { location: withLang(lang, `${base}?error=${encodeURIComponent(e.text(lang))}`) } });
    }
    throw e;
  }
});
}
