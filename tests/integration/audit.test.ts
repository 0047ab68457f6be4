import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { auditWorkbook } from "@/lib/audit/export";
import { accessPage, changePage, whoLookedAt } from "@/lib/audit/queries";
import { logAccess } from "@/lib/auth/access";
import { clerk, head, OFFICE } from "../helpers/actors";
import { freshDatabase, rollbackEach, type TestDatabase } from "../helpers/db";
import { insertRegions } from "../helpers/fixtures";
import { QueryReader } from "@/lib/web/query";

let db: TestDatabase;
const tx = rollbackEach(() => db);

beforeAll(async () => {
  db = await freshDatabase();
  await insertRegions(db, 2);
});
afterAll(() => db.drop());

async function someViews() {
  await logAccess(tx(), OFFICE, "view:unit", "620100", true, { address: "10.0.0.1", detail: "/office/units/620100?period=2026-10" });
  await logAccess(tx(), head("620100"), "view:unit", "620100", true, { address: "10.0.0.2", detail: "/unit" });
  await logAccess(tx(), head("620100"), "view:unit", "620200", false, { address: "10.0.0.2", detail: "/unit/620200" });
  await logAccess(tx(), clerk("620100"), "export:unit", "620100", true, { address: "10.0.0.3", detail: "/unit/export?format=csv&period=2026-10" });
  await tx().query(`INSERT INTO audit_log (actor, action, entity, entity_key, after) VALUES ('office', 'publish', 'publications', '2026-10 v1', '{"period":"2026-10"}'), ('head-620100', 'sign_in', 'users', 'head-620100', '{"address":"10.0.0.2"}')`);
}

describe("the audit viewer's reads", () => {
  it("filters views by user, unit, action, refusal and date, newest first, with what and from where", async () => {
    await someViews();
    const all = await accessPage(tx(), {}, 1);
    expect(all.total).toBe(4);
    expect(all.rows[0]).toMatchObject({ username: "clerk-620100", action: "export:unit", target_unit: "620100", target_name: "市620100", address: "10.0.0.3", detail: "/unit/export?format=csv&period=2026-10" });
    expect((await accessPage(tx(), { user: "head-620100" }, 1)).total).toBe(2);
    expect((await accessPage(tx(), { unit: "620200" }, 1)).rows.map((r) => r.allowed)).toEqual([false]);
    expect((await accessPage(tx(), { refusedOnly: true }, 1)).total).toBe(1);
    expect((await accessPage(tx(), { action: "export" }, 1)).total).toBe(1);
    const [today] = await tx().query<{ d: string }>(`SELECT to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS d`);
    expect((await accessPage(tx(), { from: today!.d, to: today!.d }, 1)).total).toBe(4);
    expect((await accessPage(tx(), { to: "2020-01-01" }, 1)).total).toBe(0);
    // a page at a time
    expect((await accessPage(tx(), {}, 2, 3)).rows).toHaveLength(1);
  });

  it("answers who looked at a unit, and lists changes and sign-ins", async () => {
    await someViews();
    const who = await whoLookedAt(tx(), "620100", {});
    // (one transaction: the same time for all, so compared by name)
    expect(who.map((w) => [w.username, w.views, w.refused]).sort()).toEqual([["clerk-620100", 1, 0], ["head-620100", 1, 0], ["office", 1, 0]]);
    expect((await whoLookedAt(tx(), "620200", {})).map((w) => [w.username, w.views, w.refused])).toEqual([["head-620100", 0, 1]]);
    const changes = await changePage(tx(), { action: "sign_in" }, 1);
    expect(changes.rows.map((r) => [r.actor, r.action])).toEqual([["head-620100", "sign_in"]]);
  });

  it("exports the filtered rows to a workbook in either language", async () => {
    await someViews();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await auditWorkbook(tx(), "access", { unit: "620100" }, "en")) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).values).toContain("Unit concerned");
    expect(ws.rowCount).toBe(4);
    const zh = new ExcelJS.Workbook();
    await zh.xlsx.load((await auditWorkbook(tx(), "changes", {}, "zh")) as unknown as ArrayBuffer);
    expect(zh.worksheets[0]!.name).toBe("变更记录");
    expect(zh.worksheets[0]!.rowCount).toBe(3);
  });
});

describe("the audit page's filters from an address", () => {
  it("say what is wrong with a day PostgreSQL does not know, text with control characters or an unknown kind, instead of failing or dropping it", async () => {
    const { auditQuery } = await import("@/app/office/audit/filter");
    const q = new QueryReader({ from: "0000-01-01", to: "2026-13-45", user: "a\u0000b", unit: "620100", kind: "everything" });
    const { kind, filter } = auditQuery(q);
    expect({ kind, filter }).toEqual({ kind: "access", filter: { user: undefined, unit: "620100", action: undefined, from: undefined, to: undefined, refusedOnly: false } });
    expect(q.problems.map((p) => [p.field, p.value])).toEqual([["kind", "everything"], ["user", "a\ufffdb"], ["from", "0000-01-01"], ["to", "2026-13-45"]]);
    const reversed = new QueryReader({ from: "2026-10-02", to: "2026-10-01" });
    auditQuery(reversed);
    expect(reversed.problems[0]!.zh).toBe("截止日期 2026-10-01 早于起始日期 2026-10-02");
    const ok = new QueryReader({ from: "2026-10-01", refused: "1" });
    expect((await accessPage(tx(), auditQuery(ok).filter, 1)).total).toBe(0);
    expect(ok.ok).toBe(true);
  });
});
