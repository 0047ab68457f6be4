import Link from "next/link";
import { Pager } from "@/components/Pager";
import { AppShell } from "@/components/AppShell";
import { NOTICE_STATUS, NoticeState, ruleNames } from "@/components/NoticeParts";
import { getDb } from "@/lib/db";
import { dataMonths, periodChoices } from "@/lib/scoring/provisional";
import { listNotices, NOTICE_SORTS, REVIEW_STATES, type NoticeSort } from "@/lib/notices/queries";
import { requireOffice } from "@/lib/auth/guards";
import { isoOrToday, langOf, periodLabel, withLang } from "@/lib/i18n";
import { secondApproverRequired } from "@/lib/notices/lifecycle";
import { ApproversPanel, EarlyClosePanel } from "@/components/NoticeConfirm";
import { closePreview, isEarlyClose, type ClosePreview } from "@/lib/notices/close";
import { approverSwitchPreview } from "@/lib/notices/confirm";
import { AppError } from "@/lib/errors";
import { unitNamer, withNames } from "@/lib/unit-names";
import { BadAddress } from "@/components/BadAddress";
import { QueryReader } from "@/lib/web/query";
import { closeAction, secondApproverAction } from "./actions";

export const dynamic = "force-dynamic";

/** The rectification filters beside the notice statuses (lib/notices/queries.ts REVIEW_STATES). */
const REVIEW_FILTER: Record<(typeof REVIEW_STATES)[number], { zh: string; en: string }> = {
  awaiting_review: { zh: "整改报告待审核", en: "reports awaiting review" },
  returned: { zh: "已退回待重报", en: "returned, awaiting resubmission" },
};

export default async function OfficeNoticesPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const sp = await searchParams;
  const lang = langOf(sp.lang);
  const user = await requireOffice("view:notices", "/office/notices");
  const db = await getDb();
  const periods = periodChoices(await dataMonths(db));
  const q = new QueryReader(sp);
  const period = q.period("period", periods, undefined);
  const status = q.oneOf("status", { ...NOTICE_STATUS, ...REVIEW_FILTER });
  const column = q.oneOf("sort", NOTICE_SORTS);
  const dir = q.oneOf("dir", ["asc", "desc"] as const, "asc")!;
  const sort = column ? { column, dir } : undefined;
  const wanted = q.page();
  const { notices, total, page, pages } = q.ok ? await listNotices(db, { period, status, sort, page: wanted }) : { notices: [], total: 0, page: 1, pages: 1 };
  q.pageWithin("page", wanted, pages);
  if (!q.ok) {
    return (
      <AppShell lang={lang} user={user}>
        <BadAddress {...q.view("/office/notices")} />
      </AppShell>
    );
  }
  // the list's address with the filters kept, on another page
  const listQuery = (changes: { page?: number; sort?: NoticeSort; dir?: "asc" | "desc" }) => {
    const s = "sort" in changes ? changes.sort : sort?.column;
    const d = "sort" in changes ? changes.dir : sort?.dir;
    return new URLSearchParams({ ...(period ? { period } : {}), ...(status ? { status } : {}), ...(s ? { sort: s } : {}), ...(s && d === "desc" ? { dir: d } : {}), ...(changes.page ? { page: String(changes.page) } : {}) }).toString();
  };
  const pageHref = (p: number) => withLang(lang, `/office/notices?${listQuery({ page: p })}`);
  // a column header: sorts by it, ascending first, and turns the order round when it is the current one
  const sortHeader = (key: NoticeSort, label: string) => {
    const current = sort?.column === key ? sort.dir : undefined;
    return (
      <th className="sortable" aria-sort={current ? (current === "asc" ? "ascending" : "descending") : undefined}>
        <Link href={withLang(lang, `/office/notices?${listQuery({ sort: key, dir: current === "asc" ? "desc" : "asc" })}`)}>
          {label} <span aria-hidden="true" className={current ? undefined : "muted"}>{current === "asc" ? "▲" : current === "desc" ? "▼" : "↕"}</span>
        </Link>
      </th>
    );
  };
  const twoApprovers = await secondApproverRequired(db);
  const name = await unitNamer(db, lang);
  const en = lang === "en";
  const listHref = withLang(lang, "/office/notices");
  // the confirmation panels: an early close (?do=close) and the switch of approvers (?do=approvers)
  let early: ClosePreview | undefined;
  let panelError: string | undefined;
  if (sp.do === "close" && sp.period && sp.asOf && /^\d{4}(-\d{2}|-Q[1-4])?$/.test(sp.period) && /^\d{4}-\d{2}-\d{2}$/.test(sp.asOf) && isEarlyClose(sp.period, sp.asOf)) {
    try {
      const preview = await closePreview(db, sp.period, sp.asOf);
      early = { ...preview, drafts: withNames(preview.drafts, name) };
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      panelError = e.text(lang);
    }
  }
  const approvers = sp.do === "approvers" && (sp.required === "0" || sp.required === "1") ? await approverSwitchPreview(db) : undefined;
  return (
    <AppShell lang={lang} user={user}>
      <section className="card">
        <h1>{en ? "Notices of underperformance" : "通报与整改"}</h1>
        <p>
          <Link href={withLang(lang, "/office/notices/summary")}>{en ? "Monthly summary notice of all units" : "全省月度通报（全部单位）"}</Link> ·{" "}
          <Link href={withLang(lang, "/office/rules")}>{en ? "Notice rules" : "通报规则"}</Link>
        </p>
        {sp.error && <p className="error" role="alert">{sp.error}</p>}
        {sp.done && (
          <p className="notice" role="status">
            {sp.closed !== undefined ? (en ? `Period closed: ${sp.closed} new draft(s).` : `已关闭期间，新生成 ${sp.closed} 份通报草稿。`) : en ? "Done." : "已完成。"}
          </p>
        )}
        <p className="muted small">
          {en
            ? "A period closes once it has ended (an evaluation date on or after the first day after it), as for publishing; before that, only as an early close confirmed with its reason."
            : "期间结束后（评价日在期间结束后的第一天或之后）方可关闭，与发布排名的规则相同；此前只能经确认并写明原因提前关闭。"}
        </p>
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
        <p className="filters">
          <span className="muted">{twoApprovers ? (en ? "Two approvers are required." : "印发前须两人审批。") : en ? "One approver suffices." : "印发前一人审批即可。"}</span>
          <Link className="button secondary" href={withLang(lang, `/office/notices?do=approvers&required=${twoApprovers ? "0" : "1"}`)}>
            {twoApprovers ? (en ? "Require one…" : "改为一人审批…") : en ? "Require two…" : "改为两人审批…"}
          </Link>
        </p>
      </section>
      {panelError && <section className="card"><p className="error" role="alert">{panelError}</p></section>}
      {early && <EarlyClosePanel lang={lang} preview={early} cancelHref={listHref} action={closeAction} />}
      {approvers && <ApproversPanel lang={lang} preview={approvers} required={sp.required === "1"} cancelHref={listHref} action={secondApproverAction} />}
      <section className="card">
        <form className="filters" method="get">
          {en && <input type="hidden" name="lang" value="en" />}
          <label>
            {en ? "Period" : "期间"}
            <select name="period" defaultValue={period ?? ""}>
              <option value="">{en ? "all" : "全部"}</option>
              {periods.map((p) => <option key={p} value={p}>{periodLabel(lang, p)}</option>)}
            </select>
          </label>
          <label>
            {en ? "Status" : "状态"}
            <select name="status" defaultValue={status ?? ""}>
              <option value="">{en ? "all" : "全部"}</option>
              {Object.entries(NOTICE_STATUS).map(([k, v]) => <option key={k} value={k}>{v[lang]}</option>)}
              {REVIEW_STATES.map((k) => <option key={k} value={k}>{REVIEW_FILTER[k][lang]}</option>)}
            </select>
          </label>
          <button type="submit">{en ? "Show" : "查看"}</button>
        </form>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                {sortHeader("period", en ? "Period" : "期间")}
                <th>{en ? "Unit" : "单位"}</th>
                <th>{en ? "Rules hit" : "触发规则"}</th>
                <th>{en ? "Status" : "状态"}</th>
                {sortHeader("issued", en ? "Number" : "文号")}
                {sortHeader("due", en ? "Rectify by" : "整改期限")}
              </tr>
            </thead>
            <tbody>
              {notices.map((n) => (
                <tr key={n.id}>
                  <td>{periodLabel(lang, n.period)}</td>
                  <th scope="row">
                    <Link href={withLang(lang, `/office/notices/${n.id}`)}>{name(n.unit_code, n.unit_name)}</Link>
                    {n.refers_to && <span className="badge">{en ? "correction" : "更正"}</span>}
                    {n.early_close_reason && <span className="badge" title={n.early_close_reason}>{en ? "closed early" : "提前关闭"}</span>}
                  </th>
                  <td className="small">{ruleNames(lang, n.rules)}</td>
                  <td><NoticeState lang={lang} n={n} /></td>
                  <td>{n.number ?? "—"}</td>
                  <td>{n.rectification_due ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {notices.length === 0 && <p className="muted">{en ? "No notices." : "暂无通报。"}</p>}
        </div>
        <Pager lang={lang} page={page} pages={pages} href={pageHref} summary={en ? `Page ${page} of ${pages} (${total} notices)` : `第 ${page} / ${pages} 页（共 ${total} 份）`} />
      </section>
    </AppShell>
  );
}
