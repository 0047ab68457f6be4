import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OFFICE } from "../helpers/actors";
import type { Sql } from "@/db/client";
import { closePeriod, closePreview } from "@/lib/notices/close";
import { jobByName, jobContext } from "@/jobs";
import { runJob } from "@/lib/jobs/runner";
import { rulesInForce, saveRules } from "@/lib/notices/rules";
import { freshDatabase, rollbackEach, type TestDatabase } from "../helpers/db";
import { feedbackRow, insertRows, insertUnits, obligation, record } from "../helpers/fixtures";

let db: TestDatabase;
// the evidence is the file's; what a test drafts or saves is rolled back after it
const tx = rollbackEach(() => db);
const closeMarch = (sql: Sql) => closePeriod(sql, { period: "2024-03", asOf: "2024-04-30", actor: OFFICE });

beforeAll(async () => {
  db = await freshDatabase();
  await insertUnits(db, ["620100", "620200", "620300", "D1", "A1", "A2"]);
  await insertRows(db, "records", [
    record("ok1", "A1", "2024-03-01", "2024-03-04", "2024-03-04"),
    // 嘉峪关: one of three published on time (late rate 2/3), all non-compliant
    record("j1", "A2", "2024-03-01", "2024-03-04", "2024-03-04", false),
    record("j2", "A2", "2024-03-01", null, null, false),
    record("j3", "A2", "2024-03-01", "2024-03-25", null, false),
  ]);
  await insertRows(db, "cases", [obligation("C1", "M1", "A1", "D1", "2024-03-20")]);
  await insertRows(db, "objections", [{ objection_id: "O1", case_id: "C1", filed_date: "2024-03-10", resolved_date: null, outcome: "" }]);
  await insertRows(db, "feedback", [feedbackRow("C1", "M1", "A1", "2024-03-12")]);
});

afterAll(async () => {
  await db?.drop();
});

describe("closing a period", () => {
  it("drafts one notice per ranked unit hit, lists them by group then code, and drafts nothing new when run again", async () => {
    const first = await closeMarch(tx());
    expect(first.drafts).toEqual([
      { group: "region", code: "620100", rules: ["violations"] },
      { group: "region", code: "620200", rules: ["score_below_line", "publication_late_over_half"] },
      // D1 counts both agencies: (25·2/4 + 15·2/4 + 15·1/4 + 10 + 10) / 75 − 2 = 56.33
      { group: "department", code: "D1", rules: ["score_below_line", "violations"] },
    ]);
    expect(first.created).toBe(3);
    const again = await closeMarch(tx());
    expect(again).toEqual({ ...first, created: 0 });
    const [n] = await tx().query<{ n: number }>(`SELECT count(*)::int AS n FROM notices`);
    expect(n!.n).toBe(3);
  });

  it("attaches the figures and the worst items, and writes the draft in Chinese", async () => {
    await closeMarch(tx());
    const [notice] = await tx().query<{ title: string; body: string; figures: { score: number }; worst_items: { target: string; total: number; items: { record_id: string }[] }[]; status: string; rules_version: number }>(
      `SELECT title, body, figures, worst_items, status, rules_version FROM notices WHERE unit_code = '620200'`,
    );
    expect(notice!.status).toBe("draft");
    expect(notice!.title).toBe("关于嘉峪关市2024年3月社会信用工作情况的通报");
    expect(notice!.body).toContain("迟报率 66.7%");
    expect(notice!.figures.score).toBeLessThan(60);
    expect(notice!.worst_items.map((w) => w.target)).toContain("compliance");
    expect(notice!.rules_version).toBe((await rulesInForce(tx())).version);
  });

  it("uses the rules in force, versioned", async () => {
    // March drafted by the defaults, which saves them as the first version
    await closeMarch(tx());
    const v = await saveRules(tx(), [{ id: "bottom_n", n: 1 }], OFFICE);
    expect(v.version).toBeGreaterThan(1);
    const r = await closePeriod(tx(), { period: "2024-Q1", asOf: "2024-04-30", actor: OFFICE });
    expect(r.drafts.map((d) => [d.group, d.code, d.rules])).toEqual([
      ["region", "620200", ["bottom_n"]],
      ["department", "D1", ["bottom_n"]],
    ]);
  });
});

describe("closing a period before it has ended", () => {
  const audit = (sql: Sql) => sql.query<{ action: string; entity: string; entity_key: string; after: Record<string, unknown> }>(`SELECT action, entity, entity_key, after FROM audit_log WHERE entity = 'periods' ORDER BY id`);

  it("is refused as publishing is (the evaluation date must be on or after the first day after the period), drafting nothing", async () => {
    await expect(closePeriod(tx(), { period: "2024-03", asOf: "2024-03-23", actor: OFFICE })).rejects.toMatchObject({ code: "period_open", status: 400 });
    await expect(closePeriod(tx(), { period: "2024-03", asOf: "2024-03-31", actor: OFFICE })).rejects.toThrow(/has not ended.*2024-04-01 or later.*close it early/);
    await expect(closePeriod(tx(), { period: "2024-Q1", asOf: "2024-03-31", actor: OFFICE })).rejects.toMatchObject({ code: "period_open" });
    const [n] = await tx().query<{ n: number }>(`SELECT count(*)::int AS n FROM notices`);
    expect(n!.n).toBe(0);
    expect(await audit(tx())).toEqual([]);
    // the first day after the period is a normal close
    expect((await closePeriod(tx(), { period: "2024-03", asOf: "2024-04-01", actor: OFFICE })).created).toBeGreaterThan(0);
  });

  it("closes early only when confirmed with a reason, which is audited and kept on every draft it makes", async () => {
    await expect(closePeriod(tx(), { period: "2024-03", asOf: "2024-03-23", actor: OFFICE, early: { reason: "  " } })).rejects.toMatchObject({ code: "invalid" });
    const preview = await closePreview(tx(), "2024-03", "2024-03-23");
    expect(preview).toMatchObject({ period: "2024-03", asOf: "2024-03-23", periodEnds: "2024-04-01", early: true, existing: 0 });
    const r = await closePeriod(tx(), { period: "2024-03", asOf: "2024-03-23", actor: OFFICE, early: { reason: "省领导小组会议提前召开，需按截至23日数据通报" } });
    // the preview named exactly the drafts the close made
    expect(preview.drafts.map((d) => ({ group: d.group, code: d.code, rules: d.rules }))).toEqual(r.drafts);
    expect(r.created).toBeGreaterThan(0);
    const drafts = await tx().query<{ early_close_reason: string | null; as_of: string }>(`SELECT early_close_reason, as_of FROM notices ORDER BY id`);
    expect(drafts).toHaveLength(r.created);
    for (const d of drafts) expect(d).toEqual({ early_close_reason: "省领导小组会议提前召开，需按截至23日数据通报", as_of: "2024-03-23" });
    expect(await audit(tx())).toEqual([
      {
        action: "close_early",
        entity: "periods",
        entity_key: "2024-03",
        after: { as_of: "2024-03-23", created: r.created, early: true, reason: "省领导小组会议提前召开，需按截至23日数据通报", period_ends: "2024-04-01" },
      },
    ]);
    const draftAudit = await tx().query<{ after: { early_close_reason?: string } }>(`SELECT after FROM audit_log WHERE action = 'draft'`);
    expect(draftAudit.map((a) => a.after.early_close_reason)).toEqual(drafts.map(() => "省领导小组会议提前召开，需按截至23日数据通报"));
  });

  it("refuses an 'early' close of a period that has ended: it is a normal close", async () => {
    await expect(closePeriod(tx(), { period: "2024-03", asOf: "2024-04-30", actor: OFFICE, early: { reason: "x" } })).rejects.toThrow(/has ended/);
    await closeMarch(tx());
    expect(await audit(tx())).toEqual([{ action: "close", entity: "periods", entity_key: "2024-03", after: { as_of: "2024-04-30", created: 3 } }]);
    const drafts = await tx().query<{ early_close_reason: string | null }>(`SELECT early_close_reason FROM notices`);
    expect(drafts.every((d) => d.early_close_reason === null)).toBe(true);
  });

  it("the scheduled job closes only the month that has ended, never early", async () => {
    const job = jobByName("close-period")!;
    // 2024-04-01 is the first working day of April: March is closed as of that day, normally
    const out = await runJob(job, jobContext(tx(), "2024-04-01"), "schedule");
    expect(out).toMatchObject({ outcome: "ok", runKey: "close:2024-03", counts: { period: "2024-03", created: 3 } });
    expect((await audit(tx())).map((a) => a.action)).toEqual(["close"]);
  });
});
