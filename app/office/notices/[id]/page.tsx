import Link from "next/link";
import { AppShell } from "@/components/AppShell";
import { NoticeDocument } from "@/components/NoticeDocument";
import { NOTICE_STATUS, Reports, Timeline, WorstItems, ruleNames } from "@/components/NoticeParts";
import { requireNoticeAccess, requireOffice } from "@/lib/auth/guards";
import { langOf, withLang } from "@/lib/i18n";
import { approveAction, correctAction, editAction, issueAction, publicAction, reviewAction } from "../actions";

export const dynamic = "force-dynamic";

export default async function OfficeNoticePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const { id: raw } = await params;
  const sp = await searchParams;
  const lang = langOf(sp.lang);
  const user = await requireOffice("view:notice", `/office/notices/${raw}`);
  const { detail: d } = await requireNoticeAccess("view:notice", raw, `/office/notices/${raw}`);
  const id = d.notice.id;
  const n = d.notice;
  const en = lang === "en";
  return (
    <AppShell lang={lang} user={user} path={`/office/notices/${id}`}>
      <section className="card">
        <p><Link href={withLang(lang, "/office/notices")}>← {en ? "All notices" : "全部通报"}</Link></p>
        <h1>{n.title}</h1>
        <p className="muted">
          {NOTICE_STATUS[n.status]?.[lang]} · {ruleNames(lang, n.rules)}
          {n.number && <> · {n.number}</>}
          {n.rectification_due && <> · {en ? "rectify by" : "整改期限"} {n.rectification_due}</>}
          {d.overdue > 0 && <span className="badge">{en ? `${d.overdue} working days overdue` : `逾期 ${d.overdue} 个工作日`}</span>}
        </p>
        {sp.error && <p className="error" role="alert">{sp.error}</p>}
        {sp.done && <p className="notice" role="status">{en ? "Done." : "已完成。"}</p>}
        <div className="filters">
          {(n.status === "draft" || n.status === "approved_once") && (
            <form action={approveAction}><input type="hidden" name="lang" value={lang} /><input type="hidden" name="id" value={id} /><button type="submit">{en ? "Approve" : "审批通过"}</button></form>
          )}
          {n.status === "approved" && (
            <form action={issueAction}><input type="hidden" name="lang" value={lang} /><input type="hidden" name="id" value={id} /><button type="submit">{en ? "Issue" : "印发"}</button></form>
          )}
          {n.number && (
            <>
              <form action={publicAction}><input type="hidden" name="lang" value={lang} /><input type="hidden" name="id" value={id} /><input type="hidden" name="public" value={n.is_public ? "0" : "1"} /><button type="submit" className="secondary">{n.is_public ? (en ? "Withdraw from public page" : "取消公开") : en ? "Show on public page" : "在公示页面公开"}</button></form>
              <form action={correctAction}><input type="hidden" name="lang" value={lang} /><input type="hidden" name="id" value={id} /><button type="submit" className="secondary">{en ? "Draft a correction" : "起草更正通报"}</button></form>
            </>
          )}
          <a className="button secondary" href={`/office/notices/${id}/print`}>{en ? "Printable page" : "打印版"}</a>
          <a className="button secondary" href={`/office/notices/${id}/pdf`}>PDF</a>
        </div>
      </section>
      {(n.status === "draft" || n.status === "approved_once") && (
        <section className="card">
          <h2>{en ? "Edit the draft" : "修改草稿"}</h2>
          <form action={editAction} className="login-form"><input type="hidden" name="lang" value={lang} />
            <input type="hidden" name="id" value={id} />
            <label>{en ? "Title" : "标题"}<input name="title" defaultValue={n.title} required /></label>
            <label>{en ? "Addressees" : "主送"}<input name="addressees" defaultValue={n.addressees} required /></label>
            <label>{en ? "Body" : "正文"}<textarea name="body" defaultValue={n.body} rows={10} required /></label>
            <label>{en ? "Working days to rectify" : "整改期限（工作日）"}<input type="number" name="deadlineWorkdays" min={1} max={120} defaultValue={n.deadline_workdays} /></label>
            <button type="submit">{en ? "Save" : "保存"}</button>
          </form>
        </section>
      )}
      <section className="card"><NoticeDocument notice={n} issuedDate={d.issuedDate} /></section>
      <section className="card">
        <h2>{en ? "Items behind it" : "问题清单"}</h2>
        <WorstItems lang={lang} worst={n.worst_items} />
      </section>
      <section className="card">
        <h2>{en ? "Rectification reports" : "整改报告"}</h2>
        <Reports
          lang={lang}
          reports={d.reports}
          review={(r) =>
            r.status === "submitted" && (
              <form action={reviewAction} className="filters"><input type="hidden" name="lang" value={lang} />
                <input type="hidden" name="id" value={id} />
                <input type="hidden" name="reportId" value={r.id} />
                <label style={{ flex: 1 }}>{en ? "Reasons / remarks" : "意见（退回时必填）"}<input name="note" /></label>
                <button type="submit" name="decision" value="accept">{en ? "Accept" : "验收通过"}</button>
                <button type="submit" name="decision" value="return" className="secondary">{en ? "Return" : "退回"}</button>
              </form>
            )
          }
        />
      </section>
      <section className="card">
        <h2>{en ? "Timeline" : "办理过程"}</h2>
        <Timeline lang={lang} events={d.events} />
      </section>
    </AppShell>
  );
}
