import Link from "next/link";
import { periodLabel, percent, withLang, type Lang } from "@/lib/i18n";
import type { PublicJointFigure, PublicJointMonth } from "@/lib/publication/public-read";
import { INDICATOR_NAMES } from "@/lib/scoring/indicators";
import { JOINT_NAMES } from "@/lib/scoring/joint-indicators";

const COLUMNS: PublicJointFigure[] = ["push_timeliness", "mandatory_feedback_coverage", "objection_timeliness", "repair_timeliness", "feedback_coverage", "feedback_timeliness"];

const T = {
  zh: {
    title: "联合奖惩",
    intro: "已发布各月联合奖惩全过程的全省汇总数：按地区（各市州合计）和按部门（各部门及其条线合计）分别汇总，同一条线的市州单位在两者中各计一次。只含数量和比率，不含任何主体、案件或单位。“—”表示当月按约定评价方法发布，未评价该环节，或本月没有应计对象。",
    cols: ["月份", "汇总", "评价方法"],
    region: "地区合计",
    department: "部门合计",
    contract: "约定方法",
    joint: "联合奖惩方法",
    more: "各环节的规则、时限和依据",
    none: "尚无已发布的月度排名。",
  },
  en: {
    title: "Joint rewards and punishments",
    intro: "The joint-measures cycle of each published month, summed for the province: over the regions (every city and prefecture) and over the departments (each with its line); a city bureau of a line counts once in each. Counts and rates only, never a subject, a case or a unit. \"—\": the month was published by the contract's method, which does not measure that step, or nothing was due.",
    cols: ["Month", "Summed over", "Method"],
    region: "Regions",
    department: "Departments",
    contract: "Contract's",
    joint: "Joint-measures",
    more: "Each step's rule, deadline and source",
    none: "No monthly ranking has been published yet.",
  },
};

/** The public page's aggregate of the joint-measures cycle, from published rankings only (lib/publication/public-read.ts). */
export function JointPublicSummary({ lang, months }: { lang: Lang; months: PublicJointMonth[] }) {
  const t = T[lang];
  const name = (k: PublicJointFigure) => (k === "feedback_coverage" || k === "feedback_timeliness" ? INDICATOR_NAMES[k] : JOINT_NAMES[k])[lang];
  return (
    <section className="card" aria-labelledby="joint-public-title" id="joint-public">
      <h2 id="joint-public-title">{t.title}</h2>
      <p className="muted">{t.intro}</p>
      {months.length === 0 ? (
        <p className="muted">{t.none}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                {t.cols.map((c) => <th scope="col" key={c}>{c}</th>)}
                {COLUMNS.map((k) => <th scope="col" key={k}>{name(k)}</th>)}
              </tr>
            </thead>
            <tbody>
              {months.flatMap((m) =>
                (["region", "department"] as const).map((g) => (
                  <tr key={`${m.period}-${g}`} data-joint-month={m.period} data-group={g}>
                    <th scope="row">{g === "region" ? <Link href={withLang(lang, `/rankings/${m.period}`)}>{periodLabel(lang, m.period)}</Link> : periodLabel(lang, m.period)}</th>
                    <td>{t[g]}</td>
                    <td>{t[m.method]}</td>
                    {COLUMNS.map((k) => {
                      const f = m.groups[g][k];
                      if (!f || f.denominator === 0) return <td key={k} className="num">—</td>;
                      return (
                        <td key={k} className="num">
                          {percent(lang, f.numerator / f.denominator)} <span className="muted">({f.numerator}/{f.denominator})</span>
                        </td>
                      );
                    })}
                  </tr>
                )),
              )}
            </tbody>
          </table>
        </div>
      )}
      <p>
        <Link href={withLang(lang, "/methodology#joint")}>{t.more}</Link>
      </p>
    </section>
  );
}
