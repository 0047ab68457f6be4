import type { AuditFilter } from "@/lib/audit/queries";
import type { QueryReader } from "@/lib/web/query";

export const AUDIT_KINDS = { access: { zh: "访问记录", en: "views and exports" }, changes: { zh: "变更与登录记录", en: "changes and sign-ins" } } as const;

/**
 * The audit filters from a query string, read by `q`: a malformed value (year 0, a control
 * character, an unknown kind) is a problem the page or the export says, never passed on to SQL.
 */
export function auditQuery(q: QueryReader): { kind: keyof typeof AUDIT_KINDS; filter: AuditFilter } {
  const kind = q.oneOf("kind", AUDIT_KINDS, "access")!;
  const filter: AuditFilter = { user: q.text("user"), unit: q.text("unit"), action: q.text("action"), from: q.date("from"), to: q.date("to"), refusedOnly: q.flag("refused") };
  if (filter.from && filter.to && filter.from > filter.to) {
    q.problem("to", filter.to, `截止日期 ${filter.to} 早于起始日期 ${filter.from}`, `the to date ${filter.to} is before the from date ${filter.from}`);
  }
  return { kind, filter };
}
