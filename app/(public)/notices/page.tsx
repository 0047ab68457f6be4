import Link from "next/link";
import { BadAddress } from "@/components/BadAddress";
import { Pager } from "@/components/Pager";
import { PublicShell } from "@/components/PublicShell";
import { getDb } from "@/lib/db";
import { PUBLIC_NOTICE_PAGE_SIZE, publicNotices } from "@/lib/notices/queries";
import { formatDate, langOf, withLang } from "@/lib/i18n";
import { unitNamer } from "@/lib/unit-names";
import { QueryReader } from "@/lib/web/query";

export const dynamic = "force-dynamic";

/** Notices the office has chosen to make public (they name units, never persons), 20 a page, newest first or oldest first. */
export default async function PublicNoticesPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const sp = await searchParams;
  const lang = langOf(sp.lang);
  const en = lang === "en";
  const q = new QueryReader(sp);
  const wanted = q.page();
  const dir = q.oneOf("dir", ["asc", "desc"] as const, "desc")!;
  const db = await getDb();
  const list = await publicNotices(db, { page: wanted, dir });
  // the document is Chinese; an English page names the addressed unit in English where it has an English name
  const name = await unitNamer(db, lang);
  q.pageWithin("page", wanted, list.pages);
  if (!q.ok) {
    return (
      <PublicShell lang={lang}>
        <BadAddress {...q.view("/notices")} />
      </PublicShell>
    );
  }
  const href = (changes: { page?: number; dir?: "asc" | "desc" }) => {
    const params = new URLSearchParams();
    const d = changes.dir ?? dir;
    if (d === "asc") params.set("dir", "asc");
    const page = changes.page ?? list.page;
    if (page > 1) params.set("page", String(page));
    const query = params.toString();
    return withLang(lang, query ? `/notices?${query}` : "/notices");
  };
  const from = list.total === 0 ? 0 : (list.page - 1) * PUBLIC_NOTICE_PAGE_SIZE + 1;
  const to = from === 0 ? 0 : from + list.notices.length - 1;
  return (
    <PublicShell lang={lang}>
      <section className="card prose">
        <h1>{en ? "Published notices" : "通报公示"}</h1>
        {list.total === 0 ? (
          <p className="muted">{en ? "No notices have been made public." : "暂无公开的通报。"}</p>
        ) : (
          <p className="filters">
            <span className="muted">{en ? `${from}–${to} of ${list.total} notices` : `第 ${from}–${to} 份，共 ${list.total} 份`}</span>
            <span>{en ? "Order:" : "排序："}</span>
            {dir === "desc" ? <strong aria-current="true">{en ? "newest first ▼" : "最新在前 ▼"}</strong> : <Link href={href({ dir: "desc", page: 1 })}>{en ? "newest first" : "最新在前"}</Link>}
            {dir === "asc" ? <strong aria-current="true">{en ? "oldest first ▲" : "最早在前 ▲"}</strong> : <Link href={href({ dir: "asc", page: 1 })}>{en ? "oldest first" : "最早在前"}</Link>}
          </p>
        )}
        {list.notices.map((n) => (
          <article key={n.id} className="report">
            <h2 lang="zh-CN">{n.title}</h2>
            <p className="muted">{n.number} · {formatDate(lang, n.issued)} · {lang === "en" ? `to ${name(n.unit_code, n.addressees)}` : `主送 ${n.addressees}`}</p>
            <p style={{ whiteSpace: "pre-wrap" }} lang="zh-CN">{n.body}</p>
          </article>
        ))}
        <Pager lang={lang} page={list.page} pages={list.pages} href={(page) => href({ page })} />
      </section>
    </PublicShell>
  );
}
