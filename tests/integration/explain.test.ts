import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Connection } from "@/db/client";
import { explain } from "@/lib/scoring/explain";
import { INDICATORS } from "@/lib/scoring/indicators";
import { scorePeriod } from "@/lib/scoring/score";
import { freshDatabase } from "../helpers/db";
import { feedbackRow, insertRows, insertUnits, obligation, record } from "../helpers/fixtures";

let db: Connection & { drop(): Promise<void> };

beforeAll(async () => {
  db = await freshDatabase();
  await insertUnits(db, ["620100", "D1", "A1"]);
  await insertRows(db, "records", [
    record("r1", "A1", "2024-03-01", "2024-03-12", "2024-03-13"),
    record("r2", "A1", "2024-03-01", null, null, false),
    record("r3", "A1", "2024-03-04", "2024-03-20", "2024-03-05"),
    record("r4", "A1", "2024-03-29", "2024-04-01", "2024-04-01"),
  ]);
  await insertRows(db, "stats", [{ unit_code: "A1", catalog_item: "X", period: "2024-03", expected: 10, collected: 4 }]);
  await insertRows(db, "cases", [
    obligation("C1", "M1", "A1", "D1", "2024-03-20"),
    obligation("C1", "M2", "A1", "D1", "2024-03-25"),
    obligation("C1", "M3", "A1", "D1", "2024-03-28"),
  ]);
  await insertRows(db, "objections", [{ objection_id: "O1", case_id: "C1", filed_date: "2024-03-21", resolved_date: null, outcome: "" }]);
  await insertRows(db, "feedback", [feedbackRow("C1", "M1", "A1", "2024-03-19"), feedbackRow("C1", "M2", "A1", "2024-03-26")]);
});

afterAll(async () => {
  await db?.drop();
});

describe("explaining a figure down to its records", () => {
  it("lists exactly the items behind every numerator and denominator", async () => {
    const asOf = "2024-03-31";
    const doc = await scorePeriod(db, "2024-03", asOf);
    for (const group of ["region", "department"] as const) {
      const entity = doc.groups[group][0]!;
      for (const indicator of INDICATORS) {
        const fig = entity.indicators[indicator];
        const { counts } = await explain(db, { period: "2024-03", asOf, group, entity: entity.code, target: indicator });
        const good = indicator === "compliance" ? "compliant" : indicator === "coverage" ? null : indicator === "feedback_coverage" ? "answered" : "on_time";
        if (good) {
          expect(counts[good] ?? 0, `${group} ${indicator} numerator`).toBe(fig.numerator);
          const due = Object.entries(counts).filter(([s]) => s !== "not_due").reduce((s, [, n]) => s + n, 0);
          expect(due, `${group} ${indicator} denominator`).toBe(fig.denominator);
        }
      }
      const v = await explain(db, { period: "2024-03", asOf, group, entity: entity.code, target: "violations" });
      expect(v.total).toBe(entity.violations);
    }
  });

  it("gives each record its status and pages through a filtered list", async () => {
    const r = await explain(db, { period: "2024-03", asOf: "2024-03-31", group: "region", entity: "620100", target: "publication_timeliness" });
    expect(r.counts).toEqual({ on_time: 1, missing: 1, late: 1, not_due: 1 });
    const late = await explain(db, { period: "2024-03", asOf: "2024-03-31", group: "region", entity: "620100", target: "publication_timeliness", status: "missing" });
    expect(late.total).toBe(1);
    expect(late.items.map((i) => i.record_id)).toEqual(["r2"]);
    const page = await explain(db, { period: "2024-03", asOf: "2024-03-31", group: "region", entity: "620100", target: "compliance", limit: 2, offset: 2 });
    expect(page.total).toBe(4);
    expect(page.items.map((i) => i.record_id)).toEqual(["r3", "r4"]);
    const cov = await explain(db, { period: "2024-03", asOf: "2024-03-31", group: "department", entity: "D1", target: "coverage" });
    expect(cov.items).toMatchObject([{ unit_code: "A1", expected: 10, collected: 4, counted: 4, status: "short" }]);
    const vio = await explain(db, { period: "2024-03", asOf: "2024-03-31", group: "department", entity: "D1", target: "violations" });
    expect(vio.items).toMatchObject([{ case_id: "C1", measure_code: "M2", objection_id: "O1" }]);
  });
});
