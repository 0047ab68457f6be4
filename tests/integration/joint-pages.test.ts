import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { isRedirectError } from "next/dist/client/components/redirect-error";
import type { Connection } from "@/db/client";
import type { SessionUser } from "@/lib/auth/users";
import { JointCase } from "@/components/JointCase";
import { Obligations } from "@/components/Obligations";
import { listObligations, loadObligations } from "@/lib/joint/obligations";
import { caseTimeline, type TimelineStep } from "@/lib/joint/timeline";
import { jointExplain, type JointIndicator } from "@/lib/scoring/joint";
import { QueryReader } from "@/lib/web/query";
import { OFFICE, clerk, head } from "../helpers/actors";
import { freshDatabase, rollbackEach, type TestDatabase } from "../helpers/db";
import { feedbackRow, insertRows, insertUnits, obligation } from "../helpers/fixtures";

/**
 * The joint-measures pages (issue 11 "Where it shows"): a case's timeline with each step's deadline
 * met or not, who may see which case and which of its obligations, a unit's open obligations
 * (overdue first, filtered, sorted and paged in SQL), and the pages' refusals (404, logged) as Next
 * calls them, with a mocked session and database.
 */
const state = vi.hoisted(() => ({
  session: null as { user: { username: string; name: string; role: "office" | "unit_head" | "clerk"; unitCode: string | null } } | null,
  db: undefined as Connection | undefined,
}));
vi.mock("@/auth", () => ({ auth: vi.fn(async () => state.session), signOut: vi.fn(), signIn: vi.fn(), handlers: {} }));
vi.mock("@/lib/db", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/db")>()),
  getDb: async () => {
    if (!state.db) throw new Error("the test database is not open yet");
    return state.db;
  },
}));
const officeCasePage = await import("@/app/office/joint/cases/[id]/page");
const unitCasePage = await import("@/app/unit/joint/cases/[id]/page");
const unitObligationsPage = await import("@/app/unit/obligations/page");
const officeObligationsPage = await import("@/app/office/units/[code]/obligations/page");

let db: TestDatabase;
const sql = rollbackEach(() => db);
const PERSON = "620102198001011234";

beforeAll(async () => {
  db = await freshDatabase();
  // 620100 ⊃ A1 (D1's bureau); 620200 ⊃ A2 (D1), A3 (D2); A4 is 城关区's (620102), D1's line
  await insertUnits(db, ["620100", "620102", "620200", "D1", "D2", "A1", "A2", "A3", "A4"]);
  const at = (row: ReturnType<typeof obligation>, extra: Record<string, unknown>) => ({ ...row, ...extra });
  const c1 = { listed_date: "2024-02-26", ended_date: "2024-03-21", end_reason: "objection_upheld" };
  await insertRows(db, "cases", [
    // C1, initiated by D2: A1 on a mandatory measure, A2 on a measure on no list
    at(obligation("C1", "M1", "A1", "D2", "2024-03-15"), c1),
    at(obligation("C1", "M2", "A2", "D2", "2024-03-15"), c1),
    // C2, initiated by D1, a natural person's: A1 not received, A4 received, A3 not 620100's
    at(obligation("C2", "M1", "A1", "D1", "2024-03-15"), { subject_code: PERSON, subject_name: "张三" }),
    at(obligation("C2", "M1", "A4", "D1", "2024-03-15"), { subject_code: PERSON, subject_name: "张三" }),
    at(obligation("C2", "M1", "A3", "D1", "2024-03-15"), { subject_code: PERSON, subject_name: "张三" }),
    // C3 ended before anyone answered: no longer an obligation
    at(obligation("C3", "M1", "A1", "D1", "2024-03-15"), { ended_date: "2024-03-05", end_reason: "list_exit" }),
  ]);
  await insertRows(db, "measures", [{ measure_code: "M1", effective_from: "2024-01-01", name: "限制参与政府采购活动", legal_basis: "政府采购法", list_level: "national", list_type: "black", mandatory: "1" }]);
  await insertRows(db, "receipts", [
    { case_id: "C1", measure_code: "M1", implementing_unit: "A1", received_date: "2024-03-04" },
    { case_id: "C1", measure_code: "M2", implementing_unit: "A2", received_date: "2024-03-08" },
    { case_id: "C2", measure_code: "M1", implementing_unit: "A4", received_date: "2024-03-02" },
  ]);
  await insertRows(db, "notifications", [{ case_id: "C1", notified_date: "2024-02-27", method: "书面告知" }]);
  await insertRows(db, "feedback", [feedbackRow("C1", "M1", "A1", "2024-03-10")]);
  await insertRows(db, "objections", [{ objection_id: "O1", case_id: "C1", filed_date: "2024-03-11", resolved_date: "2024-03-20", outcome: "upheld", withdrawn_date: "2024-03-21" }]);
});

beforeEach(() => {
  state.db = sql();
});
afterEach(() => {
  state.db = undefined;
});
afterAll(async () => {
  await db?.drop();
});

describe("a case's timeline", () => {
  it("lists every step in date order with its deadline and whether it was met", async () => {
    const t = (await caseTimeline(sql(), OFFICE, "C1", "2024-04-30"))!;
    expect(t.whole).toBe(true);
    expect(t.initiatingUnits).toEqual(["D2"]);
    expect(t.implementingUnits).toEqual(["A1", "A2"]);
    expect(t.events.map((e) => [e.step, e.date, e.unit, e.due, e.status])).toEqual([
      ["listing", "2024-02-26", null, null, null],
      // told the day after the listing decision: late (003 (八): before the decision)
      ["notification", "2024-02-27", null, "2024-02-26", "late"],
      // 7 working days after Monday 26 February
      ["push", "2024-03-01", null, "2024-03-06", "on_time"],
      // 3 working days after Friday 1 March: Wednesday 6 March
      ["receipt", "2024-03-04", "A1", "2024-03-06", "on_time"],
      ["receipt", "2024-03-08", "A2", "2024-03-06", "late"],
      ["feedback", "2024-03-10", "A1", "2024-03-15", "on_time"],
      ["objection_filed", "2024-03-11", null, null, null],
      // no due date reported: 15 working days after filing
      ["feedback", null, "A2", "2024-03-15", "missing"],
      ["objection_resolved", "2024-03-20", null, "2024-04-01", "on_time"],
      ["withdrawal", "2024-03-21", null, "2024-03-25", "on_time"],
      ["exit", "2024-03-21", null, null, null],
    ]);
    const a2 = t.events.find((e) => e.step === "receipt" && e.unit === "A2")!;
    expect([a2.measureName, a2.mandatory]).toEqual([null, null]);
    const a1 = t.events.find((e) => e.step === "receipt" && e.unit === "A1")!;
    expect([a1.measureName, a1.mandatory]).toEqual(["限制参与政府采购活动", "1"]);
  });

  it("marks each step as the figures count it: the timeline's statuses are jointExplain's for the case's items", async () => {
    // the indicators whose items the timeline shows, the step that shows each and the unit it is shown under
    const steps: [JointIndicator, TimelineStep, "implementing_unit" | null][] = [
      ["notification_timeliness", "notification", null],
      ["push_timeliness", "push", null],
      ["receipt_timeliness", "receipt", "implementing_unit"],
      ["mandatory_feedback_timeliness", "feedback", "implementing_unit"],
      ["objection_timeliness", "objection_resolved", null],
      ["withdrawal_timeliness", "withdrawal", null],
    ];
    // the figures' not_due is the timeline's pending (or on time, done before a deadline still ahead)
    const same = (figure: string) => (figure === "not_due" ? ["pending", "on_time"] : [figure]);
    for (const today of ["2024-03-05", "2024-03-15", "2024-04-30"]) {
      const t = (await caseTimeline(sql(), OFFICE, "C1", today))!;
      let compared = 0;
      for (const [indicator, step, unitColumn] of steps) {
        const r = await jointExplain(sql(), { period: "2024", asOf: today, target: indicator, limit: 1000 });
        for (const item of r.items.filter((i) => i.case_id === "C1")) {
          const shown = t.events.filter((e) => e.step === step && e.due === item.deadline && (unitColumn === null || e.unit === item[unitColumn]) && e.status !== null);
          expect(shown.length, `${today} ${indicator} ${String(item.implementing_unit)}`).toBeGreaterThan(0);
          for (const e of shown) expect(same(String(item.status)), `${today} ${indicator}`).toContain(e.status);
          compared++;
        }
      }
      // notification, push ×2, receipt ×2, A1's mandatory feedback, the objection and the withdrawal
      expect(compared, today).toBe(8);
    }
  });

  it("a step not yet due is pending, not missing", async () => {
    const t = (await caseTimeline(sql(), OFFICE, "C2", "2024-03-05"))!;
    expect(t.events.filter((e) => e.unit === "A1").map((e) => [e.step, e.status])).toEqual([
      ["receipt", "pending"],
      ["feedback", "pending"],
    ]);
  });

  it("masks a natural person's ID number", async () => {
    const t = (await caseTimeline(sql(), OFFICE, "C2", "2024-04-30"))!;
    expect(t.subjectCode).toBe("620102********1234");
    const html = renderToStaticMarkup(createElement(JointCase, { lang: "zh", timeline: t, unitName: {}, back: "/office" }));
    expect(html).not.toContain(PERSON);
  });

  it("the office any case; a unit the cases its units initiated (all obligations) or implement (its own); nobody else", async () => {
    const seen = async (user: SessionUser, id: string) => {
      const t = await caseTimeline(sql(), user, id, "2024-04-30");
      return t ? [t.whole, t.implementingUnits] : undefined;
    };
    expect(await seen(OFFICE, "C1")).toEqual([true, ["A1", "A2"]]);
    expect(await seen(head("D2"), "C1")).toEqual([true, ["A1", "A2"]]);
    expect(await seen(clerk("620100"), "C1")).toEqual([false, ["A1"]]);
    expect(await seen(head("620200"), "C1")).toEqual([false, ["A2"]]);
    expect(await seen(head("D1"), "C1")).toEqual([false, ["A1", "A2"]]);
    expect(await seen(head("620200"), "C2")).toEqual([false, ["A3"]]);
    expect(await seen(head("620100"), "C2")).toEqual([false, ["A1"]]);
    expect(await seen(head("620102"), "C1")).toBeUndefined();
    expect(await seen(head("D2"), "C3")).toBeUndefined();
    expect(await seen({ ...clerk("620100"), unitCode: null }, "C1")).toBeUndefined();
    expect(await seen(OFFICE, "C9")).toBeUndefined();
  });

  it("renders in both languages with every step named", async () => {
    const t = (await caseTimeline(sql(), OFFICE, "C1", "2024-04-30"))!;
    const zh = renderToStaticMarkup(createElement(JointCase, { lang: "zh", timeline: t, unitName: { A1: "兰州市市场监管局" }, back: "/office" }));
    const en = renderToStaticMarkup(createElement(JointCase, { lang: "en", timeline: t, unitName: { A1: "Lanzhou AMR" }, back: "/office" }));
    expect(zh).toContain("告知当事人");
    expect(zh).toContain("不在清单内");
    expect(en).toContain("Subject notified");
    expect(en).toContain("on no list");
    for (const html of [zh, en]) expect(html).not.toMatch(/>(on_time|objection_upheld|not_applicable|key_attention)</);
    expect(zh).not.toMatch(/>(late|missing|executed|upheld)</);
  });
});

describe("a unit's open obligations", () => {
  const base = { sort: "due" as const, dir: "asc" as const };
  const keys = (rows: { case_id: string; measure_code: string; implementing_unit: string }[]) => rows.map((r) => `${r.case_id}/${r.measure_code}/${r.implementing_unit}`);

  it("the measures of the unit's scope not yet received or answered, on cases not ended, overdue first", async () => {
    const { rows, total, counts } = await listObligations(sql(), "D1", "2024-03-10", base, 1);
    expect(keys(rows)).toEqual(["C2/M1/A1", "C1/M2/A2", "C2/M1/A4"]);
    expect(rows.map((r) => [r.step, r.next_due, r.overdue])).toEqual([
      ["receive", "2024-03-06", true],
      ["answer", "2024-03-15", false],
      ["answer", "2024-03-15", false],
    ]);
    expect(rows[1]!.mandatory).toBeNull();
    expect(rows[0]!.measure_name).toBe("限制参与政府采购活动");
    expect([total, counts]).toEqual([3, { open: 3, overdue: 1, receive: 1, answer: 2 }]);
    // 620100's scope is A1 only (A4 is 城关区's)
    expect(keys((await listObligations(sql(), "620100", "2024-03-10", base, 1)).rows)).toEqual(["C2/M1/A1"]);
    // after the upheld objection C1 is closed: nothing of it stays open
    expect(keys((await listObligations(sql(), "D1", "2024-03-25", base, 1)).rows)).toEqual(["C2/M1/A1", "C2/M1/A4"]);
  });

  it("filters, sorts and pages in SQL", async () => {
    const list = (f: Partial<Parameters<typeof listObligations>[3]>, page = 1, limit?: number) => listObligations(sql(), "D1", "2024-03-10", { ...base, ...f }, page, limit);
    expect(keys((await list({ step: "answer" })).rows)).toEqual(["C1/M2/A2", "C2/M1/A4"]);
    expect(keys((await list({ overdue: true })).rows)).toEqual(["C2/M1/A1"]);
    expect(keys((await list({ q: "C2" })).rows)).toEqual(["C2/M1/A1", "C2/M1/A4"]);
    expect(keys((await list({ sort: "case", dir: "desc" })).rows)).toEqual(["C2/M1/A1", "C2/M1/A4", "C1/M2/A2"]);
    expect(keys((await list({ dir: "desc" })).rows)).toEqual(["C1/M2/A2", "C2/M1/A4", "C2/M1/A1"]);
    const p2 = await list({}, 2, 2);
    expect([keys(p2.rows), p2.total]).toEqual([["C2/M1/A4"], 3]);
  });

  it("a wrong address is said, not guessed; the list renders in both languages", async () => {
    const bad = new QueryReader({ step: "later", page: "x" });
    expect(await loadObligations(sql(), "D1", bad, "2024-03-10")).toBe("bad address");
    expect(bad.problems.map((p) => p.field)).toEqual(["step", "page"]);
    const far = new QueryReader({ page: "9" });
    expect(await loadObligations(sql(), "D1", far, "2024-03-10")).toBe("bad address");
    const view = await loadObligations(sql(), "D1", new QueryReader({}), "2024-03-10");
    if (view === "bad address") throw new Error("a good address");
    for (const lang of ["zh", "en"] as const) {
      const html = renderToStaticMarkup(createElement(Obligations, { lang, base: "/unit/obligations", caseBase: "/unit/joint/cases", uploadHref: "/unit/upload", view, unitName: {} }));
      expect(html).toContain(lang === "en" ? "Receive (upload receipts)" : "接收（上传 receipts）");
      expect(html).toContain('href="/unit/joint/cases/C2');
    }
  });
});

describe("the pages' guards: 404 to anyone the case or list is not for, logged", () => {
  type Outcome = { redirect: string } | { notFound: true } | "rendered";
  async function rendered(run: Promise<unknown>): Promise<Outcome> {
    try {
      await run;
      return "rendered";
    } catch (e) {
      if (isRedirectError(e)) return { redirect: e.digest.split(";").slice(2, -2).join(";") };
      if (e instanceof Error && "digest" in e && e.digest === "NEXT_HTTP_ERROR_FALLBACK;404") return { notFound: true };
      throw e;
    }
  }
  const NOT_FOUND = { notFound: true };
  const open = (page: typeof officeCasePage.default, id: string) => page({ params: Promise.resolve({ id }), searchParams: Promise.resolve({}) });
  const signIn = (user: SessionUser | null) => (state.session = user ? { user: { ...user } } : null);
  const logSince = async (id: number) => sql().query<{ username: string; action: string; target_unit: string | null; allowed: boolean }>(`SELECT username, action, target_unit, allowed FROM access_log WHERE id > $1 ORDER BY id`, [id]);
  const lastLogId = async () => (await sql().query<{ id: number | null }>(`SELECT max(id)::int AS id FROM access_log`))[0]?.id ?? 0;

  it("a case: the office's address for the office only, the unit's for the units in it; the office goes to its own", async () => {
    signIn(OFFICE);
    expect(await rendered(open(officeCasePage.default, "C1"))).toBe("rendered");
    expect(await rendered(open(officeCasePage.default, "C9"))).toEqual(NOT_FOUND);
    expect(await rendered(open(unitCasePage.default, "C1"))).toEqual({ redirect: "/office/joint/cases/C1" });
    for (const user of [head("620100"), clerk("620100")]) {
      signIn(user);
      const since = await lastLogId();
      expect(await rendered(open(officeCasePage.default, "C1"))).toEqual(NOT_FOUND);
      expect(await rendered(open(unitCasePage.default, "C1"))).toBe("rendered");
      expect(await rendered(open(unitCasePage.default, "C3"))).toBe("rendered");
      expect(await logSince(since)).toEqual([
        { username: user.username, action: "view:joint-case", target_unit: "620100", allowed: false },
        { username: user.username, action: "view:joint-case", target_unit: "620100", allowed: true },
        { username: user.username, action: "view:joint-case", target_unit: "620100", allowed: true },
      ]);
    }
    signIn(head("620102"));
    const since = await lastLogId();
    expect(await rendered(open(unitCasePage.default, "C1"))).toEqual(NOT_FOUND);
    expect(await logSince(since)).toEqual([{ username: "head-620102", action: "view:joint-case", target_unit: "620102", allowed: false }]);
    signIn({ ...clerk("620100"), unitCode: null });
    expect(await rendered(open(unitCasePage.default, "C1"))).toEqual(NOT_FOUND);
    signIn(null);
    expect(await rendered(open(unitCasePage.default, "C1"))).toEqual({ redirect: expect.stringMatching(/^\/login\?next=/) });
  });

  it("the obligations: a unit's people their own; the office any unit's at its own address", async () => {
    const unitList = () => unitObligationsPage.default({ searchParams: Promise.resolve({}) });
    const officeList = (code: string) => officeObligationsPage.default({ params: Promise.resolve({ code }), searchParams: Promise.resolve({}) });
    signIn(head("620100"));
    const since = await lastLogId();
    expect(await rendered(unitList())).toBe("rendered");
    expect(await rendered(officeList("620100"))).toEqual(NOT_FOUND);
    expect(await logSince(since)).toEqual([
      { username: "head-620100", action: "view:obligations", target_unit: "620100", allowed: true },
      { username: "head-620100", action: "view:obligations", target_unit: "620100", allowed: false },
    ]);
    signIn({ ...clerk("620100"), unitCode: null });
    expect(await rendered(unitList())).toEqual(NOT_FOUND);
    signIn(OFFICE);
    expect(await rendered(unitList())).toEqual({ redirect: "/office" });
    expect(await rendered(officeList("D1"))).toBe("rendered");
    expect(await rendered(officeList("XX9"))).toEqual(NOT_FOUND);
  });
});
