import { notFound, redirect } from "next/navigation";
import { AppShell } from "@/components/AppShell";
import { BadAddress } from "@/components/BadAddress";
import { BatchList } from "@/components/ImportHistory";
import { requireUnitAccess, requireUser } from "@/lib/auth/guards";
import { getDb } from "@/lib/db";
import { langOf } from "@/lib/i18n";
import { loadHistoryList } from "@/lib/ingest/history-page";
import { QueryReader } from "@/lib/web/query";

export const dynamic = "force-dynamic";

const BASE = "/unit/imports";

/** A unit's import history: the batches holding its units' rows and those its people made (lib/ingest/history.ts). */
export default async function UnitImportsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const sp = await searchParams;
  const lang = langOf(sp.lang);
  const me = await requireUser(BASE);
  if (me.role === "office") redirect("/office/imports");
  if (!me.unitCode) notFound();
  const user = await requireUnitAccess("view:imports", me.unitCode, BASE);
  const q = new QueryReader(sp);
  const view = await loadHistoryList(await getDb(), user, q, false);
  return (
    <AppShell lang={lang} user={user}>
      {view === "bad address" ? <BadAddress {...q.view(BASE)} /> : <BatchList lang={lang} base={BASE} office={false} {...view} />}
    </AppShell>
  );
}
