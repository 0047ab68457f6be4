import { PublicShell } from "@/components/PublicShell";
import { getDb } from "@/lib/db";
import { publicNotices } from "@/lib/notices/queries";
import { formatDate, langOf } from "@/lib/i18n";
import { unitNamer } from "@/lib/unit-names";

export const dynamic = "force-dynamic";

/** Notices the office has chosen to make public (they name units, never persons). */
export default async function PublicNoticesPage({ searchParams }: { searchParams: Promise<{ lang?: string }> }) {
  const lang = langOf((await searchParams).lang);
  const db = await getDb();
  const notices = await publicNotices(db);
  // the document is Chinese; an English page names the addressed unit in English where it has an English name
  const name = await unitNamer(db, lang);
  return (
    <PublicShell lang={lang}>
      <section className="card prose">
        <h1>{lang === "en" ? "Published notices" : "通报公示"}</h1>
        {notices.length === 0 && <p className="muted">{lang === "en" ? "No notices have been made public." : "暂无公开的通报。"}</p>}
        {notices.map((n) => (
          <article key={n.id} className="report">
            <h2>{n.title}</h2>
            <p className="muted">{n.number} · {formatDate(lang, n.issued)} · {lang === "en" ? `to ${name(n.unit_code, n.addressees)}` : `主送 ${n.addressees}`}</p>
            <p style={{ whiteSpace: "pre-wrap" }}>{n.body}</p>
          </article>
        ))}
      </section>
    </PublicShell>
  );
}
