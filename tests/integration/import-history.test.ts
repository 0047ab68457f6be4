import { createHash } from "node:crypto";
import fs from "node:fs";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BatchDetail, BatchList } from "@/components/ImportHistory";
import { UndoPanel } from "@/components/UndoConfirm";
import { UnitDetail } from "@/components/UnitDetail";
import { importFile, type ImportOptions } from "@/lib/ingest/import";
import { loadBatchView, loadHistoryList } from "@/lib/ingest/history-page";
import { loadUnitDetail } from "@/lib/unit-page";
import { QueryReader } from "@/lib/web/query";
import { batchRejections, batchRows, findBatch, listBatches, type BatchFilter, type Viewer } from "@/lib/ingest/history";
import { undoBatch } from "@/lib/ingest/undo";
import { cachedExplain } from "@/lib/scoring/explain";
import { todoList } from "@/lib/scoring/todo";
import { OFFICE, clerk, head } from "../helpers/actors";
import { freshDatabase, rollbackEach, type TestDatabase } from "../helpers/db";
import { csv, tempDir, writeText } from "../helpers/files";

/**
 * The import history (lib/ingest/history.ts): each batch's provenance (who, when, how, file and
 * SHA-256, counts, status, duration), who sees which batch (the office all; a unit the batches whose
 * rows name its units, and its own), filters, order and pages in SQL, a batch's rejected and stored
 * rows; and every item of a unit's lists naming the batch that last wrote it.
 */
let db: TestDatabase;
let dir: string;
const tx = rollbackEach(() => db);

const HEADER = ["record_id", "kind", "unit_code", "subject_type", "subject_code", "subject_name", "decision_no", "decision_date", "published_date", "received_date"];
const rec = (id: string, unit: string, over: Partial<Record<string, string>> = {}) =>
  HEADER.map((h) => over[h] ?? { record_id: id, kind: "license", unit_code: unit, subject_type: "legal", subject_code: "91350100M000100Y43", subject_name: "某公司", decision_no: `许〔2024〕${id}号`, decision_date: "2024-03-01", published_date: "2024-03-20", received_date: "2024-03-06" }[h]!);
let files = 0;
const recordsFile = (...rows: string[][]) => writeText(dir, `records-${++files}.csv`, csv([HEADER, ...rows]));
const run = async (file: string, opts: Partial<ImportOptions> = {}) => importFile(tx(), "records", file, { actor: "test", lang: "en", ...opts });
const ids = async (viewer: Viewer, f: BatchFilter = {}) => (await listBatches(tx(), viewer, f, 1)).rows.map((b) => b.id);

let unitsBatch = 0;

beforeAll(async () => {
  db = await freshDatabase();
  dir = tempDir();
  const units = writeText(dir, "units.csv", csv([
    ["code", "name", "type", "parent_code", "region_code", "line_code"],
    ["620000", "甘肃省", "region", "", "", ""],
    ["620100", "兰州市", "region", "620000", "", ""],
    ["620102", "城关区", "region", "620100", "", ""],
    ["620200", "嘉峪关市", "region", "620000", "", ""],
    ["D1", "省市场监管局", "department", "", "620000", ""],
    ["A1", "兰州市市场监管局", "agency", "", "620100", "D1"],
    ["A4", "城关区市场监管局", "agency", "", "620102", "D1"],
    ["A2", "嘉峪关市市场监管局", "agency", "", "620200", "D1"],
  ]));
  unitsBatch = (await importFile(db, "units", units, { actor: "demo", channel: "demo" })).batchId;
});

afterAll(async () => {
  await db?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("a batch's provenance", () => {
  it("keeps who, when, how, the file's name and SHA-256, the counts, the status and the duration", async () => {
    const file = recordsFile(rec("R1", "A1"), rec("R2", "NOPE"), rec("R3", "A1"), rec("R3", "A1", { published_date: "2024-03-05" }));
    const { batchId } = await run(file, { actor: "clerk-620100", channel: "upload", fileName: "三月.csv" });
    const b = (await findBatch(tx(), OFFICE, batchId))!;
    expect(b).toMatchObject({
      id: batchId,
      kind: "records",
      channel: "upload",
      status: "done",
      file_name: "三月.csv",
      file_sha256: createHash("sha256").update(fs.readFileSync(file)).digest("hex"),
      file_bytes: fs.statSync(file).size,
      actor: "clerk-620100",
      rows: 4,
      inserted: 2,
      updated: 0,
      unchanged: 0,
      superseded: 1,
      rejected: 1,
      unit_codes: ["A1"],
      undone_at: null,
    });
    expect(b.started_at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(b.finished_at! >= b.started_at).toBe(true);
    expect(b.duration_ms).toBeGreaterThanOrEqual(0);
    const rejected = await batchRejections(tx(), batchId, 1);
    expect(rejected.kept).toBe(1);
    expect(rejected.rows).toEqual([{ row: 2, errors: [{ zh: "unit_code：单位“NOPE”不存在（请先导入 units）", en: 'unit_code: unit "NOPE" does not exist (import it with units first)' }] }]);
  });

  it("the demo's batches are marked as such, the CLI's by default", async () => {
    const { batchId } = await run(recordsFile(rec("R1", "A1")));
    expect((await findBatch(tx(), OFFICE, batchId))!.channel).toBe("cli");
    expect((await findBatch(tx(), OFFICE, unitsBatch))!).toMatchObject({ channel: "demo", actor: "demo", kind: "units" });
  });

  it("lists the rows the batch wrote last, paged, and no longer those a later batch changed", async () => {
    const first = await run(recordsFile(rec("R1", "A1"), rec("R2", "A1"), rec("R3", "A1", { subject_type: "natural", subject_code: "11010519491231002X" })));
    const page1 = await batchRows(tx(), OFFICE, (await findBatch(tx(), OFFICE, first.batchId))!, 1, 2);
    expect(page1.total).toBe(3);
    expect(page1.columns.slice(0, 3)).toEqual(["record_id", "kind", "unit_code"]);
    expect(page1.rows.map((r) => r.record_id)).toEqual(["R1", "R2"]);
    const page2 = await batchRows(tx(), OFFICE, (await findBatch(tx(), OFFICE, first.batchId))!, 2, 2);
    // a natural person's ID number is masked
    expect(page2.rows).toEqual([expect.objectContaining({ record_id: "R3", subject_code: "110105********002X" })]);
    await run(recordsFile(rec("R2", "A1", { published_date: "2024-03-04" })));
    expect((await batchRows(tx(), OFFICE, (await findBatch(tx(), OFFICE, first.batchId))!, 1)).rows.map((r) => r.record_id)).toEqual(["R1", "R3"]);
  });
});

describe("batches stored before migration 0024", () => {
  it("get their channel (the demo's by its actor) and the units their rows still name from the migration", async () => {
    const records = (await run(recordsFile(rec("R1", "A1"), rec("R2", "A4")))).batchId;
    const cases = writeText(dir, "cases.csv", csv([
      ["case_id", "initiating_unit", "subject_code", "subject_name", "list_type", "area", "measure_code", "implementing_unit", "pushed_date", "due_date"],
      ["C1", "D1", "91350100M000100Y43", "某公司", "black", "食品", "M1", "A2", "2024-03-01", "2024-03-20"],
    ]));
    const obligations = (await importFile(tx(), "cases", cases, { actor: "test" })).batchId;
    const objections = (await importFile(tx(), "objections", writeText(dir, "objections.csv", csv([["objection_id", "case_id", "filed_date"], ["O1", "C1", "2024-03-05"]])), { actor: "test" })).batchId;
    // as the columns were before: every batch the CLI's, naming no unit
    await tx().query(`UPDATE import_batches SET channel = 'cli', unit_codes = '{}'`);
    const backfill = fs
      .readFileSync("db/migrations/0024_import_history.sql", "utf8")
      .split("--> statement-breakpoint")
      .map((st) => st.replace(/^\s*--.*$/gm, "").trim())
      .filter((st) => st.startsWith("UPDATE"));
    expect(backfill).toHaveLength(10);
    for (const st of backfill) await tx().exec(st);
    const got = await tx().query<{ id: number; channel: string; unit_codes: string[] }>(`SELECT id, channel, unit_codes FROM import_batches ORDER BY id`);
    expect(got).toEqual([
      { id: unitsBatch, channel: "demo", unit_codes: ["620000", "620100", "620102", "620200", "A1", "A2", "A4", "D1"] },
      { id: records, channel: "cli", unit_codes: ["A1", "A4"] },
      { id: obligations, channel: "cli", unit_codes: ["A2", "D1"] },
      { id: objections, channel: "cli", unit_codes: ["A2"] },
    ]);
  });
});

describe("who sees which batch", () => {
  let lanzhou = 0;
  let jiayuguan = 0;
  let district = 0;
  let byClerk = 0;
  const setUp = async () => {
    lanzhou = (await run(recordsFile(rec("R1", "A1")))).batchId;
    jiayuguan = (await run(recordsFile(rec("R2", "A2")))).batchId;
    district = (await run(recordsFile(rec("R4", "A4")))).batchId;
    // made by 嘉峪关市's clerk, about 兰州市's agency: theirs because they made it
    byClerk = (await run(recordsFile(rec("R5", "A1")), { actor: "clerk-620200" })).batchId;
  };

  it("the office sees every batch, newest first", async () => {
    await setUp();
    expect(await ids(OFFICE)).toEqual([byClerk, district, jiayuguan, lanzhou, unitsBatch]);
  });

  it("a unit sees the batches naming its units (a city: its districts' too) and those its people made", async () => {
    await setUp();
    expect(await ids(head("620100"))).toEqual([byClerk, district, lanzhou, unitsBatch]);
    expect(await ids(clerk("620200"))).toEqual([byClerk, jiayuguan, unitsBatch]);
    expect(await ids(head("620200"))).toEqual([jiayuguan, unitsBatch]);
    // the department: every agency on its line
    expect(await ids(head("D1"))).toEqual([byClerk, district, jiayuguan, lanzhou, unitsBatch]);
    expect(await ids({ username: "nobody", role: "clerk", unitCode: null })).toEqual([]);
  });

  it("another unit's batch does not exist for it; within a shared batch it sees its own rows only", async () => {
    await setUp();
    expect(await findBatch(tx(), head("620200"), lanzhou)).toBeUndefined();
    expect(await findBatch(tx(), head("620100"), 999_999)).toBeUndefined();
    expect(await findBatch(tx(), head("620100"), lanzhou)).toMatchObject({ id: lanzhou });
    const units = (await findBatch(tx(), head("620200"), unitsBatch))!;
    expect((await batchRows(tx(), head("620200"), units, 1)).rows.map((r) => r.code)).toEqual(["620200", "A2"]);
    expect((await batchRows(tx(), OFFICE, units, 1)).total).toBe(8);
  });
});

describe("filters, order and pages", () => {
  it("by kind, channel, status, date range and unit; sorted by any column; paged", async () => {
    const a = (await run(recordsFile(rec("R1", "A1"), rec("R2", "A1")), { channel: "api" })).batchId;
    const b = (await run(recordsFile(rec("R3", "A2")))).batchId;
    const c = (await run(recordsFile(rec("R4", "A4"), rec("R5", "A4"), rec("R6", "A4")))).batchId;
    // (in one test's transaction every import starts at the same now())
    await tx().query(`UPDATE import_batches SET started_at = '2024-03-04 09:00:00+08' WHERE id = $1`, [a]);
    await tx().query(`UPDATE import_batches SET started_at = '2024-03-05 09:00:00+08' WHERE id = $1`, [b]);
    await undoBatch(tx(), OFFICE, b, "测试");
    expect(await ids(OFFICE, { kind: "units" })).toEqual([unitsBatch]);
    expect(await ids(OFFICE, { kind: "records", channel: "api" })).toEqual([a]);
    expect(await ids(OFFICE, { status: "undone" })).toEqual([b]);
    expect(await ids(OFFICE, { kind: "records", from: "2024-03-04", to: "2024-03-04" })).toEqual([a]);
    expect(await ids(OFFICE, { kind: "records", from: "2024-03-05" })).toEqual([c, b]);
    expect(await ids(OFFICE, { unit: "620100" })).toEqual([c, a, unitsBatch]);
    expect(await ids(OFFICE, { unit: "620102" })).toEqual([c, unitsBatch]);
    expect(await ids(OFFICE, { kind: "records", sort: { column: "rows", dir: "asc" } })).toEqual([b, a, c]);
    expect(await ids(OFFICE, { kind: "records", sort: { column: "started_at", dir: "asc" } })).toEqual([a, b, c]);
    // a unit's filters apply within what it sees
    expect(await ids(head("620200"), { kind: "records" })).toEqual([b]);
    const p1 = await listBatches(tx(), OFFICE, {}, 1, 2);
    const p2 = await listBatches(tx(), OFFICE, {}, 2, 2);
    expect(p1.total).toBe(4);
    expect([...p1.rows, ...p2.rows].map((r) => r.id)).toEqual([c, b, a, unitsBatch]);
  });
});

describe("a unit's items name the batch that last wrote them", () => {
  it("in the item lists and the to-do list", async () => {
    const first = (await run(recordsFile(rec("R1", "A1"), rec("R2", "A1", { published_date: "" })))).batchId;
    const second = (await run(recordsFile(rec("R2", "A1", { published_date: "2024-04-20" })))).batchId;
    const q = { period: "2024-03", asOf: "2024-04-30", group: "region" as const, entity: "620100" };
    const items = await cachedExplain(tx(), { ...q, target: "publication_timeliness" });
    expect(items.items.map((i) => [i.record_id, i.batch_id])).toEqual([["R1", first], ["R2", second]]);
    const todo = await todoList(tx(), q);
    // both published late; the later one first
    expect(todo.items.map((i) => [i.task, i.number, i.batch_id])).toEqual([
      ["publication_timeliness", "R2", second],
      ["publication_timeliness", "R1", first],
    ]);
  });
});

describe("the pages, rendered", () => {
  const hrefs = (html: string) => [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replaceAll("&amp;", "&"));

  it("the list: filters kept in the sort and page links, each batch linked, a wrong filter said", async () => {
    const { batchId } = await run(recordsFile(rec("R1", "A1")), { fileName: "三月.csv" });
    const q = new QueryReader({ kind: "records", sort: "rows" });
    const view = await loadHistoryList(tx(), OFFICE, q, true);
    if (view === "bad address") throw new Error(JSON.stringify(q.problems));
    const html = renderToStaticMarkup(createElement(BatchList, { lang: "zh", base: "/office/imports", office: true, ...view }));
    expect(html).toContain("导入记录");
    expect(html).toContain("三月.csv");
    expect(hrefs(html)).toContain(`/office/imports/${batchId}`);
    expect(hrefs(html)).toContain("/office/imports?kind=records&sort=rows&dir=asc");
    const bad = new QueryReader({ kind: "nope", channel: "fax" });
    expect(await loadHistoryList(tx(), OFFICE, bad, true)).toBe("bad address");
    expect(bad.problems.map((p) => p.field)).toEqual(["kind", "channel"]);
    expect(bad.problems[1]!.en).toBe('there is no channel "fax"; choose one of: cli (Command line), api (API), upload (Upload), demo (Demo), form (Correction form)');
  });

  it("a batch: provenance, its rows, the undo button and its panel with the counts; a refusal instead of a button", async () => {
    const first = await run(recordsFile(rec("R1", "A1"), rec("R2", "A1")));
    const second = await run(recordsFile(rec("R2", "A1", { published_date: "2024-03-04" }), rec("R3", "A1")));
    const batch = (await findBatch(tx(), head("620100"), second.batchId))!;
    const view = await loadBatchView(tx(), head("620100"), batch, new QueryReader({}), true);
    if (view === "bad address") throw new Error("bad address");
    expect(view.plan).toMatchObject({ remove: 1, restore: 1, refusals: [] });
    const html = renderToStaticMarkup(createElement(BatchDetail, { lang: "en", base: "/unit/imports", batch, unitView: true, ...view, undoHref: `/unit/imports/${batch.id}?do=undo&lang=en` }));
    expect(html).toContain(`Import batch #${batch.id}`);
    expect(html).toContain(batch.file_sha256);
    expect(html).toContain("Undo import…");
    expect(html).toContain("Your unit&#x27;s rows only.");
    const action = async (_: FormData) => {};
    const panel = renderToStaticMarkup(createElement(UndoPanel, { lang: "zh", plan: view.plan!, reason: "", cancelHref: `/unit/imports/${batch.id}`, action }));
    expect(panel).toContain("删除本批次新增的 1 行（双公示记录）");
    expect(panel).toContain("恢复本批次修改的 1 行为修改前的值");
    expect(panel).toMatch(/<textarea name="reason"[^>]*required/);
    // the first batch: R2 was changed by the second since
    const refusedView = await loadBatchView(tx(), OFFICE, (await findBatch(tx(), OFFICE, first.batchId))!, new QueryReader({}), true);
    if (refusedView === "bad address") throw new Error("bad address");
    const refusal = renderToStaticMarkup(createElement(UndoPanel, { lang: "en", plan: refusedView.plan!, reason: "", cancelHref: "/", action }));
    expect(refusal).toContain(`R2 (batch #${second.batchId})`);
    expect(refusal).not.toContain("<form");
  });

  it("the unit's item list links each item to its batch (来源)", async () => {
    const { batchId } = await run(recordsFile(rec("R1", "A1")));
    const q = new QueryReader({ period: "2024-03", asOf: "2024-04-30", indicator: "publication_timeliness" });
    const p = await loadUnitDetail(tx(), "620100", q, { base: "/unit", exportBase: "/unit/export" }, true, head("620100"));
    if (!p || p === "bad address") throw new Error(JSON.stringify(q.problems));
    const html = renderToStaticMarkup(createElement(UnitDetail, p));
    expect(html).toContain("来源");
    expect(hrefs(html)).toContain(`/unit/imports/${batchId}`);
    expect(html).toContain(`批次 #${batchId}`);
  });
});
