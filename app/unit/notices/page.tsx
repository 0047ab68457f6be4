import Link from "next/link";
import { Pager } from "@/components/Pager";
import { notFound, redirect } from "next/navigation";
import { AppShell } from "@/components/AppShell";
import { NoticeState, ruleNames } from "@/components/NoticeParts";
import { getDb } from "@/lib/db";
import { listNotices } from "@/lib/notices/queries";
import { requireUnitAccess, requireUser } from "@/lib/auth/guards";
import { langOf, periodLabel, withLang } from "@/lib/i18n";
import { BadAddress } from "@/components/BadAddress";
import { QueryReader } from "@/lib/web/query";

export const dynamic = "force-dynamic";

/** The notices issued to the unit, with what is due: a returned report says by when to resubmit. */
export default async function UnitNoticesPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const sp = await searchParams;
  const lang = langOf(sp.lang);
  const me = await requireUser("/unit/notices");
  if (me.role === "office") redirect("/office/notices");
  if (!me.unitCode) notFound();
  const user = await requireUnitAccess("view:notices", me.unitCode, "/unit/notices");
  const q = new QueryReader(sp);
  const wanted = q.page();
  const { notices, page, pages, total } = await listNotices(await getDb(), { unitCode: me.unitCode, issuedOnly: true, page: wanted });
  q.pageWithin("page", wanted, pages);
  const en = lang === "en";
  if (!q.ok) {
    return (
      <AppShell lang={lang} user={user}>
        <BadAddress {...q.view("/unit/notices")} />
      </AppShell>
    );
  }
  return (
    <AppShell lang={lang} user={user}>
      <section className="card">
        <h1>{en ? "Notices to my unit" : "本单位收到的通报"}</h1>
        {notices.length === 0 ? (
          <p className="muted">{en ? "No notices." : "暂无通报。"}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr><th>{en ? "Number" : "文号"}</th><th>{en ? "Title" : "标题"}</th><th>{en ? "Period" : "期间"}</th><th>{en ? "Why" : "原因"}</th><th>{en ? "Rectify by" : "整改期限"}</th><th>{en ? "Status" : "状态"}</th></tr>
              </thead>
              <tbody>
                {notices.map((n) => (
                  <tr key={n.id}>
                    <td>{n.number}</td>
                    <th scope="row" lang="zh-CN"><Link href={withLang(lang, `/unit/notices/${n.id}`)}>{n.title}</Link></th>
                    <td>{periodLabel(lang, n.period)}</td>
                    <td className="small">{ruleNames(lang, n.rules)}</td>
                    <td>{n.rectification_due}</td>
                    <td><NoticeState lang={lang} n={n} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {pages > 1 && <Pager lang={lang} page={page} pages={pages} href={(n) => withLang(lang, `/unit/notices?page=${n}`)} summary={en ? `${total} notices` : `共 ${total} 份`} />}
      </section>
    </AppShell>
  );
}
