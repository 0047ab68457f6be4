import Link from "next/link";
import { Pager } from "@/components/Pager";
import { AppShell } from "@/components/AppShell";
import { requireUser } from "@/lib/auth/guards";
import { getDb } from "@/lib/db";
import { langOf, withLang, beijingTime } from "@/lib/i18n";
import { INBOX_PAGE_SIZE, inboxPage } from "@/lib/inbox/messages";
import { BadAddress } from "@/components/BadAddress";
import { QueryReader } from "@/lib/web/query";
import { markReadAction } from "./actions";

export const dynamic = "force-dynamic";

/**
 * The signed-in user's reminders and workflow messages, a page at a time, in the page's language when
 * the message has an English text; "mark as read" is an action (a GET never writes).
 */
export default async function InboxPage({ searchParams }: { searchParams: Promise<{ lang?: string; page?: string }> }) {
  const sp = await searchParams;
  const lang = langOf(sp.lang);
  const en = lang === "en";
  const user = await requireUser("/inbox");
  const q = new QueryReader(sp);
  const page = q.page();
  const { messages, total, unread } = await inboxPage(await getDb(), user.username, page);
  const pages = Math.max(1, Math.ceil(total / INBOX_PAGE_SIZE));
  q.pageWithin("page", page, pages);
  if (!q.ok) {
    return (
      <AppShell lang={lang} user={user}>
        <BadAddress {...q.view("/inbox")} />
      </AppShell>
    );
  }
  return (
    <AppShell lang={lang} user={user}>
      <section className="card">
        <h1>{en ? "Reminders" : "提醒"}</h1>
        <p className="muted">{en ? `${total} messages, ${unread} unread` : `共 ${total} 条，未读 ${unread} 条`}</p>
        {unread > 0 && (
          <form action={markReadAction}>
            <input type="hidden" name="lang" value={lang} />
            <button type="submit" className="secondary">{en ? "Mark all as read" : "全部标为已读"}</button>
          </form>
        )}
        {messages.length === 0 && <p className="muted">{en ? "Nothing due." : "暂无提醒。"}</p>}
        {messages.map((m) => (
          <div key={m.id} className="report">
            <p className="muted small">{beijingTime(m.at)}{!m.read_at && <span className="badge">{en ? "new" : "新"}</span>}</p>
            <p><strong>{m.link ? <Link href={withLang(lang, m.link)}>{(en && m.title_en) || m.title}</Link> : (en && m.title_en) || m.title}</strong></p>
            <p>{(en && m.body_en) || m.body}</p>
          </div>
        ))}
        <Pager lang={lang} page={page} pages={pages} href={(n) => withLang(lang, `/inbox?page=${n}`)} />
      </section>
    </AppShell>
  );
}
