import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OFFICE } from "../helpers/actors";
import type { Sql } from "@/db/client";
import { closePeriod } from "@/lib/notices/close";
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
