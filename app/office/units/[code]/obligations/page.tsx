import { notFound } from "next/navigation";
import { AppShell } from "@/components/AppShell";
import { BadAddress } from "@/components/BadAddress";
import { Obligations } from "@/components/Obligations";
import { requireOffice } from "@/lib/auth/guards";
import { getDb } from "@/lib/db";
import { langOf } from "@/lib/i18n";
import { loadObligations } from "@/lib/joint/obligations";
import { todayInShanghai } from "@/lib/today";
import { nameOf, unitNames } from "@/lib/unit-names";
import { QueryReader } from "@/lib/web/query";

export const dynamic = "force-dynamic";

/** A unit's open joint measures as the office sees them (the same list as /unit/obligations); a code that names no unit is a 404. */
export default async function OfficeUnitObligationsPage({ params, searchParams }: { params: Promise<{ code: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const code = decodeURIComponent((await params).code);
  const sp = await searchParams;
  const lang = langOf(sp.lang);
  const path = `/office/units/${encodeURIComponent(code)}/obligations`;
  const user = await requireOffice("view:obligations", path, code);
  const db = await getDb();
  const names = await unitNames(db);
  if (!names.has(code)) notFound();
  const q = new QueryReader(sp);
  const view = await loadObligations(db, code, q, todayInShanghai());
  const name = nameOf(names, lang);
  return (
    <AppShell lang={lang} user={user}>
      {view === "bad address" ? (
        <BadAddress {...q.view(path)} />
      ) : (
        <Obligations lang={lang} base={path} caseBase="/office/joint/cases" uploadHref="/office/upload" view={view} unitName={Object.fromEntries(view.rows.map((r) => [r.implementing_unit, name(r.implementing_unit)]))} />
      )}
    </AppShell>
  );
}
