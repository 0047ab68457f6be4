import Link from "next/link";
import { notFound } from "next/navigation";
import { AppShell } from "@/components/AppShell";
import { NoticeDocument } from "@/components/NoticeDocument";
import { NOTICE_STATUS, Reports, Timeline, WorstItems } from "@/components/NoticeParts";
import { requireNoticeAccess } from "@/lib/auth/guards";
import { langOf, withLang } from "@/lib/i18n";
import { submitReportAction } from "../actions";

export const dynamic = "force-dynamic";

export default async function UnitNoticePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const { id: raw } = await params;
  const sp = await searchParams;
  const lang = langOf(sp.lang);
  const { user, detail: d } = await requireNoticeAccess("view:notice", raw, `/unit/notices/${raw}`);
  // the unit's page shows issued notices only (the office reviews drafts on its own page)
  if (!d.notice.issued_at) notFound();
  const id = d.notice.id;
  const n = d.notice;
  const en = lang === "en";
  const canReport = n.status === "issued" && !d.reports.some((r) => r.status === "submitted") && user.role !== "office";
  return (
    <AppShell lang={lang} user={user} path={`/unit/notices/${id}`}>
      <section className="card">
        <p><Link href={withLang(lang, "/unit/notices")}>← {en ? "All notices" : "全部通报"}</Link></p>
        <h1>{n.number}</h1>
        <p className="muted">
          {NOTICE_STATUS[n.status]?.[lang]} · {en ? "rectify by" : "整改期限"} {n.rectification_due}
          {d.overdue > 0 && <span className="badge">{en ? `${d.overdue} working days overdue` : `逾期 ${d.overdue} 个工作日`}</span>}
        </p>
        {sp.error && <p className="error" role="alert">{sp.error}</p>}
        {sp.done && <p className="notice" role="status">{en ? "Report submitted." : "整改报告已报送。"}</p>}
        <p><a href={`/unit/notices/${id}/print`}>{en ? "Printable page" : "打印版"}</a> · <a href={`/unit/notices/${id}/pdf`}>PDF</a></p>
      </section>
      <section className="card"><NoticeDocument notice={n} issuedDate={d.issuedDate} /></section>
      <section className="card">
        <h2>{en ? "What to fix" : "问题清单"}</h2>
        <WorstItems lang={lang} worst={n.worst_items} />
      </section>
      <section className="card">
        <h2>{en ? "Rectification reports" : "整改报告"}</h2>
        <Reports lang={lang} reports={d.reports} />
        {canReport && (
          <form action={submitReportAction} className="login-form"><input type="hidden" name="lang" value={lang} />
            <input type="hidden" name="id" value={id} />
            <label>{en ? "What has been done" : "整改情况"}<textarea name="body" rows={8} required /></label>
            <label>{en ? "Attachments (PDF, images, Word, Excel, text; up to 5 files of 5 MB)" : "附件（PDF、图片、Word、Excel、文本；最多 5 个，每个不超过 5 MB）"}<input type="file" name="attachments" multiple accept=".pdf,.png,.jpg,.jpeg,.docx,.xlsx,.txt" /></label>
            <button type="submit">{en ? "Submit the report" : "报送整改报告"}</button>
          </form>
        )}
      </section>
      <section className="card">
        <h2>{en ? "Timeline" : "办理过程"}</h2>
        <Timeline lang={lang} events={d.events} />
      </section>
    </AppShell>
  );
}
