import type { AuditFilter } from "@/lib/audit/queries";

const DATE = /^\d{4}-\d{2}-\d{2}$/;
// printable text only: a control character names nothing in the log
const printable = (v: string) => v.length >= 1 && v.length <= 100 && ![...v].some((c) => c.charCodeAt(0) < 0x20);

/** The audit filters from a query string; a malformed value is ignored, never passed on. */
export function auditFilter(sp: Record<string, string | undefined>): AuditFilter {
  const text = (v: string | undefined) => (v && printable(v.trim()) ? v.trim() : undefined);
  const date = (v: string | undefined) => (v && DATE.test(v) && !Number.isNaN(Date.parse(v)) ? v : undefined);
  return { user: text(sp.user), unit: text(sp.unit), action: text(sp.action), from: date(sp.from), to: date(sp.to), refusedOnly: sp.refused === "1" };
}
