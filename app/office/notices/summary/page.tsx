import { AppShell } from "@/components/AppShell";
import { SummaryDocument } from "@/components/SummaryDocument";
import { getDb } from "@/lib/db";
import { dataMonths } from "@/lib/scoring/provisional";
import { requireOffice } from "@/lib/auth/guards";
import { langOf, periodLabel } from "@/lib/i18n";
import { todayInShanghai } from "@/lib/today";
import { QueryReader } from "@/lib/web/query";
import { BadAddress } from "@/components/BadAddress";
import { monthlySummary } from "@/lib/notices/summary";

export const dynamic = "force-dynamic";


/** The monthly summary notice of all units (the Qinghai style), ready to print. */
export default async function SummaryPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const sp = await searchParams;
  const lang = langOf(sp.lang);
  const user = await requireOffice("view:summary", "/office/notices/summary");
  const db = await getDb();
  const months = [...(await dataMonths(db))].reverse();
  const q = new QueryReader(sp);
  // the summary is a month's: the months with data are its choices, the last complete one by default
  const period = q.period("period", months, months[1] ?? months[0]);
  const asOf = q.asOf("asOf", period, todayInShanghai());
  if (!q.ok) return <AppShell lang={lang} user={user}><BadAddress {...q.view("/office/notices/summary")} /></AppShell>;
  if (!period) return <AppShell lang={lang} user={user}><section className="card"><p>—</p></section></AppShell>;
  const s = await monthlySummary(db, period, asOf);
  return (
    <AppShell lang={lang} user={user}>
      <section className="card">
        <form className="filters" method="get">
          {lang === "en" && <input type="hidden" name="lang" value="en" />}
          <label>{lang === "en" ? "Period" : "期间"}<select name="period" defaultValue={period}>{months.map((m) => <option key={m} value={m}>{periodLabel(lang, m)}</option>)}</select></label>
          <label>{lang === "en" ? "As of" : "评价日"}<input type="date" name="asOf" defaultValue={asOf} /></label>
          <button type="submit">{lang === "en" ? "Show" : "查看"}</button>
        </form>
      </section>
      <section className="card">
        <p>
          <a href={`/office/notices/summary/pdf?period=${period}&asOf=${asOf}`}>PDF</a>
        </p>
        <SummaryDocument s={s} />
      </section>
    </AppShell>
  );
}
