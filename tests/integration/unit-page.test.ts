import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UnitDetail } from "@/components/UnitDetail";
import { exportItems } from "@/lib/export-items";
import { exportParams, loadUnitDetail } from "@/lib/unit-page";
import { QueryReader } from "@/lib/web/query";
import { head, OFFICE } from "../helpers/actors";
import { freshDatabase, rollbackEach, type TestDatabase } from "../helpers/db";
import { feedbackRow, insertRows, insertUnits, obligation, record } from "../helpers/fixtures";

// The unit page (/unit and /office/units/<code>, one loader and one component): it opens on the to-do
// list, the item lists' addresses keep their meaning, and the search and the order travel in every
// link of the list and in its exports.
let db: TestDatabase;
const tx = rollbackEach(() => db);

beforeAll(async () => {
  db = await freshDatabase();
  await insertUnits(db, ["620100", "D1", "A1"]);
  await insertRows(db, "records", [
    record("r1", "A1", "2024-03-01", "2024-03-12", "2024-03-13"),
    record("r2", "A1", "2024-03-01", null, null),
    record("r3", "A1", "2024-03-04", "2024-03-20", "2024-03-05"),
    ...Array.from({ length: 60 }, (_, i) => record(`ok${String(i).padStart(2, "0")}`, "A1", "2024-03-05", "2024-03-06", "2024-03-06")),
  ]);
  await insertRows(db, "cases", [obligation("C1", "M3", "A1", "D1", "2024-03-28"), obligation("C1", "M2", "A1", "D1", "2024-03-25")]);
  await insertRows(db, "feedback", [feedbackRow("C1", "M2", "A1", "2024-03-26")]);
});

afterAll(async () => {
  await db?.drop();
});

const MARCH = { period: "2024-03", asOf: "2024-03-31" };
async function load(query: Record<string, string>, office = false) {
  const q = new QueryReader(query);
  const base = office ? "/office/units/620100" : "/unit";
  const p = await loadUnitDetail(tx(), "620100", q, { base, exportBase: `${base}/export` }, !office, office ? OFFICE : head("620100"));
  return { p, q };
}
async function page(query: Record<string, string>, office = false) {
  const { p, q } = await load(query, office);
  if (p === "bad address" || !p) throw new Error(`not a page: ${JSON.stringify(q.problems)}`);
  return { p, html: renderToStaticMarkup(createElement(UnitDetail, p)) };
}
const hrefs = (html: string) => [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replaceAll("&amp;", "&"));

describe("the unit page", () => {
  it("opens on the to-do list: missing first, with deadlines and working days late, for the unit and for the office", async () => {
    for (const office of [false, true]) {
      const { p, html } = await page(MARCH, office);
      expect(p.view).toBe("todo");
      expect(p.items.items.map((i) => [i.task, i.number, i.status, i.days_late])).toEqual([
        ["collection_timeliness", "r2", "missing", 13],
        ["publication_timeliness", "r2", "missing", 13],
        ["feedback_timeliness", "C1", "missing", 1],
        ["publication_timeliness", "r3", "late", 5],
        ["collection_timeliness", "r1", "late", 1],
        ["feedback_timeliness", "C1", "late", 1],
      ]);
      expect(html).toContain("待办");
      expect(html).toContain("逾期（工作日）");
      expect(html).toContain("2024-03-13");
      // the to-do list shows no subject codes and has no export of its own
      expect(html).not.toContain("导出 CSV");
      expect(html).not.toContain("91350100M000100Y43");
      // each number leads to its item list, searched for it
      expect(hrefs(html)).toContain(`${office ? "/office/units/620100" : "/unit"}?period=2024-03&asOf=2024-03-31&indicator=publication_timeliness&q=r3`);
    }
    const en = (await page({ ...MARCH, lang: "en" })).html;
    expect(en).toContain("To do");
    expect(en).toContain("Working days late");
    expect(en).toContain("Publish");
  });

  it("says plainly when there is nothing to do", async () => {
    const { html } = await page({ period: "2024-03", asOf: "2024-03-11" });
    expect(html).toContain('data-empty="todo"');
    expect(html).toContain("没有待办事项");
    const en = (await page({ period: "2024-03", asOf: "2024-03-11", lang: "en" })).html;
    expect(en).toContain("Nothing to do for March 2024");
  });

  it("keeps the meaning of the item lists' addresses (an indicator or a status names the item list)", async () => {
    const byIndicator = (await page({ ...MARCH, indicator: "publication_timeliness" })).p;
    expect([byIndicator.view, byIndicator.target, byIndicator.items.total]).toEqual(["items", "publication_timeliness", 63]);
    const byStatus = (await page({ ...MARCH, status: "late" })).p;
    expect([byStatus.view, byStatus.target, byStatus.items.items.map((i) => i.record_id)]).toEqual(["items", "publication_timeliness", ["r3"]]);
    const { q } = await load({ ...MARCH, status: "bogus" });
    expect(q.problems[0]!.zh).toBe("状态“bogus”不存在，可选：on_time、late、missing、not_due");
  });

  it("filters the to-do list by status, and says what is wrong with a to-do address", async () => {
    const { p, html } = await page({ ...MARCH, view: "todo", status: "late" });
    expect(p.items.items.map((i) => i.number)).toEqual(["r3", "r1", "C1"]);
    expect(hrefs(html)).toContain("/unit?period=2024-03&asOf=2024-03-31&view=todo&status=missing");
    expect(hrefs(html)).toContain("/unit?period=2024-03&asOf=2024-03-31");
    expect((await load({ ...MARCH, view: "todo", status: "on_time" })).q.problems.map((x) => x.zh)).toEqual(["状态“on_time”不存在，可选：missing、late"]);
    expect((await load({ ...MARCH, view: "todo", indicator: "coverage" })).q.problems.map((x) => x.en)).toEqual(['the to-do list covers every indicator: leave out "indicator" or "view"']);
    expect((await load({ ...MARCH, view: "list" })).q.problems.map((x) => x.zh)).toEqual(["视图“list”不存在，可选：todo、items"]);
  });

  it("searches by record or decision number and keeps the search in the list's links and exports", async () => {
    const { p, html } = await page({ ...MARCH, indicator: "publication_timeliness", q: "〔2024〕r" });
    expect(p.items.items.map((i) => i.record_id)).toEqual(["r1", "r2", "r3"]);
    expect(p.items.counts).toEqual({ on_time: 1, missing: 1, late: 1 });
    const links = hrefs(html);
    expect(links).toContain("/unit?period=2024-03&asOf=2024-03-31&indicator=publication_timeliness&q=%E3%80%942024%E3%80%95r&status=late");
    expect(links.some((l) => l.startsWith("/unit/export?") && l.includes("q=%E3%80%942024%E3%80%95r") && l.includes("format=csv"))).toBe(true);
    expect(html).toMatch(/<input type="search"[^>]*name="q" value="〔2024〕r"/);
    // the export of that address holds exactly the items found
    const url = new URL("http://x/unit/export?period=2024-03&asOf=2024-03-31&indicator=publication_timeliness&q=R3&format=csv");
    const params = await exportParams(tx(), "620100", url, head("620100"));
    const csv = await (await exportItems(tx(), params!)).text();
    expect(csv.trim().split("\r\n").length).toBe(2);
    expect(csv).toContain("r3");
    // too long or with control characters: said, not searched
    expect((await load({ ...MARCH, q: "x".repeat(101) })).q.problems[0]!.zh).toBe("搜索过长（最多 100 个字符）");
  });

  it("sorts by a column header, the arrow showing the order, the order kept while paging", async () => {
    const { p, html } = await page({ ...MARCH, indicator: "publication_timeliness", sort: "days_late" });
    expect(p.sort).toEqual({ column: "days_late", dir: "desc" });
    expect(p.items.items.slice(0, 2).map((i) => i.record_id)).toEqual(["r2", "r3"]);
    expect(html).toContain('aria-sort="descending"');
    expect(html).toContain("▼");
    const links = hrefs(html);
    // the current column's header turns the order round; another column's starts from its own default
    expect(links).toContain("/unit?period=2024-03&asOf=2024-03-31&indicator=publication_timeliness&sort=days_late&dir=asc");
    expect(links).toContain("/unit?period=2024-03&asOf=2024-03-31&indicator=publication_timeliness&sort=deadline");
    // numbered pages keep the order: 63 items, 50 a page
    expect(links).toContain("/unit?period=2024-03&asOf=2024-03-31&indicator=publication_timeliness&sort=days_late&page=2");
    expect(html).toContain('aria-current="page">1</span>');
    const second = await page({ ...MARCH, indicator: "publication_timeliness", sort: "record_id", dir: "desc", page: "2" });
    expect(second.p.items.items.map((i) => i.record_id)).toEqual(Array.from({ length: 13 }, (_, i) => `ok${String(12 - i).padStart(2, "0")}`));
    expect((await load({ ...MARCH, indicator: "coverage", sort: "deadline" })).q.problems[0]!.zh).toBe("排序“deadline”不存在，可选：catalog_item、expected、collected");
    expect((await load({ ...MARCH, sort: "deadline", dir: "up" })).q.problems[0]!.en).toBe('there is no sort direction "up"; choose one of: asc, desc');
  });
});
