import type { EChartsCoreOption } from "echarts/core";
import { SCORE_LINE } from "@/lib/publication/grade";
import type { Lang } from "@/lib/i18n";

const FONT = '"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif';

/** Scores of one group as horizontal bars, best on top, with the line at 60 marked. */
export function scoreBarOption(lang: Lang, title: string, entities: { name: string; score: number | null }[]): EChartsCoreOption {
  const scored = entities.filter((e) => e.score !== null).reverse();
  return {
    textStyle: { fontFamily: FONT },
    title: { text: title, left: 0, textStyle: { fontSize: 15, fontWeight: 600 } },
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    grid: { left: 8, right: 48, top: 40, bottom: 24, containLabel: true },
    xAxis: { type: "value", min: 0, max: 100, name: lang === "en" ? "score" : "分", nameLocation: "end" },
    yAxis: { type: "category", data: scored.map((e) => e.name), axisLabel: { fontSize: 12 } },
    series: [
      {
        type: "bar",
        data: scored.map((e) => ({ value: e.score, itemStyle: { color: (e.score ?? 0) < SCORE_LINE ? "#c62828" : "#0b3d91" } })),
        label: { show: true, position: "right", fontSize: 11 },
        barMaxWidth: 18,
        markLine: {
          symbol: "none",
          lineStyle: { color: "#c62828", type: "dashed" },
          label: { formatter: lang === "en" ? "line 60" : "60 分线" },
          data: [{ xAxis: SCORE_LINE }],
        },
      },
    ],
  };
}

/** Scores over periods, one line per series. */
export function trendOption(lang: Lang, title: string, periods: string[], series: { name: string; values: (number | null)[] }[]): EChartsCoreOption {
  return {
    textStyle: { fontFamily: FONT },
    title: { text: title, left: 0, textStyle: { fontSize: 15, fontWeight: 600 } },
    tooltip: { trigger: "axis" },
    legend: { top: 34, type: "scroll" },
    grid: { left: 8, right: 24, top: 78, bottom: 24, containLabel: true },
    xAxis: { type: "category", data: periods },
    yAxis: { type: "value", min: 0, max: 100, name: lang === "en" ? "score" : "分" },
    series: series.map((s) => ({ type: "line", name: s.name, data: s.values, connectNulls: false, symbolSize: 6 })),
  };
}

const BANDS = [
  { min: 0, max: 60, label: "<60" },
  { min: 60, max: 70, label: "60–70" },
  { min: 70, max: 80, label: "70–80" },
  { min: 80, max: 90, label: "80–90" },
  { min: 90, max: 100.01, label: "90–100" },
];

/** How many units fall in each score band, per group. */
export function distributionOption(lang: Lang, title: string, groups: { name: string; scores: (number | null)[] }[]): EChartsCoreOption {
  return {
    textStyle: { fontFamily: FONT },
    title: { text: title, left: 0, textStyle: { fontSize: 15, fontWeight: 600 } },
    tooltip: { trigger: "axis" },
    legend: { top: 34 },
    grid: { left: 8, right: 16, top: 78, bottom: 24, containLabel: true },
    xAxis: { type: "category", data: BANDS.map((b) => b.label), name: lang === "en" ? "score" : "分" },
    yAxis: { type: "value", minInterval: 1, name: lang === "en" ? "units" : "单位数" },
    series: groups.map((g) => ({
      type: "bar",
      name: g.name,
      data: BANDS.map((b) => g.scores.filter((s) => s !== null && s >= b.min && s < b.max).length),
    })),
  };
}
