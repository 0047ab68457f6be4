import Link from "next/link";
import { Chart } from "@/components/charts/Chart";
import { scoreBarOption, trendOption } from "@/components/charts/options";
import { RankingTable } from "@/components/RankingTable";
import { VersionChangesTable } from "@/components/VersionChanges";
import type { PublicRanking } from "@/lib/publication/public-read";
import { formatDate, periodLabel, textIn, withLang, type Lang } from "@/lib/i18n";
import { standingLabel, standingOf } from "@/lib/publication/standing";
import { withNames, type NameOf } from "@/lib/unit-names";

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
    correction: (v: number, prev: number) => `本期为更正后的第 ${v} 版（更正第 ${prev} 版）。`,
    reason: "更正原因：",
    changed: (n: number) => `与第 ${n} 版相比，以下单位的得分或排名有变化（仅列出有变化的单位）：`,
    olderVersion: "这是该期间的旧版本。",
    latest: "查看最新版本",
    download: (v: number) => `下载本版数据（第 ${v} 版）`,
    readable: "表格（中文表头）",
    minSample: (n: number) => `最小样本量 ${n}：应计对象少于 ${n} 个的指标标为“样本不足”，不计入得分；各指标下方为分子/分母`,
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
    correction: (v: number, prev: number) => `This is corrected version ${v} (it corrects version ${prev}).`,
    reason: "Reason: ",
    changed: (n: number) => `Compared with version ${n}, these units' scores or ranks changed (only the units that changed are listed):`,
    olderVersion: "This is an earlier version of this period.",
    latest: "See the latest version",
    download: (v: number) => `Download this version's data (version ${v})`,
    readable: "readable table",
    minSample: (n: number) => `minimum sample ${n}: an indicator with fewer than ${n} items is marked "too few items" and left out of the score; under each rate, its numerator/denominator`,
  },
};

/** A published period as the public sees it: charts, both rankings, versions and corrections. */
export function RankingView({ lang, data, trend, name }: { lang: Lang; data: PublicRanking; trend: { periods: string[]; regions: (number | null)[]; departments: (number | null)[] }; name: NameOf }) {
  const t = T[lang];
  const { publication: pub, periods, versions } = data;
  const doc = pub.document;
  const label = periodLabel(lang, doc.period);
  const latestVersion = versions[versions.length - 1]?.version ?? doc.version;
  // the stored document keeps its Chinese names; the page shows them in its language
  const region = withNames(doc.groups.region, name);
  const department = withNames(doc.groups.department, name);
  const names = new Map([...region, ...department].map((e) => [e.code, e.name]));
  const changes = doc.changed_from_previous_version.map((c) => ({ ...c, name: name(c.code, c.name ?? names.get(c.code)) }));
  return (
    <>
      <section className="card">
        <h1>{t.heading(label)}</h1>
        <p className="muted" data-standing="published">
          <span className="badge published">{standingLabel(lang, standingOf(pub, doc.as_of))}</span> {t.meta(formatDate(lang, doc.as_of), formatDate(lang, pub.published_at), doc.version)}
          {(doc.min_sample ?? 0) > 0 && <> · {t.minSample(doc.min_sample!)}</>}
        </p>
        {doc.version < latestVersion && (
          <p className="notice" role="note">
            {t.olderVersion} <Link href={withLang(lang, `/rankings/${doc.period}`)}>{t.latest}</Link>
          </p>
        )}
        {doc.version > 1 && (
          <div className="notice" role="note">
            <p>
              {t.correction(doc.version, doc.correction?.previous_version ?? doc.version - 1)}
              {pub.note && <> {t.reason}{textIn(lang, pub.note, pub.note_en)}</>}
            </p>
            {doc.changed_from_previous_version.length > 0 && (
              <>
                <p>{t.changed(doc.correction?.previous_version ?? doc.version - 1)}</p>
                <VersionChangesTable lang={lang} changes={changes} names={names} asOfBefore={doc.correction?.as_of_before} asOfAfter={doc.as_of} />
              </>
            )}
          </div>
        )}
        <p>
          {t.download(doc.version)}: <a href={`/open-data/rankings.csv?period=${doc.period}&version=${doc.version}`}>CSV</a> ·{" "}
          <a href={`/open-data/rankings.json?period=${doc.period}&version=${doc.version}`}>JSON</a> ·{" "}
          <a href={`/open-data/rankings.csv?period=${doc.period}&version=${doc.version}&headers=${lang}`}>{t.readable}</a>
        </p>
      </section>

      <section className="card">
        <Chart title={t.barRegions} option={scoreBarOption(lang, `${t.barRegions}（${label}）`, region)} height={440} cacheKey={`bar-r-${pub.id}-${lang}-${region.map((e) => e.name).join("|")}`} />
      </section>
      <section className="card">
        <RankingTable lang={lang} entities={region} caption={`${t.regions} · ${label}`} minSample={doc.min_sample ?? 0} />
      </section>
      <section className="card">
        <Chart title={t.barDepartments} option={scoreBarOption(lang, `${t.barDepartments}（${label}）`, department)} height={900} cacheKey={`bar-d-${pub.id}-${lang}-${department.map((e) => e.name).join("|")}`} />
      </section>
      <section className="card">
        <RankingTable lang={lang} entities={department} caption={`${t.departments} · ${label}`} minSample={doc.min_sample ?? 0} />
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
