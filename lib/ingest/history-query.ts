import type { QueryReader } from "@/lib/web/query";
import { BATCH_SORTABLE, type BatchFilter } from "./history";
import { CHANNEL_NAMES, KIND_NAMES, STATUS_NAMES } from "./history-text";

/**
 * The import history's filters from a query string (kind, channel, status, date range, unit for the
 * office; sort and direction), read by `q`: a value that is not one of the choices is a problem the
 * page says, never passed on to SQL.
 */
export function historyQuery(q: QueryReader, office: boolean): BatchFilter {
  const kind = q.oneOf("kind", KIND_NAMES);
  const channel = q.oneOf("channel", CHANNEL_NAMES);
  const status = q.oneOf("status", STATUS_NAMES);
  const from = q.date("from");
  const to = q.date("to");
  if (from && to && from > to) q.problem("to", to, `截止日期 ${to} 早于起始日期 ${from}`, `the to date ${to} is before the from date ${from}`);
  const unit = office ? q.text("unit", 50) : undefined;
  const column = q.oneOf("sort", BATCH_SORTABLE);
  const dir = q.oneOf("dir", ["asc", "desc"] as const, "desc")!;
  return { kind, channel, status, from, to, unit, sort: column ? { column, dir } : undefined };
}
