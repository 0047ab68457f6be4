import "server-only";
import type { Sql } from "@/db/client";
import { deadline } from "@/lib/calendar";
import { ANNEX_PRINT_MAX, annexForPrint, type PrintedAnnex } from "./annex";
import { documentForm } from "./form";
import type { NoticeRow } from "./lifecycle";

/**
 * What the document of a notice prints besides the notice's own row: the rectification deadline as
 * a date (issued: the stored one; a draft: what issuing today would give, as the issue panel says)
 * and the annex, bounded for print (`annexItems`: 0 on pages that show the document without its annex's items). Form 1 notices print neither (they are frozen as issued).
 */
export async function documentParts(db: Sql, n: NoticeRow, today: string, annexItems = ANNEX_PRINT_MAX): Promise<{ deadline: string | null; annex: PrintedAnnex | null }> {
  if (documentForm(n) < 2) return { deadline: null, annex: null };
  return {
    deadline: n.rectification_due ?? (await deadline(db, today, n.deadline_workdays)),
    annex: await annexForPrint(db, n, annexItems),
  };
}
