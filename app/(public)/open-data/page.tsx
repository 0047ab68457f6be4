import { PublicShell } from "@/components/PublicShell";
import { getDb } from "@/lib/db";
import { periodLabel, langOf } from "@/lib/i18n";
import { publishedPeriods } from "@/lib/publication/publish";

export const dynamic = "force-dynamic";

export default async function OpenDataPage({ searchParams }: { searchParams: Promise<{ lang?: string }> }) {
  const lang = langOf((await searchParams).lang);
  const periods = await publishedPeriods(await getDb());
  return (
    <PublicShell lang={lang} path="/open-data">
      <section className="card prose">
        <h1>{lang === "en" ? "Open data" : "开放数据"}</h1>
        <p>
          {lang === "en"
            ? "Every published ranking as CSV (UTF-8 with BOM, opens in Excel) and JSON. The latest version of each period is served; the fields are: period, version, group, rank, code, name, score, grade, change, violations and the six indicator rates."
            : "每期已发布的排名均可下载 CSV（UTF-8 带 BOM，可直接用 Excel 打开）和 JSON 格式，提供各期间的最新版本。字段：期间、版本、组别、排名、编码、名称、得分、等级、较上期变化、违规反馈数及六项指标值。"}
        </p>
        <table>
          <thead>
            <tr>
              <th scope="col">{lang === "en" ? "Period" : "期间"}</th>
              <th scope="col">{lang === "en" ? "Version" : "版本"}</th>
              <th scope="col">{lang === "en" ? "Download" : "下载"}</th>
            </tr>
          </thead>
          <tbody>
            {periods.map((p) => (
              <tr key={p.period}>
                <th scope="row">{periodLabel(lang, p.period)}</th>
                <td className="num">{p.version}</td>
                <td>
                  <a href={`/open-data/rankings.csv?period=${p.period}`}>CSV</a> · <a href={`/open-data/rankings.json?period=${p.period}`}>JSON</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </PublicShell>
  );
}
