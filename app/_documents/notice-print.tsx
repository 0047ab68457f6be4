import { NoticeDocument } from "@/components/NoticeDocument";
import { requireNoticeAccess } from "@/lib/auth/guards";
import { getDb } from "@/lib/db";
import { documentDate } from "@/lib/document-dates";
import { langOf, withLang } from "@/lib/i18n";
import { hasAnnex } from "@/lib/notices/form";
import { documentParts } from "@/lib/notices/document";
import { todayInShanghai } from "@/lib/today";

/**
 * The printable page of a notice under `base` (/office/notices or /unit/notices): the document as
 * the PDF prints it (the browser's print gives the same layout), with a bar in the page's language
 * above it — not printed — leading to the PDF and to the annex's full list and files.
 */
export async function NoticePrintPage({ base, id: raw, lang: langParam }: { base: string; id: string; lang: string | string[] | undefined }) {
  const lang = langOf(langParam);
  const en = lang === "en";
  const { detail } = await requireNoticeAccess("print:notice", raw, `${base}/${raw}/print`);
  const n = detail.notice;
  const parts = await documentParts(await getDb(), n, todayInShanghai());
  const at = `${base}/${n.id}`;
  return (
    <div style={{ background: "#fff", padding: "24px 0" }}>
      <style>{`@media print { .print-bar { display: none; } }`}</style>
      <nav className="print-bar" lang={en ? "en" : "zh-CN"} style={{ maxWidth: 720, margin: "0 auto 16px", padding: "0 16px", fontSize: 14, display: "flex", gap: 16, flexWrap: "wrap" }}>
        <a href={withLang(lang, at)}>← {en ? "Back to the notice" : "返回通报"}</a>
        <a href={`${at}/pdf`}>PDF</a>
        {hasAnnex(n) && (
          <>
            <a href={withLang(lang, `${at}/annex`)}>{en ? "Annex: the full list of problems" : "附件：问题清单（全部）"}</a>
            <a href={withLang(lang, `${at}/annex/csv`)}>CSV</a>
            <a href={withLang(lang, `${at}/annex/xlsx`)}>Excel</a>
          </>
        )}
        {en && <span style={{ color: "#555" }}>The official document is in Chinese; issued {detail.issuedDate ? documentDate("en", detail.issuedDate) : "— (draft)"}.</span>}
      </nav>
      <NoticeDocument notice={n} issuedDate={detail.issuedDate} {...parts} />
    </div>
  );
}
