import type { ReportView } from "@/lib/notices/queries";
import type { TimelineEvent } from "@/lib/notices/lifecycle";
import { describeRule, DEFAULT_RULES, type Rule } from "@/lib/notices/rules";
import { targetName, cellText, columnsFor, statusText } from "@/lib/explain-text";
import type { ExplainTarget } from "@/lib/scoring/explain";
import type { Lang } from "@/lib/i18n";

export const NOTICE_STATUS: Record<string, { zh: string; en: string }> = {
  draft: { zh: "草稿", en: "draft" },
  approved_once: { zh: "已初审", en: "approved once" },
  approved: { zh: "已审批", en: "approved" },
  issued: { zh: "已印发，待整改", en: "issued, awaiting rectification" },
  rectified: { zh: "整改已验收", en: "rectified" },
};

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
          <time>{e.at.slice(0, 16)}</time> · <strong>{EVENT[e.kind]?.[lang] ?? e.kind}</strong> · {e.actor}
          {typeof e.detail.note === "string" && e.detail.note && <> · {e.detail.note}</>}
          {typeof e.detail.number === "string" && <> · {e.detail.number}</>}
        </li>
      ))}
    </ol>
  );
}

export function Reports({ lang, reports, review }: { lang: Lang; reports: ReportView[]; review?: (r: ReportView) => React.ReactNode }) {
  if (reports.length === 0) return <p className="muted">{lang === "en" ? "No report yet." : "尚未报送整改报告。"}</p>;
  return (
    <>
      {reports.map((r) => (
        <div key={r.id} className="report">
          <p className="muted small">
            {r.submitted_at.slice(0, 16)} · {r.submitted_by} · <span className={`status ${r.status === "accepted" ? "on_time" : r.status === "returned" ? "late" : "not_due"}`}>{lang === "en" ? r.status : r.status === "accepted" ? "已验收" : r.status === "returned" ? "已退回" : "待审核"}</span>
          </p>
          <p style={{ whiteSpace: "pre-wrap" }}>{r.body}</p>
          {r.attachments.length > 0 && (
            <p className="small">
              {lang === "en" ? "Attachments" : "附件"}: {r.attachments.map((a) => `${a.file_name} (${Math.ceil(a.bytes / 1024)} KB)`).join("，")}
            </p>
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
