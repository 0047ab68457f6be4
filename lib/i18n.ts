/** zh-CN is the primary language of every page; English is complete. `?lang=en` switches. */
export type Lang = "zh" | "en";

export function langOf(value: string | string[] | undefined): Lang {
  return value === "en" ? "en" : "zh";
}

export const htmlLang = (lang: Lang) => (lang === "en" ? "en" : "zh-CN");

export function numberFormat(lang: Lang, digits = 2) {
  return new Intl.NumberFormat(lang === "en" ? "en-US" : "zh-CN", { minimumFractionDigits: 0, maximumFractionDigits: digits });
}

export function percent(lang: Lang, rate: number | null): string {
  if (rate === null) return "—";
  return new Intl.NumberFormat(lang === "en" ? "en-US" : "zh-CN", { style: "percent", maximumFractionDigits: 1 }).format(rate);
}

export function formatDate(lang: Lang, iso: string): string {
  const d = new Date(iso.length === 10 ? `${iso}T00:00:00+08:00` : iso);
  return new Intl.DateTimeFormat(lang === "en" ? "en-GB" : "zh-CN", { year: "numeric", month: "long", day: "numeric", timeZone: "Asia/Shanghai" }).format(d);
}

/**
 * A moment as the office reads it: Beijing time, to the minute ("2026-12-07 05:30"), whatever the
 * database session's time zone (timestamptz::text is written in it; PostgreSQL and PGlite default to UTC).
 */
export function beijingTime(at: string): string {
  const d = new Date(/^\d{4}-\d{2}-\d{2} /.test(at) ? at.replace(" ", "T").replace(/([+-]\d{2})$/, "$1:00") : at);
  if (Number.isNaN(d.getTime())) return at.slice(0, 16);
  const p = Object.fromEntries(
    new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
      .formatToParts(d)
      .map((x) => [x.type, x.value]),
  );
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** 2026-03 → 2026年3月 / March 2026; 2026-Q1 → 2026年第一季度 / Q1 2026; 2026 → 2026年度 / 2026. */
export function periodLabel(lang: Lang, period: string): string {
  const month = /^(\d{4})-(\d{2})$/.exec(period);
  if (month) {
    return lang === "en"
      ? new Intl.DateTimeFormat("en-GB", { month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(`${period}-01T00:00:00Z`))
      : `${month[1]}年${Number(month[2])}月`;
  }
  const q = /^(\d{4})-Q([1-4])$/.exec(period);
  if (q) return lang === "en" ? `Q${q[2]} ${q[1]}` : `${q[1]}年第${"一二三四"[Number(q[2]) - 1]}季度`;
  return lang === "en" ? period : `${period}年度`;
}

/** A text kept in each language separately (a note, a message): English pages show the English one when there is one. */
export function textIn(lang: Lang, zh: string, en: string | null | undefined): string {
  return lang === "en" && en ? en : zh;
}

/** Adds ?lang=en to a path when the page is in English. */
export function withLang(lang: Lang, href: string): string {
  if (lang === "zh") return href;
  return href + (href.includes("?") ? "&" : "?") + "lang=en";
}

/**
 * The same address in another language: path and query kept as they are (filters, page, period),
 * only `lang` replaced — zh-CN is the default, so it is dropped rather than written as lang=zh.
 */
export function switchLangHref(pathname: string, search: string, to: Lang): string {
  const params = new URLSearchParams(search);
  params.delete("lang");
  if (to === "en") params.set("lang", "en");
  const query = params.toString();
  return query ? `${pathname}?${query}` : pathname;
}

/** A YYYY-MM-DD from a query string, or today in Asia/Shanghai. */
export function isoOrToday(value: string | undefined): string {
  if (value && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value))) return value;
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
}
