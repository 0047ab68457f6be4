import Link from "next/link";
import { notFound } from "next/navigation";
import { AppShell } from "@/components/AppShell";
import { NoticeDocument } from "@/components/NoticeDocument";
import { NoticeState, Reports, Timeline, WorstItems } from "@/components/NoticeParts";
import { ReportForm } from "@/components/ReportForm";
import { requireNoticeAccess } from "@/lib/auth/guards";
import { langOf, withLang } from "@/lib/i18n";
import { getDb } from "@/lib/db";
import { todayInShanghai } from "@/lib/today";
import { documentParts } from "@/lib/notices/document";
import { hasAnnex } from "@/lib/notices/form";
import { ACCEPT, limitsText, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS, MAX_REPORT_CHARS } from "@/lib/notices/report-files";

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
  // the document with its deadline and the annex's count; the annex's items are on its own paged page
  const parts = await documentParts(await getDb(), n, todayInShanghai(), 0);
  const canReport = n.status === "issued" && !d.reports.some((r) => r.status === "submitted") && user.role !== "office";
  return (
    <AppShell lang={lang} user={user}>
      <section className="card">
        <p><Link href={withLang(lang, "/unit/notices")}>← {en ? "All notices" : "全部通报"}</Link></p>
        <h1>{n.number}</h1>
        <p className="muted">
          <NoticeState lang={lang} n={{ status: n.status, rectification_due: n.rectification_due, report_status: d.reports.at(-1)?.status ?? null }} /> · {en ? "rectify by" : "整改期限"} {n.rectification_due}
          {d.overdue > 0 && <span className="badge">{en ? `${d.overdue} working days overdue` : `逾期 ${d.overdue} 个工作日`}</span>}
        </p>
        {sp.error && <p className="error" role="alert">{sp.error}</p>}
        {sp.done && <p className="notice" role="status">{en ? "Report submitted." : "整改报告已报送。"}</p>}
        <p><a href={`/unit/notices/${id}/print`}>{en ? "Printable page" : "打印版"}</a> · <a href={`/unit/notices/${id}/pdf`}>PDF</a></p>
      </section>
      <section className="card"><NoticeDocument notice={n} issuedDate={d.issuedDate} {...parts} showAnnex={false} /></section>
      <section className="card">
        <h2>{en ? "What to fix" : "问题清单"}</h2>
        {hasAnnex(n) && (
          <p>
            <a href={withLang(lang, `/unit/notices/${id}/annex`)}>{en ? "Annex: the full list" : "附件：完整问题清单"}{parts.annex ? ` (${parts.annex.total})` : ""}</a> · <a href={withLang(lang, `/unit/notices/${id}/annex/csv`)}>CSV</a> · <a href={withLang(lang, `/unit/notices/${id}/annex/xlsx`)}>Excel</a>
            <span className="muted small"> · {en ? "below: the first items of each kind" : "下列为各类问题的前几条"}</span>
          </p>
        )}
        <WorstItems lang={lang} worst={n.worst_items} />
      </section>
      <section className="card">
        <h2>{en ? "Rectification reports" : "整改报告"}</h2>
        <Reports lang={lang} reports={d.reports} attachmentsAt={`/unit/notices/${id}/attachments`} />
        {canReport && (
          <>
            {d.reports.length > 0 && <h3>{en ? "Resubmit the report" : "重新报送整改报告"}</h3>}
            <ReportForm
              lang={lang}
              action={withLang(lang, `/unit/notices/${id}/report`)}
              maxFiles={MAX_ATTACHMENTS}
              maxBytes={MAX_ATTACHMENT_BYTES}
              maxChars={MAX_REPORT_CHARS}
              accept={ACCEPT}
              limits={limitsText(lang)}
            />
          </>
        )}
      </section>
      <section className="card">
        <h2>{en ? "Timeline" : "办理过程"}</h2>
        <Timeline lang={lang} events={d.events} />
      </section>
    </AppShell>
  );
}
