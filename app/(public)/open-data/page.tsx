import Link from "next/link";
import { Pager } from "@/components/Pager";
import { PublicShell } from "@/components/PublicShell";
import { getDb } from "@/lib/db";
import { formatDate, periodLabel, langOf, withLang } from "@/lib/i18n";
import { publishedVersionsPage } from "@/lib/publication/publish";
import { BadAddress } from "@/components/BadAddress";
import { QueryReader } from "@/lib/web/query";

export const dynamic = "force-dynamic";

/** Every version of every published period, each downloadable as the bytes stored when it was published. */
export default async function OpenDataPage({ searchParams }: { searchParams: Promise<{ lang?: string; page?: string }> }) {
  const sp = await searchParams;
  const lang = langOf(sp.lang);
  const en = lang === "en";
  const q = new QueryReader(sp);
  const wanted = q.page();
  const list = await publishedVersionsPage(await getDb(), wanted);
  q.pageWithin("page", wanted, list.pages);
  if (!q.ok) {
    return (
      <PublicShell lang={lang}>
        <BadAddress {...q.view("/open-data")} />
      </PublicShell>
    );
  }
  const pageHref = (n: number) => withLang(lang, n > 1 ? `/open-data?page=${n}` : "/open-data");
  return (
    <PublicShell lang={lang}>
      <section className="card prose">
        <h1>{en ? "Open data" : "开放数据"}</h1>
        <p>
          {en
            ? "Every published ranking as CSV (UTF-8 with BOM, opens in Excel) and JSON, every version of it: a correction is a new version and the earlier ones stay downloadable as they were published. The fields are: period, version, group, rank, code, name, score, grade, change, violations and the six indicator rates with their numerators and denominators; the JSON also gives each unit's English name (name_en, null where there is none)."
            : "每期已发布的排名均可下载 CSV（UTF-8 带 BOM，可直接用 Excel 打开）和 JSON 格式，且每个版本都可下载：更正即发布新版本，此前各版本按发布时的原样保留。字段：期间、版本、组别、排名、编码、名称、得分、等级、较上期变化、违规反馈数及六项指标值及其分子、分母；JSON 另有各单位的英文名称（name_en，未设置时为 null）。"}
        </p>
        <p>
          {en
            ? "The readable table is the same ranking for people: headers in words, units by their English names (the Chinese name where a unit has none), each rate as a percentage beside its numerator and denominator, grades by name (Excellent, Good, Adequate, Poor) and \"too few items\" where an indicator has fewer items than the minimum sample (it is then left out of the score). The CSV and JSON above are for programs and stay as published."
            : "“表格（中文表头）”是给人看的同一份排名：中文表头，单位写名称，各指标写成百分比并列出分子和分母，等级写名称（优秀、良好、合格、较差），应计对象少于最小样本量的指标标“样本不足”（不计入得分）。CSV 和 JSON 供程序读取，保持发布时的格式。"}
        </p>
        <p className="small muted">
          {en ? (
            <>
              Addresses: <code>/open-data/rankings.csv?period=YYYY-MM</code> gives the period&apos;s latest version; add <code>&amp;version=N</code> for version N (the same for <code>.json</code>); add <code>&amp;headers=en</code> (English) or <code>&amp;headers=zh</code> (Chinese) to the CSV address for the readable table.
            </>
          ) : (
            <>
              地址：<code>/open-data/rankings.csv?period=YYYY-MM</code> 为该期间的最新版本；加 <code>&amp;version=N</code> 为第 N 版（<code>.json</code> 同）；CSV 地址加 <code>&amp;headers=zh</code>（中文）或 <code>&amp;headers=en</code>（英文）即为可读表格。
            </>
          )}
        </p>
        {list.total === 0 ? (
          <p className="muted">{en ? "Nothing has been published yet." : "尚未发布任何排名。"}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{en ? "Period" : "期间"}</th>
                  <th scope="col">{en ? "Version" : "版本"}</th>
                  <th scope="col">{en ? "Evaluated as of" : "评价日"}</th>
                  <th scope="col">{en ? "Published" : "发布日期"}</th>
                  <th scope="col">{en ? "Download" : "下载"}</th>
                </tr>
              </thead>
              <tbody>
                {list.periods.flatMap((p) =>
                  p.versions.map((v, i) => {
                    const latest = i === p.versions.length - 1;
                    const q = `period=${p.period}&version=${v.version}`;
                    return (
                      <tr key={`${p.period}-${v.version}`}>
                        {i === 0 && (
                          <th scope="rowgroup" rowSpan={p.versions.length}>
                            <Link href={withLang(lang, `/rankings/${p.period}`)}>{periodLabel(lang, p.period)}</Link>
                          </th>
                        )}
                        <td>
                          <Link href={withLang(lang, `/rankings/${p.period}?version=${v.version}`)}>{en ? `version ${v.version}` : `第 ${v.version} 版`}</Link>
                          {latest ? <span className="badge">{en ? "latest" : "最新"}</span> : <span className="small muted"> {en ? "(corrected later)" : "（已被更正）"}</span>}
                        </td>
                        <td>{formatDate(lang, v.as_of)}</td>
                        <td>{formatDate(lang, v.published_at)}</td>
                        <td>
                          <a href={`/open-data/rankings.csv?${q}`}>CSV</a> · <a href={`/open-data/rankings.json?${q}`}>JSON</a> · <a href={`/open-data/rankings.csv?${q}&headers=${lang}`}>{en ? "readable table" : "表格（中文表头）"}</a>
                        </td>
                      </tr>
                    );
                  }),
                )}
              </tbody>
            </table>
          </div>
        )}
        {list.pages > 1 && (
          <Pager lang={lang} page={Math.min(wanted || 1, list.pages)} pages={list.pages} href={pageHref} summary={en ? `${list.total} periods` : `共 ${list.total} 个期间`} />
        )}
      </section>
    </PublicShell>
  );
}
