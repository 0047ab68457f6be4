import Link from "next/link";
import { Pager } from "@/components/Pager";
import { numberFormat, withLang, type Lang } from "@/lib/i18n";
import { jointStepDays, type JointStep } from "@/lib/joint/deadlines";
import { OBLIGATION_SORTS, OBLIGATION_STEPS, type ObligationsView } from "@/lib/joint/obligations";
import { LIST_TYPE_NAMES, MANDATORY_NAMES, named } from "@/lib/joint/text";

/**
 * 待办的联合奖惩措施: a unit's open obligations as implementing unit (lib/joint/obligations.ts), overdue
 * first, each with what to do next and a link to the case's timeline.
 */
const T = {
  zh: {
    title: "待办联合奖惩措施",
    intro: (days: Record<JointStep, number>) => `推送给本单位及其所属机构、尚未接收或尚未执行反馈的措施（案件已退出、异议成立或修复获准的不再列出）。接收应在推送后 ${days.receipt} 个工作日内，执行反馈应在推送时确定的反馈期限内。`,
    howTo: "怎么办：先接收（上传“响应”文件，类型 receipts），执行后报送执行反馈（上传“执行反馈”文件，类型 feedback）。两者都在“上传数据”页面上传，也可用接口推送。",
    upload: "上传数据",
    summary: (open: string, overdue: string, receive: string, answer: string) => `共 ${open} 项待办，其中逾期 ${overdue} 项；待接收 ${receive} 项，待反馈 ${answer} 项。`,
    step: "待办步骤",
    all: "全部",
    overdue: "仅显示逾期",
    q: "案件编号包含",
    sort: "排序",
    dir: "方向",
    asc: "升序",
    desc: "降序",
    show: "查询",
    none: "没有待办的措施。",
    total: (n: string) => `符合条件 ${n} 项`,
    caseId: "案件",
    measure: "措施",
    unit: "实施单位",
    listType: "名单",
    pushed: "推送日期",
    nextDue: "期限",
    todo: "下一步",
    receive: "接收（上传 receipts）",
    answer: "执行反馈（上传 feedback）",
    suspendedNote: "异议期间已暂停",
    late: "已逾期",
    offList: "不在清单内",
  },
  en: {
    title: "Open joint measures",
    intro: (days: Record<JointStep, number>) => `Measures pushed to your unit and its agencies that are not yet received or not yet answered with feedback (cases that ended, had an objection upheld or a repair approved are not listed). Receipt is due ${days.receipt} working days after the push; feedback by the due date set at the push.`,
    howTo: "What to do: first acknowledge receipt (upload a receipts file), then report the execution (upload a feedback file), on the Upload page or through the API.",
    upload: "Upload",
    summary: (open: string, overdue: string, receive: string, answer: string) => `${open} open, ${overdue} of them overdue; ${receive} to receive, ${answer} to answer.`,
    step: "Step",
    all: "All",
    overdue: "Overdue only",
    q: "Case id contains",
    sort: "Sort",
    dir: "Direction",
    asc: "ascending",
    desc: "descending",
    show: "Search",
    none: "No open measures.",
    total: (n: string) => `${n} match`,
    caseId: "Case",
    measure: "Measure",
    unit: "Implementing unit",
    listType: "List",
    pushed: "Pushed",
    nextDue: "Deadline",
    todo: "Next step",
    receive: "Receive (upload receipts)",
    answer: "Report feedback (upload feedback)",
    suspendedNote: "suspended during an objection",
    late: "overdue",
    offList: "on no list",
  },
};

export function Obligations({ lang, base, caseBase, uploadHref, view, unitName }: { lang: Lang; base: string; caseBase: string; uploadHref: string; view: ObligationsView; unitName: Record<string, string> }) {
  const t = T[lang];
  const nf = numberFormat(lang, 0);
  const f = view.filter;
  const own: Record<string, string | undefined> = { step: f.step, overdue: f.overdue ? "1" : undefined, q: f.q, sort: f.sort !== "due" ? f.sort : undefined, dir: f.dir !== "asc" ? f.dir : undefined };
  const link = (over: Record<string, string | undefined>) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...own, ...over })) if (v) q.set(k, v);
    const query = q.toString();
    return withLang(lang, query ? `${base}?${query}` : base);
  };
  const pages = Math.max(1, Math.ceil(view.total / view.pageSize));
  const c = view.counts;
  return (
    <>
      <section className="card">
        <h1>{t.title}</h1>
        <p className="muted">{t.intro(jointStepDays())}</p>
        <p>{t.howTo} <Link href={withLang(lang, uploadHref)}>{t.upload} →</Link></p>
        <p><strong>{t.summary(nf.format(c.open), nf.format(c.overdue), nf.format(c.receive), nf.format(c.answer))}</strong></p>
        <form className="filters" method="get">
          {lang === "en" && <input type="hidden" name="lang" value="en" />}
          <label>
            {t.step}
            <select name="step" defaultValue={f.step ?? ""}>
              <option value="">{t.all}</option>
              {Object.entries(OBLIGATION_STEPS).map(([k, v]) => <option key={k} value={k}>{v[lang]}</option>)}
            </select>
          </label>
          <label><input type="checkbox" name="overdue" value="1" defaultChecked={f.overdue} /> {t.overdue}</label>
          <label>{t.q}<input name="q" defaultValue={f.q} maxLength={50} /></label>
          <label>
            {t.sort}
            <select name="sort" defaultValue={f.sort}>
              {Object.entries(OBLIGATION_SORTS).map(([k, v]) => <option key={k} value={k}>{v[lang]}</option>)}
            </select>
          </label>
          <label>
            {t.dir}
            <select name="dir" defaultValue={f.dir}>
              <option value="asc">{t.asc}</option>
              <option value="desc">{t.desc}</option>
            </select>
          </label>
          <button type="submit">{t.show}</button>
        </form>
        <p className="muted">{t.total(nf.format(view.total))}</p>
      </section>
      <section className="card">
        {view.rows.length === 0 ? (
          <p className="muted">{t.none}</p>
        ) : (
          <div className="table-wrap">
            <table className="items obligations">
              <thead>
                <tr>
                  <th scope="col">{t.caseId}</th>
                  <th scope="col">{t.measure}</th>
                  <th scope="col">{t.unit}</th>
                  <th scope="col">{t.listType}</th>
                  <th scope="col">{t.pushed}</th>
                  <th scope="col">{t.nextDue}</th>
                  <th scope="col">{t.todo}</th>
                </tr>
              </thead>
              <tbody>
                {view.rows.map((r) => (
                  <tr key={`${r.case_id}|${r.measure_code}|${r.implementing_unit}`}>
                    <th scope="row"><Link href={withLang(lang, `${caseBase}/${encodeURIComponent(r.case_id)}`)} className="code">{r.case_id}</Link></th>
                    <td>
                      <span className="code">{r.measure_code}</span> {r.measure_name ?? <span className="status late">{t.offList}</span>}
                      {r.mandatory && <span className="muted"> · {named(MANDATORY_NAMES, lang, r.mandatory)}</span>}
                    </td>
                    <td>{unitName[r.implementing_unit] ?? r.implementing_unit}</td>
                    <td>{named(LIST_TYPE_NAMES, lang, r.list_type)}</td>
                    <td className="date">{r.pushed_date}</td>
                    <td className="date">
                      {r.next_due ?? "—"}
                      {r.overdue && <> <span className="status late">{t.late}</span></>}
                    </td>
                    <td>
                      {r.step === "receive" ? t.receive : t.answer}
                      {r.suspended && <span className="muted"> · {t.suspendedNote}</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pager lang={lang} page={view.page} pages={pages} href={(n) => link({ page: n > 1 ? String(n) : undefined })} summary={pages > 1 ? (lang === "en" ? `Page ${view.page} of ${pages}` : `第 ${view.page} / ${pages} 页`) : undefined} />
      </section>
    </>
  );
}
