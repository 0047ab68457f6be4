"use client";

import { useState, type FormEvent } from "react";
import type { Lang } from "@/lib/i18n";
import { postForm } from "./post-form";

/**
 * The upload form: the kind and one file, sent with fetch to the upload handler
 * (app/office/upload/file/route.ts), which answers with the upload's page. A file over the limit is
 * said here before anything is sent (the handler enforces the same limit); a refusal from the server
 * is said above the form, which keeps the choice. Without JavaScript the form posts to the same
 * handler, which answers with a redirect.
 */
export function UploadForm({ lang, action, kinds, maxBytes, limits, chosen }: { lang: Lang; action: string; kinds: { id: string; name: string }[]; maxBytes: number; limits: string; chosen?: string }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const en = lang === "en";

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const file = data.get("file");
    if (!(file instanceof File) || (file.size === 0 && file.name === "")) {
      setError(en ? "Choose a file to upload." : "请选择要上传的文件。");
      return;
    }
    if (file.size > maxBytes) {
      const size = (file.size / (1024 * 1024)).toFixed(1);
      const max = (maxBytes / (1024 * 1024)).toFixed(0);
      setError(en ? `"${file.name}" is ${size} MB, more than the limit of ${max} MB: split it and upload the parts.` : `“${file.name}”为 ${size} MB，超过上限 ${max} MB：请拆分后分别上传。`);
      return;
    }
    setBusy(true);
    setError(null);
    setError(await postForm(action, data, lang));
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
        {en ? "Kind of data" : "数据类别"}
        <select name="kind" required defaultValue={chosen ?? kinds[0]?.id}>
          {kinds.map((k) => (
            <option key={k.id} value={k.id}>
              {k.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {en ? "File" : "文件"}
        <input type="file" name="file" required accept=".csv,.xlsx,.jsonl,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" />
        <span className="muted small" style={{ fontWeight: "normal" }}>{limits}</span>
      </label>
      <button type="submit" disabled={busy}>
        {busy ? (en ? "Uploading…" : "正在上传……") : en ? "Upload and check (nothing is imported yet)" : "上传并检查（暂不导入）"}
      </button>
    </form>
  );
}
