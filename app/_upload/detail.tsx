import Link from "next/link";
import { AppShell } from "@/components/AppShell";
import { SummaryCounts, UploadStatusBadge } from "@/components/UploadParts";
import type { SessionUser } from "@/lib/auth/users";
import { getDb } from "@/lib/db";
import { beijingTime, langOf, withLang } from "@/lib/i18n";
import { getUpload, kindName } from "@/lib/ingest/upload";
import { fileSize } from "@/lib/ingest/upload-file";
import { notFound } from "next/navigation";
import { isNotFound } from "@/lib/errors";
import { rowId } from "@/lib/web/params";

type FormAction = (form: FormData) => Promise<never>;

/**
 * One uploaded file: its check as it runs, then its counts and first rejected rows, the import
 * (confirmed) or discarding — for the office (/office/upload/<id>) and the unit that uploaded it
 * (/unit/upload/<id>; another unit's is a 404). The page guards the caller first.
 */
export async function UploadDetailView({ raw, sp, user, base, actions }: { raw: string; sp: Record<string, string | undefined>; user: SessionUser; base: "/office/upload" | "/unit/upload"; actions: { commit: FormAction; discard: FormAction } }) {
  const { commit: commitAction, discard: discardAction } = actions;
  const lang = langOf(sp.lang);
  const en = lang === "en";
  const u = await uploadOr404(user, raw);
  const nf = new Intl.NumberFormat(en ? "en-US" : "zh-CN");
  const here = `${base}/${u.id}`;
  const working = u.status === "checking" || u.status === "committing";
  const c = u.checked;
  const confirming = sp.do === "commit" && u.status === "checked" && c;
  const differs = u.committed && c && (["inserted", "updated", "unchanged", "superseded", "rejectedCount"] as const).some((k) => u.committed![k] !== c[k]);
  return (
    <AppShell lang={lang} user={user}>
      {/* while the file is being checked or imported, the page looks again every 2 seconds */}
      {working && <meta httpEquiv="refresh" content="2" />}
      <section className="card">
        <p><Link href={withLang(lang, base)}>← {en ? "Upload data" : "上传数据"}</Link></p>
        <h1>{en ? `Upload #${u.id}: ${u.file_name}` : `上传文件 #${u.id}：${u.file_name}`}</h1>
        <p className="muted">
          {kindName(lang, u.kind)} · {u.format.toUpperCase()} · {fileSize(u.file_bytes)} · SHA-256 <code title={u.file_sha256}>{u.file_sha256.slice(0, 12)}…</code> · {u.username} · {beijingTime(u.created_at)} · <UploadStatusBadge lang={lang} status={u.status} />
        </p>
        {sp.error && <p className="error" role="alert">{sp.error}</p>}
        {working && (
          <p className="notice" role="status" data-progress={u.rows_read}>
            {u.status === "checking" ? (en ? "Checking the file" : "正在检查文件") : en ? "Importing the file" : "正在导入文件"}
            {u.all_read
              ? en
                ? `: all ${nf.format(u.rows_read)} rows read; checking them against the stored data. This page follows it.`
                : `：${nf.format(u.rows_read)} 行已全部读取，正在与已有数据核对。本页会自动刷新。`
              : en
                ? `: ${nf.format(u.rows_read)} rows read so far. This page follows it.`
                : `：已读取 ${nf.format(u.rows_read)} 行。本页会自动刷新。`}
          </p>
        )}
        {u.status === "failed" && u.error && (
          <p className="error" role="alert">
            {u.error[lang]}
            {en ? " Nothing was imported." : "（未导入任何数据。）"}
          </p>
        )}
      </section>

      {c && (
        <section className="card" aria-labelledby="check">
          <h2 id="check">{en ? "The check (nothing stored)" : "检查结果（未保存）"}</h2>
          <SummaryCounts lang={lang} s={c} dryRun />
          {c.rejectedCount > 0 && (
            <>
              <h3>{en ? `Rejected rows${c.rejectedCount > c.rejected.length ? ` (the first ${c.rejected.length} of ${nf.format(c.rejectedCount)})` : ""}` : `未通过的行${c.rejectedCount > c.rejected.length ? `（前 ${c.rejected.length} 行，共 ${nf.format(c.rejectedCount)} 行）` : ""}`}</h3>
              {(u.status === "checked" || u.status === "failed") && (
                <p>
                  <a href={withLang(lang, `${here}/report`)} download>{en ? "Download the rejected rows with their reasons (XLSX)" : "下载未通过的行及原因（XLSX）"}</a>
                  <span className="muted small">{en ? " — fix them in the workbook and upload it as it is: the reason column is ignored." : "——可直接在工作簿中修改后上传，“错误原因”列会被忽略。"}</span>
                </p>
              )}
              <div className="table-wrap">
                <table className="items">
                  <thead>
                    <tr>
                      <th scope="col" className="num">{en ? "Row" : "行号"}</th>
                      <th scope="col">{en ? "Reason" : "原因"}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {c.rejected.slice(0, 50).map((r) => (
                      <tr key={r.row}>
                        <td className="num">{r.row}</td>
                        <td>{r[lang].join(en ? "; " : "；")}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
          {u.status === "checked" && !confirming && (
            <div className="filters" style={{ marginTop: 16 }}>
              <a className="button" href={withLang(lang, `${here}?do=commit`)}>{en ? "Import…" : "导入…"}</a>
              <form action={discardAction}>
                <input type="hidden" name="id" value={u.id} />
                <input type="hidden" name="lang" value={lang} />
                <button type="submit" className="secondary">{en ? "Discard the file" : "放弃该文件"}</button>
              </form>
            </div>
          )}
          {confirming && (
            <div className="notice" role="dialog" aria-labelledby="confirm-commit" style={{ marginTop: 16 }}>
              <h3 id="confirm-commit">{en ? "Import this file?" : "确认导入该文件？"}</h3>
              <p>
                {en
                  ? `${nf.format(c.inserted)} rows will be added and ${nf.format(c.updated)} changed (each change audited with its previous values); ${nf.format(c.unchanged)} are unchanged; ${nf.format(c.rejectedCount)} rejected rows are left out. The import becomes one batch; scores use it at once. If the data changed since the check, the counts may differ and the page says so.`
                  : `将新增 ${nf.format(c.inserted)} 行、更新 ${nf.format(c.updated)} 行（每项更新连同原值记入审计日志），${nf.format(c.unchanged)} 行无变化，${nf.format(c.rejectedCount)} 行未通过检查、不导入。导入作为一个批次，得分随即按新数据计算。若检查后数据已有变化，导入结果可能不同，页面会注明。`}
              </p>
              <form action={commitAction} className="filters">
                <input type="hidden" name="id" value={u.id} />
                <input type="hidden" name="lang" value={lang} />
                <input type="hidden" name="confirm" value="1" />
                <button type="submit">{en ? "Import" : "确认导入"}</button>
                <a className="button secondary" href={withLang(lang, here)}>{en ? "Cancel" : "取消"}</a>
              </form>
            </div>
          )}
        </section>
      )}

      {u.committed && (
        <section className="card" aria-labelledby="import">
          <h2 id="import">{en ? `Imported as batch #${u.batch_id}` : `已导入（批次 #${u.batch_id}）`}</h2>
          <p className="muted">{u.committed_at && beijingTime(u.committed_at)}</p>
          <SummaryCounts lang={lang} s={u.committed} dryRun={false} />
          <p className={differs ? "notice" : "muted"} data-same={differs ? "no" : "yes"}>
            {differs
              ? en
                ? "The counts differ from the check's: the stored data changed between the check and the import (another import of the same rows)."
                : "导入结果与检查结果不同：检查之后、导入之前，已保存的数据发生了变化（另一次导入涉及相同的行）。"
              : en
                ? "The counts are the check's."
                : "导入结果与检查结果一致。"}
          </p>
        </section>
      )}
    </AppShell>
  );
}

/** The upload the address names; one that is not a number, does not exist or is another unit's is the 404 page, as for a notice. */
async function uploadOr404(user: SessionUser, raw: string) {
  const id = rowId(raw);
  if (id === undefined) notFound();
  try {
    return await getUpload(await getDb(), user, id);
  } catch (e) {
    if (isNotFound(e)) notFound();
    throw e;
  }
}
