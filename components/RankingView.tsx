import Link from "next/link";
import { Chart } from "@/components/charts/Chart";
import { scoreBarOption, trendOption } from "@/components/charts/options";
import { RankingTable } from "@/components/RankingTable";
import type { PublicRanking } from "@/lib/publication/public-read";
import { formatDate, numberFormat, periodLabel, withLang, type Lang } from "@/lib/i18n";

const T = {
  zh: {
    heading: (p: string) => `${p}社会信用工作绩效排名`,
    meta: (asOf: string, at: string, v: number) => `评价日 ${asOf}；${at}发布；第 ${v} 版`,
    regions: "市州（含兰州新区）",
    departments: "省直部门",
    barRegions: "市州得分",
    barDepartments: "省直部门得分",
    trend: "各月平均得分",
    avgRegions: "市州平均",
    avgDepartments: "部门平均",
    periods: "已发布的期间",
    versions: "版本",
    correction: (v: number) => `本期为更正后的第 ${v} 版。与上一版相比，以下单位的得分或排名有变化：`,
    olderVersion: "这是该期间的旧版本。",
    latest: "查看最新版本",
    changeCols: ["单位", "原得分", "新得分", "原排名", "新排名"],
    download: "下载本期数据",
  },
  en: {
    heading: (p: string) => `Credit work performance rankings, ${p}`,
    meta: (asOf: string, at: string, v: number) => `Evaluated as of ${asOf}; published ${at}; version ${v}`,
    regions: "Cities and prefectures (with Lanzhou New Area)",
    departments: "Provincial departments",
    barRegions: "Scores of cities and prefectures",
    barDepartments: "Scores of provincial departments",
    trend: "Average score by month",
    avgRegions: "Cities (average)",
    avgDepartments: "Departments (average)",
    periods: "Published periods",
    versions: "Versions",
    correction: (v: number) => `This is corrected version ${v}. Compared with the version before, these units' scores or ranks changed:`,
    olderVersion: "This is an earlier version of this period.",
    latest: "See the latest version",
    changeCols: ["Unit", "Score before", "Score after", "Rank before", "Rank after"],
    download: "Download this period's data",
  },
};

/** A published period as the public sees it: charts, both rankings, versions and corrections. */
export function RankingView({ lang, data, trend }: { lang: Lang; data: PublicRanking; trend: { periods: string[]; regions: (number | null)[]; departments: (number | null)[] } }) {
  const t = T[lang];
  const { publication: pub, periods, versions } = data;
  const doc = pub.document;
  const label = periodLabel(lang, doc.period);
  const latestVersion = versions[versions.length - 1]?.version ?? doc.version;
  const names = new Map([...doc.groups.region, ...doc.groups.department].map((e) => [e.code, e.name]));
  const nf = numberFormat(lang);
  return (
    <>
      <section className="card">
        <h1>{t.heading(label)}</h1>
        <p className="muted">{t.meta(formatDate(lang, doc.as_of), formatDate(lang, pub.published_at), doc.version)}</p>
        {doc.version < latestVersion && (
          <p className="notice" role="note">
            {t.olderVersion} <Link href={withLang(lang, `/rankings/${doc.period}`)}>{t.latest}</Link>
          </p>
        )}
        {doc.version > 1 && doc.changed_from_previous_version.length > 0 && (
          <div className="notice" role="note">
            <p>{t.correction(doc.version)}{pub.note && <> （{pub.note}）</>}</p>
            <table className="compact">
              <thead>
                <tr>{t.changeCols.map((c) => <th key={c} scope="col">{c}</th>)}</tr>
              </thead>
              <tbody>
                {doc.changed_from_previous_version.map((c) => (
                  <tr key={`${c.group}-${c.code}`}>
                    <th scope="row">{names.get(c.code) ?? c.code}</th>
                    <td className="num">{c.score_before === null ? "—" : nf.format(c.score_before)}</td>
                    <td className="num">{c.score_after === null ? "—" : nf.format(c.score_after)}</td>
                    <td className="num">{c.rank_before ?? "—"}</td>
                    <td className="num">{c.rank_after ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <p>
          {t.download}: <a href={`/open-data/rankings.csv?period=${doc.period}`}>CSV</a> · <a href={`/open-data/rankings.json?period=${doc.period}`}>JSON</a>
        </p>
      </section>

      <section className="card">
        <Chart title={t.barRegions} option={scoreBarOption(lang, `${t.barRegions}（${label}）`, doc.groups.region)} height={440} cacheKey={`bar-r-${pub.id}-${lang}`} />
      </section>
      <section className="card">
        <RankingTable lang={lang} entities={doc.groups.region} caption={`${t.regions} · ${label}`} />
      </section>
      <section className="card">
        <Chart title={t.barDepartments} option={scoreBarOption(lang, `${t.barDepartments}（${label}）`, doc.groups.department)} height={900} cacheKey={`bar-d-${pub.id}-${lang}`} />
      </section>
      <section className="card">
        <RankingTable lang={lang} entities={doc.groups.department} caption={`${t.departments} · ${label}`} />
      </section>
      {trend.periods.length > 1 && (
        <section className="card">
          <Chart
            title={t.trend}
            option={trendOption(lang, t.trend, trend.periods.map((p) => periodLabel(lang, p)), [
              { name: t.avgRegions, values: trend.regions },
              { name: t.avgDepartments, values: trend.departments },
            ])}
            height={320}
            cacheKey={`trend-${trend.periods.join(",")}-${lang}-${trend.regions.join(",")}`}
          />
        </section>
      )}
      <section className="card">
        <h2>{t.periods}</h2>
        <ul className="periods">
          {periods.map((p) => (
            <li key={p.period}>
              <Link href={withLang(lang, `/rankings/${p.period}`)} aria-current={p.period === doc.period ? "page" : undefined}>
                {periodLabel(lang, p.period)}
              </Link>
              {p.versions > 1 && <span className="muted"> ({t.versions}: {p.versions})</span>}
            </li>
          ))}
        </ul>
        {versions.length > 1 && (
          <p>
            {t.versions}:{" "}
            {versions.map((v) => (
              <span key={v.version}>
                <Link href={withLang(lang, `/rankings/${doc.period}?version=${v.version}`)} aria-current={v.version === doc.version ? "page" : undefined}>
                  v{v.version}
                </Link>{" "}
              </span>
            ))}
          </p>
        )}
      </section>
    </>
  );
}
