import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { isRedirectError } from "next/dist/client/components/redirect-error";
import type { Connection } from "@/db/client";
import type { SessionUser } from "@/lib/auth/users";
import { JointOffice, JointUnit } from "@/components/JointMonth";
import { loadJointOffice, loadJointUnit, type JointOfficeView, type JointUnitView } from "@/lib/joint/month";
import { jointExplain } from "@/lib/scoring/joint";
import { QueryReader } from "@/lib/web/query";
import { OFFICE, clerk, head } from "../helpers/actors";
import { freshDatabase, rollbackEach, type TestDatabase } from "../helpers/db";
import { feedbackRow, insertRows, insertUnits, obligation, record } from "../helpers/fixtures";

/**
 * 联合奖惩 by month (issue 11 "Where it shows", lib/joint/month.ts): the office's page of the
 * province and a unit's own — the steps counted, the figures equal to lib/scoring/joint.ts's, the
 * violations and cross-checks by kind, the warning list with natural persons masked, the findings
 * filtered, sorted and paged in SQL, a wrong address said — and the pages' guards, logged.
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
const officeJointPage = await import("@/app/office/joint/page");
const unitJointPage = await import("@/app/unit/joint/page");

let db: TestDatabase;
const sql = rollbackEach(() => db);
const PERSON = "620102198001011234";
const TODAY = "2024-05-01";
const MARCH = { period: "2024-03", asOf: "2024-04-30" };

beforeAll(async () => {
  db = await freshDatabase();
  await insertUnits(db, ["620100", "620200", "D1", "D2", "A1", "A2", "A3"]);
  // a record makes March a month with data (the period picker's months)
  await insertRows(db, "records", [record("R1", "A1", "2024-03-05", "2024-03-06", "2024-03-06")]);
  const c1 = { listed_date: "2024-02-26", ended_date: "2024-03-21", end_reason: "objection_upheld" };
  const person = (area: string, listed: string) => ({ subject_code: PERSON, subject_name: "张三", list_type: "key_attention", area, listed_date: listed });
  await insertRows(db, "cases", [
    // C1 (D2's): A1 on the listed M1, A2 on M2 which no list has
    { ...obligation("C1", "M1", "A1", "D2", "2024-03-15"), ...c1 },
    { ...obligation("C1", "M2", "A2", "D2", "2024-03-15"), ...c1 },
    // a natural person on key-attention lists in three areas (D1's): the warning list from 4 March
    { ...obligation("K1", "M1", "A3", "D1", "2024-03-20"), ...person("食品药品", "2024-03-01") },
    { ...obligation("K2", "M1", "A3", "D1", "2024-03-20"), ...person("税务", "2024-03-01") },
    { ...obligation("K3", "M1", "A3", "D1", "2024-03-20"), ...person("交通运输", "2024-03-01") },
  ]);
  await insertRows(db, "measures", [{ measure_code: "M1", effective_from: "2024-01-01", name: "限制参与政府采购活动", legal_basis: "政府采购法", list_level: "national", list_type: "black", mandatory: "1" }]);
  await insertRows(db, "receipts", [
    { case_id: "C1", measure_code: "M1", implementing_unit: "A1", received_date: "2024-03-04" },
    { case_id: "C1", measure_code: "M2", implementing_unit: "A2", received_date: "2024-03-08" },
  ]);
  await insertRows(db, "feedback", [
    feedbackRow("C1", "M1", "A1", "2024-03-10"),
    // executed again while the objection was pending: the contract's violation
    feedbackRow("C1", "M1", "A1", "2024-03-12"),
    // off the lists, and after the case ended
    feedbackRow("C1", "M2", "A2", "2024-03-25"),
  ]);
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

const office = async (sp: Record<string, string>) => {
  const v = await loadJointOffice(sql(), new QueryReader({ ...MARCH, ...sp }), TODAY);
  if (!v || v === "bad address") throw new Error(`not a view: ${String(v)}`);
  return v;
};
const unit = async (code: string, sp: Record<string, string> = {}) => {
  const v = await loadJointUnit(sql(), code, new QueryReader({ ...MARCH, ...sp }), TODAY);
  if (!v || v === "bad address") throw new Error(`not a view: ${String(v)}`);
  return v;
};

describe("the office's month", () => {
  it("counts each step on the day it happened, and the violations and cross-checks by kind", async () => {
    const v = await office({});
    expect(v.steps).toEqual({ cases_pushed: 4, pushed: 5, received: 2, answered: 2, executed: 2, ended: 1 });
    expect(v.violations).toEqual({ during_objection: 1, off_list: 1, after_end: 1 });
    expect(v.crossChecks).toMatchObject({ warning_list: 3, red_and_black: 0, key_attention_unreviewed: 0, key_attention_not_transferred: 0 });
  });

  it("the province's figures are the sums of the units' items; each ranked entity's are jointFigures'", async () => {
    const v = await office({});
    // receipts: C1's A1 on time, A2 late, the three K cases' never received
    expect(v.province.receipt_timeliness).toMatchObject({ numerator: 1, denominator: 5 });
    const explained = await jointExplain(sql(), { ...MARCH, target: "receipt_timeliness" });
    expect(explained.counts).toEqual({ on_time: 1, late: 1, missing: 3 });
    expect(v.entities.map((e) => e.code).sort()).toEqual(["620100", "620200", "D1", "D2"]);
    const byCode = Object.fromEntries(v.entities.map((e) => [e.code, e]));
    expect(byCode["620100"]!.indicators.receipt_timeliness).toMatchObject({ numerator: 1, denominator: 1 });
    expect(byCode["620200"]!.indicators.receipt_timeliness).toMatchObject({ numerator: 0, denominator: 4 });
    expect(byCode["620200"]!.findings).toMatchObject({ off_list: 1, after_end: 1 });
  });

  it("sorts the entities by a column, regions before departments, an empty figure last", async () => {
    const asc = await office({ sort: "receipt_timeliness" });
    expect(asc.entities.filter((e) => e.group === "region").map((e) => e.code)).toEqual(["620200", "620100"]);
    const desc = await office({ sort: "receipt_timeliness", dir: "desc" });
    expect(desc.entities.filter((e) => e.group === "region").map((e) => e.code)).toEqual(["620100", "620200"]);
    expect(desc.entities.at(-1)!.group).toBe("department");
  });

  it("the warning list: the subject's cases, the natural person's number masked", async () => {
    const v = await office({});
    expect(v.warning.total).toBe(3);
    expect(v.warning.items.map((i) => i.case_id)).toEqual(["K1", "K2", "K3"]);
    expect(new Set(v.warning.items.map((i) => i.subject_code))).toEqual(new Set(["620102********1234"]));
  });

  it("the findings per unit: filtered by kind and unit, sorted and paged in SQL", async () => {
    const all = await office({});
    expect(all.findings.total).toBe(5);
    expect(all.findings.counts).toEqual({ off_list: 1, after_end: 1, warning_list: 3 });
    const offList = await office({ kind: "off_list" });
    expect(offList.findings.items.map((i) => [i.kind, i.unit_code, i.case_id])).toEqual([["off_list", "A2", "C1"]]);
    const a2 = await office({ unit: "A2" });
    expect(a2.findings.items.map((i) => i.kind).sort()).toEqual(["after_end", "off_list"]);
    const byUnit = await office({ fsort: "unit", fdir: "desc" });
    expect(byUnit.findings.items.map((i) => i.unit_code)).toEqual(["D1", "D1", "D1", "A2", "A2"]);
    expect(await loadJointOffice(sql(), new QueryReader({ ...MARCH, page: "2" }), TODAY)).toBe("bad address");
  });

  it("a wrong address is said, not guessed", async () => {
    for (const [sp, field] of [
      [{ period: "2024-13" }, "period"],
      [{ period: "2024-Q1" }, "period"],
      [{ period: "1999-01" }, "period"],
      [{ kind: "late" }, "kind"],
      [{ sort: "score" }, "sort"],
      [{ fsort: "name" }, "fsort"],
      [{ asOf: "2024-06-01" }, "asOf"],
    ] as const) {
      const q = new QueryReader({ ...MARCH, ...sp });
      expect(await loadJointOffice(sql(), q, TODAY), field).toBe("bad address");
      expect(q.problems.map((p) => p.field)).toEqual([field]);
    }
  });

  it("renders in both languages, each finding linked to its case, no natural person's number", async () => {
    const v: JointOfficeView = await office({});
    for (const lang of ["zh", "en"] as const) {
      const html = renderToStaticMarkup(createElement(JointOffice, { view: { ...v, lang }, base: "/office/joint", caseBase: "/office/joint/cases" }));
      expect(html).toContain(lang === "en" ? "Warning list" : "预警名单");
      expect(html).toContain(lang === "en" ? "Executed during an objection" : "异议期间仍执行");
      expect(html).toContain('href="/office/joint/cases/C1');
      expect(html).toContain('href="/office/joint/cases/K1');
      expect(html).not.toContain(PERSON);
      expect(html).not.toContain("张三");
      expect(html).not.toMatch(/>(off_list|after_end|warning_list|on_time)</);
    }
  });
});

describe("a unit's month", () => {
  it("a ranked entity's figures as its score rolls them up, the findings against its units, the contract's violation among them", async () => {
    const v = await unit("620200");
    expect(v.indicators.receipt_timeliness).toMatchObject({ numerator: 0, denominator: 4 });
    expect(v.findingCounts).toMatchObject({ off_list: 1, after_end: 1, warning_list: 0 });
    expect(v.violations).toEqual({ during_objection: 0, off_list: 1, after_end: 1 });
    expect(v.list.total).toBe(2);
    expect((await unit("620100")).violations.during_objection).toBe(1);
    // an agency (not ranked): its own
    const a2 = await unit("A2", { kind: "after_end" });
    expect(a2.list.items.map((i) => [i.kind, i.case_id])).toEqual([["after_end", "C1"]]);
  });

  it("the items behind an indicator are exactly its figure, by status, paged", async () => {
    const v: JointUnitView = await unit("620200", { indicator: "receipt_timeliness" });
    expect(v.list.counts).toEqual({ late: 1, missing: 3 });
    expect(v.list.total).toBe(v.indicators.receipt_timeliness.denominator);
    const late = await unit("620200", { indicator: "receipt_timeliness", status: "late" });
    expect(late.list.items.map((i) => [i.case_id, i.implementing_unit])).toEqual([["C1", "A2"]]);
    const q = new QueryReader({ ...MARCH, indicator: "receipt_timeliness", status: "answered" });
    expect(await loadJointUnit(sql(), "620200", q, TODAY)).toBe("bad address");
    expect(q.problems.map((p) => p.field)).toEqual(["status"]);
  });

  it("renders in both languages, each indicator linked to its items", async () => {
    for (const lang of ["zh", "en"] as const) {
      const v = await unit("620200");
      const html = renderToStaticMarkup(createElement(JointUnit, { view: { ...v, lang }, base: "/unit/joint", caseBase: "/unit/joint/cases" }));
      expect(html).toContain("/unit/joint?period=2024-03&amp;asOf=2024-04-30&amp;indicator=receipt_timeliness");
      expect(html).toContain('href="/unit/joint/cases/C1');
      expect(html).toContain(lang === "en" ? "Findings against your unit" : "本单位被发现的问题");
      expect(html).not.toContain(PERSON);
    }
  });
});

describe("the pages' guards", () => {
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
  const signIn = (user: SessionUser | null) => (state.session = user ? { user: { ...user } } : null);
  const open = (page: typeof officeJointPage.default) => page({ searchParams: Promise.resolve({ ...MARCH }) });
  const lastLogId = async () => (await sql().query<{ id: number | null }>(`SELECT max(id)::int AS id FROM access_log`))[0]?.id ?? 0;
  const logSince = async (id: number) => sql().query<{ username: string; action: string; target_unit: string | null; allowed: boolean }>(`SELECT username, action, target_unit, allowed FROM access_log WHERE id > $1 ORDER BY id`, [id]);

  it("/office/joint for the office only (a unit's people: 404), every view and refusal logged; /unit/joint a unit's own", async () => {
    signIn(OFFICE);
    let since = await lastLogId();
    expect(await rendered(open(officeJointPage.default))).toBe("rendered");
    expect(await rendered(open(unitJointPage.default))).toEqual({ redirect: "/office/joint" });
    expect(await logSince(since)).toEqual([{ username: "office", action: "view:joint", target_unit: null, allowed: true }]);
    for (const user of [head("620200"), clerk("620200")]) {
      signIn(user);
      since = await lastLogId();
      expect(await rendered(open(officeJointPage.default))).toEqual({ notFound: true });
      expect(await rendered(open(unitJointPage.default))).toBe("rendered");
      expect(await logSince(since)).toEqual([
        { username: user.username, action: "view:joint", target_unit: null, allowed: false },
        { username: user.username, action: "view:joint", target_unit: "620200", allowed: true },
      ]);
    }
    signIn(null);
    expect(await rendered(open(officeJointPage.default))).toEqual({ redirect: "/login?next=%2Foffice%2Fjoint" });
  });
});
