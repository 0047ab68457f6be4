import { notFound } from "next/navigation";
import { AppShell } from "@/components/AppShell";
import { BadAddress } from "@/components/BadAddress";
import { UnitDetail } from "@/components/UnitDetail";
import { getDb } from "@/lib/db";
import { requireUnitAccess } from "@/lib/auth/guards";
import { langOf } from "@/lib/i18n";
import { loadUnitDetail } from "@/lib/unit-page";
import { QueryReader } from "@/lib/web/query";

export const dynamic = "force-dynamic";

/** /unit/<code>: the same page addressed by code; another unit's code is refused (404) and logged. */
export default async function UnitByCodePage({ params, searchParams }: { params: Promise<{ code: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const code = decodeURIComponent((await params).code);
  const sp = await searchParams;
  const lang = langOf(sp.lang);
  const path = `/unit/${encodeURIComponent(code)}`;
  const user = await requireUnitAccess("view:unit", code, path);
  const q = new QueryReader(sp);
  const props = await loadUnitDetail(await getDb(), code, q, { base: path, exportBase: `/unit/export` }, user.role !== "office", user);
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
