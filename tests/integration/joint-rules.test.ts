import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deadline } from "@/lib/calendar";
import { reloadEnv } from "@/lib/env";
import { explain } from "@/lib/scoring/explain";
import { jointDeadlineDays } from "@/lib/scoring/joint-deadlines";
import { closePeriod } from "@/lib/notices/close";
import { describeRule, rulesFromForm, saveRules, validateRules } from "@/lib/notices/rules";
import { publishPeriod } from "@/lib/publication/publish";
import { INDICATORS } from "@/lib/scoring/indicators";
import { evidenceVersion } from "@/lib/scoring/evidence-version";
import { JOINT_METHOD_WEIGHTS, jointMethodSource, setJointMethodFrom, type ScoredIndicator } from "@/lib/scoring/joint-method";
import { combine, scorePeriod, scorePeriods } from "@/lib/scoring/score";
import { JOINT_FINDINGS, JOINT_INDICATORS, jointExplain, jointFigures, jointFindings, type JointFinding, type JointIndicator } from "@/lib/scoring/joint";
import { OFFICE, head } from "../helpers/actors";
import { freshDatabase, type TestDatabase } from "../helpers/db";
import { feedbackRow, insertRows, insertUnits, obligation, record } from "../helpers/fixtures";

/**
 * The rules of the joint-measures cycle (docs/design/joint-cycle.md §2–3) at their boundaries: each
 * deadline counted in working days across the 2024 Qingming holiday (4–6 April off, Sunday 7 April a
 * make-up working day), evaluated the day before, on and after it; a measure leaving and entering the
 * list; an objection filed the day of execution; a repair decided the day before; and explain lists
 * exactly the items behind every figure.
 */
let db: TestDatabase;
const P = "2024-04";
const addDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const dl: Record<string, string> = {};

// the obligations: initiated by D1, implemented by A1 (兰州市 / 省市场监管局), due outside April unless said
const ob = (caseId: string, over: Record<string, unknown> = {}) => ({ ...obligation(caseId, "M_MAND", "A1", "D1", "2024-06-28"), pushed_date: "2024-04-01", ...over });

beforeAll(async () => {
  db = await freshDatabase();
  await insertUnits(db, ["620100", "620200", "D1", "A1", "A2"]);
  dl.push = await deadline(db, "2024-04-02", 7);
  dl.receipt = await deadline(db, "2024-04-02", 3);
  dl.objection = await deadline(db, "2024-04-02", 15);
  dl.repair = await deadline(db, "2024-04-02", 10);
  dl.transfer = await deadline(db, "2024-04-02", 10);
  await insertRows(db, "measures", [
    { measure_code: "M_MAND", effective_from: "2024-01-01", name: "限制招投标", legal_basis: "", list_level: "national", list_type: "black", mandatory: "1" },
    { measure_code: "M_REC", effective_from: "2024-01-01", name: "加强检查", legal_basis: "", list_level: "province", list_type: "black", mandatory: "0" },
    // leaves the list on 10 April (its last day in force is the 9th) / enters it on 10 April
    { measure_code: "M_GONE", effective_from: "2024-01-01", effective_to: "2024-04-10", name: "旧措施", legal_basis: "", list_level: "province", list_type: "black", mandatory: "1" },
    { measure_code: "M_NEW", effective_from: "2024-04-10", name: "新措施", legal_basis: "", list_level: "province", list_type: "black", mandatory: "1" },
  ]);
  await insertRows(db, "cases", [
    // push: listed 2 April, deadline 7 working days later
    ob("PUSH_ON", { listed_date: "2024-04-02", pushed_date: dl.push }),
    ob("PUSH_LATE", { listed_date: "2024-04-02", pushed_date: addDays(dl.push, 1) }),
    // receipt: pushed 2 April
    ob("R_ON", { pushed_date: "2024-04-02" }),
    ob("R_LATE", { pushed_date: "2024-04-02" }),
    ob("R_MISS", { pushed_date: "2024-04-02" }),
    // feedback split by the measure's nature, due Monday 8 April
    ob("F_ON", { due_date: "2024-04-08" }),
    ob("F_LATE", { due_date: "2024-04-08" }),
    ob("F_MISS", { due_date: "2024-04-08" }),
    ob("F_REC", { measure_code: "M_REC", due_date: "2024-04-08" }),
    ob("F_OFF", { measure_code: "M_UNKNOWN", due_date: "2024-04-08" }),
    // off-list: executed the day before / on the day M_GONE leaves; the day before / on the day M_NEW enters
    ob("OFF_GONE", { measure_code: "M_GONE", due_date: "2024-04-30" }),
    ob("OFF_NEW", { measure_code: "M_NEW", due_date: "2024-04-30" }),
    // after the end: ended 10 April; a repair approved 9 April; an objection filed the day of execution and upheld 15 April
    ob("E_END", { due_date: "2024-04-30", ended_date: "2024-04-10", end_reason: "list_exit" }),
    ob("E_REP", { due_date: "2024-04-30" }),
    ob("E_OBJ", { due_date: "2024-04-30" }),
    ob("E_TERM", { due_date: "2024-04-30", term_end: "2024-04-10" }),
    // objections and repairs hang on these
    ob("O_CASE"),
    // notification: listed 2 April
    ob("N_ON", { listed_date: "2024-04-02", pushed_date: dl.push }),
    ob("N_LATE", { listed_date: "2024-04-02", pushed_date: dl.push }),
    // red and black at once from 10 April; and a pair that only touches (red ends the day black begins)
    ob("RB_R", { subject_code: "S_RB", list_type: "red", listed_date: "2024-04-05" }),
    { ...ob("RB_B", { subject_code: "S_RB", list_type: "black", listed_date: "2024-04-10" }), initiating_unit: "A2" },
    ob("RB2_R", { subject_code: "S_RB2", list_type: "red", listed_date: "2024-04-01", ended_date: "2024-04-09", end_reason: "list_exit" }),
    ob("RB2_B", { subject_code: "S_RB2", list_type: "black", listed_date: "2024-04-09" }),
    // three key-attention areas at once from 8 April; and three that never overlap all together
    ob("W1", { subject_code: "S_W", list_type: "key_attention", area: "食品", listed_date: "2024-04-01" }),
    ob("W2", { subject_code: "S_W", list_type: "key_attention", area: "环保", listed_date: "2024-04-03" }),
    ob("W3", { subject_code: "S_W", list_type: "key_attention", area: "税务", listed_date: "2024-04-08" }),
    ob("WX1", { subject_code: "S_WX", list_type: "key_attention", area: "食品", listed_date: "2024-04-01" }),
    ob("WX2", { subject_code: "S_WX", list_type: "key_attention", area: "环保", listed_date: "2024-04-01", valid_until: "2024-04-07" }),
    ob("WX3", { subject_code: "S_WX", list_type: "key_attention", area: "税务", listed_date: "2024-04-08" }),
    // key-attention validity ending 10 April: not reviewed / ended that day / renewed that day
    ob("KU1", { subject_code: "S_KU1", list_type: "key_attention", listed_date: "2024-01-10", valid_until: "2024-04-10" }),
    ob("KU2", { subject_code: "S_KU2", list_type: "key_attention", listed_date: "2024-01-10", valid_until: "2024-04-10", ended_date: "2024-04-10", end_reason: "term_expired" }),
    ob("KU3", { subject_code: "S_KU3", list_type: "key_attention", listed_date: "2024-01-10", valid_until: "2024-04-10" }),
    ob("KU3N", { subject_code: "S_KU3", list_type: "key_attention", listed_date: "2024-04-10", valid_until: "2024-10-10" }),
    // penalised 2 April while on key attention: no black case / black on the deadline / black the day after it
    ob("KT1", { subject_code: "S_KT1", list_type: "key_attention", listed_date: "2024-03-01", valid_until: "2024-06-30" }),
    ob("KT2", { subject_code: "S_KT2", list_type: "key_attention", listed_date: "2024-03-01", valid_until: "2024-06-30" }),
    ob("KT2B", { subject_code: "S_KT2", list_type: "black", listed_date: dl.transfer }),
    ob("KT3", { subject_code: "S_KT3", list_type: "key_attention", listed_date: "2024-03-01", valid_until: "2024-06-30" }),
    ob("KT3B", { subject_code: "S_KT3", list_type: "black", listed_date: addDays(dl.transfer, 1) }),
  ]);
  await insertRows(db, "receipts", [
    { case_id: "R_ON", measure_code: "M_MAND", implementing_unit: "A1", received_date: dl.receipt },
    { case_id: "R_LATE", measure_code: "M_MAND", implementing_unit: "A1", received_date: addDays(dl.receipt, 1) },
  ]);
  await insertRows(db, "feedback", [
    feedbackRow("F_ON", "M_MAND", "A1", "2024-04-08"),
    feedbackRow("F_LATE", "M_MAND", "A1", "2024-04-09"),
    feedbackRow("F_REC", "M_REC", "A1", "2024-04-08", "not_applicable"),
    feedbackRow("F_OFF", "M_UNKNOWN", "A1", "2024-04-08", "not_applicable"),
    feedbackRow("OFF_GONE", "M_GONE", "A1", "2024-04-09"),
    feedbackRow("OFF_GONE", "M_GONE", "A1", "2024-04-10"),
    feedbackRow("OFF_NEW", "M_NEW", "A1", "2024-04-09"),
    feedbackRow("OFF_NEW", "M_NEW", "A1", "2024-04-10"),
    feedbackRow("E_END", "M_MAND", "A1", "2024-04-10"),
    feedbackRow("E_END", "M_MAND", "A1", "2024-04-11"),
    feedbackRow("E_TERM", "M_MAND", "A1", "2024-04-10"),
    feedbackRow("E_TERM", "M_MAND", "A1", "2024-04-11"),
    feedbackRow("E_REP", "M_MAND", "A1", "2024-04-09"),
    feedbackRow("E_REP", "M_MAND", "A1", "2024-04-10"),
    feedbackRow("E_OBJ", "M_MAND", "A1", "2024-04-10"),
    feedbackRow("E_OBJ", "M_MAND", "A1", "2024-04-14"),
    feedbackRow("E_OBJ", "M_MAND", "A1", "2024-04-15"),
  ]);
  dl.objWithdraw = await deadline(db, dl.objection, 3);
  dl.repWithdraw = await deadline(db, dl.repair, 3);
  await insertRows(db, "objections", [
    { objection_id: "O_ON", case_id: "O_CASE", filed_date: "2024-04-02", resolved_date: dl.objection, outcome: "upheld", withdrawn_date: dl.objWithdraw },
    { objection_id: "O_LATE", case_id: "O_CASE", filed_date: "2024-04-02", resolved_date: addDays(dl.objection, 1), outcome: "upheld" },
    { objection_id: "O_DUE", case_id: "O_CASE", filed_date: "2024-04-02", due_date: "2024-04-19", resolved_date: "2024-04-19", outcome: "rejected" },
    { objection_id: "O_DUE_LATE", case_id: "O_CASE", filed_date: "2024-04-02", due_date: "2024-04-19", resolved_date: "2024-04-22", outcome: "rejected" },
    { objection_id: "O_EXEC", case_id: "E_OBJ", filed_date: "2024-04-10", resolved_date: "2024-04-15", outcome: "upheld" },
  ]);
  await insertRows(db, "repairs", [
    { repair_id: "RP_ON", case_id: "O_CASE", unit_code: "D1", applied_date: "2024-04-01", accepted_date: "2024-04-02", completed_date: dl.repair, outcome: "approved", removed_date: dl.repWithdraw },
    { repair_id: "RP_LATE", case_id: "O_CASE", unit_code: "D1", applied_date: "2024-04-01", accepted_date: "2024-04-02", completed_date: addDays(dl.repair, 1), outcome: "rejected" },
    { repair_id: "RP_EXEC", case_id: "E_REP", unit_code: "D1", applied_date: "2024-04-01", completed_date: "2024-04-09", outcome: "approved" },
  ]);
  await insertRows(db, "notifications", [
    { case_id: "N_ON", notified_date: "2024-04-02", method: "书面" },
    { case_id: "N_LATE", notified_date: "2024-04-03", method: "书面" },
  ]);
  await insertRows(db, "credit_checks", [
    { unit_code: "A1", period: P, licences: 10, checked: 7 },
    { unit_code: "A2", period: P, licences: 5, checked: 6, flags: ["checked_exceeds_licences"] },
  ]);
  await insertRows(db, "records", ["KT1", "KT2", "KT3"].map((k) => ({ ...record(`pen-${k}`, "A1", "2024-04-02", "2024-04-03", "2024-04-03"), kind: "penalty", subject_code: `S_${k}` })));
}, 120_000);

afterAll(async () => {
  await db?.drop();
});

type Target = JointIndicator | JointFinding;
/** status of each item of a unit's list, keyed by case (and its objection, repair or date) */
async function statuses(target: Target, asOf: string, unit = "A1"): Promise<Record<string, string>> {
  const r = await jointExplain(db, { period: P, asOf, unit, target, idNumbers: "full", limit: 1000 });
  const out: Record<string, string> = {};
  for (const i of r.items) {
    const key = [i.case_id, i.status === "finding" ? String(i.event_date).slice(5) : i.ref_id].filter(Boolean).join("/");
    out[key] = String(i.status === "finding" ? (i.detail ?? "finding") : i.status);
  }
  return out;
}
const pick = (s: Record<string, string>, prefix: string) => Object.fromEntries(Object.entries(s).filter(([k]) => k.startsWith(prefix)));

describe("the deadlines of the cycle, in working days across a holiday", () => {
  it("are what the calendar gives", () => {
    // 7 working days after Tuesday 2 April 2024: 3, 7 (make-up Sunday), 8, 9, 10, 11, 12
    expect(dl.push).toBe("2024-04-12");
    expect(dl.receipt).toBe("2024-04-08");
  });

  it("push: on time on the deadline, late the day after, not due the day before", async () => {
    expect(pick(await statuses("push_timeliness", addDays(dl.push!, -1), "D1"), "PUSH")).toEqual({ PUSH_ON: "not_due", PUSH_LATE: "not_due" });
    expect(pick(await statuses("push_timeliness", dl.push!, "D1"), "PUSH")).toEqual({ PUSH_ON: "on_time", PUSH_LATE: "missing" });
    expect(pick(await statuses("push_timeliness", addDays(dl.push!, 1), "D1"), "PUSH")).toEqual({ PUSH_ON: "on_time", PUSH_LATE: "late" });
  });

  it("receipt: by the implementing unit, 3 working days after the push (Monday after the holiday)", async () => {
    expect(pick(await statuses("receipt_timeliness", "2024-04-07"), "R_")).toEqual({ R_ON: "not_due", R_LATE: "not_due", R_MISS: "not_due" });
    expect(pick(await statuses("receipt_timeliness", "2024-04-08"), "R_")).toEqual({ R_ON: "on_time", R_LATE: "missing", R_MISS: "missing" });
    expect(pick(await statuses("receipt_timeliness", "2024-04-09"), "R_")).toEqual({ R_ON: "on_time", R_LATE: "late", R_MISS: "missing" });
  });

  it("a deadline's setting overrides its default (WENXIAO_JOINT_RECEIPT_DAYS=4: the receipt a day later is on time)", async () => {
    process.env.WENXIAO_JOINT_RECEIPT_DAYS = "4";
    reloadEnv();
    try {
      expect(jointDeadlineDays().receipt).toBe(4);
      expect(pick(await statuses("receipt_timeliness", "2024-04-09"), "R_")).toEqual({ R_ON: "on_time", R_LATE: "on_time", R_MISS: "missing" });
      process.env.WENXIAO_JOINT_RECEIPT_DAYS = "three";
      reloadEnv();
      expect(() => jointDeadlineDays()).toThrow(/WENXIAO_JOINT_RECEIPT_DAYS/);
    } finally {
      delete process.env.WENXIAO_JOINT_RECEIPT_DAYS;
      reloadEnv();
    }
    expect(jointDeadlineDays().receipt).toBe(3);
  });

  it("feedback is split by the nature of the measure in force on the push date; a measure on no list is in neither", async () => {
    expect(pick(await statuses("mandatory_feedback_timeliness", "2024-04-09"), "F_")).toEqual({ F_ON: "on_time", F_LATE: "late", F_MISS: "missing" });
    expect(pick(await statuses("mandatory_feedback_coverage", "2024-04-08"), "F_")).toEqual({ F_ON: "answered", F_LATE: "missing", F_MISS: "missing" });
    expect(pick(await statuses("mandatory_feedback_coverage", "2024-04-07"), "F_")).toEqual({ F_ON: "not_due", F_LATE: "not_due", F_MISS: "not_due" });
    expect(pick(await statuses("recommended_feedback_coverage", "2024-04-09"), "F_")).toEqual({ F_REC: "answered" });
  });

  it("objections: their own due date, else 15 working days; withdrawal 3 working days after an upheld one", async () => {
    const at = addDays(dl.objection!, 1);
    expect(await statuses("objection_timeliness", addDays(dl.objection!, -1), "D1")).toMatchObject({ "O_CASE/O_ON": "not_due", "O_CASE/O_DUE": "on_time", "O_CASE/O_DUE_LATE": "late" });
    expect(await statuses("objection_timeliness", at, "D1")).toMatchObject({ "O_CASE/O_ON": "on_time", "O_CASE/O_LATE": "late" });
    const w = await statuses("withdrawal_timeliness", "2024-04-30", "D1");
    expect(w).toMatchObject({ "O_CASE/O_ON": "on_time", "O_CASE/O_LATE": "missing", "O_CASE/RP_ON": "on_time" });
    expect(w["O_CASE/O_DUE"]).toBeUndefined(); // rejected: nothing to withdraw
    // the day before, on and after the withdrawal deadline of the upheld objection
    expect((await statuses("withdrawal_timeliness", addDays(dl.objWithdraw!, -1), "D1"))["O_CASE/O_ON"]).toBe("not_due");
    expect((await statuses("withdrawal_timeliness", dl.objWithdraw!, "D1"))["O_CASE/O_ON"]).toBe("on_time");
    // O_LATE, upheld a day later, is due on the Monday after the make-up Sunday (28 April): missing from then
    expect(dl.objWithdraw).toBe("2024-04-28");
    expect((await statuses("withdrawal_timeliness", "2024-04-28", "D1"))["O_CASE/O_LATE"]).toBe("not_due");
    expect((await statuses("withdrawal_timeliness", "2024-04-29", "D1"))["O_CASE/O_LATE"]).toBe("missing");
  });

  it("repairs: decided within 10 working days of acceptance, by the accepting unit", async () => {
    expect(await statuses("repair_timeliness", dl.repair!, "D1")).toEqual({ "O_CASE/RP_ON": "on_time", "O_CASE/RP_LATE": "missing" });
    expect(await statuses("repair_timeliness", addDays(dl.repair!, 1), "D1")).toEqual({ "O_CASE/RP_ON": "on_time", "O_CASE/RP_LATE": "late" });
  });

  it("notification: on or before the listing", async () => {
    expect(pick(await statuses("notification_timeliness", "2024-04-02", "D1"), "N_")).toEqual({ N_ON: "on_time", N_LATE: "missing" });
    expect(pick(await statuses("notification_timeliness", "2024-04-03", "D1"), "N_")).toEqual({ N_ON: "on_time", N_LATE: "late" });
    expect(pick(await statuses("notification_timeliness", "2024-04-01", "D1"), "N_")).toEqual({ N_ON: "not_due", N_LATE: "not_due" });
  });

  it("credit checks: Σ checked ÷ Σ licences, a row's excess not counted", async () => {
    const f = await jointFigures(db, P, "2024-04-30");
    const unit = (c: string) => f.units.find((u) => u.code === c)!.indicators.credit_check_rate;
    expect(unit("A1")).toEqual({ numerator: 7, denominator: 10, rate: 0.7 });
    expect(unit("A2")).toEqual({ numerator: 5, denominator: 5, rate: 1 });
    const dept = f.entities.find((e) => e.scope === "department" && e.code === "D1")!;
    expect(dept.indicators.credit_check_rate).toEqual({ numerator: 12, denominator: 15, rate: 0.8 });
  });
});

describe("violations of the implementing unit", () => {
  it("off_list: executed on a measure the day it left the list or the day before it entered", async () => {
    expect(pick(await statuses("off_list", "2024-04-30"), "OFF")).toEqual({ "OFF_GONE/04-10": "executed", "OFF_NEW/04-09": "executed" });
    expect(pick(await statuses("off_list", "2024-04-09"), "OFF")).toEqual({ "OFF_NEW/04-09": "executed" });
  });

  it("after_end: the day after the case ended, its term ended or a repair was approved; from the day an objection was upheld", async () => {
    const s = pick(await statuses("after_end", "2024-04-30"), "E_");
    expect(s).toEqual({ "E_END/04-11": "ended", "E_TERM/04-11": "term_expired", "E_REP/04-10": "repaired", "E_OBJ/04-15": "objection_upheld" });
    expect(pick(await statuses("after_end", "2024-04-14"), "E_")).toEqual({ "E_END/04-11": "ended", "E_TERM/04-11": "term_expired", "E_REP/04-10": "repaired" });
    // executed the day the objection was filed, and the day before it was upheld: the contract's violation, not after_end
    const v = await explain(db, { period: P, asOf: "2024-04-30", group: "region", entity: "620100", target: "violations", idNumbers: "full" });
    expect(v.items.map((i) => [i.case_id, i.feedback_date])).toEqual([["E_OBJ", "2024-04-10"], ["E_OBJ", "2024-04-14"]]);
  });
});

describe("list cross-checks, for the initiating units", () => {
  it("red_and_black: listings that overlap, each case for its own initiator; touching listings do not", async () => {
    const all = await jointFindings(db, P, "2024-04-30", { kind: "red_and_black", idNumbers: "full" });
    expect(all.items.map((i) => [i.case_id, i.unit_code, i.event_date, i.detail])).toEqual([
      ["RB_B", "A2", "2024-04-10", "RB_R"],
      ["RB_R", "D1", "2024-04-10", "RB_B"],
    ]);
    expect((await jointFindings(db, P, "2024-04-09", { kind: "red_and_black" })).total).toBe(0);
  });

  it("warning_list: three distinct areas at once, from the day the third arrives", async () => {
    const all = await jointFindings(db, P, "2024-04-30", { kind: "warning_list", idNumbers: "full" });
    expect(all.items.map((i) => [i.case_id, i.event_date])).toEqual([["W1", "2024-04-08"], ["W2", "2024-04-08"], ["W3", "2024-04-08"]]);
    expect((await jointFindings(db, P, "2024-04-07", { kind: "warning_list" })).total).toBe(0);
  });

  it("key_attention_unreviewed: not ended by the end of its validity nor followed by a new case", async () => {
    const ku = async (asOf: string) =>
      (await jointFindings(db, P, asOf, { kind: "key_attention_unreviewed", idNumbers: "full" })).items.map((i) => [i.case_id, i.event_date]);
    // WX2's validity ended on 7 April, unreviewed too
    expect(await ku("2024-04-09")).toEqual([["WX2", "2024-04-07"]]);
    expect(await ku("2024-04-10")).toEqual([["WX2", "2024-04-07"], ["KU1", "2024-04-10"]]);
  });

  it("key_attention_not_transferred: a penalty during validity and no black case by the deadline (10 working days)", async () => {
    expect((await jointFindings(db, P, addDays(dl.transfer!, -1), { kind: "key_attention_not_transferred" })).total).toBe(0);
    const on = await jointFindings(db, P, dl.transfer!, { kind: "key_attention_not_transferred", idNumbers: "full" });
    expect(on.items.map((i) => [i.case_id, i.ref_id])).toEqual([["KT1", "pen-KT1"], ["KT3", "pen-KT3"]]);
  });
});

describe("figures and their items", () => {
  it("explain lists exactly the items behind every figure, for units and ranked entities", async () => {
    const asOf = "2024-04-30";
    const f = await jointFigures(db, P, asOf);
    const scopes = [...f.units, ...f.entities.filter((e) => e.code === "620100" || e.code === "D1")];
    expect(scopes.length).toBeGreaterThan(3);
    for (const e of scopes) {
      const where = e.scope === "unit" ? { unit: e.code } : { group: e.scope, entity: e.code };
      for (const k of JOINT_INDICATORS) {
        const r = await jointExplain(db, { period: P, asOf, ...where, target: k, limit: 200_000 });
        const fig = e.indicators[k];
        if (k === "credit_check_rate") {
          expect(r.items.reduce((s, i) => s + Number(i.counted), 0), `${e.code} ${k}`).toBe(fig.numerator);
          expect(r.items.reduce((s, i) => s + Number(i.total), 0), `${e.code} ${k}`).toBe(fig.denominator);
          continue;
        }
        expect((r.counts.on_time ?? 0) + (r.counts.answered ?? 0), `${e.code} ${k} numerator`).toBe(fig.numerator);
        expect(r.total - (r.counts.not_due ?? 0), `${e.code} ${k} denominator`).toBe(fig.denominator);
      }
      for (const k of JOINT_FINDINGS) {
        const r = await jointExplain(db, { period: P, asOf, ...where, target: k });
        expect(r.total, `${e.code} ${k}`).toBe(e.findings[k]);
      }
    }
  });

  it("month by month sums to the period, and a page of a list is a slice of it", async () => {
    const q = await jointFigures(db, "2024-Q2", "2024-06-30");
    const m = await jointFigures(db, "2024-Q2", "2024-06-30", { byMonth: true });
    for (const e of q.entities) {
      for (const k of JOINT_INDICATORS) {
        const months = m.entities.filter((x) => x.scope === e.scope && x.code === e.code);
        expect(months.reduce((s, x) => s + x.indicators[k].denominator, 0), `${e.code} ${k}`).toBe(e.indicators[k].denominator);
      }
    }
    const all = await jointFindings(db, P, "2024-04-30");
    const page2 = await jointFindings(db, P, "2024-04-30", { limit: 3, offset: 3 });
    expect(page2.items.map((i) => i.case_id)).toEqual(all.items.slice(3, 6).map((i) => i.case_id));
    expect(page2.total).toBe(all.total);
  });
});

describe("the method switch (WENXIAO_JOINT_METHOD_FROM)", () => {
  const setFrom = (v: string | undefined) => {
    if (v === undefined) delete process.env.WENXIAO_JOINT_METHOD_FROM;
    else process.env.WENXIAO_JOINT_METHOD_FROM = v;
    reloadEnv();
  };
  afterAll(() => setFrom(undefined));

  it("off: the contract's document, byte for byte, whatever the joint evidence", async () => {
    setFrom(undefined);
    const doc = await scorePeriod(db, P, "2024-04-30");
    expect(doc.method).toBeUndefined();
    for (const e of [...doc.groups.region, ...doc.groups.department]) {
      expect(Object.keys(e.indicators)).toEqual([...INDICATORS]);
      expect(e.joint_violations).toBeUndefined();
    }
    // a switch from a later month leaves this period's document as it was
    const before = JSON.stringify(doc);
    setFrom("2024-05");
    expect(JSON.stringify(await scorePeriod(db, P, "2024-04-30"))).toBe(before);
  });

  it("on: the joint indicators join the document, its weights score them and off-list / after-end executions are deducted", async () => {
    setFrom("2024-04");
    const doc = await scorePeriod(db, P, "2024-04-30");
    expect(doc.method).toBe("joint");
    const city = doc.groups.region.find((e) => e.code === "620100")!;
    expect(Object.keys(city.indicators)).toEqual([...INDICATORS, ...JOINT_INDICATORS]);
    const f = await jointFigures(db, P, "2024-04-30");
    const joint = f.entities.find((e) => e.scope === "region" && e.code === "620100")!;
    expect(city.joint_violations).toEqual({ off_list: joint.findings.off_list, after_end: joint.findings.after_end });
    expect(joint.findings.off_list + joint.findings.after_end).toBe(6);
    const figures = Object.fromEntries(Object.entries(city.indicators).map(([k, v]) => [k, [BigInt(v.numerator), BigInt(v.denominator)] as [bigint, bigint]]));
    expect(city.score).toBe(combine(figures as Record<ScoredIndicator, [bigint, bigint]>, JOINT_METHOD_WEIGHTS, city.violations + 6));
    expect(city.indicators.receipt_timeliness).toEqual(joint.indicators.receipt_timeliness);
    // the same through the one-pass scoring of several periods (a month and its quarter)
    const { periods } = await scorePeriods(db, [P, "2024-Q2"], "2024-04-30");
    expect(JSON.stringify(periods[0])).toBe(JSON.stringify(doc));
    expect(JSON.stringify(periods[1])).toBe(JSON.stringify(await scorePeriod(db, "2024-Q2", "2024-04-30")));
    // a quarter ending after the switch month is scored by it
    setFrom("2024-06");
    expect((await scorePeriod(db, "2024-Q2", "2024-04-30")).method).toBe("joint");
    expect((await scorePeriod(db, P, "2024-04-30")).method).toBeUndefined();
  });

  it("the database setting (joint_method_from) switches when the environment does not; the environment wins", async () => {
    setFrom(undefined);
    const contract = JSON.stringify(await scorePeriod(db, P, "2024-04-30"));
    const v0 = await evidenceVersion(db);
    // a later month: this period stays the contract's, byte for byte
    expect(await setJointMethodFrom(db, { month: "2024-05", actor: OFFICE })).toEqual({ before: null, after: "2024-05" });
    expect(await evidenceVersion(db)).toBe(v0 + 1); // the cached scores' key moves with it
    expect(JSON.stringify(await scorePeriod(db, P, "2024-04-30"))).toBe(contract);
    expect((await scorePeriod(db, "2024-Q2", "2024-04-30")).method).toBe("joint");
    // from this month: the joint method, as with the environment's switch
    await setJointMethodFrom(db, { month: "2024-04", actor: OFFICE });
    expect(await jointMethodSource(db)).toEqual({ from: "2024-04", source: "setting" });
    const bySetting = JSON.stringify(await scorePeriod(db, P, "2024-04-30"));
    expect(JSON.parse(bySetting).method).toBe("joint");
    setFrom("2024-04");
    expect(JSON.stringify(await scorePeriod(db, P, "2024-04-30"))).toBe(bySetting);
    // the environment wins over the setting
    setFrom("2024-05");
    expect(await jointMethodSource(db)).toEqual({ from: "2024-05", source: "env" });
    expect(JSON.stringify(await scorePeriod(db, P, "2024-04-30"))).toBe(contract);
    setFrom(undefined);
    const [audit] = await db.query<{ before: unknown; after: unknown }>(`SELECT before, after FROM audit_log WHERE entity = 'settings' AND entity_key = 'joint_method_from' ORDER BY id DESC LIMIT 1`);
    expect(audit).toEqual({ before: { joint_method_from: "2024-05" }, after: { joint_method_from: "2024-04" } });
    await expect(setJointMethodFrom(db, { month: "2024-13", actor: OFFICE })).rejects.toThrow(/YYYY-MM/);
    await expect(setJointMethodFrom(db, { month: "2024-01", actor: head("620100") })).rejects.toThrow();
    // removed: nothing configured again, the contract's document
    await setJointMethodFrom(db, { month: null, actor: OFFICE });
    expect(await jointMethodSource(db)).toEqual({ from: undefined, source: null });
    expect(JSON.stringify(await scorePeriod(db, P, "2024-04-30"))).toBe(contract);
  });

  it("a publication records the method it was scored by", async () => {
    setFrom("2024-04");
    await publishPeriod(db, { period: P, asOf: "2024-05-06", actor: OFFICE });
    const [row] = await db.query<{ method: { name?: string; weights: Record<string, number>; deducted?: string[] } }>(`SELECT method FROM publications WHERE period = $1`, [P]);
    expect(row!.method.name).toBe("joint");
    expect(row!.method.weights).toEqual(JOINT_METHOD_WEIGHTS);
    expect(row!.method.deducted).toEqual(["during_objection", "off_list", "after_end"]);
  });
});

describe("notice rules on the joint-measures figures", () => {
  it("the form and the stored rules take an indicator floor on a joint indicator and a count of a finding", () => {
    expect(rulesFromForm({ kind_0: "joint_finding", threshold_0: "1", indicator_0: "off_list", enabled_0: "1", kind_1: "indicator_floor", threshold_1: "100", indicator_1: "mandatory_feedback_coverage", enabled_1: "1" })).toEqual([
      { id: "joint_finding", finding: "off_list", atLeast: 1 },
      { id: "indicator_floor", indicator: "mandatory_feedback_coverage", floor: 1 },
    ]);
    expect(() => rulesFromForm({ kind_0: "joint_finding", threshold_0: "1", indicator_0: "coverage", enabled_0: "1" })).toThrow(/row 1|第 1 行/);
    expect(() => validateRules([{ id: "joint_finding", finding: "nothing", atLeast: 1 }])).toThrow(/finding|问题类型/);
    expect(describeRule({ id: "joint_finding", finding: "off_list", atLeast: 1 }, "zh")).toBe("清单外实施惩戒 1 起及以上");
  });

  it("closing drafts a notice for the units they hit, naming the findings in its text, whatever the method", async () => {
    await saveRules(db, [{ id: "joint_finding", finding: "off_list", atLeast: 1 }, { id: "indicator_floor", indicator: "mandatory_feedback_coverage", floor: 1 }], OFFICE);
    const r = await closePeriod(db, { period: P, asOf: "2024-05-06", actor: OFFICE });
    expect(r.drafts).toEqual([
      { group: "region", code: "620100", rules: ["joint_finding", "indicator_floor"] },
      { group: "department", code: "D1", rules: ["joint_finding", "indicator_floor"] },
    ]);
    const [n] = await db.query<{ body: string }>(`SELECT body FROM notices WHERE period = $1 AND unit_code = '620100'`, [P]);
    expect(n!.body).toContain("清单外实施惩戒 2 起");
    expect(n!.body).toContain("强制性措施反馈率：应计");
  });
});
