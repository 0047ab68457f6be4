import Link from "next/link";
import { withLang, type Lang } from "@/lib/i18n";
import { jointStepDays, type JointStep } from "@/lib/joint/deadlines";
import { DETAIL_NAMES, END_REASON_NAMES, LIST_TYPE_NAMES, MANDATORY_NAMES, STATUS_NAMES, STEP_NAMES, named } from "@/lib/joint/text";
import type { CaseTimeline } from "@/lib/joint/timeline";

/**
 * One joint-measures case from its listing to its exit (lib/joint/timeline.ts): the case, then its
 * steps in date order, each with its deadline and whether it was met. A step not reported stands at
 * its deadline, marked missing once that has passed.
 */
const T = {
  zh: {
    title: (id: string) => `联合奖惩案件 ${id}`,
    back: "← 返回",
    subject: "主体",
    listType: "名单",
    area: "领域",
    initiating: "发起单位",
    implementing: "实施单位",
    listed: "认定日期",
    termEnd: "惩戒期限至",
    validUntil: "重点关注有效期至",
    ended: "退出",
    notEnded: "未退出",
    flags: "数据质量标记",
    partial: "本页只显示本单位及其所属机构承担的措施；案件的其他实施单位不在此列出。",
    timeline: "时间线",
    date: "日期",
    step: "环节",
    unit: "单位",
    measure: "措施",
    detail: "内容",
    due: "期限",
    status: "是否按期",
    notReported: "未报送",
    offList: "不在清单内",
    none: "这个案件还没有可显示的环节。",
    deadlines: (days: Record<JointStep, number>) => `期限按工作日计（国务院公布的放假安排）：推送 ${days.push} 个工作日（自认定日），接收 ${days.receipt} 个工作日（自推送日），告知应在认定之前或当日，异议 ${days.objection} 个工作日（未报办理期限时），撤销措施 ${days.withdrawal} 个工作日，修复决定 ${days.repair} 个工作日（自受理日），执行反馈以推送时确定的反馈期限为准。`,
  },
  en: {
    title: (id: string) => `Joint-measures case ${id}`,
    back: "← Back",
    subject: "Subject",
    listType: "List",
    area: "Area",
    initiating: "Initiating unit",
    implementing: "Implementing units",
    listed: "Listed",
    termEnd: "Term ends",
    validUntil: "Key attention valid until",
    ended: "Ended",
    notEnded: "not ended",
    flags: "Data-quality flags",
    partial: "This page shows only the measures your unit and its agencies implement; the case's other implementing units are not listed.",
    timeline: "Timeline",
    date: "Date",
    step: "Step",
    unit: "Unit",
    measure: "Measure",
    detail: "Details",
    due: "Deadline",
    status: "Met?",
    notReported: "not reported",
    offList: "on no list",
    none: "This case has no step to show yet.",
    deadlines: (days: Record<JointStep, number>) => `Deadlines count working days (the State Council's holiday schedule): push ${days.push} working days after listing, receipt ${days.receipt} after the push, notification on or before the listing, objection ${days.objection} (when no deadline was reported), withdrawal ${days.withdrawal}, repair decision ${days.repair} after acceptance; feedback by the due date set at the push.`,
  },
};

export function JointCase({ lang, timeline: c, unitName, back }: { lang: Lang; timeline: CaseTimeline; unitName: Record<string, string>; back: string }) {
  const t = T[lang];
  const name = (code: string | null) => (code ? (unitName[code] ?? code) : "");
  return (
    <>
      <section className="card">
        <p><Link href={withLang(lang, back)}>{t.back}</Link></p>
        <h1>{t.title(c.caseId)}</h1>
        <dl className="facts">
          <dt>{t.subject}</dt>
          <dd>{c.subjectName} <span className="code">{c.subjectCode}</span></dd>
          <dt>{t.listType}</dt>
          <dd>{named(LIST_TYPE_NAMES, lang, c.listType)}</dd>
          <dt>{t.area}</dt>
          <dd>{c.area}</dd>
          <dt>{t.initiating}</dt>
          <dd>{c.initiatingUnits.map(name).join(lang === "en" ? ", " : "、")}</dd>
          <dt>{t.implementing}</dt>
          <dd>{c.implementingUnits.map(name).join(lang === "en" ? ", " : "、")}</dd>
          <dt>{t.listed}</dt>
          <dd className="date">{c.listedDate ?? "—"}</dd>
          {c.termEnd && (
            <>
              <dt>{t.termEnd}</dt>
              <dd className="date">{c.termEnd}</dd>
            </>
          )}
          {c.validUntil && (
            <>
              <dt>{t.validUntil}</dt>
              <dd className="date">{c.validUntil}</dd>
            </>
          )}
          <dt>{t.ended}</dt>
          <dd>{c.endedDate ? `${c.endedDate} · ${named(END_REASON_NAMES, lang, c.endReason)}` : t.notEnded}</dd>
          {c.flags.length > 0 && (
            <>
              <dt>{t.flags}</dt>
              <dd className="code">{c.flags.join(", ")}</dd>
            </>
          )}
        </dl>
        {!c.whole && <p className="muted">{t.partial}</p>}
      </section>
      <section className="card">
        <h2>{t.timeline}</h2>
        {c.events.length === 0 ? (
          <p className="muted">{t.none}</p>
        ) : (
          <div className="table-wrap">
            <table className="items joint-timeline">
              <thead>
                <tr>
                  <th scope="col">{t.date}</th>
                  <th scope="col">{t.step}</th>
                  <th scope="col">{t.unit}</th>
                  <th scope="col">{t.measure}</th>
                  <th scope="col">{t.detail}</th>
                  <th scope="col">{t.due}</th>
                  <th scope="col">{t.status}</th>
                </tr>
              </thead>
              <tbody>
                {c.events.map((e, i) => (
                  <tr key={i}>
                    <td className="date">{e.date ?? <span className="muted">{t.notReported}</span>}</td>
                    <th scope="row">{STEP_NAMES[e.step][lang]}</th>
                    <td>{name(e.unit)}</td>
                    <td>
                      {e.measure && (
                        <>
                          <span className="code">{e.measure}</span> {e.measureName ?? <span className="status late">{t.offList}</span>}
                          {e.mandatory && <span className="muted"> · {named(MANDATORY_NAMES, lang, e.mandatory)}</span>}
                        </>
                      )}
                    </td>
                    <td>
                      {named(DETAIL_NAMES, lang, e.detail)}
                      {e.note && <span className="muted"> {e.note}</span>}
                    </td>
                    <td className="date">{e.due ?? ""}</td>
                    <td>{e.status && <span className={`status ${e.status === "pending" || e.status === "unknown" ? "not_due" : e.status}`}>{STATUS_NAMES[e.status][lang]}</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <p className="muted small">{t.deadlines(jointStepDays())}</p>
      </section>
    </>
  );
}
