import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Connection } from "@/db/client";
import { explain, SORTABLE } from "@/lib/scoring/explain";
import { todoList, TO_DO_TASKS } from "@/lib/scoring/todo";
import { freshDatabase } from "../helpers/db";
import { feedbackRow, insertRows, insertUnits, obligation, record } from "../helpers/fixtures";

// The unit page's lists in SQL (issue 9): the to-do list (late and missing items, missing first, days
// late in working days), the search by record, decision or case number, and sorting with a stable order.
let db: Connection & { drop(): Promise<void> };

const MARCH = { period: "2024-03", asOf: "2024-03-31", group: "region" as const, entity: "620100" };

beforeAll(async () => {
  db = await freshDatabase();
  await insertUnits(db, ["620100", "D1", "A1"]);
  // deadlines (7 working days after the decision): 03-01 → 03-12, 03-04 → 03-13; March 2024 has no holiday
  await insertRows(db, "records", [
    record("r1", "A1", "2024-03-01", "2024-03-12", "2024-03-13"), // published on time, collected 1 working day late
    record("r2", "A1", "2024-03-01", null, null, false), // missing both: 13 working days after 03-12 by 03-31
    record("r3", "A1", "2024-03-04", "2024-03-20", "2024-03-05"), // published 5 working days late (14, 15, 18, 19, 20)
    record("r4", "A1", "2024-03-29", "2024-04-01", "2024-04-01"), // not due by 03-31
    { ...record("x%_5", "A1", "2024-03-05", "2024-03-06", "2024-03-06"), decision_no: "甘市监罚〔2024〕88号" },
  ]);
  await insertRows(db, "cases", [
    obligation("C1", "M1", "A1", "D1", "2024-03-20"),
    obligation("C1", "M2", "A1", "D1", "2024-03-25"),
    obligation("C1", "M3", "A1", "D1", "2024-03-28"),
  ]);
  await insertRows(db, "feedback", [feedbackRow("C1", "M1", "A1", "2024-03-19"), feedbackRow("C1", "M2", "A1", "2024-03-26")]);
});

afterAll(async () => {
  await db?.drop();
});

const brief = (items: Record<string, unknown>[]) => items.map((i) => [i.task, i.number, i.measure_code ?? null, i.status, i.days_late]);

describe("the to-do list", () => {
  it("lists the late and missing items of every list with a deadline, missing first, the latest first, with working days late", async () => {
    const r = await todoList(db, MARCH);
    expect(brief(r.items)).toEqual([
      ["collection_timeliness", "r2", null, "missing", 13],
      ["publication_timeliness", "r2", null, "missing", 13],
      ["feedback_timeliness", "C1", "M3", "missing", 1],
      ["publication_timeliness", "r3", null, "late", 5],
      ["collection_timeliness", "r1", null, "late", 1],
      ["feedback_timeliness", "C1", "M2", "late", 1],
    ]);
    expect(r.counts).toEqual({ missing: 3, late: 3 });
    expect(r.total).toBe(6);
    const r3 = r.items.find((i) => i.number === "r3")!;
    expect(r3).toMatchObject({ deadline: "2024-03-13", done_date: "2024-03-20", date: "2024-03-04", decision_no: "决定〔2024〕r3号", unit_code: "A1" });
  });

  it("holds exactly the late and missing items of the item lists", async () => {
    const r = await todoList(db, { ...MARCH, limit: 1000 });
    for (const task of TO_DO_TASKS) {
      const e = await explain(db, { ...MARCH, target: task, statuses: ["late", "missing"], limit: 1000, daysLate: true });
      const fromTodo = r.items.filter((i) => i.task === task).map((i) => `${String(i.number)}/${(i.measure_code as string | null) ?? ""}/${String(i.status)}`).sort();
      const fromList = e.items.map((i) => `${String(i.record_id ?? i.case_id)}/${(i.measure_code as string | null) ?? ""}/${String(i.status)}`).sort();
      expect(fromTodo, task).toEqual(fromList);
      expect(e.items.map((i) => i.days_late).sort(), task).toEqual(r.items.filter((i) => i.task === task).map((i) => i.days_late).sort());
    }
  });

  it("filters by status, searches numbers (any case, % and _ as plain characters) and pages in a stable order", async () => {
    expect(brief((await todoList(db, { ...MARCH, status: "late" })).items).map((i) => i[1])).toEqual(["r3", "r1", "C1"]);
    const late = await todoList(db, { ...MARCH, status: "late" });
    expect([late.total, late.counts]).toEqual([3, { missing: 3, late: 3 }]);
    const r2 = await todoList(db, { ...MARCH, search: "R2" });
    expect([r2.total, r2.counts, r2.items.map((i) => i.number)]).toEqual([2, { missing: 2, late: 0 }, ["r2", "r2"]]);
    expect((await todoList(db, { ...MARCH, search: "〔2024〕r3" })).items.map((i) => [i.task, i.number])).toEqual([["publication_timeliness", "r3"]]);
    expect((await todoList(db, { ...MARCH, search: "c1" })).items.map((i) => i.measure_code)).toEqual(["M3", "M2"]);
    expect((await todoList(db, { ...MARCH, search: "m2" })).total).toBe(1);
    expect((await todoList(db, { ...MARCH, search: "%" })).total).toBe(0);
    expect((await todoList(db, { ...MARCH, search: "'; DROP TABLE records; --" })).total).toBe(0);
    const byDeadline = await todoList(db, { ...MARCH, sort: { column: "deadline", dir: "asc" } });
    expect(byDeadline.items.map((i) => i.deadline)).toEqual(["2024-03-12", "2024-03-12", "2024-03-12", "2024-03-13", "2024-03-25", "2024-03-28"]);
    const byNumber = await todoList(db, { ...MARCH, sort: { column: "number", dir: "desc" } });
    expect(byNumber.items.map((i) => i.number)).toEqual(["r3", "r2", "r2", "r1", "C1", "C1"]);
    // pages of two put together are the whole list, in its order
    const whole = await todoList(db, { ...MARCH, sort: { column: "days_late", dir: "asc" } });
    const paged = [];
    for (let offset = 0; offset < 6; offset += 2) paged.push(...(await todoList(db, { ...MARCH, sort: { column: "days_late", dir: "asc" }, limit: 2, offset })).items);
    expect(brief(paged)).toEqual(brief(whole.items));
    expect(whole.items.map((i) => i.days_late)).toEqual([1, 1, 1, 5, 13, 13]);
  });

  it("is empty when everything due was done on time", async () => {
    const r = await todoList(db, { ...MARCH, asOf: "2024-03-11" });
    expect([r.total, r.items, r.counts]).toEqual([0, [], { missing: 0, late: 0 }]);
  });
});

describe("an item list's search and order", () => {
  it("searches the record number and the decision number, in the counts too", async () => {
    const r = await explain(db, { ...MARCH, target: "publication_timeliness", search: "88号" });
    expect(r.items.map((i) => i.record_id)).toEqual(["x%_5"]);
    expect([r.total, r.counts]).toEqual([1, { on_time: 1 }]);
    expect((await explain(db, { ...MARCH, target: "publication_timeliness", search: "%_" })).items.map((i) => i.record_id)).toEqual(["x%_5"]);
    expect((await explain(db, { ...MARCH, target: "publication_timeliness", search: "R", status: "missing" })).items.map((i) => i.record_id)).toEqual(["r2"]);
    expect((await explain(db, { ...MARCH, target: "feedback_timeliness", search: "m3", daysLate: true })).items.map((i) => [i.case_id, i.measure_code, i.days_late])).toEqual([["C1", "M3", 1]]);
    expect((await explain(db, { ...MARCH, target: "coverage", search: "nothing" })).total).toBe(0);
    expect((await explain(db, { ...MARCH, target: "violations", search: "c1" })).total).toBe(0);
  });

  it("gives working days late to late and missing items only, when asked (the annex and the exports do without)", async () => {
    expect((await explain(db, { ...MARCH, target: "publication_timeliness" })).items.some((i) => "days_late" in i)).toBe(false);
    const r = await explain(db, { ...MARCH, target: "publication_timeliness", daysLate: true });
    expect(Object.fromEntries(r.items.map((i) => [i.record_id, i.days_late]))).toEqual({ r1: null, r2: 13, r3: 5, r4: null, "x%_5": null });
  });

  it("sorts by every sortable column, empty values last, the default order breaking ties", async () => {
    for (const target of ["publication_timeliness", "collection_timeliness", "compliance", "feedback_timeliness", "feedback_coverage", "coverage", "violations"] as const) {
      for (const column of SORTABLE[target]) {
        for (const dir of ["asc", "desc"] as const) {
          const r = await explain(db, { ...MARCH, target, sort: { column, dir } });
          const values = r.items.map((i) => i[column] as string | number | null);
          const present = values.filter((v) => v !== null);
          const sorted = [...present].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
          expect(present, `${target} ${column} ${dir}`).toEqual(dir === "asc" ? sorted : sorted.reverse());
          expect(values.slice(present.length).every((v) => v === null), `${target} ${column} ${dir}: empty last`).toBe(true);
        }
      }
    }
    const byLate = await explain(db, { ...MARCH, target: "publication_timeliness", sort: { column: "days_late", dir: "desc" } });
    expect(byLate.items.map((i) => i.record_id)).toEqual(["r2", "r3", "r1", "x%_5", "r4"]);
    const byPublished = await explain(db, { ...MARCH, target: "publication_timeliness", sort: { column: "published_date", dir: "desc" }, limit: 2, offset: 2 });
    expect(byPublished.items.map((i) => i.record_id)).toEqual(["r1", "x%_5"]);
  });
});
