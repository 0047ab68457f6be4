import type { Lang } from "@/lib/i18n";

/**
 * Whether a period's figures, as evaluated on a date, are 暂定 (provisional) or 已发布 (published):
 * the one rule every page that shows a rank or score follows (issue 9, item 10).
 * - the period has no publication: provisional (it may still change as data arrives);
 * - it has one, but the evaluation date is before the latest version's: provisional (an earlier view
 *   than the one the office approved);
 * - otherwise: published, as the latest version — and the page shows that version's figures.
 */
export type Standing =
  | { status: "provisional"; reason: "unpublished" | "before_publication"; publishedAsOf?: string }
  | { status: "published"; version: number; as_of: string; published_at: string };

export interface PublishedVersionRef {
  version: number;
  as_of: string;
  published_at: string;
}

export function standingOf(latest: PublishedVersionRef | undefined, asOf: string): Standing {
  if (!latest) return { status: "provisional", reason: "unpublished" };
  if (asOf < latest.as_of) return { status: "provisional", reason: "before_publication", publishedAsOf: latest.as_of };
  return { status: "published", version: latest.version, as_of: latest.as_of, published_at: latest.published_at };
}

/** The short mark: 暂定 / 已发布（第 2 版）. */
export function standingLabel(lang: Lang, s: Standing): string {
  if (s.status === "provisional") return lang === "en" ? "provisional" : "暂定";
  return lang === "en" ? `published (version ${s.version})` : `已发布（第 ${s.version} 版）`;
}

/** The sentence beside it: why provisional, or which evaluation date the published figures are of. */
export function standingNote(lang: Lang, s: Standing): string {
  const en = lang === "en";
  if (s.status === "published") {
    return en
      ? `Figures as published in version ${s.version}, evaluated as of ${s.as_of}.`
      : `以下为第 ${s.version} 版发布的数据，评价日 ${s.as_of}。`;
  }
  if (s.reason === "before_publication") {
    return en
      ? `Evaluated before the published evaluation date (${s.publishedAsOf}): provisional figures, not the published ones.`
      : `评价日早于已发布版本的评价日（${s.publishedAsOf}）：以下为暂定数据，不是发布的数据。`;
  }
  return en ? "Not published yet: the figures change as data arrives." : "本期尚未发布：数据随报送更新而变化。";
}
