import Link from "next/link";
import { AppShell } from "@/components/AppShell";
import { NoticeDocument } from "@/components/NoticeDocument";
import { NoticeState, Reports, Timeline, WorstItems, ruleNames } from "@/components/NoticeParts";
import { requireNoticeAccess, requireOffice } from "@/lib/auth/guards";
import { ApprovePanel, EarlyCloseNote, IssuePanel, PublicPanel } from "@/components/NoticeConfirm";
import { getDb } from "@/lib/db";
import { langOf, periodLabel, withLang } from "@/lib/i18n";
import { unitNamer } from "@/lib/unit-names";
import { documentParts } from "@/lib/notices/document";
import { hasAnnex, TITLE_MAX } from "@/lib/notices/form";
import { NoticeDraftForm } from "@/components/NoticeDraftForm";
import { NoticeExplanations } from "@/components/NoticeExplanations";
import { noticeExplanations } from "@/lib/explanations";
import { approvalPreview, issuePreview, publicPreview } from "@/lib/notices/confirm";
import { todayInShanghai } from "@/lib/today";
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
  // the document with its deadline and the annex's count; the annex's items are on its own paged page
  const parts = await documentParts(await getDb(), n, todayInShanghai(), 0);
  const here = withLang(lang, `/office/notices/${id}`);
  const step = (what: string) => withLang(lang, `/office/notices/${id}?do=${what}`);
  // the confirmation panel of the step asked for (?do=…), when the notice is where that step applies
  const db = await getDb();
  const approving = sp.do === "approve" && (n.status === "draft" || n.status === "approved_once") ? await approvalPreview(db, user, id) : undefined;
  const preview = sp.do === "issue" && n.status === "approved" ? await issuePreview(db, id, todayInShanghai()) : undefined;
  // the unit in the page's language (the document itself is Chinese)
  const unitName = (await unitNamer(db, lang))(n.unit_code);
  const issuing = preview && (en ? { ...preview, addressees: unitName } : preview);
  const publishing = sp.do === "public" && n.number && !n.is_public ? await publicPreview(db, id) : undefined;
  const explanations = await noticeExplanations(db, n);
  return (
    <AppShell lang={lang} user={user}>
      <section className="card">
        <p><Link href={withLang(lang, "/office/notices")}>← {en ? "All notices" : "全部通报"}</Link></p>
        <h1 lang="zh-CN">{n.title}</h1>
        <p className="muted">
          {`${unitName} · ${periodLabel(lang, n.period)} · `}<NoticeState lang={lang} n={{ status: n.status, rectification_due: n.rectification_due, report_status: d.reports.at(-1)?.status ?? null }} /> · {ruleNames(lang, n.rules)}
          {n.number && <> · {n.number}</>}
          {n.rectification_due && <> · {en ? "rectify by" : "整改期限"} {n.rectification_due}</>}
          {d.overdue > 0 && <span className="badge">{en ? `${d.overdue} working days overdue` : `逾期 ${d.overdue} 个工作日`}</span>}
        </p>
        {sp.error && <p className="error" role="alert">{sp.error}</p>}
        {sp.done && <p className="notice" role="status">{en ? "Done." : "已完成。"}</p>}
        {n.early_close_reason && <EarlyCloseNote lang={lang} reason={n.early_close_reason} asOf={n.as_of} />}
        <div className="filters">
          {(n.status === "draft" || n.status === "approved_once") && (
            <Link className="button" href={step("approve")}>{en ? "Approve…" : "审批通过…"}</Link>
          )}
          {n.status === "approved" && (
            <Link className="button" href={step("issue")}>{en ? "Issue…" : "印发…"}</Link>
          )}
          {n.number && (
            <>
              {n.is_public ? (
                <form action={publicAction}><input type="hidden" name="lang" value={lang} /><input type="hidden" name="id" value={id} /><input type="hidden" name="public" value="0" /><button type="submit" className="secondary">{en ? "Withdraw from public page" : "取消公开"}</button></form>
              ) : (
                <Link className="button secondary" href={step("public")}>{en ? "Show on public page…" : "在公示页面公开…"}</Link>
              )}
              <form action={correctAction}><input type="hidden" name="lang" value={lang} /><input type="hidden" name="id" value={id} /><button type="submit" className="secondary">{en ? "Draft a correction" : "起草更正通报"}</button></form>
            </>
          )}
          <a className="button secondary" href={`/office/notices/${id}/print`}>{en ? "Printable page" : "打印版"}</a>
          <a className="button secondary" href={`/office/notices/${id}/pdf`}>PDF</a>
        </div>
      </section>
      {approving && <ApprovePanel lang={lang} id={id} preview={approving} cancelHref={here} action={approveAction} />}
      {issuing && <IssuePanel lang={lang} id={id} preview={issuing} cancelHref={here} action={issueAction} />}
      {publishing && <PublicPanel lang={lang} id={id} personalData={publishing.personalData} cancelHref={here} action={publicAction} />}
      {(n.status === "draft" || n.status === "approved_once") && (
        <section className="card">
          <h2>{en ? "Edit the draft" : "修改草稿"}</h2>
          <NoticeDraftForm
            lang={lang}
            id={id}
            action={editAction}
            titleMax={TITLE_MAX}
            draft={{ title: n.title, addressees: n.addressees, body: n.body, copiesTo: n.copies_to ?? "", deadlineWorkdays: n.deadline_workdays }}
          />
        </section>
      )}
      <section className="card"><NoticeDocument notice={n} issuedDate={d.issuedDate} {...parts} showAnnex={false} /></section>
      <section className="card">
        <h2>{en ? "Items behind it" : "问题清单"}</h2>
        {hasAnnex(n) && (
          <p>
            <a href={withLang(lang, `/office/notices/${id}/annex`)}>{en ? "Annex: the full list" : "附件：完整问题清单"}{parts.annex ? ` (${parts.annex.total})` : ""}</a> · <a href={withLang(lang, `/office/notices/${id}/annex/csv`)}>CSV</a> · <a href={withLang(lang, `/office/notices/${id}/annex/xlsx`)}>Excel</a>
            <span className="muted small"> · {en ? "below: the first items of each kind" : "下列为各类问题的前几条"}</span>
          </p>
        )}
        <WorstItems lang={lang} worst={n.worst_items} />
      </section>
      <NoticeExplanations lang={lang} items={explanations.items} total={explanations.total} issued={n.issued_at !== null} />
      <section className="card">
        <h2>{en ? "Rectification reports" : "整改报告"}</h2>
        <Reports
          lang={lang}
          reports={d.reports}
          attachmentsAt={`/office/notices/${id}/attachments`}
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
