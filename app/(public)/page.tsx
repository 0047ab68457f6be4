import { PublicShell } from "@/components/PublicShell";
import { RankingView } from "@/components/RankingView";
import { getDb } from "@/lib/db";
import { JointPublicSummary } from "@/components/JointPublicSummary";
import { publicRanking, publishedJointMonths, publishedTrend } from "@/lib/publication/public-read";
import { langOf } from "@/lib/i18n";
import { unitNamer } from "@/lib/unit-names";

export const dynamic = "force-dynamic";

export default async function HomePage({ searchParams }: { searchParams: Promise<{ lang?: string }> }) {
  const lang = langOf((await searchParams).lang);
  const db = await getDb();
  const data = await publicRanking(db);
  const [regions, departments] = await Promise.all([publishedTrend(db, "region"), publishedTrend(db, "department")]);
  const joint = await publishedJointMonths(db);
  return (
    <PublicShell lang={lang}>
      {data ? (
        <>
          <RankingView lang={lang} data={data} trend={{ periods: regions.periods, regions: regions.average, departments: departments.average }} name={await unitNamer(db, lang)} />
          {joint.length > 0 && <JointPublicSummary lang={lang} months={joint} />}
        </>
      ) : (
        <section className="card">
          <h1>{lang === "en" ? "No rankings published yet" : "尚未发布排名"}</h1>
          <p className="muted">
            {lang === "en"
              ? "Rankings appear here once the leading-group office has reviewed and published them."
              : "排名经领导小组办公室审核发布后在此公示。"}
          </p>
        </section>
      )}
    </PublicShell>
  );
}
