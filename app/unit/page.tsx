import { notFound, redirect } from "next/navigation";
import { AppShell } from "@/components/AppShell";
import { UnitDetail } from "@/components/UnitDetail";
import { getDb } from "@/lib/db";
import { requireUnitAccess, requireUser } from "@/lib/auth/guards";
import { langOf } from "@/lib/i18n";
import { loadUnitDetail } from "@/lib/unit-page";

export const dynamic = "force-dynamic";

/** A unit head's or clerk's own unit: scores, rank among peers, every late or missing item and what to do. */
export default async function UnitPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const sp = await searchParams;
  const lang = langOf(sp.lang);
  const me = await requireUser("/unit");
  if (me.role === "office") redirect("/office");
  if (!me.unitCode) notFound();
  const user = await requireUnitAccess("view:unit", me.unitCode, "/unit");
  const props = await loadUnitDetail(await getDb(), me.unitCode, sp, lang, { base: "/unit", exportBase: "/unit/export" }, true, user);
  if (!props) notFound();
  return (
    <AppShell lang={lang} user={user} path="/unit">
      <UnitDetail {...props} />
    </AppShell>
  );
}
