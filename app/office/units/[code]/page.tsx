import { notFound } from "next/navigation";
import { AppShell } from "@/components/AppShell";
import { UnitDetail } from "@/components/UnitDetail";
import { getDb } from "@/lib/db";
import { requireOffice } from "@/lib/auth/guards";
import { langOf } from "@/lib/i18n";
import { loadUnitDetail } from "@/lib/unit-page";

export const dynamic = "force-dynamic";

export default async function OfficeUnitPage({ params, searchParams }: { params: Promise<{ code: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const { code: raw } = await params;
  const code = decodeURIComponent(raw);
  const sp = await searchParams;
  const lang = langOf(sp.lang);
  const path = `/office/units/${encodeURIComponent(code)}`;
  const user = await requireOffice("view:unit", path, code);
  const db = await getDb();
  const props = await loadUnitDetail(db, code, sp, lang, { base: path, exportBase: `${path}/export` }, false, user);
  if (!props) notFound();
  return (
    <AppShell lang={lang} user={user} path={path}>
      <UnitDetail {...props} />
    </AppShell>
  );
}
