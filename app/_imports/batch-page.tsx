import { AppShell } from "@/components/AppShell";
import { BadAddress } from "@/components/BadAddress";
import { BatchDetail } from "@/components/ImportHistory";
import { UndoPanel } from "@/components/UndoConfirm";
import { requireBatchAccess } from "@/lib/auth/batch-access";
import { getDb } from "@/lib/db";
import { langOf, withLang } from "@/lib/i18n";
import { loadBatchView } from "@/lib/ingest/history-page";
import { QueryReader } from "@/lib/web/query";

/**
 * One import batch: provenance, counts, rejected rows, the rows it wrote, and its undo — for the
 * office (/office/imports/<id>) and for a unit (/unit/imports/<id>: its own batches; another unit's
 * is a 404, logged). The side's page passes its own undo action.
 */
export async function BatchPageView({ side, raw, sp, undoImportAction }: { side: "office" | "unit"; raw: string; sp: Record<string, string | undefined>; undoImportAction: (form: FormData) => Promise<never> }) {
  const BASE = `/${side}/imports`;
  const lang = langOf(sp.lang);
  const path = `${BASE}/${encodeURIComponent(raw)}`;
  const { user, batch } = await requireBatchAccess(side, "view:import", raw, path);
  const q = new QueryReader(sp);
  const view = await loadBatchView(await getDb(), user, batch, q, sp.do === "undo");
  if (view === "bad address") {
    return (
      <AppShell lang={lang} user={user}>
        <BadAddress {...q.view(path)} />
      </AppShell>
    );
  }
  const here = withLang(lang, `${BASE}/${batch.id}`);
  return (
    <AppShell lang={lang} user={user}>
      <BatchDetail lang={lang} base={BASE} batch={batch} unitView={side === "unit"} {...view} undoHref={view.undoable ? withLang(lang, `${BASE}/${batch.id}?do=undo`) : undefined} error={sp.error} undoneNow={sp.undone === "1"} />
      {view.plan && <UndoPanel lang={lang} plan={view.plan} reason={sp.reason ?? ""} cancelHref={here} action={undoImportAction} />}
    </AppShell>
  );
}
