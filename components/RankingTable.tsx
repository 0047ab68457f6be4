import { GRADES, SCORE_LINE } from "@/lib/publication/grade";
import type { PublishedEntity } from "@/lib/publication/publish";
import { INDICATOR_NAMES, INDICATORS } from "@/lib/scoring/indicators";
import { numberFormat, percent, type Lang } from "@/lib/i18n";
import type { IndicatorFigure } from "@/lib/scoring/score";

const T = {
  zh: { rank: "排名", name: "单位", score: "得分", grade: "等级", change: "较上期", violations: "违规反馈", none: "无数据", below: "低于 60 分" },
  en: { rank: "Rank", name: "Unit", score: "Score", grade: "Grade", change: "Change", violations: "Violations", none: "no data", below: "below 60" },
};

/** The mark of an indicator with fewer items than the minimum sample: shown, not scored. */
export const TOO_FEW = {
  zh: { label: "样本不足", title: (n: number) => `应计对象少于 ${n} 个，不计入得分` },
  en: { label: "too few items", title: (n: number) => `fewer than ${n} items: left out of the score` },
};

/** A rate with the counts behind it, and the 样本不足 mark where it applies. */
export function RateCell({ lang, figure, minSample }: { lang: Lang; figure: IndicatorFigure; minSample: number }) {
  const nf = numberFormat(lang);
  return (
    <>
      <span className={figure.insufficient ? "muted" : undefined}>{percent(lang, figure.rate)}</span>
      {figure.denominator > 0 && <span className="counts">{nf.format(figure.numerator)}/{nf.format(figure.denominator)}</span>}
      {figure.insufficient && <span className="badge too-few" title={TOO_FEW[lang].title(minSample)}>{TOO_FEW[lang].label}</span>}
    </>
  );
}

export function gradeLabel(lang: Lang, grade: string | null): string {
  const g = GRADES.find((x) => x.grade === grade);
  return g ? `${g.grade} ${lang === "en" ? g.en : g.zh}` : "—";
}

function Change({ lang, value }: { lang: Lang; value: number | null }) {
  if (value === null) return <span className="muted">—</span>;
  const nf = numberFormat(lang);
  if (value === 0) return <span className="muted">±0</span>;
  return value > 0 ? (
    <span className="up" aria-label={`+${nf.format(value)}`}>▲ {nf.format(value)}</span>
  ) : (
    <span className="down" aria-label={nf.format(value)}>▼ {nf.format(-value)}</span>
  );
}

/** A published ranking: rank, unit, score, grade, change vs the previous period, and (wide screens) the rates. */
export function RankingTable({
  lang,
  entities,
  caption,
  showRates = true,
  linkFor,
  minSample = 0,
}: {
  lang: Lang;
  entities: PublishedEntity[];
  caption: string;
  showRates?: boolean;
  linkFor?: (code: string) => string;
  /** the minimum sample the figures were judged by (for the 样本不足 mark's explanation) */
  minSample?: number;
}) {
  const t = T[lang];
  const nf = numberFormat(lang);
  return (
    <div className="table-wrap">
      <table className="ranking">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col" className="num">{t.rank}</th>
            <th scope="col">{t.name}</th>
            <th scope="col" className="num">{t.score}</th>
            <th scope="col">{t.grade}</th>
            <th scope="col" className="num">{t.change}</th>
            <th scope="col" className="num">{t.violations}</th>
            {showRates && INDICATORS.map((k) => (
              <th scope="col" className="num rate" key={k}>{INDICATOR_NAMES[k][lang]}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {entities.map((e) => (
            <tr key={e.code} className={e.score !== null && e.score < SCORE_LINE ? "below-line" : undefined}>
              <td className="num">{e.rank ?? "—"}</td>
              <th scope="row">
                {linkFor ? <a href={linkFor(e.code)}>{e.name}</a> : e.name}
                {e.score !== null && e.score < SCORE_LINE && <span className="badge">{t.below}</span>}
              </th>
              <td className="num strong">{e.score === null ? <span className="muted">{t.none}</span> : nf.format(e.score)}</td>
              <td>{gradeLabel(lang, e.grade)}</td>
              <td className="num"><Change lang={lang} value={e.change} /></td>
              <td className="num">{e.violations}</td>
              {showRates && INDICATORS.map((k) => (
                <td className="num rate" key={k}><RateCell lang={lang} figure={e.indicators[k]} minSample={minSample} /></td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
