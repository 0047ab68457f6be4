import type { NoticeListItem, ReportView } from "@/lib/notices/queries";
import type { TimelineEvent } from "@/lib/notices/lifecycle";
import { describeRule, DEFAULT_RULES, type Rule } from "@/lib/notices/rules";
import { targetName, cellText, columnsFor, statusText } from "@/lib/explain-text";
import type { ExplainTarget } from "@/lib/scoring/explain";
import { formatDate, type Lang, beijingTime } from "@/lib/i18n";
import { megabytes } from "@/lib/notices/report-files";

export const NOTICE_STATUS: Record<string, { zh: string; en: string }> = {
  draft: { zh: "草稿", en: "draft" },
  approved_once: { zh: "已初审", en: "approved once" },
  approved: { zh: "已审批", en: "approved" },
  issued: { zh: "已印发，待整改", en: "issued, awaiting rectification" },
  rectified: { zh: "整改已验收", en: "rectified" },
};

export const REPORT_STATUS: Record<string, { zh: string; en: string }> = {
  submitted: { zh: "待审核", en: "awaiting review" },
  returned: { zh: "已退回", en: "returned" },
  accepted: { zh: "已验收", en: "accepted" },
};

/**
 * Where a notice stands, as the lists say it: its status, or, while it awaits rectification, the
 * step its latest report is at — "returned — resubmit by <the deadline>" or "report awaiting review".
 */
export function NoticeState({ lang, n }: { lang: Lang; n: Pick<NoticeListItem, "status" | "report_status" | "rectification_due"> }) {
  const en = lang === "en";
  if (n.status === "issued" && n.report_status === "returned" && n.rectification_due) {
    const by = formatDate(lang, n.rectification_due);
    return <span className="status late">{en ? `returned — resubmit by ${by}` : `已退回，请于${by}前重新报送`}</span>;
  }
  if (n.status === "issued" && n.report_status === "submitted") {
    return <span className="status not_due">{en ? "report awaiting review" : "整改报告待审核"}</span>;
  }
  return <>{NOTICE_STATUS[n.status]?.[lang] ?? n.status}</>;
}

const EVENT: Record<string, { zh: string; en: string }> = {
  drafted: { zh: "生成草稿", en: "drafted" },
  edited: { zh: "修改", en: "edited" },
  approved_once: { zh: "初审通过", en: "first approval" },
  approved: { zh: "审批通过", en: "approved" },
  issued: { zh: "印发", en: "issued" },
  report_submitted: { zh: "报送整改报告", en: "report submitted" },
  returned: { zh: "退回整改报告", en: "report returned" },
  accepted: { zh: "整改验收通过", en: "rectification accepted" },
  reminded: { zh: "逾期提醒", en: "overdue reminder" },
  escalated: { zh: "逾期升级（列入下期通报）", en: "escalated (listed in the next notice)" },
  made_public: { zh: "在公示页面公开", en: "made public" },
  made_private: { zh: "取消公开", en: "made private" },
  correction_drafted: { zh: "起草更正通报", en: "correction drafted" },
};

export function ruleNames(lang: Lang, ids: string[]): string {
  return ids.map((id) => {
    const rule = DEFAULT_RULES.find((r) => r.id === id) ?? ({ id } as Rule);
    try {
      return describeRule(rule, lang);
    } catch {
      return id;
    }
  }).join(lang === "en" ? "; " : "；");
}

export function Timeline({ lang, events }: { lang: Lang; events: TimelineEvent[] }) {
  return (
    <ol className="timeline">
      {events.map((e, i) => (
        <li key={i}>
          <time>{beijingTime(e.at)}</time> · <strong>{EVENT[e.kind]?.[lang] ?? e.kind}</strong> · {e.actor}
          {typeof e.detail.note === "string" && e.detail.note && <> · {e.detail.note}</>}
          {typeof e.detail.number === "string" && <> · {e.detail.number}</>}
        </li>
      ))}
    </ol>
  );
}

/** A file's size as people read it: 812 KB, 4.9 MB. */
function size(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.ceil(bytes / 1024))} KB` : `${megabytes(bytes)} MB`;
}

/**
 * The reports on a notice, newest last, each with its attachments as download links under
 * `attachmentsAt` (the office's or the unit's handler), and the office's review form when given.
 */
export function Reports({ lang, reports, review, attachmentsAt }: { lang: Lang; reports: ReportView[]; review?: (r: ReportView) => React.ReactNode; attachmentsAt: string }) {
  if (reports.length === 0) return <p className="muted">{lang === "en" ? "No report yet." : "尚未报送整改报告。"}</p>;
  return (
    <>
      {reports.map((r) => (
        <div key={r.id} className="report">
          <p className="muted small">
            {beijingTime(r.submitted_at)} · {r.submitted_by} · <span className={`status ${r.status === "accepted" ? "on_time" : r.status === "returned" ? "late" : "not_due"}`}>{REPORT_STATUS[r.status]?.[lang] ?? r.status}</span>
          </p>
          <p style={{ whiteSpace: "pre-wrap" }}>{r.body}</p>
          {r.attachments.length > 0 && (
            <div className="small">
              {lang === "en" ? "Attachments:" : "附件："}
              <ul className="attachments">
                {r.attachments.map((a) => (
                  <li key={a.id}>
                    <a href={`${attachmentsAt}/${a.id}`} download={a.file_name}>{a.file_name}</a> <span className="muted">({size(a.bytes)})</span>
                  </li>
                ))}
              </ul>
            </div>
          )}
          {r.review_note && <p className="notice small">{lang === "en" ? "Office: " : "办公室意见："}{r.review_note}</p>}
          {review?.(r)}
        </div>
      ))}
    </>
  );
}

export function WorstItems({ lang, worst }: { lang: Lang; worst: { target: string; status: string; total: number; items: Record<string, unknown>[] }[] }) {
  return (
    <>
      {worst.map((w) => {
        const cols = columnsFor(w.target as ExplainTarget).slice(0, 6);
        return (
          <div key={w.target} className="table-wrap">
            <h3>
              {targetName(lang, w.target as ExplainTarget)} · {statusText(lang, w.status)} ({w.total})
            </h3>
            <table className="items">
              <thead>
                <tr>{cols.map((c) => <th key={c.key}>{c[lang]}</th>)}</tr>
              </thead>
              <tbody>
                {w.items.map((i, n) => (
                  <tr key={n}>{cols.map((c) => <td key={c.key}>{cellText(lang, c.key, i[c.key])}</td>)}</tr>
                ))}
              </tbody>
            </table>
          </div>
        );
      })}
    </>
  );
}
