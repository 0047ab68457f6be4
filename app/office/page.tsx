import Link from "next/link";
import { AppShell } from "@/components/AppShell";
import { Chart } from "@/components/charts/Chart";
import { distributionOption, trendOption } from "@/components/charts/options";
import { RankingTable } from "@/components/RankingTable";
import { getDb } from "@/lib/db";
import { dataMonths, monthlyTrend, periodChoices, provisionalScores } from "@/lib/scoring/provisional";
import { requireOffice } from "@/lib/auth/guards";
import { formatDate, langOf, numberFormat, periodLabel, textIn, withLang } from "@/lib/i18n";
import { SCORE_LINE } from "@/lib/publication/grade";
import { PublishConfirm } from "@/components/PublishConfirm";
import { AppError } from "@/lib/errors";
import { compareWithPrevious, planPublication, publicationVersions, type PublicationPlan } from "@/lib/publication/publish";
import { workingPeriod } from "@/lib/publication/working-period";
import { parsePeriod } from "@/lib/scoring/period";
import { figuresForStanding, periodStanding } from "@/lib/publication/public-read";
import { standingLabel, standingNote } from "@/lib/publication/standing";
import { unitNamer, withNames } from "@/lib/unit-names";
import { todayInShanghai } from "@/lib/today";
import { QueryReader } from "@/lib/web/query";
import { BadAddress } from "@/components/BadAddress";
import { publishAction } from "./actions";

export const dynamic = "force-dynamic";

const T = {
  zh: {
    title: (p: string, standing: string) => `${p} 信用工作得分（${standing}）`,
    asOf: (d: string) => `评价日 ${d}；未发布的得分随数据更新而变化。`,
    period: "期间",
    asOfLabel: "评价日",
    show: "查看",
    below: (n: number) => `${n} 个单位低于 ${SCORE_LINE} 分`,
    avg: "平均分",
    regions: "市州",
    departments: "省直部门",
    dist: "得分分布",
    trend: "近 12 个月平均分与最低分",
    avgR: "市州平均",
    minR: "市州最低",
    avgD: "部门平均",
    minD: "部门最低",
    publish: "发布排名",
    publishText: "发布后生成不可修改的快照并在公示页面公开；如需更正，再次发布即生成新版本（须写明原因，数据无变化时不予发布）。下一步将列出发布的内容，确认后才发布。",
    note: "说明（更正时请写明原因）",
    publishButton: "审核无误，发布…",
    open: (end: string) => `本期尚未结束（${end} 起方可发布）。`,
    published: (v: number) => `已发布第 ${v} 版。`,
    versions: "已发布版本",
    none: "本期尚未发布。",
    noData: "还没有任何数据。请先导入单位和证据数据。",
  },
  en: {
    title: (p: string, standing: string) => `Credit work scores, ${p} (${standing})`,
    asOf: (d: string) => `As of ${d}; unpublished scores change as data arrives.`,
    period: "Period",
    asOfLabel: "As of",
    show: "Show",
    below: (n: number) => `${n} units below ${SCORE_LINE}`,
    avg: "Average",
    regions: "Cities and prefectures",
    departments: "Provincial departments",
    dist: "Score distribution",
    trend: "Average and lowest score, last 12 months",
    avgR: "Cities, average",
    minR: "Cities, lowest",
    avgD: "Departments, average",
    minD: "Departments, lowest",
    publish: "Publish the ranking",
    publishText: "Publishing stores an immutable snapshot and shows it on the public page; a correction is published again as a new version (with its reason; not when nothing changed). The next step shows what will be published, and nothing is published before you confirm.",
    note: "Note (say why, for a correction)",
    publishButton: "Reviewed — publish…",
    open: (end: string) => `This period has not ended (it can be published from ${end}).`,
    published: (v: number) => `Version ${v} published.`,
    versions: "Published versions",
    none: "Not published yet.",
    noData: "No data yet. Import units and evidence first.",
  },
};

export default async function OfficePage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const sp = await searchParams;
  const lang = langOf(sp.lang);
  const path = `/office${sp.period ? `?period=${sp.period}` : ""}`;
  const user = await requireOffice("view:office", path);
  const t = T[lang];
  const db = await getDb();
  const months = await dataMonths(db);
  const choices = periodChoices(months);
  const q = new QueryReader(sp);
  const period = q.period("period", choices, await workingPeriod(db, months));
  const asOf = q.asOf("asOf", period, todayInShanghai());
  if (!q.ok) {
    return (
      <AppShell lang={lang} user={user}>
        <BadAddress {...q.view("/office")} />
      </AppShell>
    );
  }
  if (!period) {
    return (
      <AppShell lang={lang} user={user}>
        <section className="card"><p>{t.noData}</p></section>
      </AppShell>
    );
  }
  const { current, previous } = await provisionalScores(db, period, asOf);
  // one rule for 暂定 / 已发布 (lib/publication/standing.ts): published, the tables show that version
  const { standing, publication } = await periodStanding(db, period, asOf);
  const groups = figuresForStanding(compareWithPrevious(current.groups, previous.groups), publication);
  const minSample = (publication ? publication.document.min_sample : current.min_sample) ?? 0;
  // the 12 months up to the evaluation date: later months have nothing due yet
  const last12 = months.filter((m) => m <= asOf.slice(0, 7)).slice(-12);
  const [trendR, trendD] = [await monthlyTrend(db, last12, asOf, "region"), await monthlyTrend(db, last12, asOf, "department")];
  const versions = await publicationVersions(db, period);
  const nf = numberFormat(lang);
  const all = [...groups.region, ...groups.department];
  const below = all.filter((e) => e.score !== null && e.score < SCORE_LINE).length;
  const avg = (xs: (number | null)[]) => {
    const s = xs.filter((x): x is number => x !== null);
    return s.length ? s.reduce((a, b) => a + b, 0) / s.length : null;
  };
  const end = parsePeriod(period).end;
  // the confirmation panel of publishing (?do=publish): what the new version would be
  let plan: PublicationPlan | undefined;
  let planError: string | undefined;
  if (sp.do === "publish" && asOf >= end) {
    try {
      plan = await planPublication(db, period, asOf);
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      planError = e.text(lang);
    }
  }
  const here = withLang(lang, `/office?period=${period}&asOf=${asOf}`);
  const name = await unitNamer(db, lang);
  const unitLink = (code: string) => withLang(lang, `/office/units/${encodeURIComponent(code)}?period=${period}&asOf=${asOf}`);
  return (
    <AppShell lang={lang} user={user}>
      <section className="card">
        <h1>{t.title(periodLabel(lang, period), standingLabel(lang, standing))}</h1>
        <p className="muted" data-standing={standing.status}>{standing.status === "published" ? standingNote(lang, standing) : t.asOf(formatDate(lang, asOf))}</p>
        <form className="filters" method="get">
          {lang === "en" && <input type="hidden" name="lang" value="en" />}
          <label>
            {t.period}
            <select name="period" defaultValue={period}>
              {choices.map((p) => (
                <option key={p} value={p}>{periodLabel(lang, p)}</option>
              ))}
            </select>
          </label>
          <label>
            {t.asOfLabel}
            <input type="date" name="asOf" defaultValue={asOf} />
          </label>
          <button type="submit">{t.show}</button>
        </form>
        {sp.published && <p className="notice" role="status">{t.published(Number(sp.published))}</p>}
        {sp.error && <p className="error" role="alert">{sp.error}</p>}
        <div className="grid">
          <div><div className="kpi">{below}</div><div className="muted">{t.below(below)}</div></div>
          <div><div className="kpi">{nf.format(avg(groups.region.map((e) => e.score)) ?? 0)}</div><div className="muted">{t.avg} · {t.regions}</div></div>
          <div><div className="kpi">{nf.format(avg(groups.department.map((e) => e.score)) ?? 0)}</div><div className="muted">{t.avg} · {t.departments}</div></div>
        </div>
      </section>

      {sp.do === "publish" && asOf < end && (
        <section className="card"><p className="error" role="alert">{t.open(end)}</p></section>
      )}
      {planError && <section className="card"><p className="error" role="alert">{planError}</p></section>}
      {plan && <PublishConfirm lang={lang} plan={plan} note={sp.note ?? ""} noteEn={sp.noteEn ?? ""} cancelHref={here} action={publishAction} name={name} />}

      <div className="grid">
        <section className="card">
          <Chart title={t.dist} height={300} width={520} option={distributionOption(lang, t.dist, [
            { name: t.regions, scores: groups.region.map((e) => e.score) },
            { name: t.departments, scores: groups.department.map((e) => e.score) },
          ])} />
        </section>
        <section className="card">
          <Chart title={t.trend} height={300} width={520} option={trendOption(lang, t.trend, last12.map((m) => periodLabel(lang, m)), [
            { name: t.avgR, values: trendR.average },
            { name: t.minR, values: trendR.minimum },
            { name: t.avgD, values: trendD.average },
            { name: t.minD, values: trendD.minimum },
          ])} />
        </section>
      </div>

      <section className="card">
        <RankingTable lang={lang} entities={withNames(groups.region, name)} caption={t.regions} linkFor={unitLink} minSample={minSample} />
      </section>
      <section className="card">
        <RankingTable lang={lang} entities={withNames(groups.department, name)} caption={t.departments} linkFor={unitLink} minSample={minSample} />
      </section>

      <section className="card" aria-labelledby="publish">
        <h2 id="publish">{t.publish}</h2>
        <p className="muted">{t.publishText}</p>
        {versions.length > 0 ? (
          <>
            <h3>{t.versions}</h3>
            <ul>
              {versions.map((v) => (
                <li key={v.version}>
                  <Link href={withLang(lang, `/rankings/${period}?version=${v.version}`)}>v{v.version}</Link> · {formatDate(lang, v.published_at)} · {v.published_by}
                  {v.note && <> · {textIn(lang, v.note, v.note_en)}</>}
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p>{t.none}</p>
        )}
        {asOf >= end ? (
          <form method="get" action="/office" className="filters">
            <input type="hidden" name="period" value={period} />
            <input type="hidden" name="asOf" value={asOf} />
            {lang === "en" && <input type="hidden" name="lang" value="en" />}
            <input type="hidden" name="do" value="publish" />
            <label style={{ flex: 1 }}>
              {t.note}
              <input name="note" maxLength={500} defaultValue={sp.note ?? ""} />
            </label>
            <button type="submit">{t.publishButton}</button>
          </form>
        ) : (
          <p className="muted">{t.open(end)}</p>
        )}
      </section>
    </AppShell>
  );
}
