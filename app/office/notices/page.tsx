import Link from "next/link";
import { AppShell } from "@/components/AppShell";
import { NOTICE_STATUS, ruleNames } from "@/components/NoticeParts";
import { getDb } from "@/lib/db";
import { dataMonths, periodChoices } from "@/lib/scoring/provisional";
import { listNotices } from "@/lib/notices/queries";
import { requireOffice } from "@/lib/auth/guards";
import { isoOrToday, langOf, periodLabel, withLang } from "@/lib/i18n";
import { secondApproverRequired } from "@/lib/notices/lifecycle";
import { closeAction, secondApproverAction } from "./actions";

export const dynamic = "force-dynamic";

export default async function OfficeNoticesPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const sp = await searchParams;
  const lang = langOf(sp.lang);
  const user = await requireOffice("view:notices", "/office/notices");
  const db = await getDb();
  const periods = periodChoices(await dataMonths(db));
  const notices = await listNotices(db, { period: sp.period || undefined, status: sp.status || undefined });
  const twoApprovers = await secondApproverRequired(db);
  const en = lang === "en";
  return (
    <AppShell lang={lang} user={user} path="/office/notices">
      <section className="card">
        <h1>{en ? "Notices of underperformance" : "通报与整改"}</h1>
        <p>
          <Link href={withLang(lang, "/office/notices/summary")}>{en ? "Monthly summary notice of all units" : "全省月度通报（全部单位）"}</Link> ·{" "}
          <Link href={withLang(lang, "/office/rules")}>{en ? "Notice rules" : "通报规则"}</Link>
        </p>
        {sp.error && <p className="error" role="alert">{sp.error}</p>}
        {sp.done && <p className="notice" role="status">{en ? "Done." : "已完成。"}</p>}
        <form action={closeAction} className="filters"><input type="hidden" name="lang" value={lang} />
          <label>
            {en ? "Close period" : "关闭期间"}
            <select name="period" defaultValue={periods[1] ?? periods[0]}>
              {periods.map((p) => <option key={p} value={p}>{periodLabel(lang, p)}</option>)}
            </select>
          </label>
          <label>
            {en ? "As of" : "评价日"}
            <input type="date" name="asOf" defaultValue={isoOrToday(undefined)} />
          </label>
          <button type="submit">{en ? "Close and draft notices" : "关闭并生成通报草稿"}</button>
        </form>
        <form action={secondApproverAction} className="filters"><input type="hidden" name="lang" value={lang} />
          <input type="hidden" name="required" value={twoApprovers ? "0" : "1"} />
          <span className="muted">{twoApprovers ? (en ? "Two approvers are required." : "印发前须两人审批。") : en ? "One approver suffices." : "印发前一人审批即可。"}</span>
          <button type="submit" className="secondary">{twoApprovers ? (en ? "Require one" : "改为一人审批") : en ? "Require two" : "改为两人审批"}</button>
        </form>
      </section>
      <section className="card">
        <form className="filters" method="get">
          {en && <input type="hidden" name="lang" value="en" />}
          <label>
            {en ? "Period" : "期间"}
            <select name="period" defaultValue={sp.period ?? ""}>
              <option value="">{en ? "all" : "全部"}</option>
              {periods.map((p) => <option key={p} value={p}>{periodLabel(lang, p)}</option>)}
            </select>
          </label>
          <label>
            {en ? "Status" : "状态"}
            <select name="status" defaultValue={sp.status ?? ""}>
              <option value="">{en ? "all" : "全部"}</option>
              {Object.entries(NOTICE_STATUS).map(([k, v]) => <option key={k} value={k}>{v[lang]}</option>)}
            </select>
          </label>
          <button type="submit">{en ? "Show" : "查看"}</button>
        </form>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{en ? "Period" : "期间"}</th>
                <th>{en ? "Unit" : "单位"}</th>
                <th>{en ? "Rules hit" : "触发规则"}</th>
                <th>{en ? "Status" : "状态"}</th>
                <th>{en ? "Number" : "文号"}</th>
                <th>{en ? "Rectify by" : "整改期限"}</th>
              </tr>
            </thead>
            <tbody>
              {notices.map((n) => (
                <tr key={n.id}>
                  <td>{periodLabel(lang, n.period)}</td>
                  <th scope="row"><Link href={withLang(lang, `/office/notices/${n.id}`)}>{n.unit_name}</Link>{n.refers_to && <span className="badge">{en ? "correction" : "更正"}</span>}</th>
                  <td className="small">{ruleNames(lang, n.rules)}</td>
                  <td>{NOTICE_STATUS[n.status]?.[lang] ?? n.status}{n.report_status === "submitted" && <span className="badge">{en ? "report to review" : "待审核报告"}</span>}</td>
                  <td>{n.number ?? "—"}</td>
                  <td>{n.rectification_due ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {notices.length === 0 && <p className="muted">{en ? "No notices." : "暂无通报。"}</p>}
        </div>
      </section>
    </AppShell>
  );
}
