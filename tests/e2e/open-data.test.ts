import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launch, shot, signedIn } from "./browser-helpers";
import { get } from "./http";

/**
 * Open data for people (issue 9): rankings.csv?headers=zh|en beside the stored machine CSV, which
 * keeps its bytes; name_en in the JSON; links on /open-data and the rankings page in both languages;
 * a wrong `headers` is a 400 in words. Checked against the machine CSV of the same version, row by row.
 */
const base = inject("baseUrl");
/** The machine CSV's rate (6 decimals) as the readable one writes it: a percentage rounded half up to one decimal. */
const PERCENT = (rate: string) => (rate === "" ? "—" : `${(Math.round(Number(rate) * 1000) / 10).toFixed(1)}%`);
const GRADE_ZH: Record<string, string> = { A: "优秀", B: "良好", C: "合格", D: "较差" };
const GRADE_EN: Record<string, string> = { A: "Excellent", B: "Good", C: "Adequate", D: "Poor" };

/** A CSV file's rows (no BOM), RFC 4180: a quoted cell may hold commas and doubled quotes (some English names have commas). */
const table = (text: string) =>
  text
    .replace(/^\uFEFF/, "")
    .trimEnd()
    .split("\r\n")
    .map((line) => [...line.matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/g)].map((m) => (m[1]!.startsWith('"') ? m[1]!.slice(1, -1).replace(/""/g, '"') : m[1]!)));

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe("the readable open-data CSV", () => {
  it("keeps the machine CSV as published and writes the readable one from the same version, in zh and en", async () => {
    const json = (await (await get(base, "/open-data/rankings.json?period=2026-09&version=1")).json()) as { groups: Record<string, { code: string; name: string; name_en: string | null }[]> };
    const english = new Map(Object.values(json.groups).flat().map((e) => [e.code, e.name_en]));
    for (const version of [1, 2]) {
      const plain = await get(base, `/open-data/rankings.csv?period=2026-09&version=${version}`);
      expect(plain.headers.get("content-disposition")).toBe(`inline; filename="wenxiao-rankings-2026-09-v${version}.csv"`);
      const machine = table(await plain.text());
      expect(machine[0]!.slice(0, 10).join(",")).toBe("period,version,group,rank,code,name,score,grade,change,violations");
      const col = (name: string) => machine[0]!.indexOf(name);
      for (const lang of ["zh", "en"] as const) {
        const r = await get(base, `/open-data/rankings.csv?period=2026-09&version=${version}&headers=${lang}`);
        expect(r.status).toBe(200);
        expect(r.headers.get("content-type")).toBe("text/csv; charset=utf-8");
        expect(r.headers.get("content-disposition")).toBe(`inline; filename="wenxiao-rankings-2026-09-v${version}-${lang}.csv"`);
        // with a BOM, so that Excel reads it as UTF-8 (fetch's text() drops it: look at the bytes)
        const bytes = Buffer.from(await r.arrayBuffer());
        expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
        const text = bytes.toString("utf8");
        const readable = table(text);
        expect(readable[0]!.slice(0, 8).join(",")).toBe(lang === "zh" ? "期间,版本,评价日,组别,排名,单位编码,单位名称,得分" : "Period,Version,Evaluated as of,Group,Rank,Unit code,Unit,Score");
        expect(readable[0]!.slice(11, 14).join(",")).toBe(lang === "zh" ? "公示及时率,公示及时率分子,公示及时率分母" : "Publication timeliness,Publication timeliness numerator,Publication timeliness denominator");
        expect(readable.length).toBe(machine.length);
        machine.slice(1).forEach((m, i) => {
          const row = readable[i + 1]!;
          const code = m[col("code")]!;
          expect(row[1], code).toBe(String(version));
          expect(row[5], code).toBe(code);
          expect(row[6], code).toBe(lang === "en" ? (english.get(code) ?? m[col("name")]) : m[col("name")]);
          const grade = m[col("grade")]!;
          expect(row[8], code).toBe(grade ? (lang === "zh" ? GRADE_ZH : GRADE_EN)[grade] : "—");
          const n = Number(m[col("publication_timeliness_numerator")]);
          const d = Number(m[col("publication_timeliness_denominator")]);
          const insufficient = m[col("insufficient_indicators")]!.split(";").includes("publication_timeliness");
          const mark = insufficient ? (lang === "zh" ? "（样本不足）" : " (too few items)") : "";
          expect(row.slice(11, 14), code).toEqual([PERCENT(m[col("publication_timeliness_rate")]!) + mark, String(n), String(d)]);
        });
        if (lang === "en") expect(readable.some((row) => row[6] === "Lanzhou")).toBe(true);
        else expect(readable.some((row) => row[6] === "兰州市")).toBe(true);
      }
    }
    // versions differ as published: the correction of 2026-09 was evaluated on another day
    const v1 = table(await (await get(base, "/open-data/rankings.csv?period=2026-09&version=1&headers=zh")).text());
    const v2 = table(await (await get(base, "/open-data/rankings.csv?period=2026-09&version=2&headers=zh")).text());
    expect(v1[1]![2]).not.toBe(v2[1]![2]);
    // without a version: the latest
    expect(await (await get(base, "/open-data/rankings.csv?period=2026-09&headers=zh")).text()).toBe(await (await get(base, "/open-data/rankings.csv?period=2026-09&version=2&headers=zh")).text());
  });

  it("marks 样本不足 where an indicator is below the minimum sample", async () => {
    // the demo publishes 2026-10 with a minimum sample of 5: some indicators fall below it
    const machine = table(await (await get(base, "/open-data/rankings.csv?period=2026-10")).text());
    const col = machine[0]!.indexOf("insufficient_indicators");
    const marked = machine.slice(1).reduce((n, m) => n + (m[col] ? m[col].split(";").length : 0), 0);
    expect(marked).toBeGreaterThan(0);
    const readable = await (await get(base, "/open-data/rankings.csv?period=2026-10&headers=zh")).text();
    expect(readable.split("（样本不足）").length - 1).toBe(marked);
    expect(table(readable).every((row) => row.at(-1) === "最小样本量" || row.at(-1) === "5")).toBe(true);
  });

  it("adds name_en to the JSON entries, null where a unit has none", async () => {
    const json = (await (await get(base, "/open-data/rankings.json?period=2026-10")).json()) as { groups: Record<string, Record<string, unknown>[]> };
    const entries = Object.values(json.groups).flat();
    for (const e of entries) expect(Object.keys(e).slice(0, 3)).toEqual(["code", "name", "name_en"]);
    expect(entries.find((e) => e.code === "620100")?.name_en).toBe("Lanzhou");
    expect(entries.every((e) => e.name_en === null || typeof e.name_en === "string")).toBe(true);
  });

  it("refuses a wrong headers value with a 400 in words", async () => {
    const zh = await get(base, "/open-data/rankings.csv?period=2026-10&headers=fr");
    expect(zh.status).toBe(400);
    expect(await zh.text()).toContain("表头“fr”不存在，可选：zh（中文表头）、en（英文表头）");
    const en = await get(base, "/open-data/rankings.csv?period=2026-10&headers=fr&lang=en");
    expect(en.status).toBe(400);
    expect(await en.text()).toContain('there is no headers "fr"; choose one of: zh (Chinese headers), en (English headers)');
  });

  it("refuses a header choice on the JSON, and a repeated one on the CSV, instead of ignoring it", async () => {
    const json = await get(base, "/open-data/rankings.json?period=2026-10&headers=zh");
    expect(json.status).toBe(400);
    expect(await json.text()).toContain("表头选择（headers=zh|en）只用于 CSV");
    const twice = await get(base, "/open-data/rankings.csv?period=2026-10&headers=zh&headers=en&lang=en");
    expect(twice.status).toBe(400);
    expect(await twice.text()).toContain('"headers" is given 2 times; give one value');
    // a search longer than the box allows, or with a control character, is said, not cut or searched for
    const { ctx, page } = await signedIn(browser, base, "office");
    for (const [q, zh] of [["x".repeat(101), "过长"], ["a\u0007b", "控制字符"]] as const) {
      await page.goto(`${base}/office/units/620100?period=2026-09&q=${encodeURIComponent(q)}`);
      expect(await page.locator(".bad-address").innerText()).toContain(zh);
    }
    await ctx.close();
  });

  it("is linked from /open-data and the rankings page in both languages", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    for (const [lang, label] of [["zh", "表格（中文表头）"], ["en", "readable table"]] as const) {
      const q = lang === "en" ? "?lang=en" : "";
      await page.goto(`${base}/open-data${q}`);
      const hrefs = await page.locator(`table a:text-is("${label}")`).evaluateAll((as) => as.map((a) => a.getAttribute("href")));
      expect(hrefs).toContain(`/open-data/rankings.csv?period=2026-09&version=1&headers=${lang}`);
      expect(hrefs).toContain(`/open-data/rankings.csv?period=2026-09&version=2&headers=${lang}`);
      await expect(page.locator("main").textContent()).resolves.toContain(lang === "en" ? "The readable table is the same ranking for people" : "“表格（中文表头）”是给人看的同一份排名");
      await shot(page, `open-data-readable-${lang}`);
      await page.goto(`${base}/rankings/2026-09${q}`);
      expect(await page.locator(`a:text-is("${label}")`).first().getAttribute("href")).toBe(`/open-data/rankings.csv?period=2026-09&version=2&headers=${lang}`);
    }
    await page.close();
  });
});
