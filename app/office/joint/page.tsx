import { AppShell } from "@/components/AppShell";
import { BadAddress } from "@/components/BadAddress";
import { JointOffice } from "@/components/JointMonth";
import { requireOffice } from "@/lib/auth/guards";
import { getDb } from "@/lib/db";
import { langOf } from "@/lib/i18n";
import { loadJointOffice } from "@/lib/joint/month";
import { todayInShanghai } from "@/lib/today";
import { QueryReader } from "@/lib/web/query";

export const dynamic = "force-dynamic";

const BASE = "/office/joint";

/** 联合奖惩 for the office, by month (lib/joint/month.ts): the cycle's steps, indicators, violations, warning list and findings per unit. */
export default async function OfficeJointPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const sp = await searchParams;
  const lang = langOf(sp.lang);
  const user = await requireOffice("view:joint", BASE);
  const q = new QueryReader(sp);
  const view = await loadJointOffice(await getDb(), q, todayInShanghai());
  return (
    <AppShell lang={lang} user={user}>
      {view === "bad address" ? (
        <BadAddress {...q.view(BASE)} />
      ) : view === undefined ? (
        <section className="card"><p>{lang === "en" ? "No data yet. Import units and evidence first." : "还没有任何数据。请先导入单位和证据数据。"}</p></section>
      ) : (
        <JointOffice view={view} base={BASE} caseBase="/office/joint/cases" />
      )}
    </AppShell>
  );
}
