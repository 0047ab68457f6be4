import { AppShell } from "@/components/AppShell";
import { BadAddress } from "@/components/BadAddress";
import { BatchDetail } from "@/components/ImportHistory";
import { UndoPanel } from "@/components/UndoConfirm";
import { requireBatchAccess } from "@/lib/auth/batch-access";
import { getDb } from "@/lib/db";
import { langOf, withLang } from "@/lib/i18n";
import { loadBatchView } from "@/lib/ingest/history-page";
import { QueryReader } from "@/lib/web/query";
import { undoImportAction } from "../actions";

export const dynamic = "force-dynamic";

const BASE = "/unit/imports";

/** One import batch of the unit (another unit's is a 404, logged): provenance, counts, rejected rows, its rows of the unit, and its undo. */
export default async function UnitImportPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const { id: raw } = await params;
  const sp = await searchParams;
  const lang = langOf(sp.lang);
  const path = `${BASE}/${encodeURIComponent(raw)}`;
  const { user, batch } = await requireBatchAccess("unit", "view:import", raw, path);
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
      <BatchDetail lang={lang} base={BASE} batch={batch} unitView {...view} undoHref={view.undoable ? withLang(lang, `${BASE}/${batch.id}?do=undo`) : undefined} error={sp.error} undoneNow={sp.undone === "1"} />
      {view.plan && <UndoPanel lang={lang} plan={view.plan} reason={sp.reason ?? ""} cancelHref={here} action={undoImportAction} />}
    </AppShell>
  );
}
