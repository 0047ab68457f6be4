import type { Lang } from "@/lib/i18n";

/**
 * Dates and numbers as an official document writes them (GB/T 9704-2012 7.3.5.3: the date in
 * Arabic numerals, year, month and day complete, no leading zeros): 2026年10月20日; English pages
 * write 20 October 2026. Pure string work on YYYY-MM-DD, so no time zone or ICU data can shift it.
 */
const MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

export function documentDate(lang: Lang, iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) throw new Error(`not a date: ${iso}`);
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1 || day > 31) throw new Error(`not a date: ${iso}`);
  return lang === "en" ? `${day} ${MONTHS_EN[month - 1]} ${year}` : `${year}年${month}月${day}日`;
}

/**
 * A count with its digits in groups of three separated by a space (GB/T 15835-2011 5.1.3: 1 090,
 * 12 345), as the notices write figures; numbers below 1 000 stay as they are.
 */
export function groupDigits(n: number): string {
  const [int, frac] = String(Math.abs(n)).split(".");
  const grouped = int!.replace(/\B(?=(\d{3})+(?!\d))/g, " ");
  return `${n < 0 ? "-" : ""}${grouped}${frac ? `.${frac}` : ""}`;
}
