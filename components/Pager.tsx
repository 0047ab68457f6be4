import Link from "next/link";
import type { Lang } from "@/lib/i18n";

/**
 * The page numbers that show: the first and last, the current one and two on each side, and a gap
 * (null, shown as …) where pages are left out; a gap of one page shows that page instead.
 */
export function pageNumbers(page: number, pages: number, around = 2): (number | null)[] {
  const shown = new Set<number>([1, pages]);
  for (let p = page - around; p <= page + around; p++) if (p >= 1 && p <= pages) shown.add(p);
  const sorted = [...shown].sort((a, b) => a - b);
  const out: (number | null)[] = [];
  for (const p of sorted) {
    const last = out.at(-1);
    if (typeof last === "number" && p - last === 2) out.push(last + 1);
    else if (typeof last === "number" && p - last > 2) out.push(null);
    out.push(p);
  }
  return out;
}

/**
 * Numbered pages for every paged list: « previous 1 2 3 … 9 10 next », the current page marked
 * (aria-current) and not a link. `href` makes a page's address with every filter of the list kept.
 * `summary` says what the page holds (第 51–100 条，共 420 条); with one page only the summary shows.
 */
export function Pager({ lang, page, pages, href, summary, prefetch }: { lang: Lang; page: number; pages: number; href: (page: number) => string; summary?: string; prefetch?: false }) {
  const en = lang === "en";
  if (pages <= 1 && !summary) return null;
  return (
    <nav className="pager" aria-label={en ? "Pages" : "分页"}>
      {summary && <span className="muted">{summary}</span>}
      {pages > 1 && (
        <span className="pages">
          {page > 1 ? (
            <Link href={href(page - 1)} rel="prev" prefetch={prefetch}>{en ? "‹ Previous" : "‹ 上一页"}</Link>
          ) : (
            <span className="muted" aria-hidden="true">{en ? "‹ Previous" : "‹ 上一页"}</span>
          )}
          {pageNumbers(page, pages).map((p, i) =>
            p === null ? (
              <span key={`gap${i}`} className="gap" aria-hidden="true">…</span>
            ) : p === page ? (
              <span key={p} className="page current" aria-current="page">{p}</span>
            ) : (
              <Link key={p} href={href(p)} className="page" prefetch={prefetch} aria-label={en ? `Page ${p}` : `第 ${p} 页`}>{p}</Link>
            ),
          )}
          {page < pages ? (
            <Link href={href(page + 1)} rel="next" prefetch={prefetch}>{en ? "Next ›" : "下一页 ›"}</Link>
          ) : (
            <span className="muted" aria-hidden="true">{en ? "Next ›" : "下一页 ›"}</span>
          )}
        </span>
      )}
    </nav>
  );
}
