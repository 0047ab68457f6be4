import { notFound } from "next/navigation";
import { AppShell } from "@/components/AppShell";
import { BadAddress } from "@/components/BadAddress";
import { UnitDetail } from "@/components/UnitDetail";
import { getDb } from "@/lib/db";
import { requireOffice } from "@/lib/auth/guards";
import { langOf } from "@/lib/i18n";
import { loadUnitDetail } from "@/lib/unit-page";
import { QueryReader } from "@/lib/web/query";

export const dynamic = "force-dynamic";

export default async function OfficeUnitPage({ params, searchParams }: { params: Promise<{ code: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const { code: raw } = await params;
  const code = decodeURIComponent(raw);
  const sp = await searchParams;
  const lang = langOf(sp.lang);
  const path = `/office/units/${encodeURIComponent(code)}`;
  const user = await requireOffice("view:unit", path, code);
  const db = await getDb();
  const q = new QueryReader(sp);
  const props = await loadUnitDetail(db, code, q, { base: path, exportBase: `${path}/export` }, false, user);
  if (!props) notFound();
  if (props === "bad address") {
    return (
      <AppShell lang={lang} user={user}>
        <BadAddress {...q.view(path)} />
      </AppShell>
    );
  }
  return (
    <AppShell lang={lang} user={user}>
      <UnitDetail {...props} />
    </AppShell>
  );
}
