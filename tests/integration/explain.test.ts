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

describe("the XLSX export of a list", () => {
  it("has a title row, a frozen header with filters, and real date cells", async () => {
    const { exportItems } = await import("@/lib/export-items");
    const ExcelJS = (await import("exceljs")).default;
    for (const lang of ["zh", "en"] as const) {
      const r = await exportItems(db, { period: "2024-03", asOf: "2024-03-31", group: "region", entity: "620100", target: "publication_timeliness", lang, format: "xlsx" });
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(await r.arrayBuffer());
      const ws = wb.worksheets[0]!;
      const title = ws.getCell(1, 1).text;
      expect(title).toContain(lang === "zh" ? "（620100）" : "(620100)");
      expect(title).toContain("2024-03");
      expect(title).toContain(lang === "zh" ? "评价日期 2024-03-31" : "evaluated as of 2024-03-31");
      expect(title).toContain(lang === "zh" ? "共 4 条" : "4 items");
      expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 2 });
      expect(ws.autoFilter).toBeTruthy();
      const header = (ws.getRow(2).values as unknown[]).slice(1).map(String);
      const dateColumn = header.indexOf(lang === "zh" ? "决定日期" : "Decided") + 1;
      expect(dateColumn).toBeGreaterThan(0);
      const cell = ws.getCell(3, dateColumn);
      expect(cell.value).toBeInstanceOf(Date);
      expect((cell.value as Date).toISOString().slice(0, 10)).toBe("2024-03-01");
      expect(cell.numFmt).toBe("yyyy-mm-dd");
      expect(ws.rowCount).toBe(2 + 4);
    }
  });
});

describe("the pages' remembered lists", () => {
  it("answer as explain does until the evidence changes, masked unless full numbers are asked for", async () => {
    const { cachedExplain } = await import("@/lib/scoring/explain");
    const { bumpEvidenceVersion } = await import("@/lib/scoring/evidence-version");
    const q = { period: "2024-03", asOf: "2024-03-31", group: "region" as const, entity: "620100", target: "publication_timeliness" as const, limit: 50 };
    const first = await cachedExplain(db, q);
    expect(first).toEqual(await explain(db, q));
    expect(await cachedExplain(db, { ...q, idNumbers: "full" })).toEqual(await explain(db, { ...q, idNumbers: "full" }));
    // a row added behind the cache's back is not seen until the evidence version moves, as every import moves it
    await insertRows(db, "records", [record("r9", "A1", "2024-03-05", "2024-03-06", "2024-03-06")]);
    expect((await cachedExplain(db, q)).total).toBe(first.total);
    await bumpEvidenceVersion(db);
    expect((await cachedExplain(db, q)).total).toBe(first.total + 1);
    await db.query(`DELETE FROM records WHERE record_id = 'r9'`);
    await bumpEvidenceVersion(db);
  });
});

describe("the remembered exports", () => {
  it("give the same bytes as a fresh export until the evidence changes", async () => {
    const { cachedExportItems, exportItems } = await import("@/lib/export-items");
    const { bumpEvidenceVersion } = await import("@/lib/scoring/evidence-version");
    const q = { period: "2024-03", asOf: "2024-03-31", group: "region" as const, entity: "620100", target: "publication_timeliness" as const, lang: "zh" as const, format: "csv" as const };
    const fresh = Buffer.from(await (await exportItems(db, q)).arrayBuffer());
    const first = await cachedExportItems(db, q);
    expect(first.headers.get("content-disposition")).toContain(".csv");
    expect(Buffer.from(await first.arrayBuffer()).equals(fresh)).toBe(true);
    expect(Buffer.from(await (await cachedExportItems(db, q)).arrayBuffer()).equals(fresh)).toBe(true);
    await insertRows(db, "records", [record("r8", "A1", "2024-03-06", "2024-03-07", "2024-03-07")]);
    await bumpEvidenceVersion(db);
    const after = (await (await cachedExportItems(db, q)).text()).split("\r\n").filter(Boolean);
    expect(after.some((l) => l.startsWith("r8,"))).toBe(true);
    await db.query(`DELETE FROM records WHERE record_id = 'r8'`);
    await bumpEvidenceVersion(db);
  });
});
