import { notFound, redirect } from "next/navigation";
import { AppShell } from "@/components/AppShell";
import { BadAddress } from "@/components/BadAddress";
import { JointUnit } from "@/components/JointMonth";
import { requireUnitAccess, requireUser } from "@/lib/auth/guards";
import { getDb } from "@/lib/db";
import { langOf } from "@/lib/i18n";
import { loadJointUnit } from "@/lib/joint/month";
import { todayInShanghai } from "@/lib/today";
import { QueryReader } from "@/lib/web/query";

export const dynamic = "force-dynamic";

const BASE = "/unit/joint";

/** A unit's 联合奖惩 by month (lib/joint/month.ts): its joint indicators with the items behind each, and the findings against it. */
export default async function UnitJointPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const sp = await searchParams;
  const lang = langOf(sp.lang);
  const me = await requireUser(BASE);
  if (me.role === "office") redirect("/office/joint");
  if (!me.unitCode) notFound();
  const user = await requireUnitAccess("view:joint", me.unitCode, BASE);
  const q = new QueryReader(sp);
  const view = await loadJointUnit(await getDb(), me.unitCode, q, todayInShanghai());
  return (
    <AppShell lang={lang} user={user}>
      {view === "bad address" ? (
        <BadAddress {...q.view(BASE)} />
      ) : view === undefined ? (
        <section className="card"><p>{lang === "en" ? "No data yet." : "还没有任何数据。"}</p></section>
      ) : (
        <JointUnit view={view} base={BASE} caseBase="/unit/joint/cases" />
      )}
    </AppShell>
  );
}
