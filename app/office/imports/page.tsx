import { AppShell } from "@/components/AppShell";
import { BadAddress } from "@/components/BadAddress";
import { BatchList } from "@/components/ImportHistory";
import { requireOffice } from "@/lib/auth/guards";
import { getDb } from "@/lib/db";
import { langOf } from "@/lib/i18n";
import { loadHistoryList } from "@/lib/ingest/history-page";
import { QueryReader } from "@/lib/web/query";

export const dynamic = "force-dynamic";

const BASE = "/office/imports";

/** The office's import history (导入记录): every batch, filtered, sorted and paged. */
export default async function OfficeImportsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const sp = await searchParams;
  const lang = langOf(sp.lang);
  const user = await requireOffice("view:imports", BASE);
  const q = new QueryReader(sp);
  const view = await loadHistoryList(await getDb(), user, q, true);
  return (
    <AppShell lang={lang} user={user}>
      {view === "bad address" ? <BadAddress {...q.view(BASE)} /> : <BatchList lang={lang} base={BASE} office {...view} />}
    </AppShell>
  );
}
