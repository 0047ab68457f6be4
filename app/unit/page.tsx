import { notFound, redirect } from "next/navigation";
import { AppShell } from "@/components/AppShell";
import { BadAddress } from "@/components/BadAddress";
import { UnitDetail } from "@/components/UnitDetail";
import { getDb } from "@/lib/db";
import { requireUnitAccess, requireUser } from "@/lib/auth/guards";
import { langOf } from "@/lib/i18n";
import { loadUnitDetail } from "@/lib/unit-page";
import { QueryReader } from "@/lib/web/query";

export const dynamic = "force-dynamic";

/** A unit head's or clerk's own unit: scores, rank among peers, every late or missing item and what to do. */
export default async function UnitPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const sp = await searchParams;
  const lang = langOf(sp.lang);
  const me = await requireUser("/unit");
  if (me.role === "office") redirect("/office");
  if (!me.unitCode) notFound();
  const user = await requireUnitAccess("view:unit", me.unitCode, "/unit");
  const q = new QueryReader(sp);
  const props = await loadUnitDetail(await getDb(), me.unitCode, q, { base: "/unit", exportBase: "/unit/export" }, true, user);
  if (!props) notFound();
  if (props === "bad address") {
    return (
      <AppShell lang={lang} user={user}>
        <BadAddress {...q.view("/unit")} />
      </AppShell>
    );
  }
  return (
    <AppShell lang={lang} user={user}>
      <UnitDetail {...props} />
    </AppShell>
  );
}
