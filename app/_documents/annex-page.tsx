import Link from "next/link";
import { Pager } from "@/components/Pager";
import { AppShell } from "@/components/AppShell";
import { requireNoticeAccess } from "@/lib/auth/guards";
import { getDb } from "@/lib/db";
import { documentDate, groupDigits } from "@/lib/document-dates";
import { cellText, columnsFor, statusText } from "@/lib/explain-text";
import { langOf, periodLabel, withLang } from "@/lib/i18n";
import { annexPage, annexSection, hasAnnex } from "@/lib/notices/annex";
import { unitNamer, withItemNames } from "@/lib/unit-names";

/**
 * A notice's annex on a page: its sections with their counts, one section's items 50 at a time
 * (paged in SQL), and the whole list as CSV and Excel. Who may see the notice may see its annex
 * (requireNoticeAccess: the view logged). A section or page that does not exist is said so, in the
 * page's language, instead of showing another.
 */
export async function NoticeAnnexPage({ base, id: raw, sp }: { base: string; id: string; sp: Record<string, string | undefined> }) {
  const lang = langOf(sp.lang);
  const en = lang === "en";
  const { user, detail } = await requireNoticeAccess("view:annex", raw, `${base}/${raw}/annex`);
  const n = detail.notice;
  const at = `${base}/${n.id}`;
  const here = `${at}/annex`;
  const errors: string[] = [];
  const section = sp.section === undefined ? undefined : annexSection(sp.section);
  if (sp.section !== undefined && !section) errors.push(en ? `There is no section "${sp.section}" in the annex.` : `附件中没有“${sp.section}”这一类。`);
  const page = sp.page === undefined ? 1 : /^\d{1,6}$/.test(sp.page) ? Number(sp.page) : NaN;
  if (!(page >= 1)) errors.push(en ? `"${sp.page}" is not a page number.` : `“${sp.page}”不是页码。`);
  const db = await getDb();
  const found = hasAnnex(n) && errors.length === 0 ? await annexPage(db, n, section?.target, page) : undefined;
  // units named in the page's language
  const annex = found && { ...found, items: withItemNames(found.items, await unitNamer(db, lang)) };
  if (annex && page > annex.pages) errors.push(en ? `Page ${page} does not exist: this section has ${annex.pages}.` : `第 ${page} 页不存在：该类共 ${annex.pages} 页。`);
  const link = (target: string, p = 1) => withLang(lang, `${here}?section=${target}${p > 1 ? `&page=${p}` : ""}`);
  const cols = annex ? columnsFor(annex.section.target) : [];
  return (
    <AppShell lang={lang} user={user}>
      <section className="card">
        <p>
          <Link href={withLang(lang, at)}>← {n.number ?? n.title}</Link>
        </p>
        <h1>{en ? "Annex: list of problems" : "附件：问题清单"}</h1>
        <p className="muted">
          {n.title} · {periodLabel(lang, n.period)} · {en ? "as of" : "截至"} {documentDate(lang, n.as_of)}
          {n.issued_at ? (en ? " · frozen when the notice was issued" : " · 随通报印发固定") : en ? " · draft: read from the evidence as it stands" : " · 草稿：按当前证据生成"}
        </p>
        {!hasAnnex(n) && <p className="notice">{en ? "This notice was issued before notices carried an annex; it lists only its first items on its page." : "该通报印发于附件问题清单启用之前，仅在通报页面列出部分问题。"}</p>}
        {errors.map((e) => (
          <p key={e} className="error" role="alert">
            {e}
          </p>
        ))}
        {hasAnnex(n) && (
          <p>
            {en ? "The whole list:" : "完整清单："} <a href={withLang(lang, `${here}/csv`)}>CSV</a> · <a href={withLang(lang, `${here}/xlsx`)}>Excel</a> · <a href={withLang(lang, `${at}/print`)}>{en ? "Printable page" : "打印版"}</a>
          </p>
        )}
        {annex && (
          <nav className="filters" aria-label={en ? "Sections" : "问题类别"}>
            {annex.sections.map(({ section: s, total }) => (
              <Link key={s.target} href={link(s.target)} className={s.target === annex.section.target ? "button" : "button secondary"} aria-current={s.target === annex.section.target ? "page" : undefined}>
                {s[lang]} ({groupDigits(total)})
              </Link>
            ))}
          </nav>
        )}
      </section>
      {annex && page <= annex.pages && (
        <section className="card">
          <h2>
            {annex.section[lang]} · {en ? `${groupDigits(annex.total)} items` : `共 ${groupDigits(annex.total)} 条`}
          </h2>
          {annex.items.length === 0 ? (
            <p className="muted">{en ? "Nothing in this section." : "该类没有问题。"}</p>
          ) : (
            <div className="table-wrap">
              <table className="items">
                <thead>
                  <tr>
                    <th scope="col">#</th>
                    {cols.map((c) => (
                      <th key={c.key} scope="col">
                        {c[lang]}
                      </th>
                    ))}
                    <th scope="col">{en ? "Status" : "状态"}</th>
                  </tr>
                </thead>
                <tbody>
                  {annex.items.map((i, k) => (
                    <tr key={k}>
                      <td>{annex.first + k}</td>
                      {cols.map((c) => (
                        <td key={c.key}>{cellText(lang, c.key, i[c.key])}</td>
                      ))}
                      <td>{statusText(lang, String(i.status))}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <Pager lang={lang} page={annex.page} pages={annex.pages} href={(n) => link(annex.section.target, n)} />
        </section>
      )}
    </AppShell>
  );
}
