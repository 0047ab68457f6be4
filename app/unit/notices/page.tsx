import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { AppShell } from "@/components/AppShell";
import { NOTICE_STATUS, ruleNames } from "@/components/NoticeParts";
import { getDb } from "@/lib/db";
import { listNotices } from "@/lib/notices/queries";
import { requireUnitAccess, requireUser } from "@/lib/auth/guards";
import { langOf, periodLabel, withLang } from "@/lib/i18n";

export const dynamic = "force-dynamic";

/** The notices issued to the unit, with what is due. */
export default async function UnitNoticesPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const lang = langOf((await searchParams).lang);
  const me = await requireUser("/unit/notices");
  if (me.role === "office") redirect("/office/notices");
  if (!me.unitCode) notFound();
  const user = await requireUnitAccess("view:notices", me.unitCode, "/unit/notices");
  const notices = await listNotices(await getDb(), { unitCode: me.unitCode, issuedOnly: true });
  const en = lang === "en";
  return (
    <AppShell lang={lang} user={user} path="/unit/notices">
      <section className="card">
        <h1>{en ? "Notices to my unit" : "本单位收到的通报"}</h1>
        {notices.length === 0 ? (
          <p className="muted">{en ? "No notices." : "暂无通报。"}</p>
        ) : (
          <table>
            <thead>
              <tr><th>{en ? "Number" : "文号"}</th><th>{en ? "Title" : "标题"}</th><th>{en ? "Period" : "期间"}</th><th>{en ? "Why" : "原因"}</th><th>{en ? "Rectify by" : "整改期限"}</th><th>{en ? "Status" : "状态"}</th></tr>
            </thead>
            <tbody>
              {notices.map((n) => (
                <tr key={n.id}>
                  <td>{n.number}</td>
                  <th scope="row"><Link href={withLang(lang, `/unit/notices/${n.id}`)}>{n.title}</Link></th>
                  <td>{periodLabel(lang, n.period)}</td>
                  <td className="small">{ruleNames(lang, n.rules)}</td>
                  <td>{n.rectification_due}</td>
                  <td>{NOTICE_STATUS[n.status]?.[lang] ?? n.status}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </AppShell>
  );
}
