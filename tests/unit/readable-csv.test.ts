import { describe, expect, it } from "vitest";
import { withEnglishNames } from "@/lib/publication/open-data-names";
import type { PublishedDocument, PublishedEntity } from "@/lib/publication/publish";
import { percentCell, readableRankingsCsv } from "@/lib/publication/readable-csv";
import { INDICATORS, type Indicator } from "@/lib/scoring/indicators";
import type { IndicatorFigure } from "@/lib/scoring/score";
import { nameOf, type UnitNames } from "@/lib/unit-names";

// The open-data table for people (rankings.csv?headers=zh|en) and the JSON's name_en, from a document
// made by hand: one unit with an English name, one without, one with a formula-like name, one unscored.
const figure = (numerator: number, denominator: number, insufficient = false): IndicatorFigure => ({
  numerator,
  denominator,
  rate: denominator ? Math.round((numerator / denominator) * 1e6) / 1e6 : null,
  ...(insufficient ? { insufficient: true } : {}),
});
const indicators = (f: (k: Indicator) => IndicatorFigure) => Object.fromEntries(INDICATORS.map((k) => [k, f(k)])) as Record<Indicator, IndicatorFigure>;

const entity = (e: Partial<PublishedEntity> & { code: string; name: string }): PublishedEntity => ({
  rank: 1,
  score: 91.5,
  grade: "A",
  change: 1.25,
  previous_rank: 2,
  violations: 0,
  indicators: indicators(() => figure(842, 1000)),
  ...e,
});

const DOC = {
  period: "2026-10",
  as_of: "2026-11-20",
  version: 2,
  published_at: "2026-11-21T02:00:00.000Z",
  previous_period: "2026-09",
  min_sample: 5,
  groups: {
    region: [
      entity({ code: "620100", name: "兰州市" }),
      entity({ code: "620200", name: "嘉峪关市", rank: 2, score: 58, grade: "D", change: -3.5, violations: 2, indicators: indicators((k) => (k === "coverage" ? figure(3, 4, true) : k === "feedback_coverage" ? figure(0, 0) : figure(1, 2))) }),
    ],
    department: [
      entity({ code: "=HYPERLINK", name: '=HYPERLINK("http://x","点我")', rank: 1, score: 80, grade: "B", change: null }),
      entity({ code: "GSJ", name: "省市场监管局", rank: null, score: null, grade: null, change: null, indicators: indicators(() => figure(0, 0)) }),
    ],
  },
  changed_from_previous_version: [],
} as unknown as PublishedDocument;

const NAMES: UnitNames = new Map([
  ["620100", { zh: "兰州市", en: "Lanzhou" }],
  ["620200", { zh: "嘉峪关市", en: null }],
]);

const rows = (csv: string) => csv.trimEnd().split("\r\n");

describe("the readable open-data CSV", () => {
  it("writes Chinese headers, unit names, percentages beside their counts, grade names and 样本不足", () => {
    const csv = readableRankingsCsv(DOC, "zh", nameOf(NAMES, "zh"));
    const [header, lanzhou, jiayuguan, formula, unscored] = rows(csv);
    expect(header).toBe(
      "期间,版本,评价日,组别,排名,单位编码,单位名称,得分,等级,较上期变化,违规反馈数," +
        "公示及时率,公示及时率分子,公示及时率分母,归集及时率,归集及时率分子,归集及时率分母,合规率,合规率分子,合规率分母," +
        "归集覆盖率,归集覆盖率分子,归集覆盖率分母,反馈及时率,反馈及时率分子,反馈及时率分母,反馈覆盖率,反馈覆盖率分子,反馈覆盖率分母,最小样本量",
    );
    expect(lanzhou).toBe(`2026-10,2,2026-11-20,市州,1,620100,兰州市,91.5,优秀,1.25,0,${Array(6).fill("84.2%,842,1000").join(",")},5`);
    expect(jiayuguan).toBe("2026-10,2,2026-11-20,市州,2,620200,嘉峪关市,58,较差,-3.5,2,50.0%,1,2,50.0%,1,2,50.0%,1,2,75.0%（样本不足）,3,4,50.0%,1,2,—,0,0,5");
    // a name that a spreadsheet would run is written as text; a negative number stays a number
    expect(formula).toContain(`省直部门,1,'=HYPERLINK,"'=HYPERLINK(""http://x"",""点我"")",80,良好,—,`);
    expect(unscored).toMatch(/^2026-10,2,2026-11-20,省直部门,—,GSJ,省市场监管局,—,—,—,0,—,0,0,/);
  });

  it("writes English headers and English names where a unit has one, the Chinese name otherwise", () => {
    const [header, lanzhou, jiayuguan] = rows(readableRankingsCsv(DOC, "en", nameOf(NAMES, "en")));
    expect(header).toMatch(/^Period,Version,Evaluated as of,Group,Rank,Unit code,Unit,Score,Grade,Change vs previous period,Violations,Publication timeliness,Publication timeliness numerator,Publication timeliness denominator,/);
    expect(header).toMatch(/,Minimum sample$/);
    expect(lanzhou).toMatch(/^2026-10,2,2026-11-20,City or prefecture,1,620100,Lanzhou,91.5,Excellent,1.25,0,84.2%,842,1000,/);
    expect(jiayuguan).toContain(",620200,嘉峪关市,58,Poor,");
    expect(jiayuguan).toContain(",75.0% (too few items),3,4,");
  });

  it("rounds rates to one decimal", () => {
    expect([percentCell(0.84215), percentCell(1), percentCell(0), percentCell(0.99951), percentCell(null)]).toEqual(["84.2%", "100.0%", "0.0%", "100.0%", "—"]);
  });
});

describe("the open-data JSON's English names", () => {
  it("adds name_en after name to a version published without it, null where a unit has none, and changes nothing else", () => {
    const stored = JSON.stringify({ period: "2026-10", version: 1, groups: { region: [{ code: "620100", name: "兰州市", rank: 1, score: 91.5 }, { code: "620200", name: "嘉峪关市", rank: 2, score: 58.25 }], department: [{ code: "X", name: "已撤销", rank: null, score: null }] } });
    const served = withEnglishNames(stored, NAMES);
    expect(served).toBe(
      '{"period":"2026-10","version":1,"groups":{"region":[{"code":"620100","name":"兰州市","name_en":"Lanzhou","rank":1,"score":91.5},{"code":"620200","name":"嘉峪关市","name_en":null,"rank":2,"score":58.25}],"department":[{"code":"X","name":"已撤销","name_en":null,"rank":null,"score":null}]}}',
    );
    expect(served.replace(/,"name_en":(null|"[^"]*")/g, "")).toBe(stored);
  });

  it("serves a version published with name_en exactly as stored", () => {
    const stored = JSON.stringify({ period: "2026-10", groups: { region: [{ code: "620100", name: "兰州市", name_en: "Lanzhou City", rank: 1 }] } });
    expect(withEnglishNames(stored, NAMES)).toBe(stored);
  });
});
