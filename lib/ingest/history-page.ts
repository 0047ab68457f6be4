import "server-only";
import type { Sql } from "@/db/client";
import type { QueryReader } from "@/lib/web/query";
import { BATCH_ROWS_PAGE_SIZE, HISTORY_PAGE_SIZE, batchRejections, batchRows, listBatches, type BatchFilter, type BatchRow, type Rejection, type StoredRows, type Viewer } from "./history";
import { historyQuery } from "./history-query";
import { undoPlan, type UndoPlan } from "./undo";

/**
 * What the import history's pages show (app/office/imports, app/unit/imports), read from the address
 * and the database here so the pages stay a guard and a render. "bad address": the page says what is
 * wrong with the address (components/BadAddress.tsx) instead of showing something else.
 */
export interface HistoryListView {
  filter: BatchFilter;
  rows: BatchRow[];
  total: number;
  page: number;
  pageSize: number;
}

export async function loadHistoryList(db: Sql, viewer: Viewer, q: QueryReader, office: boolean): Promise<HistoryListView | "bad address"> {
  const filter = historyQuery(q, office);
  const page = q.page();
  if (!q.ok) return "bad address";
  const { rows, total } = await listBatches(db, viewer, filter, page);
  q.pageWithin("page", page, Math.max(1, Math.ceil(total / HISTORY_PAGE_SIZE)));
  if (!q.ok) return "bad address";
  return { filter, rows, total, page, pageSize: HISTORY_PAGE_SIZE };
}

export interface BatchView {
  stored: StoredRows;
  page: number;
  rejections: { rows: Rejection[]; kept: number };
  rpage: number;
  pageSize: number;
  /** whether the page offers the undo (a batch that is done and not the calendar's) */
  undoable: boolean;
  /** the confirmation panel's plan, when the address asks for it (`do=undo`) */
  plan?: UndoPlan;
}

export async function loadBatchView(db: Sql, viewer: Viewer, batch: BatchRow, q: QueryReader, wantUndo: boolean): Promise<BatchView | "bad address"> {
  const page = q.page("page");
  const rpage = q.page("rpage");
  if (!q.ok) return "bad address";
  const stored = await batchRows(db, viewer, batch, page);
  const rejections = await batchRejections(db, batch.id, rpage);
  q.pageWithin("page", page, Math.max(1, Math.ceil(stored.total / BATCH_ROWS_PAGE_SIZE)));
  q.pageWithin("rpage", rpage, Math.max(1, Math.ceil(rejections.kept / BATCH_ROWS_PAGE_SIZE)));
  if (!q.ok) return "bad address";
  const undoable = batch.status === "done" && batch.kind !== "calendar";
  const plan = wantUndo && undoable ? await undoPlan(db, viewer, batch.id) : undefined;
  return { stored, page, rejections, rpage, pageSize: BATCH_ROWS_PAGE_SIZE, undoable, plan };
}
