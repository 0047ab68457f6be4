import Link from "next/link";
import { AppShell } from "@/components/AppShell";
import { BadAddress } from "@/components/BadAddress";
import { Pager } from "@/components/Pager";
import { UploadForm } from "@/components/UploadForm";
import { UploadStatusBadge } from "@/components/UploadParts";
import type { SessionUser } from "@/lib/auth/users";
import { getDb } from "@/lib/db";
import { beijingTime, langOf, withLang } from "@/lib/i18n";
import { kindName, limitsText, listUploads, uploadKinds, uploadLimits } from "@/lib/ingest/upload";
import { QueryReader } from "@/lib/web/query";

/**
 * 上传数据: a file of evidence uploaded (checked first, imported when confirmed), and the latest
 * uploads — the office's at /office/upload (rows of any unit), a unit's at /unit/upload (its own
 * rows and its agencies'). The page guards the caller first; this draws it for either.
 */
export async function UploadListView({ sp, user, base }: { sp: Record<string, string | undefined>; user: SessionUser; base: "/office/upload" | "/unit/upload" }) {
  const lang = langOf(sp.lang);
  const en = lang === "en";
  const db = await getDb();
  const q = new QueryReader(sp);
  const wanted = q.page();
  const error = q.text("error", 500);
  const list = await listUploads(db, user, wanted);
  q.pageWithin("page", wanted, list.pages);
  if (!q.ok) {
    return (
      <AppShell lang={lang} user={user}>
        <BadAddress {...q.view(base)} />
      </AppShell>
    );
  }
  const limits = uploadLimits();
  return (
    <AppShell lang={lang} user={user}>
      <section className="card">
        <h1>{en ? "Upload data" : "上传数据"}</h1>
        <p className="muted">
          {en
            ? "A file is first checked in full — the same checks and counts as an import — and nothing is stored until you confirm the import on its page. Rejected rows can be downloaded as a workbook to fix and upload again."
            : "文件先完整检查一遍（与导入相同的校验和计数），在文件页面确认导入之前不保存任何数据。未通过的行可下载为工作簿，修改后重新上传。"}
          {user.role !== "office" &&
            (en
              ? ` Your file holds ${user.unitCode}'s rows and its agencies'; a row of another unit is rejected with the reason.`
              : `文件中应只有本单位（${user.unitCode}）及其所属机构的数据；其他单位的行不予导入，并注明原因。`)}
        </p>
        {error && <p className="error" role="alert">{error}</p>}
        <UploadForm
          lang={lang}
          action={withLang(lang, `${base}/file`)}
          kinds={uploadKinds(user).map((k) => ({ id: k, name: `${kindName(lang, k)} (${k})` }))}
          maxBytes={limits.bytes}
          limits={limitsText(lang, limits)}
        />
      </section>
      <section className="card" aria-labelledby="latest">
        <h2 id="latest">{en ? "Latest uploads" : "最近上传"}</h2>
        {list.total === 0 ? (
          <p className="muted">{en ? "Nothing has been uploaded yet." : "尚未上传任何文件。"}</p>
        ) : (
          <div className="table-wrap">
            <table className="items">
              <thead>
                <tr>
                  <th scope="col">{en ? "No." : "编号"}</th>
                  <th scope="col">{en ? "Kind" : "类别"}</th>
                  <th scope="col">{en ? "File" : "文件"}</th>
                  <th scope="col">{en ? "By" : "上传人"}</th>
                  <th scope="col">{en ? "Uploaded" : "上传时间"}</th>
                  <th scope="col" className="num">{en ? "Rows" : "行数"}</th>
                  <th scope="col">{en ? "Status" : "状态"}</th>
                </tr>
              </thead>
              <tbody>
                {list.uploads.map((u) => (
                  <tr key={u.id}>
                    <td className="code"><Link href={withLang(lang, `${base}/${u.id}`)}>#{u.id}</Link></td>
                    <td>{kindName(lang, u.kind)}</td>
                    <td>{u.file_name}</td>
                    <td>{u.username}</td>
                    <td className="date">{beijingTime(u.created_at)}</td>
                    <td className="num">{u.rows_read.toLocaleString(en ? "en-US" : "zh-CN")}</td>
                    <td><UploadStatusBadge lang={lang} status={u.status} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pager lang={lang} page={list.page} pages={list.pages} href={(n) => withLang(lang, n > 1 ? `${base}?page=${n}` : base)} />
      </section>
    </AppShell>
  );
}
