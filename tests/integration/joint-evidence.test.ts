import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importFile } from "@/lib/ingest/import";
import type { ImportKind } from "@/lib/ingest/kinds";
import { OFFICE } from "../helpers/actors";
import { freshDatabase, rollbackEach, type TestDatabase } from "../helpers/db";
import { csv, tempDir, writeText } from "../helpers/files";
import { undoBatch } from "@/lib/ingest/undo";

/**
 * The evidence of the joint-measures cycle (issue 11, docs/design/joint-cycle.md §1): the measure
 * lists, receipts, notifications and credit checks import like the other kinds (inserted, unchanged on
 * re-import, updated and audited on change, rejected rows by number, flagged rows stored), and the
 * optional dates added to cases, objections and repairs are kept by a file that lacks their column.
 */
let db: TestDatabase;
let dir: string;
const tx = rollbackEach(() => db);

const A = "620100";
const B = "620200";
const CASE_HEADER = ["case_id", "initiating_unit", "subject_code", "subject_name", "list_type", "area", "measure_code", "implementing_unit", "pushed_date", "due_date"];
const kase = (id: string, initiating: string, measure: string, implementing: string) => [id, initiating, "91350100M000100Y43", "某公司", "black", "税务", measure, implementing, "2024-03-01", "2024-03-15"];

let files = 0;
const file = (rows: string[][]) => writeText(dir, `f${++files}.csv`, csv(rows));
const run = (kind: ImportKind, rows: string[][], opts: { scope?: string } = {}) =>
  importFile(tx(), kind, file(rows), { actor: "test", lang: "en", ...(opts.scope ? { scope: opts.scope, outOfScope: "reject" as const } : {}) });
const rows = <T>(q: string) => tx().query<T & Record<string, unknown>>(q);
const audits = (entity: string) => rows<{ entity_key: string; before: Record<string, unknown>; after: Record<string, unknown> }>(
  `SELECT entity_key, before, after FROM audit_log WHERE action = 'update' AND entity = '${entity}' ORDER BY id`,
);

beforeAll(async () => {
  db = await freshDatabase();
  dir = tempDir();
  const units = await importFile(db, "units", writeText(dir, "units.csv", csv([
    ["code", "name", "type", "parent_code", "region_code", "line_code"],
    ["620000", "甘肃省", "region", "", "", ""],
    [A, "兰州市", "region", "620000", "", ""],
    [B, "嘉峪关市", "region", "620000", "", ""],
    ["SCJGJ", "省市场监管局", "department", "", "620000", ""],
    ["A1", "兰州市市场监管局", "agency", "", A, "SCJGJ"],
    ["B1", "嘉峪关市市场监管局", "agency", "", B, "SCJGJ"],
  ])), { actor: "test" });
  expect(units.summary.rejected).toEqual([]);
  // C-A: initiated by A, its measures implemented by A1 and B1; C-B: initiated by B, implemented by A1
  const cases = await importFile(db, "cases", writeText(dir, "cases.csv", csv([CASE_HEADER, kase("C-A", A, "M1", "A1"), kase("C-A", A, "M1", "B1"), kase("C-B", B, "M2", "A1")])), { actor: "test" });
  expect(cases.summary).toMatchObject({ inserted: 3, rejected: [] });
});

afterAll(async () => {
  await db?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Imports `first`, then the same file again (unchanged), then `changed` (one row updated and audited). */
async function lifecycle(kind: ImportKind, first: string[][], changed: string[][], key: string) {
  const a = await run(kind, first);
  expect(a.summary, kind).toMatchObject({ inserted: first.length - 1, updated: 0, rejected: [] });
  const again = await run(kind, first);
  expect(again.summary, kind).toMatchObject({ inserted: 0, updated: 0, unchanged: first.length - 1 });
  const c = await run(kind, changed);
  expect(c.summary, kind).toMatchObject({ inserted: 0, updated: 1, rejected: [] });
  const [audit] = await audits(kind);
  expect(audit?.entity_key, kind).toBe(key);
  return audit!;
}

describe("measures (措施清单)", () => {
  const HEADER = ["措施编码", "措施名称", "设定依据", "清单级别", "名单类型", "措施性质", "施行日期", "废止日期"];
  it("imports versions by effective date, unchanged on re-import, a change updated and audited", async () => {
    const first = [HEADER, ["M1", "限制参加政府采购", "政府采购法", "全国基础清单", "黑名单", "强制性", "2024-01-01", "2025-01-01"], ["M1", "限制参加政府采购", "政府采购法", "national", "black", "1", "2025-01-01", ""], ["M2", "列为重点监管对象", "", "省补充清单", "黑名单", "推荐性", "2024-01-01", ""]];
    const changed = [HEADER, ["M2", "列为重点监管对象", "", "省级", "black", "是", "2024-01-01", ""]];
    const audit = await lifecycle("measures", first, changed, "M2|2024-01-01");
    expect(audit.before).toMatchObject({ mandatory: "0", list_level: "province" });
    expect(audit.after).toMatchObject({ mandatory: "1", list_level: "province" });
    const stored = await rows<{ measure_code: string; effective_from: string; effective_to: string | null; list_level: string; mandatory: string }>(
      `SELECT measure_code, effective_from, effective_to, list_level, mandatory FROM measures ORDER BY measure_code, effective_from`,
    );
    expect(stored).toEqual([
      { measure_code: "M1", effective_from: "2024-01-01", effective_to: "2025-01-01", list_level: "national", mandatory: "1" },
      { measure_code: "M1", effective_from: "2025-01-01", effective_to: null, list_level: "national", mandatory: "1" },
      { measure_code: "M2", effective_from: "2024-01-01", effective_to: null, list_level: "province", mandatory: "1" },
    ]);
  });

  it("rejects a row without its code or effective date, flags inconsistent dates and unknown values", async () => {
    const { summary } = await run("measures", [
      ["measure_code", "name", "list_level", "list_type", "mandatory", "effective_from", "effective_to"],
      ["M1", "x", "national", "red", "1", "2024-06-01", "2024-01-01"],
      ["", "x", "national", "red", "1", "2024-01-01", ""],
      ["M3", "x", "national", "red", "1", "", ""],
      ["M4", "x", "市级", "grey", "maybe", "2024-01-01", ""],
    ]);
    expect(summary).toMatchObject({ rows: 4, inserted: 2 });
    expect(summary.rejected).toEqual([
      { row: 2, errors: ["measure_code: is required"] },
      { row: 3, errors: ["effective_from: date is required"] },
    ]);
    const stored = await rows<{ measure_code: string; flags: string[] }>(`SELECT measure_code, flags FROM measures ORDER BY measure_code`);
    expect(stored).toEqual([
      { measure_code: "M1", flags: ["effective_to_before_from"] },
      { measure_code: "M4", flags: ["list_level_invalid", "list_type_invalid", "mandatory_invalid"] },
    ]);
  });

  it("is the office's: a unit's upload is refused", async () => {
    await expect(run("measures", [["measure_code", "name", "list_level", "list_type", "mandatory", "effective_from"], ["M1", "x", "national", "red", "1", "2024-01-01"]], { scope: A })).rejects.toMatchObject({
      status: 403,
    });
  });
});

describe("receipts (响应)", () => {
  const HEADER = ["案件编号", "措施编码", "实施部门", "接收日期"];
  it("imports, unchanged on re-import, a change updated and audited", async () => {
    const audit = await lifecycle("receipts", [HEADER, ["C-A", "M1", "A1", "2024-03-04"], ["C-B", "M2", "A1", "2024-03-05"]], [HEADER, ["C-A", "M1", "A1", "2024-03-06"]], "C-A|M1|A1");
    expect(audit.before).toMatchObject({ received_date: "2024-03-04" });
    expect(audit.after).toMatchObject({ received_date: "2024-03-06" });
  });

  it("rejects a row without its key or date and one that names no obligation", async () => {
    const { summary } = await run("receipts", [HEADER, ["C-A", "M1", "B1", "2024-03-04"], ["C-A", "M9", "A1", "2024-03-04"], ["C-A", "M1", "", "2024-03-04"], ["C-B", "M2", "A1", "2024-13-01"]]);
    expect(summary).toMatchObject({ rows: 4, inserted: 1 });
    expect(summary.rejected).toEqual([
      { row: 2, errors: ['case_id/measure_code/implementing_unit: obligation "C-A/M9/A1" does not exist (import it with cases first)'] },
      { row: 3, errors: ["implementing_unit: is required"] },
      { row: 4, errors: ['received_date: unreadable date "2024-13-01" (expected YYYY-MM-DD)'] },
    ]);
  });
});

describe("notifications (告知)", () => {
  const HEADER = ["案件编号", "告知日期", "告知方式"];
  it("imports, unchanged on re-import, a change updated and audited", async () => {
    const audit = await lifecycle("notifications", [HEADER, ["C-A", "2024-02-26", "书面"], ["C-B", "2024-02-27", ""]], [HEADER, ["C-B", "2024-02-27", "短信"]], "C-B");
    expect(audit.after).toMatchObject({ method: "短信" });
  });

  it("rejects a row without its case or date and one that names no case", async () => {
    const { summary } = await run("notifications", [["case_id", "notified_date"], ["C-404", "2024-02-26"], ["", "2024-02-26"], ["C-A", ""]]);
    expect(summary).toMatchObject({ rows: 3, inserted: 0 });
    expect(summary.rejected).toEqual([
      { row: 1, errors: ['case_id: case "C-404" does not exist (import it with cases first)'] },
      { row: 2, errors: ["case_id: is required"] },
      { row: 3, errors: ["notified_date: date is required"] },
    ]);
  });
});

describe("credit checks (应查必查)", () => {
  const HEADER = ["单位编码", "统计月份", "行政许可决定数", "事前查询信用数"];
  it("imports, unchanged on re-import, a change updated and audited; more checked than licences is flagged", async () => {
    const audit = await lifecycle("credit_checks", [HEADER, ["A1", "2024-03", "10", "9"], ["A1", "2024/4", "5", "6"]], [HEADER, ["A1", "2024-03", "10", "10"]], "A1|2024-03");
    expect(audit.after).toMatchObject({ checked: 10 });
    const stored = await rows<{ period: string; flags: string[] }>(`SELECT period, flags FROM credit_checks ORDER BY period`);
    expect(stored).toEqual([
      { period: "2024-03", flags: [] },
      { period: "2024-04", flags: ["checked_exceeds_licences"] },
    ]);
  });

  it("rejects a row without its unit or month and one of an unknown unit", async () => {
    const { summary } = await run("credit_checks", [HEADER, ["NOPE", "2024-03", "1", "1"], ["", "2024-03", "1", "1"], ["A1", "", "1", "1"]]);
    expect(summary).toMatchObject({ rows: 3, inserted: 0 });
    expect(summary.rejected).toEqual([
      { row: 1, errors: ['unit_code: unit "NOPE" does not exist (import it with units first)'] },
      { row: 2, errors: ["unit_code: is required"] },
      { row: 3, errors: ['period: must be YYYY-MM, got ""'] },
    ]);
  });
});

describe("the new optional columns of cases, objections and repairs", () => {
  const WITH = [...CASE_HEADER, "认定日期", "惩戒期限截止日期", "重点关注有效期至", "退出日期", "退出原因"];
  const dates = (id = "C-A") =>
    rows<{ implementing_unit: string; listed_date: string | null; term_end: string | null; valid_until: string | null; ended_date: string | null; end_reason: string; flags: string[] }>(
      `SELECT implementing_unit, listed_date, term_end, valid_until, ended_date, end_reason, flags FROM cases WHERE case_id = '${id}' ORDER BY implementing_unit`,
    );

  it("a file without the columns keeps the stored dates; with them empty, clears them (updated, audited)", async () => {
    const full = [WITH, [...kase("C-A", A, "M1", "A1"), "2024-02-28", "2025-02-27", "", "2024-04-15", "信用修复"], [...kase("C-A", A, "M1", "B1"), "2024-02-28", "2025-02-27", "", "2024-04-15", "repaired"]];
    expect((await run("cases", full)).summary).toMatchObject({ updated: 2, rejected: [] });
    const kept = { listed_date: "2024-02-28", term_end: "2025-02-27", valid_until: null, ended_date: "2024-04-15", end_reason: "repaired", flags: [] };
    expect(await dates()).toEqual([{ implementing_unit: "A1", ...kept }, { implementing_unit: "B1", ...kept }]);

    // the old format: nothing to say about the new columns, nothing changes
    const old = await run("cases", [CASE_HEADER, kase("C-A", A, "M1", "A1"), kase("C-A", A, "M1", "B1")]);
    expect(old.summary).toMatchObject({ inserted: 0, updated: 0, unchanged: 2 });
    expect(await dates()).toEqual([{ implementing_unit: "A1", ...kept }, { implementing_unit: "B1", ...kept }]);
    // the same file again: unchanged
    expect((await run("cases", full)).summary).toMatchObject({ updated: 0, unchanged: 2 });

    // the columns present and empty: cleared
    const before = (await audits("cases")).length;
    const cleared = await run("cases", [WITH, [...kase("C-A", A, "M1", "A1"), "", "", "", "", ""]]);
    expect(cleared.summary).toMatchObject({ updated: 1, unchanged: 0 });
    const [a1, b1] = await dates();
    // cleared on one obligation of the case only: it now disagrees with the case's other row, which the file did not name
    expect(a1).toEqual({ implementing_unit: "A1", listed_date: null, term_end: null, valid_until: null, ended_date: null, end_reason: "", flags: ["case_fields_disagree"] });
    expect(b1).toEqual({ implementing_unit: "B1", ...kept });
    const audit = (await audits("cases")).slice(before);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ entity_key: "C-A|M1|A1", before: { listed_date: "2024-02-28", end_reason: "repaired" }, after: { listed_date: null, end_reason: "" } });
  });

  it("in JSON Lines a field left out keeps the stored date, null clears it", async () => {
    const obj = (over: object) => JSON.stringify({ ...Object.fromEntries(CASE_HEADER.map((h, i) => [h, kase("C-B", B, "M2", "A1")[i]])), ...over });
    const jsonl = (over: object) => writeText(dir, `f${++files}.jsonl`, obj(over) + "\n");
    await importFile(tx(), "cases", jsonl({ listed_date: "2024-02-28", term_end: "2025-02-27" }), { actor: "test" });
    expect((await importFile(tx(), "cases", jsonl({}), { actor: "test" })).summary).toMatchObject({ updated: 0, unchanged: 1 });
    expect((await importFile(tx(), "cases", jsonl({ term_end: null }), { actor: "test" })).summary).toMatchObject({ updated: 1 });
    expect(await dates("C-B")).toEqual([{ implementing_unit: "A1", listed_date: "2024-02-28", term_end: null, valid_until: null, ended_date: null, end_reason: "", flags: [] }]);
  });

  it("one column present keeps the others; an undo gives the dates back", async () => {
    await run("cases", [WITH, [...kase("C-B", B, "M2", "A1"), "2024-02-28", "2025-02-27", "", "", ""]]);
    const { batchId } = await run("cases", [[...CASE_HEADER, "退出日期", "退出原因"], [...kase("C-B", B, "M2", "A1"), "2024-05-06", "期限届满"]]);
    expect(await dates("C-B")).toEqual([{ implementing_unit: "A1", listed_date: "2024-02-28", term_end: "2025-02-27", valid_until: null, ended_date: "2024-05-06", end_reason: "term_expired", flags: [] }]);
    await undoBatch(tx(), OFFICE, batchId, "测试撤销");
    expect(await dates("C-B")).toEqual([{ implementing_unit: "A1", listed_date: "2024-02-28", term_end: "2025-02-27", valid_until: null, ended_date: null, end_reason: "", flags: [] }]);
  });

  it("flags the rows of a case that disagree on the case's dates, all of them", async () => {
    const { summary } = await run("cases", [WITH, [...kase("C-A", A, "M1", "A1"), "2024-02-28", "", "", "2024-04-15", "repaired"], [...kase("C-A", A, "M1", "B1"), "2024-02-28", "", "", "2024-04-16", "repaired"], [...kase("C-B", B, "M2", "A1"), "2024-02-28", "", "", "", ""]]);
    expect(summary).toMatchObject({ updated: 3, rejected: [] });
    const flags = await rows<{ case_id: string; implementing_unit: string; flags: string[] }>(`SELECT case_id, implementing_unit, flags FROM cases ORDER BY case_id, implementing_unit`);
    expect(flags).toEqual([
      { case_id: "C-A", implementing_unit: "A1", flags: ["case_fields_disagree"] },
      { case_id: "C-A", implementing_unit: "B1", flags: ["case_fields_disagree"] },
      { case_id: "C-B", implementing_unit: "A1", flags: [] },
    ]);
  });

  it("flags inconsistent dates and clears an unreadable one or an unknown reason; a file without the columns keeps the flags too", async () => {
    const { summary } = await run("cases", [
      WITH,
      [...kase("C-A", A, "M1", "A1"), "2024-03-10", "", "2024-03-01", "2024-02-01", "移出名单"],
      [...kase("C-A", A, "M1", "B1"), "2024-02-30", "", "", "", "撤回"],
    ]);
    expect(summary).toMatchObject({ updated: 2, rejected: [] });
    expect(await dates()).toEqual([
      { implementing_unit: "A1", listed_date: "2024-03-10", term_end: null, valid_until: "2024-03-01", ended_date: "2024-02-01", end_reason: "list_exit", flags: ["case_fields_disagree", "valid_until_before_listed", "ended_before_pushed"] },
      { implementing_unit: "B1", listed_date: null, term_end: null, valid_until: null, ended_date: null, end_reason: "", flags: ["listed_date_invalid", "end_reason_invalid", "case_fields_disagree"] },
    ]);
    // the old format says nothing of these dates: they stay, and so do the flags about them
    const old = await run("cases", [CASE_HEADER, kase("C-A", A, "M1", "A1"), kase("C-A", A, "M1", "B1")]);
    expect(old.summary).toMatchObject({ updated: 0, unchanged: 2 });
    expect((await dates()).map((d) => d.flags)).toEqual([
      ["case_fields_disagree", "valid_until_before_listed", "ended_before_pushed"],
      ["listed_date_invalid", "end_reason_invalid", "case_fields_disagree"],
    ]);
    // a later pushed date is compared with the kept end date
    const later = await run("cases", [CASE_HEADER, [...kase("C-A", A, "M1", "A1").slice(0, 8), "2024-01-15", "2024-03-15"]]);
    expect(later.summary).toMatchObject({ updated: 1 });
    expect((await dates())[0]!.flags).toEqual(["case_fields_disagree", "valid_until_before_listed"]);
  });

  it("objections: due and withdrawn dates kept by an old file, withdrawn before filed flagged", async () => {
    const WITH_O = ["异议编号", "案件编号", "提出日期", "办结日期", "处理结果", "办理期限", "撤销措施日期"];
    await run("objections", [WITH_O, ["O1", "C-A", "2024-03-05", "2024-03-20", "异议成立", "2024-03-26", "2024-03-22"], ["O2", "C-A", "2024-03-05", "", "", "", "2024-03-01"]]);
    const old = await run("objections", [["objection_id", "case_id", "filed_date", "resolved_date", "outcome"], ["O1", "C-A", "2024-03-05", "2024-03-20", "upheld"]]);
    expect(old.summary).toMatchObject({ updated: 0, unchanged: 1 });
    const stored = await rows<{ objection_id: string; due_date: string | null; withdrawn_date: string | null; flags: string[] }>(`SELECT objection_id, due_date, withdrawn_date, flags FROM objections ORDER BY objection_id`);
    expect(stored).toEqual([
      { objection_id: "O1", due_date: "2024-03-26", withdrawn_date: "2024-03-22", flags: [] },
      { objection_id: "O2", due_date: null, withdrawn_date: "2024-03-01", flags: ["withdrawn_before_filed"] },
    ]);
  });

  it("repairs: accepted and removed dates kept by an old file, removed before completed flagged", async () => {
    const WITH_R = ["修复编号", "案件编号", "受理单位编码", "申请日期", "受理日期", "完成日期", "移出名单日期", "处理结果"];
    await run("repairs", [WITH_R, ["X1", "C-A", A, "2024-04-01", "2024-04-02", "2024-04-10", "2024-04-12", "修复成功"], ["X2", "C-A", A, "2024-04-01", "", "2024-04-10", "2024-04-09", "approved"]]);
    const old = await run("repairs", [["repair_id", "case_id", "unit_code", "applied_date", "completed_date", "outcome"], ["X1", "C-A", A, "2024-04-01", "2024-04-10", "approved"]]);
    expect(old.summary).toMatchObject({ updated: 0, unchanged: 1 });
    const stored = await rows<{ repair_id: string; accepted_date: string | null; removed_date: string | null; flags: string[] }>(`SELECT repair_id, accepted_date, removed_date, flags FROM repairs ORDER BY repair_id`);
    expect(stored).toEqual([
      { repair_id: "X1", accepted_date: "2024-04-02", removed_date: "2024-04-12", flags: [] },
      { repair_id: "X2", accepted_date: null, removed_date: "2024-04-09", flags: ["removed_before_completed"] },
    ]);
  });
});

describe("a unit's upload delivers the new kinds of its own unit only", () => {
  it("receipts of the measures it implements", async () => {
    const { summary } = await run("receipts", [["case_id", "measure_code", "implementing_unit", "received_date"], ["C-A", "M1", "A1", "2024-03-04"], ["C-A", "M1", "B1", "2024-03-04"]], { scope: A });
    expect(summary).toMatchObject({ inserted: 1, rejected: [{ row: 2, errors: ['implementing_unit: unit "B1" is neither 620100 nor one of its agencies'] }] });
  });

  it("notifications of the cases it initiated", async () => {
    const { summary } = await run("notifications", [["case_id", "notified_date"], ["C-A", "2024-02-26"], ["C-B", "2024-02-26"]], { scope: A });
    expect(summary).toMatchObject({ inserted: 1, rejected: [{ row: 2, errors: ['case_id: case "C-B" was initiated by unit "620200", which is neither 620100 nor one of its agencies'] }] });
    const [batch] = await rows<{ unit_codes: string[] }>(`SELECT unit_codes FROM import_batches ORDER BY id DESC LIMIT 1`);
    expect(batch!.unit_codes).toEqual([A]);
  });

  it("credit checks of its own agencies", async () => {
    const { summary } = await run("credit_checks", [["unit_code", "period", "licences", "checked"], ["A1", "2024-03", "3", "3"], ["B1", "2024-03", "3", "3"]], { scope: A });
    expect(summary).toMatchObject({ inserted: 1, rejected: [{ row: 2, errors: ['unit_code: unit "B1" is neither 620100 nor one of its agencies'] }] });
  });

  it("and the push API refuses the whole request for a row of another unit", async () => {
    await expect(
      importFile(tx(), "credit_checks", file([["unit_code", "period", "licences", "checked"], ["A1", "2024-03", "3", "3"], ["B1", "2024-03", "3", "3"]]), { actor: "test", scope: A }),
    ).rejects.toMatchObject({ status: 403 });
  });
});
