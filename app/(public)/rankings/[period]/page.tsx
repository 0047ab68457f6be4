import { notFound } from "next/navigation";
import { PublicShell } from "@/components/PublicShell";
import { RankingView } from "@/components/RankingView";
import { getDb } from "@/lib/db";
import { publicRanking, publishedTrend } from "@/lib/publication/public-read";
import { langOf } from "@/lib/i18n";

export const dynamic = "force-dynamic";

export default async function RankingPage({ params, searchParams }: { params: Promise<{ period: string }>; searchParams: Promise<{ lang?: string; version?: string }> }) {
  const { period } = await params;
  const sp = await searchParams;
  const lang = langOf(sp.lang);
  // a version is a small whole number; anything else (20 digits, letters) names no version
  if (sp.version !== undefined && !/^[1-9]\d{0,5}$/.test(sp.version)) notFound();
  const version = sp.version === undefined ? undefined : Number(sp.version);
  if (!/^\d{4}(-\d{2}|-Q[1-4])?$/.test(period)) notFound();
  const db = await getDb();
  const data = await publicRanking(db, period, version);
  if (!data) notFound();
  const [regions, departments] = await Promise.all([publishedTrend(db, "region"), publishedTrend(db, "department")]);
  return (
    <PublicShell lang={lang} path={`/rankings/${period}${version ? `?version=${version}` : ""}`}>
      <RankingView lang={lang} data={data} trend={{ periods: regions.periods, regions: regions.average, departments: departments.average }} />
    </PublicShell>
  );
}
