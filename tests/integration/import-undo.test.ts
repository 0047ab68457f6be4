import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "@/lib/auth/accounts";
import { systemActor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { importFile } from "@/lib/ingest/import";
import type { ImportKind } from "@/lib/ingest/kinds";
import { undoBatch, undoPlan } from "@/lib/ingest/undo";
import { publishPeriod } from "@/lib/publication/publish";
import { evidenceVersion } from "@/lib/scoring/evidence-version";
import { scorePeriod } from "@/lib/scoring/score";
import { OFFICE, clerk, head } from "../helpers/actors";
import { freshDatabase, rollbackEach, type TestDatabase } from "../helpers/db";
import { csv, tempDir, writeText } from "../helpers/files";

/**
 * Undoing an import batch (lib/ingest/undo.ts): inserted rows removed, changed rows given back their
 * previous values and batch — the table exactly as before, compared row by row —, refused when a later
 * batch changed a row or another row still refers to one, a unit only for its own batch and only within
 * its working days; audited, scores at once, published snapshots untouched, the file importable again.
 */
let db: TestDatabase;
let dir: string;
const tx = rollbackEach(() => db);

const UNITS = csv([
  ["code", "name", "type", "parent_code", "region_code", "line_code"],
  ["620000", "甘肃省", "region", "", "", ""],
  ["620100", "兰州市", "region", "620000", "", ""],
  ["620200", "嘉峪关市", "region", "620000", "", ""],
  ["D1", "省市场监管局", "department", "", "620000", ""],
  ["A1", "兰州市市场监管局", "agency", "", "620100", "D1"],
  ["A2", "嘉峪关市市场监管局", "agency", "", "620200", "D1"],
]);
const HEADER = ["record_id", "kind", "unit_code", "subject_type", "subject_code", "subject_name", "decision_no", "decision_date", "published_date", "received_date"];
const rec = (id: string, unit: string, published = "2024-03-05", subject = "91350100M000100Y43") => [id, "license", unit, "legal", subject, "某公司", `许〔2024〕${id}号`, "2024-03-01", published, "2024-03-06"];
let files = 0;
const recordsFile = (...rows: string[][]) => writeText(dir, `records-${++files}.csv`, csv([HEADER, ...rows]));

const run = async (kind: ImportKind, file: string, actor = "test") => importFile(tx(), kind, file, { actor, lang: "en" });
const table = (name: string, order: string) => tx().query(`SELECT * FROM ${name} ORDER BY ${order}`);
const records = () => table("records", "record_id");
const batch = async (id: number) => (await tx().query<{ status: string; undone_by: string | null; undo_reason: string | null }>(`SELECT status, undone_by, undo_reason FROM import_batches WHERE id = $1`, [id]))[0]!;

/** The AppError an undo is refused with. */
async function refused(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error("the undo was not refused");
}

beforeAll(async () => {
  db = await freshDatabase();
  dir = tempDir();
  const r = await importFile(db, "units", writeText(dir, "units.csv", UNITS), { actor: "test" });
  expect(r.summary).toMatchObject({ inserted: 6, rejected: [] });
  const system = systemActor("test");
  for (const u of [head("620100"), clerk("620100"), head("620200"), head("D1")]) await createUser(db, system, { username: u.username, name: u.name, role: u.role, unitCode: u.unitCode });
  await createUser(db, system, { username: "office", name: "办公室", role: "office", unitCode: null });
});

afterAll(async () => {
  await db?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("undoing a batch restores the exact previous state", () => {
  it("an insert-only batch: its rows are deleted, the batch marked undone, audited", async () => {
    const before = await records();
    const { batchId, summary } = await run("records", recordsFile(rec("R1", "A1"), rec("R2", "A2")));
    expect(summary).toMatchObject({ inserted: 2, updated: 0 });
    const version = await evidenceVersion(tx());
    expect(await undoPlan(tx(), OFFICE, batchId)).toEqual({ batchId, kind: "records", remove: 2, restore: 0, refusals: [] });
    expect(await undoBatch(tx(), OFFICE, batchId, "导入了错误的文件")).toEqual({ batchId, kind: "records", removed: 2, restored: 0 });
    expect(await records()).toEqual(before);
    expect(await batch(batchId)).toEqual({ status: "undone", undone_by: "office", undo_reason: "导入了错误的文件" });
    expect(await evidenceVersion(tx())).toBe(version + 1);
    const audit = await tx().query<{ actor: string; action: string; entity: string; batch_id: number; after: Record<string, unknown> }>(
      `SELECT actor, action, entity, batch_id, after FROM audit_log WHERE batch_id = $1 AND action LIKE 'undo%'`,
      [batchId],
    );
    expect(audit).toEqual([{ actor: "office", action: "undo", entity: "records", batch_id: batchId, after: expect.objectContaining({ reason: "导入了错误的文件", removed: 2, restored: 0 }) }]);
  });

  it("an update batch: every changed row gets its previous values and batch back, each restore audited", async () => {
    const first = await run("records", recordsFile(rec("R1", "A1"), rec("R2", "A2")));
    const after1 = await records();
    const second = await run("records", recordsFile(rec("R1", "A1", "2024-04-20"), rec("R2", "A2", "", "11010519491231002X")));
    expect(second.summary).toMatchObject({ inserted: 0, updated: 2 });
    expect(await records()).not.toEqual(after1);
    expect(await undoBatch(tx(), OFFICE, second.batchId, "公示日期填错")).toMatchObject({ removed: 0, restored: 2 });
    expect(await records()).toEqual(after1);
    expect((await records()).map((r) => r.batch_id)).toEqual([first.batchId, first.batchId]);
    const restores = await tx().query<{ entity_key: string; before: { published_date: string | null }; after: { published_date: string; batch_id: number }; before_batch_id: number }>(
      `SELECT entity_key, before, after, before_batch_id FROM audit_log WHERE action = 'undo:restore' AND batch_id = $1 ORDER BY entity_key`,
      [second.batchId],
    );
    expect(restores.map((r) => [r.entity_key, r.before.published_date, r.after.published_date, r.after.batch_id, r.before_batch_id])).toEqual([
      ["R1", "2024-04-20", "2024-03-05", first.batchId, second.batchId],
      ["R2", null, "2024-03-05", first.batchId, second.batchId],
    ]);
  });

  it("a mixed batch, of units: inserted units deleted, changed ones restored", async () => {
    const before = await table("units", "code");
    const file = writeText(dir, "units-2.csv", csv([["code", "name", "type", "parent_code", "region_code", "line_code"], ["620100", "兰州市人民政府", "region", "620000", "", ""], ["A3", "兰州市税务局", "agency", "", "620100", "D1"]]));
    const { batchId, summary } = await run("units", file);
    expect(summary).toMatchObject({ inserted: 1, updated: 1 });
    expect(await undoPlan(tx(), OFFICE, batchId)).toMatchObject({ remove: 1, restore: 1, refusals: [] });
    await undoBatch(tx(), OFFICE, batchId, "名称改错");
    // updated_at says when a unit row last changed: the undo changed it again
    const strip = (rows: Record<string, unknown>[]) => rows.map(({ updated_at: _, ...r }) => r);
    expect(strip(await table("units", "code"))).toEqual(strip(before));
  });

  it("the same file imports again after an undo, and again changes nothing", async () => {
    const file = recordsFile(rec("R1", "A1"), rec("R2", "A2"));
    const { batchId } = await run("records", file);
    await undoBatch(tx(), OFFICE, batchId, "重新导入");
    expect((await run("records", file)).summary).toMatchObject({ inserted: 2, updated: 0 });
    expect((await run("records", file)).summary).toMatchObject({ inserted: 0, updated: 0, unchanged: 2 });
  });
});

describe("undo is refused, changing nothing, when", () => {
  it("a later batch changed a row the batch wrote: the row and the later batch are named; undoing the later one first works", async () => {
    const first = await run("records", recordsFile(rec("R1", "A1"), rec("R2", "A2")));
    const second = await run("records", recordsFile(rec("R2", "A2", "2024-04-20")));
    const state = await records();
    const e = await refused(undoBatch(tx(), OFFICE, first.batchId, "试试"));
    expect(e.status).toBe(409);
    expect(e.zh).toContain(`R2（批次 #${second.batchId}）`);
    expect(e.en).toContain(`R2 (batch #${second.batchId})`);
    expect(e.en).toContain("Undo the later batches first");
    expect(await records()).toEqual(state);
    expect((await batch(first.batchId)).status).toBe("done");
    // the later batch first: R2 is the first batch's again, and then the first one goes whole
    await undoBatch(tx(), OFFICE, second.batchId, "先撤销后一批");
    expect(await undoPlan(tx(), OFFICE, first.batchId)).toMatchObject({ remove: 2, restore: 0, refusals: [] });
    await undoBatch(tx(), OFFICE, first.batchId, "再撤销前一批");
    expect(await records()).toEqual([]);
  });

  it("a later batch changed a row that the batch itself had changed", async () => {
    await run("records", recordsFile(rec("R1", "A1")));
    const second = await run("records", recordsFile(rec("R1", "A1", "2024-04-20")));
    const third = await run("records", recordsFile(rec("R1", "A1", "2024-04-25")));
    const plan = await undoPlan(tx(), OFFICE, second.batchId);
    expect(plan.refusals.map((r) => r.code)).toEqual(["changed_later"]);
    expect(plan.refusals[0]!.en).toContain(`R1 (batch #${third.batchId})`);
  });

  it("another row still refers to a row it would delete (feedback on an obligation it inserted)", async () => {
    const cases = writeText(dir, "cases.csv", csv([
      ["case_id", "initiating_unit", "subject_code", "subject_name", "list_type", "area", "measure_code", "implementing_unit", "pushed_date", "due_date"],
      ["C1", "D1", "91350100M000100Y43", "某公司", "black", "食品", "M1", "A1", "2024-03-01", "2024-03-20"],
    ]));
    const c = await run("cases", cases);
    await run("feedback", writeText(dir, "feedback.csv", csv([["case_id", "measure_code", "implementing_unit", "feedback_date", "result", "note"], ["C1", "M1", "A1", "2024-03-10", "executed", ""]])));
    const e = await refused(undoBatch(tx(), OFFICE, c.batchId, "试试"));
    expect(e.en).toContain("still referred to by other rows: feedback C1|M1|A1|2024-03-10");
    expect(await tx().query(`SELECT case_id FROM cases`)).toEqual([{ case_id: "C1" }]);
  });

  it("the batch is already undone, or the calendar's", async () => {
    const { batchId } = await run("records", recordsFile(rec("R1", "A1")));
    await undoBatch(tx(), OFFICE, batchId, "一次");
    expect((await refused(undoBatch(tx(), OFFICE, batchId, "两次"))).en).toContain("already been undone");
    const cal = await run("calendar", writeText(dir, "calendar.csv", csv([["date", "is_workday"], ["2024-03-02", "1"]])));
    expect((await refused(undoBatch(tx(), OFFICE, cal.batchId, "日历"))).en).toContain("a calendar import cannot be undone");
  });

  it("there is no reason", async () => {
    const { batchId } = await run("records", recordsFile(rec("R1", "A1")));
    expect((await refused(undoBatch(tx(), OFFICE, batchId, "  "))).en).toBe("give the reason for the undo");
    expect((await batch(batchId)).status).toBe("done");
  });
});

describe("who may undo", () => {
  /** a batch of 兰州市's agency only, imported on Monday 2024-03-04 */
  async function lanzhouBatch(actor = "test") {
    const { batchId } = await run("records", recordsFile(rec("R1", "A1")), actor);
    await tx().query(`UPDATE import_batches SET started_at = '2024-03-04 10:00:00+08' WHERE id = $1`, [batchId]);
    return batchId;
  }

  it("a unit's head or clerk: their own unit's batch within the working days (5: until Monday 2024-03-11)", async () => {
    const id = await lanzhouBatch();
    expect(await undoPlan(tx(), clerk("620100"), id, "2024-03-11")).toMatchObject({ remove: 1, refusals: [] });
    const late = await refused(undoBatch(tx(), head("620100"), id, "太晚了", "2024-03-12"));
    expect(late.status).toBe(409);
    expect(late.zh).toContain("本单位只能在导入后 5 个工作日内撤销（截至 2024-03-11）");
    expect(late.en).toContain("within 5 working days (until 2024-03-11); this one was imported on 2024-03-04: ask the office");
    expect((await batch(id)).status).toBe("done");
    expect(await undoBatch(tx(), clerk("620100"), id, "联络员撤销", "2024-03-11")).toMatchObject({ removed: 1 });
    expect(await batch(id)).toEqual({ status: "undone", undone_by: "clerk-620100", undo_reason: "联络员撤销" });
  });

  it("the office any batch, any time", async () => {
    const id = await lanzhouBatch();
    expect(await undoBatch(tx(), OFFICE, id, "办公室撤销", "2026-12-01")).toMatchObject({ removed: 1 });
    const cli = await lanzhouBatch();
    expect(await undoBatch(tx(), systemActor("cli", "cli"), cli, "命令行撤销", "2026-12-01")).toMatchObject({ removed: 1 });
  });

  it("another unit's batch does not exist for a unit (404); a batch with other units' rows is the office's to undo", async () => {
    const id = await lanzhouBatch();
    expect((await refused(undoBatch(tx(), head("620200"), id, "别人的", "2024-03-05"))).status).toBe(404);
    expect((await refused(undoPlan(tx(), head("620200"), id, "2024-03-05"))).status).toBe(404);
    // A1 counts toward 兰州市 and toward its line, 省市场监管局: the batch is the department's own too
    expect(await undoPlan(tx(), head("D1"), id, "2024-03-05")).toMatchObject({ refusals: [] });
    const both = await run("records", recordsFile(rec("R8", "A1"), rec("R9", "A2")));
    const plan = await undoPlan(tx(), head("620100"), both.batchId);
    expect(plan.refusals.map((r) => r.code)).toEqual(["not_own"]);
    expect((await refused(undoBatch(tx(), head("620100"), both.batchId, "含别人的"))).en).toContain("only the office can undo it");
    expect(await tx().query(`SELECT count(*)::int AS n FROM records WHERE batch_id = $1`, [both.batchId])).toEqual([{ n: 2 }]);
  });

  it("tells the unit's head, and the office when a unit undid it", async () => {
    const id = await lanzhouBatch();
    await undoBatch(tx(), clerk("620100"), id, "重复导入", "2024-03-05");
    const inbox = await tx().query<{ username: string; title: string; title_en: string; link: string; body: string }>(
      `SELECT username, title, title_en, link, body FROM inbox WHERE kind = 'import_undone' ORDER BY username`,
    );
    // the heads of the ranked units the rows count toward: 兰州市 (its agency) and 省市场监管局 (A1's line)
    expect(inbox.map((m) => [m.username, m.link])).toEqual([
      ["head-620100", `/unit/imports/${id}`],
      ["head-D1", `/unit/imports/${id}`],
      ["office", `/office/imports/${id}`],
    ]);
    expect(inbox[0]!.title).toBe(`导入批次 #${id} 已撤销`);
    expect(inbox[0]!.title_en).toBe(`Import batch #${id} undone`);
    expect(inbox[0]!.body).toContain("原因：重复导入");
  });
});

describe("scores and snapshots", () => {
  it("scores reflect the undo at once; a published snapshot stays as it was", async () => {
    await run("records", recordsFile(rec("R1", "A1"), rec("R2", "A2")));
    const good = await scorePeriod(tx(), "2024-03", "2024-04-30");
    const { batchId } = await run("records", recordsFile(rec("R3", "A1", "2024-04-20"), rec("R4", "A1", "")));
    const worse = await scorePeriod(tx(), "2024-03", "2024-04-30");
    expect(worse).not.toEqual(good);
    await publishPeriod(tx(), { period: "2024-03", asOf: "2024-04-30", actor: OFFICE });
    const published = await tx().query(`SELECT * FROM publications ORDER BY id`);
    expect(published).toHaveLength(1);
    await undoBatch(tx(), OFFICE, batchId, "迟报数据有误");
    expect(await scorePeriod(tx(), "2024-03", "2024-04-30")).toEqual(good);
    expect(await tx().query(`SELECT * FROM publications ORDER BY id`)).toEqual(published);
  });
});
