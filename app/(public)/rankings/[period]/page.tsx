import { notFound } from "next/navigation";
import { PublicShell } from "@/components/PublicShell";
import { RankingView } from "@/components/RankingView";
import { getDb } from "@/lib/db";
import { publicRanking, publishedTrend } from "@/lib/publication/public-read";
import { langOf, periodLabel } from "@/lib/i18n";
import { unitNamer } from "@/lib/unit-names";
import { BadAddress } from "@/components/BadAddress";
import { isPeriodKey, QueryReader } from "@/lib/web/query";

export const dynamic = "force-dynamic";

export default async function RankingPage({ params, searchParams }: { params: Promise<{ period: string }>; searchParams: Promise<{ lang?: string; version?: string }> }) {
  const { period } = await params;
  const sp = await searchParams;
  const lang = langOf(sp.lang);
  // the period is the path: a wrong one is a 404 that names it (app/not-found.tsx); the version is a query
  if (!isPeriodKey(period)) notFound();
  const q = new QueryReader(sp);
  const version = q.version("version");
  const db = await getDb();
  const data = q.ok ? await publicRanking(db, period, version) : undefined;
  if (q.ok && !data && version !== undefined && (await publicRanking(db, period))) {
    q.problem("version", String(version), `${periodLabel("zh", period)}没有第 ${version} 版`, `${periodLabel("en", period)} has no version ${version}`);
  }
  if (!q.ok) {
    return (
      <PublicShell lang={lang}>
        <BadAddress {...q.view(`/rankings/${period}`)} />
      </PublicShell>
    );
  }
  if (!data) notFound();
  const [regions, departments] = await Promise.all([publishedTrend(db, "region"), publishedTrend(db, "department")]);
  return (
    <PublicShell lang={lang}>
      <RankingView lang={lang} data={data} trend={{ periods: regions.periods, regions: regions.average, departments: departments.average }} name={await unitNamer(db, lang)} />
    </PublicShell>
  );
}
