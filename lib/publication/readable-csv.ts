import { csvLine } from "@/lib/csv";
import { GRADES } from "@/lib/publication/grade";
import type { PublishedDocument } from "@/lib/publication/publish";
import { INDICATOR_NAMES, INDICATORS } from "@/lib/scoring/indicators";
import { GROUPS, type Group, type IndicatorFigure } from "@/lib/scoring/score";
import type { NameOf } from "@/lib/unit-names";

/**
 * The open-data CSV for people (`rankings.csv?headers=zh|en`): headers in words, units by name (the
 * English name on `en` where the unit has one), each rate as a percentage beside its numerator and
 * denominator, grades by name, 样本不足 where an indicator is below the minimum sample. Built from the
 * published document when asked for; the stored machine CSV (the default, CONTRACT §6) is never touched.
 */
export const HEADER_LANGS = { zh: { zh: "中文表头", en: "Chinese headers" }, en: { zh: "英文表头", en: "English headers" } } as const;
export type HeaderLang = keyof typeof HEADER_LANGS;

const WORDS = {
  zh: {
    period: "期间",
    version: "版本",
    asOf: "评价日",
    group: "组别",
    rank: "排名",
    code: "单位编码",
    name: "单位名称",
    score: "得分",
    grade: "等级",
    change: "较上期变化",
    violations: "违规反馈数",
    numerator: (k: string) => `${k}分子`,
    denominator: (k: string) => `${k}分母`,
    minSample: "最小样本量",
    groups: { region: "市州", department: "省直部门" } as Record<Group, string>,
    tooFew: "样本不足",
  },
  en: {
    period: "Period",
    version: "Version",
    asOf: "Evaluated as of",
    group: "Group",
    rank: "Rank",
    code: "Unit code",
    name: "Unit",
    score: "Score",
    grade: "Grade",
    change: "Change vs previous period",
    violations: "Violations",
    numerator: (k: string) => `${k} numerator`,
    denominator: (k: string) => `${k} denominator`,
    minSample: "Minimum sample",
    groups: { region: "City or prefecture", department: "Provincial department" } as Record<Group, string>,
    tooFew: "too few items",
  },
};

/** 0.84215 → "84.2%"; no rate (nothing due) → "—". */
export function percentCell(rate: number | null): string {
  return rate === null ? "—" : `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}

function rateCell(lang: HeaderLang, f: IndicatorFigure): string {
  const p = percentCell(f.rate);
  return f.insufficient ? (lang === "en" ? `${p} (${WORDS.en.tooFew})` : `${p}（${WORDS.zh.tooFew}）`) : p;
}

function gradeName(lang: HeaderLang, grade: string | null): string {
  const g = GRADES.find((x) => x.grade === grade);
  return g ? (lang === "en" ? g.en : g.zh) : "—";
}

export function readableRankingsCsv(doc: PublishedDocument, lang: HeaderLang, name: NameOf): string {
  const w = WORDS[lang];
  const header = [
    w.period, w.version, w.asOf, w.group, w.rank, w.code, w.name, w.score, w.grade, w.change, w.violations,
    ...INDICATORS.flatMap((k) => {
      const label = INDICATOR_NAMES[k][lang];
      return [label, w.numerator(label), w.denominator(label)];
    }),
    w.minSample,
  ];
  const lines = [csvLine(header)];
  for (const g of GROUPS) {
    for (const e of doc.groups[g]) {
      lines.push(
        csvLine([
          doc.period, doc.version, doc.as_of, w.groups[g], e.rank ?? "—", e.code, name(e.code, e.name), e.score ?? "—", gradeName(lang, e.grade), e.change ?? "—", e.violations,
          ...INDICATORS.flatMap((k) => [rateCell(lang, e.indicators[k]), e.indicators[k].numerator, e.indicators[k].denominator]),
          doc.min_sample ?? 0,
        ]),
      );
    }
  }
  return lines.join("\r\n") + "\r\n";
}
