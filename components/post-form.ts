import type { Lang } from "@/lib/i18n";

/**
 * Sends a form (files included) with fetch to an upload handler that answers JSON — `{next}` on
 * success, `{message}` when refused — and follows `next`. Returns the message to show when the page
 * stays, in the page's language; `kept` is appended to it (what the form keeps, e.g. the typed text).
 * Shared by the forms that upload through a route handler (ReportForm, UploadForm).
 */
export async function postForm(action: string, data: FormData, lang: Lang, kept = ""): Promise<string | null> {
  const en = lang === "en";
  try {
    const response = await fetch(action, { method: "POST", body: data, headers: { accept: "application/json" } });
    const answer = (await response.json().catch(() => ({}))) as { next?: unknown; message?: unknown };
    if (response.ok && typeof answer.next === "string") {
      window.location.assign(answer.next);
      return null;
    }
    if (typeof answer.message === "string") return `${answer.message}${kept}`;
    return en ? `It could not be sent (HTTP ${response.status}): try again.${kept}` : `未能提交（HTTP ${response.status}），请重试。${kept}`;
  } catch {
    return en ? `The upload was interrupted: try again.${kept}` : `上传中断，请重试。${kept}`;
  }
}
