import { AppShell } from "@/components/AppShell";
import { SummaryDocument } from "@/components/SummaryDocument";
import { getDb } from "@/lib/db";
import { dataMonths } from "@/lib/scoring/provisional";
import { requireOffice } from "@/lib/auth/guards";
import { isoOrToday, langOf, periodLabel } from "@/lib/i18n";
import { monthlySummary } from "@/lib/notices/summary";

export const dynamic = "force-dynamic";


/** The monthly summary notice of all units (the Qinghai style), ready to print. */
export default async function SummaryPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const sp = await searchParams;
  const lang = langOf(sp.lang);
  const user = await requireOffice("view:summary", "/office/notices/summary");
  const db = await getDb();
  const months = [...(await dataMonths(db))].reverse();
  const period = sp.period && months.includes(sp.period) ? sp.period : (months[1] ?? months[0]);
  if (!period) return <AppShell lang={lang} user={user} path="/office/notices/summary"><section className="card"><p>—</p></section></AppShell>;
  const asOf = isoOrToday(sp.asOf);
  const s = await monthlySummary(db, period, asOf);
  return (
    <AppShell lang={lang} user={user} path="/office/notices/summary">
      <section className="card">
        <form className="filters" method="get">
          <label>期间 / Period<select name="period" defaultValue={period}>{months.map((m) => <option key={m} value={m}>{periodLabel(lang, m)}</option>)}</select></label>
          <label>评价日 / As of<input type="date" name="asOf" defaultValue={asOf} /></label>
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
