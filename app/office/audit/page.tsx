import Link from "next/link";
import { Pager } from "@/components/Pager";
import { AppShell } from "@/components/AppShell";
import { auditColumns } from "@/lib/audit/export";
import { accessPage, AUDIT_PAGE_SIZE, changePage, whoLookedAt } from "@/lib/audit/queries";
import { requireOffice } from "@/lib/auth/guards";
import { getDb } from "@/lib/db";
import { langOf, withLang } from "@/lib/i18n";
import { BadAddress } from "@/components/BadAddress";
import { QueryReader } from "@/lib/web/query";
import { auditQuery } from "./filter";

export const dynamic = "force-dynamic";

const T = {
  zh: {
    title: "审计记录",
    intro: "查询使用情况留痕备查（003（十三）（十四））：谁在何时、从何处查看或导出了哪个单位的非公开数据，以及登录、锁定和对数据、规则、通报、账户的每一次变更。记录只增不改，本页的查看和导出同样留痕。",
    access: "访问记录",
    changes: "变更与登录记录",
    who: "谁查看了该单位",
    user: "用户",
    unit: "单位编码",
    action: "操作（前缀）",
    from: "起",
    to: "止",
    refused: "仅显示被拒绝的访问",
    show: "查询",
    export: "导出 Excel",
    none: "没有符合条件的记录。",
    total: (n: number) => `共 ${n} 条`,
    page: (p: number, n: number) => `第 ${p} / ${n} 页`,
    prev: "上一页",
    next: "下一页",
    allowed: "允许",
    denied: "拒绝",
    views: "查看次数",
    refusedCount: "被拒绝",
    first: "首次",
    last: "最近",
  },
  en: {
    title: "Audit trail",
    intro: "Query use is logged and reviewed (003 (十三)(十四)): who viewed or exported which unit's non-public data, when and from where, and every sign-in, lockout and change to data, rules, notices and accounts. Entries are never changed; viewing and exporting them here is logged too.",
    access: "Views and exports",
    changes: "Changes and sign-ins",
    who: "Who looked at this unit",
    user: "User",
    unit: "Unit code",
    action: "Action (prefix)",
    from: "From",
    to: "To",
    refused: "Refused only",
    show: "Search",
    export: "Export to Excel",
    none: "Nothing matches.",
    total: (n: number) => `${n} entries`,
    page: (p: number, n: number) => `Page ${p} of ${n}`,
    prev: "Previous",
    next: "Next",
    allowed: "allowed",
    denied: "refused",
    views: "Views",
    refusedCount: "Refused",
    first: "First",
    last: "Last",
  },
};

const cellText = (v: unknown): string => (v === null || v === undefined ? "—" : typeof v === "string" ? v : JSON.stringify(v));

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const sp = await searchParams;
  const lang = langOf(sp.lang);
  const t = T[lang];
  const user = await requireOffice("view:audit", "/office/audit");
  const db = await getDb();
  const q = new QueryReader(sp);
  const { kind, filter } = auditQuery(q);
  const page = q.page();
  const bad = () => (
    <AppShell lang={lang} user={user}>
      <BadAddress {...q.view("/office/audit")} />
    </AppShell>
  );
  if (!q.ok) return bad();
  const { rows, total } = kind === "access" ? await accessPage(db, filter, page) : await changePage(db, filter, page);
  const pages = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));
  q.pageWithin("page", page, pages);
  if (!q.ok) return bad();
  const who = kind === "access" && filter.unit ? await whoLookedAt(db, filter.unit, filter) : [];
  const query = (over: Record<string, string | undefined>) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries({ kind, user: filter.user, unit: filter.unit, action: filter.action, from: filter.from, to: filter.to, refused: filter.refusedOnly ? "1" : undefined, ...over })) if (v) q.set(k, v);
    return q.toString();
  };
  const cols = auditColumns(kind, lang);
  return (
    <AppShell lang={lang} user={user}>
      <section className="card">
        <h1>{t.title}</h1>
        <p className="muted">{t.intro}</p>
        <p>
          {kind === "access" ? <strong>{t.access}</strong> : <Link href={withLang(lang, `/office/audit?${query({ kind: "access", page: undefined })}`)}>{t.access}</Link>} ·{" "}
          {kind === "changes" ? <strong>{t.changes}</strong> : <Link href={withLang(lang, `/office/audit?${query({ kind: "changes", page: undefined, refused: undefined })}`)}>{t.changes}</Link>}
        </p>
        <form className="filters" method="get">
          <input type="hidden" name="kind" value={kind} />
          {lang === "en" && <input type="hidden" name="lang" value="en" />}
          <label>{t.user}<input name="user" defaultValue={filter.user} maxLength={100} /></label>
          <label>{t.unit}<input name="unit" defaultValue={filter.unit} maxLength={100} /></label>
          <label>{t.action}<input name="action" defaultValue={filter.action} maxLength={100} /></label>
          <label>{t.from}<input type="date" name="from" defaultValue={filter.from} /></label>
          <label>{t.to}<input type="date" name="to" defaultValue={filter.to} /></label>
          {kind === "access" && <label className="inline"><input type="checkbox" name="refused" value="1" defaultChecked={filter.refusedOnly} />{t.refused}</label>}
          <button type="submit">{t.show}</button>
        </form>
        <p>
          <span className="muted">{t.total(total)}</span> · <a href={withLang(lang, `/office/audit/export?${query({})}`)}>{t.export}</a>
        </p>
      </section>
      {who.length > 0 && (
        <section className="card">
          <h2>{t.who} {filter.unit}</h2>
          <div className="table-wrap">
            <table>
              <thead><tr><th>{t.user}</th><th>{t.views}</th><th>{t.refusedCount}</th><th>{t.first}</th><th>{t.last}</th></tr></thead>
              <tbody>
                {who.map((w) => (
                  <tr key={w.username}><th scope="row">{w.username} <span className="muted small">{w.role}{w.user_unit ? ` · ${w.user_unit}` : ""}</span></th><td className="num">{w.views}</td><td className="num">{w.refused}</td><td>{w.first_at}</td><td>{w.last_at}</td></tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
      <section className="card">
        <div className="table-wrap">
          <table className="items">
            <thead><tr>{cols.map((c) => <th key={c.key} scope="col">{c.label}</th>)}</tr></thead>
            <tbody>
              {(rows as unknown as Record<string, unknown>[]).map((r) => (
                <tr key={String(r.id)}>
                  {cols.map((c) => {
                    const v = r[c.key];
                    if (c.key === "allowed") return <td key={c.key}><span className={`status ${v ? "on_time" : "late"}`}>{v ? t.allowed : t.denied}</span></td>;
                    if (c.key === "target_unit" && typeof v === "string") return <td key={c.key}><Link href={withLang(lang, `/office/audit?${query({ unit: v, page: undefined })}`)}>{v}</Link></td>;
                    return <td key={c.key} className={c.key === "after" || c.key === "detail" ? "small" : undefined}>{cellText(v)}</td>;
                  })}
                </tr>
              ))}
            </tbody>
          </table>
          {rows.length === 0 && <p className="muted">{t.none}</p>}
        </div>
        <Pager lang={lang} page={page} pages={pages} href={(n) => withLang(lang, `/office/audit?${query({ page: String(n) })}`)} summary={pages > 1 ? t.page(page, pages) : undefined} />
      </section>
    </AppShell>
  );
}
