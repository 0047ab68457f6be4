import { notFound, redirect } from "next/navigation";
import { AppShell } from "@/components/AppShell";
import { BadAddress } from "@/components/BadAddress";
import { Obligations } from "@/components/Obligations";
import { requireUnitAccess, requireUser } from "@/lib/auth/guards";
import { getDb } from "@/lib/db";
import { langOf } from "@/lib/i18n";
import { loadObligations } from "@/lib/joint/obligations";
import { todayInShanghai } from "@/lib/today";
import { unitNamer } from "@/lib/unit-names";
import { QueryReader } from "@/lib/web/query";

export const dynamic = "force-dynamic";

const BASE = "/unit/obligations";

/** A unit's open joint measures (lib/joint/obligations.ts); the office sees a unit's at /office/units/<code>/obligations. */
export default async function UnitObligationsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const sp = await searchParams;
  const lang = langOf(sp.lang);
  const me = await requireUser(BASE);
  if (me.role === "office") redirect("/office");
  if (!me.unitCode) notFound();
  const user = await requireUnitAccess("view:obligations", me.unitCode, BASE);
  const db = await getDb();
  const q = new QueryReader(sp);
  const view = await loadObligations(db, me.unitCode, q, todayInShanghai());
  const name = await unitNamer(db, lang);
  return (
    <AppShell lang={lang} user={user}>
      {view === "bad address" ? (
        <BadAddress {...q.view(BASE)} />
      ) : (
        <Obligations lang={lang} base={BASE} caseBase="/unit/joint/cases" uploadHref="/unit/upload" view={view} unitName={Object.fromEntries(view.rows.map((r) => [r.implementing_unit, name(r.implementing_unit)]))} />
      )}
    </AppShell>
  );
}
