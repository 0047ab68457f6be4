import { notFound } from "next/navigation";
import { AppShell } from "@/components/AppShell";
import { UnitDetail } from "@/components/UnitDetail";
import { getDb } from "@/lib/db";
import { requireUnitAccess } from "@/lib/auth/guards";
import { langOf } from "@/lib/i18n";
import { loadUnitDetail } from "@/lib/unit-page";

export const dynamic = "force-dynamic";

/** /unit/<code>: the same page addressed by code; another unit's code is refused (404) and logged. */
export default async function UnitByCodePage({ params, searchParams }: { params: Promise<{ code: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const code = decodeURIComponent((await params).code);
  const sp = await searchParams;
  const lang = langOf(sp.lang);
  const path = `/unit/${encodeURIComponent(code)}`;
  const user = await requireUnitAccess("view:unit", code, path);
  const props = await loadUnitDetail(await getDb(), code, sp, lang, { base: path, exportBase: `/unit/export` }, user.role !== "office", user);
  if (!props) notFound();
  return (
    <AppShell lang={lang} user={user} path={path}>
      <UnitDetail {...props} />
    </AppShell>
  );
}
