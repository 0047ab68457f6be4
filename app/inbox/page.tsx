import Link from "next/link";
import { AppShell } from "@/components/AppShell";
import { getDb } from "@/db";
import { requireUser } from "@/lib/auth/guards";
import { langOf } from "@/lib/i18n";

export const dynamic = "force-dynamic";

/** The signed-in user's reminders; opening the page marks them read. */
export default async function InboxPage({ searchParams }: { searchParams: Promise<{ lang?: string }> }) {
  const lang = langOf((await searchParams).lang);
  const user = await requireUser("/inbox");
  const db = await getDb();
  const messages = await db.query<{ id: number; at: string; title: string; body: string; link: string | null; read_at: string | null }>(
    `SELECT id, at::text, title, body, link, read_at::text FROM inbox WHERE username = $1 ORDER BY id DESC LIMIT 100`,
    [user.username],
  );
  await db.query(`UPDATE inbox SET read_at = now() WHERE username = $1 AND read_at IS NULL`, [user.username]);
  return (
    <AppShell lang={lang} user={user} path="/inbox">
      <section className="card">
        <h1>{lang === "en" ? "Reminders" : "提醒"}</h1>
        {messages.length === 0 && <p className="muted">{lang === "en" ? "Nothing due." : "暂无提醒。"}</p>}
        {messages.map((m) => (
          <div key={m.id} className="report">
            <p className="muted small">{m.at.slice(0, 16)}{!m.read_at && <span className="badge">{lang === "en" ? "new" : "新"}</span>}</p>
            <p><strong>{m.link ? <Link href={m.link}>{m.title}</Link> : m.title}</strong></p>
            <p>{m.body}</p>
          </div>
        ))}
      </section>
    </AppShell>
  );
}
