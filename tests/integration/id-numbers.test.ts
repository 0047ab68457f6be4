import ExcelJS from "exceljs";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Connection } from "@/db/client";
import { changePage } from "@/lib/audit/queries";
import type { SessionUser } from "@/lib/auth/users";
import { ID_NUMBER_PATTERN } from "@/lib/codes";
import { closePeriod } from "@/lib/notices/close";
import { saveRules } from "@/lib/notices/rules";
import { loadUnitDetail } from "@/lib/unit-page";
import { QueryReader } from "@/lib/web/query";
import { OFFICE, clerk, head } from "../helpers/actors";
import { freshDatabase, rollbackEach, type TestDatabase } from "../helpers/db";
import { insertRegions, insertRows, obligation, record } from "../helpers/fixtures";

/**
 * Natural persons' ID numbers (lib/auth/personal-data.ts): the item list, its CSV and XLSX exports
 * and the notices' worst items show them masked; the full number only when asked for (`ids=full`)
 * by someone who may, and each such view or export is in the access log with the unit.
 * Handlers are called as Next would call them, with a mocked session (as access-actions.test.ts).
 */
const state = vi.hoisted(() => ({
  session: null as { user: SessionUser } | null,
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

const officeUnitExport = await import("@/app/office/units/[code]/export/route");
const unitExport = await import("@/app/unit/export/route");
const { UnitDetail } = await import("@/components/UnitDetail");

let db: TestDatabase;
const sql = rollbackEach(() => db);

const A = "620100";
const B = "620200";
/** a natural person's valid ID number, on one of unit A's records */
const PERSON = "11010519491231002X";
const PERSON_MASKED = "110105********002X";
/** another one, the subject of a case unit A implements (cases carry no subject type) */
const CASE_PERSON = "620102198001011239";
const CASE_PERSON_MASKED = "620102********1239";
const COMPANY = "91350100M000100Y43";
const MARCH = "period=2024-03&asOf=2024-04-30";

beforeAll(async () => {
  db = await freshDatabase();
  await insertRegions(db, 2);
  await insertRows(db, "records", [
    // unit A: a natural person's record and a company's, both never published (missing)
    { ...record("rA-person", A, "2024-03-01", null, null), subject_type: "natural", subject_code: PERSON, subject_name: "张建国" },
    record("rA-company", A, "2024-03-04", null, null),
    // unit B: a natural person's record too, so B's draft has one to leak
    { ...record("rB-person", B, "2024-03-01", null, null), subject_type: "natural", subject_code: PERSON, subject_name: "张建国" },
  ]);
  await insertRows(db, "cases", [{ ...obligation("C1", "M1", A, B, "2024-03-20"), subject_code: CASE_PERSON, subject_name: "李四" }]);
  await saveRules(db, [{ id: "publication_late_over_half", floor: 0.5 }], OFFICE);
});

beforeEach(() => {
  state.db = sql();
});

afterEach(() => {
  state.db = undefined;
  state.session = null;
});

afterAll(async () => {
  await db?.drop();
});

// ---------------------------------------------------------------------------------------------
// helpers

type Route<P> = (request: Request, route?: { params: Promise<P> }) => Promise<Response>;

function get<P>(user: SessionUser, route: Route<P>, path: string, params?: P): Promise<Response> {
  state.session = { user: { ...user } };
  return route(new Request(`http://localhost${path}`), params ? { params: Promise.resolve(params) } : undefined);
}

async function lastLogId(): Promise<number> {
  const [r] = await sql().query<{ id: number | null }>(`SELECT max(id)::int AS id FROM access_log`);
  return r?.id ?? 0;
}

async function logSince(id: number) {
  return sql().query<{ username: string; action: string; target_unit: string | null; allowed: boolean; detail: string | null }>(
    `SELECT username, action, target_unit, allowed, detail FROM access_log WHERE id > $1 ORDER BY id`,
    [id],
  );
}

async function csvText(r: Response): Promise<string> {
  expect(r.status).toBe(200);
  expect(r.headers.get("content-type")).toBe("text/csv; charset=utf-8");
  return Buffer.from(await r.arrayBuffer()).subarray(3).toString("utf8");
}

/** Every cell of the workbook's one sheet as text, row by row. */
async function xlsxCells(r: Response): Promise<string> {
  expect(r.status).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await r.arrayBuffer());
  const rows: string[] = [];
  wb.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map(String).join("|")));
  return rows.join("\n");
}

const officeCsv = (query: string) => get(OFFICE, officeUnitExport.GET, `/office/units/${A}/export?${query}`, { code: A });

// ---------------------------------------------------------------------------------------------

describe("the item list exports (CSV and XLSX)", () => {
  it("mask ID numbers by default and log no full view", async () => {
    const since = await lastLogId();
    const csv = await csvText(await officeCsv(MARCH));
    expect(csv).toContain(`rA-person`);
    expect(csv).toContain(PERSON_MASKED);
    expect(csv.match(ID_NUMBER_PATTERN)).toBeNull();
    // a legal person's credit code is not personal data
    expect(csv).toContain(COMPANY);
    const xlsx = await xlsxCells(await officeCsv(`${MARCH}&format=xlsx`));
    expect(xlsx).toContain(PERSON_MASKED);
    expect(xlsx.match(ID_NUMBER_PATTERN)).toBeNull();
    expect((await logSince(since)).map((l) => l.action)).toEqual(["export:unit", "export:unit"]);
  });

  it("give the office the full number with ids=full, logged as export:id-numbers with the unit", async () => {
    const since = await lastLogId();
    const csv = await csvText(await officeCsv(`${MARCH}&ids=full`));
    expect(csv).toContain(PERSON);
    expect(csv).not.toContain(PERSON_MASKED);
    const xlsx = await xlsxCells(await officeCsv(`${MARCH}&ids=full&format=xlsx`));
    expect(xlsx).toContain(PERSON);
    const log = await logSince(since);
    expect(log.map((l) => [l.username, l.action, l.target_unit, l.allowed])).toEqual([
      ["office", "export:unit", A, true],
      ["office", "export:id-numbers", A, true],
      ["office", "export:unit", A, true],
      ["office", "export:id-numbers", A, true],
    ]);
    expect(log[1]!.detail).toBe(`/office/units/${A}/export?${MARCH}&ids=full`);
  });

  it("give a unit's head and clerk their own unit's full numbers only when asked, logged", async () => {
    for (const user of [head(A), clerk(A)]) {
      const since = await lastLogId();
      const masked = await csvText(await get(user, unitExport.GET, `/unit/export?${MARCH}`));
      expect(masked).toContain(PERSON_MASKED);
      expect(masked.match(ID_NUMBER_PATTERN)).toBeNull();
      const full = await csvText(await get(user, unitExport.GET, `/unit/export?${MARCH}&ids=full`));
      expect(full).toContain(PERSON);
      expect((await logSince(since)).map((l) => [l.username, l.action, l.target_unit, l.allowed])).toEqual([
        [user.username, "export:unit", A, true],
        [user.username, "export:unit", A, true],
        [user.username, "export:id-numbers", A, true],
      ]);
    }
  });

  it("mask a case's subject too (cases carry no type), and in full only when asked", async () => {
    const masked = await csvText(await officeCsv("period=2024-03&asOf=2024-04-30&indicator=feedback_timeliness"));
    expect(masked).toContain("C1");
    expect(masked).toContain(CASE_PERSON_MASKED);
    expect(masked.match(ID_NUMBER_PATTERN)).toBeNull();
    expect(await csvText(await officeCsv("period=2024-03&asOf=2024-04-30&indicator=feedback_timeliness&ids=full"))).toContain(CASE_PERSON);
  });

  it("log no full export where the list has no subject codes (coverage)", async () => {
    const since = await lastLogId();
    await csvText(await officeCsv(`${MARCH}&indicator=coverage&ids=full`));
    expect((await logSince(since)).map((l) => l.action)).toEqual(["export:unit"]);
  });
});

describe("the unit page's item list", () => {
  const paths = { base: "/unit", exportBase: "/unit/export" };
  const sp = { period: "2024-03", asOf: "2024-04-30", indicator: "publication_timeliness" };
  const load = async (user: SessionUser, query: Record<string, string>, code = A) => {
    const p = await loadUnitDetail(sql(), code, new QueryReader(query), paths, user.role !== "office", user);
    if (p === "bad address") throw new Error("the test's address is valid");
    return p;
  };
  const html = (props: NonNullable<Awaited<ReturnType<typeof load>>>) => renderToStaticMarkup(createElement(UnitDetail, props));

  it("shows ID numbers masked by default, with a link to ask for them", async () => {
    const since = await lastLogId();
    const p = (await load(head(A), sp))!;
    expect(p.idNumbers).toEqual({ view: "masked", mayAsk: true });
    expect(p.items.items.find((i) => i.record_id === "rA-person")).toMatchObject({ subject_type: "natural", subject_code: PERSON_MASKED });
    const page = html(p);
    expect(page).toContain(PERSON_MASKED);
    expect(page.match(ID_NUMBER_PATTERN)).toBeNull();
    expect(page).toContain("显示完整证件号");
    expect(page).toContain("ids=full");
    expect(await logSince(since)).toEqual([]);
    const en = html((await load(head(A), { ...sp, lang: "en" }))!);
    expect(en).toContain("Show full ID numbers");
  });

  it("shows the full number when asked, logs view:id-numbers with the unit, and keeps asking in its links and exports", async () => {
    for (const user of [head(A), clerk(A), OFFICE]) {
      const since = await lastLogId();
      const p = (await load(user, { ...sp, ids: "full" }))!;
      expect(p.idNumbers).toEqual({ view: "full", mayAsk: true });
      const page = html(p);
      expect(page).toContain(PERSON);
      expect(page).toContain("隐藏完整证件号");
      expect(page).toContain("正在显示完整证件号");
      expect(page).toMatch(/href="\/unit\/export\?[^"]*ids=full/);
      expect(await logSince(since)).toEqual([
        { username: user.username, action: "view:id-numbers", target_unit: A, allowed: true, detail: "/unit publication_timeliness 2024-03 as of 2024-04-30 page 1" },
      ]);
    }
  });

  it("gives another unit's head the masked list and logs the refused ask (the page's guard refuses them first)", async () => {
    const since = await lastLogId();
    const p = (await load(head(B), { ...sp, ids: "full" }))!;
    expect(p.idNumbers).toEqual({ view: "masked", mayAsk: false });
    const page = html(p);
    expect(page.match(ID_NUMBER_PATTERN)).toBeNull();
    expect(page).not.toContain("显示完整证件号");
    expect((await logSince(since)).map((l) => [l.username, l.action, l.target_unit, l.allowed])).toEqual([[head(B).username, "view:id-numbers", A, false]]);
  });
});

describe("a drafted notice's worst items", () => {
  it("hold no full ID number, only the masked one", async () => {
    await closePeriod(sql(), { period: "2024-03", asOf: "2024-04-30", actor: OFFICE });
    const rows = await sql().query<{ unit_code: string; worst_items: unknown }>(`SELECT unit_code, worst_items FROM notices WHERE period = '2024-03' ORDER BY unit_code`);
    expect(rows.map((r) => r.unit_code)).toEqual([A, B]);
    for (const r of rows) {
      const stored = JSON.stringify(r.worst_items);
      expect(stored).toContain(PERSON_MASKED);
      expect(stored.match(ID_NUMBER_PATTERN)).toBeNull();
    }
  });
});

describe("the office's audit viewer", () => {
  it("shows an import's changed record with the ID number masked", async () => {
    const row = { record_id: "rA-person", subject_type: "natural", subject_code: PERSON, subject_name: "张建国" };
    await sql().query(
      `INSERT INTO audit_log (actor, action, entity, entity_key, batch_id, before, after) VALUES ('office', 'update', 'records', 'rA-person', 0, $1::jsonb, $1::jsonb)`,
      [JSON.stringify(row)],
    );
    const { rows } = await changePage(sql(), { action: "update" }, 1);
    expect(rows[0]!.after).toEqual({ ...row, subject_code: PERSON_MASKED });
    expect(JSON.stringify(rows).match(ID_NUMBER_PATTERN)).toBeNull();
  });
});
