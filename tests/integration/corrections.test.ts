import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "@/lib/auth/accounts";
import { systemActor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { correctableUnits, correctionFromForm, correctRow, loadCorrection, type CorrectionInput, type CorrectionOutcome } from "@/lib/ingest/correct";
import { correctionPath, correctionTarget } from "@/lib/ingest/correct-link";
import { importFile } from "@/lib/ingest/import";
import { undoBatch } from "@/lib/ingest/undo";
import { explain } from "@/lib/scoring/explain";
import { OFFICE, clerk, head } from "../helpers/actors";
import { freshDatabase, rollbackEach, type TestDatabase } from "../helpers/db";
import { csv, tempDir, writeText } from "../helpers/files";

/**
 * Correcting one stored row in the browser (lib/ingest/correct.ts): a batch of one row through the
 * import (channel form, the reason its note), audited before and after, the scores reading the new
 * value; a unit only its own and its agencies' rows; a refused value said at its field with nothing
 * stored; the key never changed; a correction that changes nothing stores nothing; undone like any batch.
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
// a natural person's ID number (GB 11643 check digit valid)
const PERSON = "11010519491231002X";
const RECORDS = csv([
  HEADER,
  ["R1", "license", "A1", "legal", "91350100M000100Y43", "某公司", "许〔2024〕1号", "2024-03-01", "2024-03-05", "2024-03-06"],
  ["R2", "license", "A2", "legal", "91350100M000100Y43", "某公司", "许〔2024〕2号", "2024-03-01", "2024-03-05", "2024-03-06"],
  ["R3", "penalty", "620100", "natural", PERSON, "张三", "罚〔2024〕3号", "2024-03-01", "2024-03-05", "2024-03-06"],
]);
const CASES = csv([
  ["case_id", "initiating_unit", "subject_code", "subject_name", "list_type", "area", "measure_code", "implementing_unit", "pushed_date", "due_date"],
  ["C1", "D1", "91350100M000100Y43", "某公司", "black", "市场监管", "M1", "A1", "2024-03-01", "2024-03-15"],
]);
const FEEDBACK = csv([
  ["case_id", "measure_code", "implementing_unit", "feedback_date", "result", "note"],
  ["C1", "M1", "A1", "2024-03-10", "executed", ""],
]);

const record = async (id: string) => (await tx().query<Record<string, unknown>>(`SELECT * FROM records WHERE record_id = $1`, [id]))[0]!;
const batchCount = async () => (await tx().query<{ n: number }>(`SELECT count(*)::int AS n FROM import_batches`))[0]!.n;
const auditCount = async () => (await tx().query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log`))[0]!.n;

/** A correction of R-something's record by `values`, checked or saved. */
const input = (id: string, values: Record<string, string>, over: Partial<CorrectionInput> = {}): CorrectionInput => ({ kind: "records", key: { record_id: id }, values, reason: "决定书日期录入有误", step: "check", ...over });

/** Checks, then saves as confirmed: the saved outcome. */
async function checkAndSave(user: Parameters<typeof correctRow>[1], i: CorrectionInput): Promise<Extract<CorrectionOutcome, { outcome: "saved" }>> {
  const checked = await correctRow(tx(), user, i);
  if (checked.outcome !== "confirm") throw new Error(`expected a confirmation, got ${JSON.stringify(checked)}`);
  const saved = await correctRow(tx(), user, { ...i, step: "save", version: checked.version });
  if (saved.outcome !== "saved") throw new Error(`expected it saved, got ${JSON.stringify(saved)}`);
  return saved;
}

async function refused(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error("not refused");
}

const fieldsOf = (o: CorrectionOutcome) => (o.outcome === "invalid" ? o.errors.map((e) => e.field) : o.outcome);

beforeAll(async () => {
  db = await freshDatabase();
  dir = tempDir();
  for (const [kind, text] of [["units", UNITS], ["records", RECORDS], ["cases", CASES], ["feedback", FEEDBACK]] as const) {
    const r = await importFile(db, kind, writeText(dir, `${kind}.csv`, text), { actor: "test" });
    expect(r.summary.rejected).toEqual([]);
  }
  const system = systemActor("test");
  for (const u of [clerk("620100"), head("620200")]) await createUser(db, system, { username: u.username, name: u.name, role: u.role, unitCode: u.unitCode });
  await createUser(db, system, { username: "office", name: "办公室", role: "office", unitCode: null });
});

afterAll(async () => {
  await db?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("a clerk corrects a record of their unit's agency", () => {
  it("the check says what will change and stores nothing; the save is a batch of one row, channel form, audited; the scores read the new date", async () => {
    const before = await record("R1");
    const [batches, audits] = [await batchCount(), await auditCount()];
    const statusOf = async () => {
      const r = await explain(tx(), { period: "2024-03", asOf: "2024-04-30", group: "region", entity: "620100", target: "publication_timeliness" });
      return r.items.find((i) => i.record_id === "R1")?.status;
    };
    expect(await statusOf()).toBe("on_time");

    const values = { published_date: "2024-03-29", subject_name: "某公司" };
    const checked = await correctRow(tx(), clerk("620100"), input("R1", values));
    expect(checked).toEqual({ outcome: "confirm", changes: [{ field: "published_date", before: "2024-03-05", after: "2024-03-29" }], version: expect.any(String) });
    expect(await record("R1")).toEqual(before);
    expect([await batchCount(), await auditCount()]).toEqual([batches, audits]);

    const saved = await checkAndSave(clerk("620100"), input("R1", values));
    expect(saved.changes).toEqual([{ field: "published_date", before: "2024-03-05", after: "2024-03-29" }]);
    expect(await record("R1")).toEqual({ ...before, published_date: "2024-03-29", batch_id: saved.batchId });
    const [b] = await tx().query(`SELECT kind, channel, actor, unit_code, file_name, rows, updated, inserted, rejected, note, unit_codes FROM import_batches WHERE id = $1`, [saved.batchId]);
    expect(b).toEqual({ kind: "records", channel: "form", actor: "clerk-620100", unit_code: "620100", file_name: "更正 R1", rows: 1, updated: 1, inserted: 0, rejected: 0, note: "决定书日期录入有误", unit_codes: ["A1"] });
    const audit = await tx().query<{ action: string; entity_key: string | null; before: Record<string, unknown> | null; after: Record<string, unknown> }>(
      `SELECT action, entity_key, before, after FROM audit_log WHERE batch_id = $1 ORDER BY id`,
      [saved.batchId],
    );
    expect(audit).toHaveLength(2);
    expect(audit[0]).toMatchObject({ action: "update", entity_key: "R1", before: { published_date: "2024-03-05" }, after: { published_date: "2024-03-29" } });
    expect(audit[1]).toMatchObject({ action: "import", entity_key: null, after: { channel: "form", note: "决定书日期录入有误", updated: 1, unit: "620100" } });
    expect(await statusOf()).toBe("late");
  });

  it("undoing the correction's batch gives the row back exactly", async () => {
    const before = await record("R1");
    const saved = await checkAndSave(clerk("620100"), input("R1", { decision_date: "2024-03-02" }));
    expect((await record("R1")).decision_date).toBe("2024-03-02");
    expect(await undoBatch(tx(), clerk("620100"), saved.batchId, "更正有误，撤销")).toMatchObject({ removed: 0, restored: 1 });
    expect(await record("R1")).toEqual(before);
    expect(await tx().query(`SELECT status, undo_reason FROM import_batches WHERE id = $1`, [saved.batchId])).toEqual([{ status: "undone", undo_reason: "更正有误，撤销" }]);
  });

  it("the form shows the stored values, the key read-only, the allowed values as a list; a natural person's ID number masked, and empty keeps it", async () => {
    const view = (await loadCorrection(tx(), clerk("620100"), "records", { record_id: "R3" }))!;
    expect(view).toMatchObject({ kind: "records", key: { record_id: "R3" }, owner: "620100" });
    const byField = Object.fromEntries(view.fields.map((f) => [f.field, f]));
    expect(byField.record_id).toMatchObject({ key: true, value: "R3", labelZh: "行政相对人记录编号" });
    expect(byField.kind).toMatchObject({ key: false, input: "select", value: "penalty", options: [{ id: "license", zh: "行政许可", en: "license" }, { id: "penalty", zh: "行政处罚", en: "penalty" }] });
    expect(byField.decision_date).toMatchObject({ input: "date", value: "2024-03-01" });
    expect(byField.subject_code).toMatchObject({ value: "", masked: "110105********002X" });
    // the masked code left empty: kept, and nothing else changed
    expect(await correctRow(tx(), clerk("620100"), input("R3", { subject_code: "", kind: "penalty" }))).toEqual({ outcome: "unchanged" });
    const saved = await checkAndSave(clerk("620100"), input("R3", { subject_code: "", subject_name: "张三丰" }));
    expect(await record("R3")).toMatchObject({ subject_code: PERSON, subject_name: "张三丰", batch_id: saved.batchId });
  });

  it("values equal to the stored ones: said unchanged, nothing stored", async () => {
    const [batches, audits] = [await batchCount(), await auditCount()];
    expect(await correctRow(tx(), clerk("620100"), input("R1", { published_date: "2024-03-05", kind: "license", subject_name: "某公司" }))).toEqual({ outcome: "unchanged" });
    expect(await correctRow(tx(), clerk("620100"), input("R1", { published_date: "2024-03-05" }, { step: "save", version: "x" }))).toMatchObject({ outcome: "invalid" });
    expect([await batchCount(), await auditCount()]).toEqual([batches, audits]);
  });
});

describe("refusals: nothing stored", () => {
  it("a clerk cannot correct another unit's record: not found to them, whatever they send", async () => {
    const [before, batches] = [await record("R2"), await batchCount()];
    expect(await loadCorrection(tx(), clerk("620100"), "records", { record_id: "R2" })).toBeUndefined();
    for (const step of ["check", "save"] as const) {
      expect((await refused(correctRow(tx(), clerk("620100"), input("R2", { published_date: "2024-03-29" }, { step, version: "x" })))).status).toBe(404);
    }
    expect([await record("R2"), await batchCount()]).toEqual([before, batches]);
    // unit 620200's head and the office may
    expect(await loadCorrection(tx(), head("620200"), "records", { record_id: "R2" })).toMatchObject({ owner: "A2" });
    expect(await loadCorrection(tx(), OFFICE, "records", { record_id: "R2" })).toMatchObject({ owner: "A2" });
  });

  it("a kind no unit delivers, a key that names nothing, a malformed date in the key: no row", async () => {
    expect(await loadCorrection(tx(), OFFICE, "units", { code: "A1" })).toBeUndefined();
    expect(await loadCorrection(tx(), OFFICE, "records", { record_id: "NOPE" })).toBeUndefined();
    expect(await loadCorrection(tx(), OFFICE, "feedback", { case_id: "C1", measure_code: "M1", implementing_unit: "A1", feedback_date: "2024-02-30" })).toBeUndefined();
    expect(await loadCorrection(tx(), OFFICE, "feedback", { case_id: "C1", measure_code: "M1", implementing_unit: "A1" })).toBeUndefined();
  });

  it("a bad date, a value not allowed, an empty required date: each said at its field, in the user's language", async () => {
    const [before, batches, audits] = [await record("R1"), await batchCount(), await auditCount()];
    const bad = await correctRow(tx(), clerk("620100"), input("R1", { published_date: "2024-02-30", kind: "lease", decision_date: "" }), "en");
    expect(bad.outcome).toBe("invalid");
    if (bad.outcome !== "invalid") return;
    expect(bad.errors.map((e) => e.field).sort()).toEqual(["decision_date", "kind", "published_date"]);
    expect(bad.errors.find((e) => e.field === "published_date")).toMatchObject({ zh: "published_date：无法识别的日期“2024-02-30”（应为 YYYY-MM-DD）", en: 'published_date: unreadable date "2024-02-30" (expected YYYY-MM-DD)' });
    expect(bad.errors.find((e) => e.field === "kind")?.zh).toBe("kind：“lease”不是允许的值，应为 行政许可（license）、行政处罚（penalty） 之一");
    expect(fieldsOf(await correctRow(tx(), clerk("620100"), input("R1", { published_date: "2024-03-06" }, { reason: " " })))).toEqual(["reason"]);
    expect([await record("R1"), await batchCount(), await auditCount()]).toEqual([before, batches, audits]);
  });

  it("the key cannot change; a row cannot move to a unit outside the clerk's or to one that does not exist", async () => {
    const [before, batches] = [await record("R1"), await batchCount()];
    expect(fieldsOf(await correctRow(tx(), clerk("620100"), input("R1", { record_id: "R9", published_date: "2024-03-06" })))).toEqual(["record_id"]);
    const moved = await correctRow(tx(), clerk("620100"), input("R1", { unit_code: "A2" }));
    expect(moved).toMatchObject({ outcome: "invalid", errors: [{ field: "unit_code", zh: expect.stringContaining("A2") }] });
    expect(fieldsOf(await correctRow(tx(), OFFICE, input("R1", { unit_code: "ZZ" })))).toEqual(["unit_code"]);
    for (const step of ["check", "save"] as const) {
      const checked = await correctRow(tx(), OFFICE, input("R1", { unit_code: "ZZ" }, { step, version: (await loadCorrection(tx(), OFFICE, "records", { record_id: "R1" }))!.version }));
      expect(fieldsOf(checked)).toEqual(["unit_code"]);
    }
    expect([await record("R1"), await batchCount()]).toEqual([before, batches]);
    expect(await tx().query(`SELECT 1 FROM records WHERE record_id = 'R9'`)).toEqual([]);
  });
});

describe("feedback, and the links from the item lists", () => {
  it("the clerk corrects the feedback of their agency's obligation; the office any", async () => {
    const key = { case_id: "C1", measure_code: "M1", implementing_unit: "A1", feedback_date: "2024-03-10" };
    const i: CorrectionInput = { kind: "feedback", key, values: { result: "suspended", note: "异议核实期间暂停" }, reason: "执行结果填错", step: "check" };
    const saved = await checkAndSave(clerk("620100"), i);
    expect(saved.changes).toEqual([
      { field: "result", before: "executed", after: "suspended" },
      { field: "note", before: "", after: "异议核实期间暂停" },
    ]);
    expect(await tx().query(`SELECT result, note, batch_id FROM feedback WHERE case_id = 'C1'`)).toEqual([{ result: "suspended", note: "异议核实期间暂停", batch_id: saved.batchId }]);
    expect((await refused(correctRow(tx(), head("620200"), { ...i, values: { result: "executed" } }))).status).toBe(404);
    expect((await checkAndSave(OFFICE, { ...i, values: { result: "executed" } })).changes).toEqual([{ field: "result", before: "suspended", after: "executed" }]);
    expect(await tx().query(`SELECT unit_code, channel FROM import_batches WHERE id = (SELECT batch_id FROM feedback WHERE case_id = 'C1')`)).toEqual([{ unit_code: null, channel: "form" }]);
  });

  it("an item names its row; the viewer's correctable units are their own and their agencies'", async () => {
    expect(correctionTarget({ record_id: "R1", unit_code: "A1" }, "compliance", false)).toEqual({ kind: "records", key: { record_id: "R1" }, unit: "A1" });
    expect(correctionTarget({ task: "publication_timeliness", number: "R1", unit_code: "A1" }, "", true)).toEqual({ kind: "records", key: { record_id: "R1" }, unit: "A1" });
    const fb = { kind: "feedback", key: { case_id: "C1", measure_code: "M1", implementing_unit: "A1", feedback_date: "2024-03-10" }, unit: "A1" };
    expect(correctionTarget({ case_id: "C1", measure_code: "M1", implementing_unit: "A1", first_feedback_date: "2024-03-10" }, "feedback_timeliness", false)).toEqual(fb);
    expect(correctionTarget({ task: "feedback_timeliness", number: "C1", measure_code: "M1", unit_code: "A1", done_date: "2024-03-10" }, "", true)).toEqual(fb);
    expect(correctionTarget({ case_id: "C1", measure_code: "M1", implementing_unit: "A1", first_feedback_date: null }, "feedback_coverage", false)).toBeUndefined();
    expect(correctionPath("/unit/correct", fb as never)).toBe("/unit/correct/feedback?case_id=C1&measure_code=M1&implementing_unit=A1&feedback_date=2024-03-10");
    expect(await correctableUnits(tx(), clerk("620100"), ["A1", "A2", "620100", "620200", "D1"])).toEqual(new Set(["A1", "620100"]));
    expect(await correctableUnits(tx(), OFFICE, ["A1", "A2"])).toEqual(new Set(["A1", "A2"]));
  });

  it("the form's fields as the action reads them", () => {
    expect(correctionFromForm({ kind: "records", k_record_id: "R1", v_published_date: "2024-03-06", reason: "x", step: "save", version: "v1", lang: "en" })).toEqual({
      kind: "records",
      key: { record_id: "R1" },
      values: { published_date: "2024-03-06" },
      reason: "x",
      step: "save",
      version: "v1",
    });
    expect(correctionFromForm({ kind: "units", k_code: "A1" })).toBeUndefined();
  });
});
