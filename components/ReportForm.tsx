"use client";

import { useState, type FormEvent } from "react";
import type { Lang } from "@/lib/i18n";
import { postForm } from "./post-form";

/**
 * The rectification report form. It sends the text and files with fetch to the upload handler
 * (app/unit/notices/[id]/report/route.ts) and stays on the page when the report is refused, so what
 * was typed is never lost: a file over the limit, too many files or a kind the office does not take
 * is said in a message above the form. The count and size are checked here first, with the same
 * limits the handler enforces (passed in from lib/notices/report-files.ts, which also writes the
 * sentence under the file input). Without JavaScript the form posts to the same handler, which then
 * answers with a redirect.
 */
export interface ReportFormProps {
  lang: Lang;
  /** the upload handler, with ?lang= */
  action: string;
  maxFiles: number;
  maxBytes: number;
  maxChars: number;
  accept: string;
  /** the limits in words, as the form promises them */
  limits: string;
}

const mb = (bytes: number) => (bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, "");

export function ReportForm({ lang, action, maxFiles, maxBytes, maxChars, accept, limits }: ReportFormProps) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const en = lang === "en";

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const files = data.getAll("attachments").filter((f): f is File => f instanceof File && (f.size > 0 || f.name !== ""));
    if (files.length > maxFiles) {
      setError(en ? `At most ${maxFiles} attachments: ${files.length} are chosen. What you typed is kept.` : `附件最多 ${maxFiles} 个，现选了 ${files.length} 个；已填写的内容仍保留。`);
      return;
    }
    const big = files.filter((f) => f.size > maxBytes);
    if (big.length > 0) {
      const list = big.map((f) => (en ? `"${f.name}" (${mb(f.size)} MB)` : `“${f.name}”（${mb(f.size)} MB）`)).join(en ? ", " : "、");
      setError(
        en
          ? `Each attachment may be at most ${mb(maxBytes)} MB: ${list} is larger. Compress or split it and choose again; what you typed is kept.`
          : `每个附件不超过 ${mb(maxBytes)} MB：${list}超过上限。请压缩或拆分后重新选择；已填写的内容仍保留。`,
      );
      return;
    }
    setBusy(true);
    setError(null);
    setError(await postForm(action, data, lang, en ? " (What you typed is kept.)" : "（已填写的内容仍保留。）"));
    setBusy(false);
  }

  return (
    <form action={action} method="post" encType="multipart/form-data" onSubmit={(e) => void submit(e)} className="login-form">
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <label>
        {en ? "What has been done" : "整改情况"}
        <textarea name="body" rows={8} required maxLength={maxChars} />
      </label>
      <label>
        {en ? "Attachments" : "附件"}
        <input type="file" name="attachments" multiple accept={accept} />
        <span className="muted small" style={{ fontWeight: "normal" }}>{limits}</span>
      </label>
      <button type="submit" disabled={busy}>
        {busy ? (en ? "Uploading…" : "正在上传……") : en ? "Submit the report" : "报送整改报告"}
      </button>
    </form>
  );
}
