/** Today's date where the office works (Asia/Shanghai), as YYYY-MM-DD. */
export function todayInShanghai(now = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}
