import type { AuditFilter } from "@/lib/audit/queries";

const DATE = /^\d{4}-\d{2}-\d{2}$/;
// printable text only: a control character names nothing in the log
const printable = (v: string) => v.length >= 1 && v.length <= 100 && ![...v].some((c) => c.charCodeAt(0) < 0x20);

/** The audit filters from a query string; a malformed value is ignored, never passed on. */
export function auditFilter(sp: Record<string, string | undefined>): AuditFilter {
  const text = (v: string | undefined) => (v && printable(v.trim()) ? v.trim() : undefined);
  // a real day of credit work (year 0 and the like are no day PostgreSQL knows)
  const date = (v: string | undefined) => (v && DATE.test(v) && !Number.isNaN(Date.parse(v)) && v >= "1900-01-01" && v <= "2100-12-31" ? v : undefined);
  return { user: text(sp.user), unit: text(sp.unit), action: text(sp.action), from: date(sp.from), to: date(sp.to), refusedOnly: sp.refused === "1" };
}
