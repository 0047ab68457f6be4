import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it, vi } from "vitest";
import { isRedirectError } from "next/dist/client/components/redirect-error";
import type { Connection } from "@/db/client";
import type { SessionUser } from "@/lib/auth/users";
import { closePeriod } from "@/lib/notices/close";
import { approvalPreview, approverSwitchPreview, issuePreview, publicPreview } from "@/lib/notices/confirm";
import { approve, issue, setSecondApproverRequired } from "@/lib/notices/lifecycle";
import { saveRules } from "@/lib/notices/rules";
import { planPublication, publishPeriod } from "@/lib/publication/publish";
import { todayInShanghai } from "@/lib/today";
import { OFFICE } from "../helpers/actors";
import { freshDatabase, rollbackEach, type TestDatabase } from "../helpers/db";
import { insertRegions, insertRows, record } from "../helpers/fixtures";

/**
 * The steps that cannot be taken back ask first (issue 9, item 4): the first submission of each
 * action leads to its confirmation panel and changes nothing; only the confirmed submission acts,
 * and only on what the panel said (the 文号, the version and figures). Also: closing before the
 * period's end, and open data by version, through the actions and handlers as Next calls them.
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

const { publishAction } = await import("@/app/office/actions");
const notices = await import("@/app/office/notices/actions");
const rankingsCsv = await import("@/app/open-data/rankings.csv/route");
const rankingsJson = await import("@/app/open-data/rankings.json/route");

let db: TestDatabase;
const sql = rollbackEach(() => db);
const REGIONS = ["620100", "620200", "620300", "620400"];
const SECOND: SessionUser = { username: "office-2", name: "办公室第二审批人", role: "office", unitCode: null };
/** notice ids by unit code (all March drafts) */
const ids: Record<string, number> = {};

beforeAll(async () => {
  db = await freshDatabase();
  expect(await insertRegions(db, REGIONS.length)).toEqual(REGIONS);
  // every region late on its only March record: each gets a draft when March is closed
  await insertRows(db, "records", REGIONS.map((c) => record(`r${c}`, c, "2024-03-01", null, null)));
  await insertRows(db, "records", [record("r620100-apr", "620100", "2024-04-01", null, null)]);
  await saveRules(db, [{ id: "publication_late_over_half", floor: 0.5 }], OFFICE);
  await closePeriod(db, { period: "2024-03", asOf: "2024-04-30", actor: OFFICE });
  await publishPeriod(db, { period: "2024-03", asOf: "2024-04-30", actor: OFFICE });
  for (const row of await db.query<{ id: number; unit_code: string }>(`SELECT id, unit_code FROM notices WHERE period = '2024-03'`)) ids[row.unit_code] = row.id;
  // 620200 approved (to issue), 620300 issued (to make public)
  await approve(db, OFFICE, ids["620200"]!);
  await approve(db, OFFICE, ids["620300"]!);
  await issue(db, OFFICE, ids["620300"]!, "2024-05-06");
});

beforeEach(() => {
  state.db = sql();
  state.session = { user: { ...OFFICE } };
});

afterEach(() => {
  state.db = undefined;
});

afterAll(async () => {
  await db?.drop();
});

function form(fields: Record<string, string>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  return f;
}

/** Where a server action sent the browser (Next's redirect() throws an error with a digest). */
async function redirectOf(run: Promise<unknown>): Promise<string> {
  try {
    await run;
  } catch (e) {
    if (isRedirectError(e)) return e.digest.split(";").slice(2, -2).join(";");
    throw e;
  }
  throw new Error("the action returned instead of redirecting");
}

const TABLES = ["notices", "notice_events", "publications", "settings", "audit_log"];

/** Every row of the tables these actions write, as a fingerprint per table. */
async function snapshot(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const t of TABLES) {
    const [r] = await sql().query<{ n: number; h: string | null }>(`SELECT count(*)::int AS n, md5(string_agg(x::text, '|' ORDER BY x::text)) AS h FROM ${t} x`);
    out[t] = `${r!.n}:${r!.h ?? ""}`;
  }
  return out;
}

async function notice(id: number) {
  const [row] = await sql().query<{ status: string; number: string | null; is_public: boolean; early_close_reason: string | null }>(
    `SELECT status, number, is_public, early_close_reason FROM notices WHERE id = $1`,
    [id],
  );
  return row!;
}

describe("publishing asks first", () => {
  it("the first submission leads to the panel, with the note kept, and publishes nothing", async () => {
    const before = await snapshot();
    expect(await redirectOf(publishAction(form({ period: "2024-03", asOf: "2024-05-31", note: "复核 & 更正" })))).toBe("/office?period=2024-03&asOf=2024-05-31&do=publish&note=%E5%A4%8D%E6%A0%B8%20%26%20%E6%9B%B4%E6%AD%A3");
    expect(await redirectOf(publishAction(form({ period: "2024-03", asOf: "2024-05-31", lang: "en" })))).toBe("/office?period=2024-03&asOf=2024-05-31&do=publish&lang=en");
    expect(await snapshot()).toEqual(before);
  });

  it("the confirmed submission publishes what the panel showed; an unchanged period is refused with its message", async () => {
    // nothing changed since version 1: refused, back on the panel with the reason
    const same = await planPublication(sql(), "2024-03", "2024-05-31");
    expect(same.unchanged).toBe(true);
    const before = await snapshot();
    const refused = await redirectOf(publishAction(form({ period: "2024-03", asOf: "2024-05-31", note: "再发一次", version: String(same.version), fingerprint: same.fingerprint })));
    expect(refused).toMatch(/^\/office\?period=2024-03&asOf=2024-05-31&do=publish&note=.*&error=/);
    expect(decodeURIComponent(refused)).toContain("数据无变化，无需重新发布");
    expect(await snapshot()).toEqual(before);

    await sql().query(`UPDATE records SET published_date = '2024-03-04', received_date = '2024-03-04' WHERE record_id = 'r620100'`);
    const plan = await planPublication(sql(), "2024-03", "2024-05-31");
    // 兰州 rises above the three others, who shared its rank: their scores stay, their ranks move
    expect(plan.changes.map((c) => [c.code, c.reasons])).toEqual([
      ["620100", ["evidence"]],
      ["620200", ["rank_only"]],
      ["620300", ["rank_only"]],
      ["620400", ["rank_only"]],
    ]);
    // without a reason: refused, on the panel
    expect(decodeURIComponent(await redirectOf(publishAction(form({ period: "2024-03", asOf: "2024-05-31", version: "2", fingerprint: plan.fingerprint }))))).toContain("须写明更正原因");
    expect(await redirectOf(publishAction(form({ period: "2024-03", asOf: "2024-05-31", note: "兰州补报公示日期", version: "2", fingerprint: plan.fingerprint })))).toBe(
      "/office?period=2024-03&asOf=2024-05-31&published=2&done=1",
    );
    expect(await sql().query(`SELECT version, note FROM publications WHERE period = '2024-03' ORDER BY version`)).toEqual([
      { version: 1, note: "" },
      { version: 2, note: "兰州补报公示日期" },
    ]);
  });
});

describe("closing a period through the action", () => {
  const drafts = async (period: string) => sql().query<{ unit_code: string; early_close_reason: string | null }>(`SELECT unit_code, early_close_reason FROM notices WHERE period = $1`, [period]);

  it("before the period's end, the first submission leads to the early-close panel and drafts nothing", async () => {
    const before = await snapshot();
    expect(await redirectOf(notices.closeAction(form({ period: "2024-04", asOf: "2024-04-23" })))).toBe("/office/notices?do=close&period=2024-04&asOf=2024-04-23");
    expect(await snapshot()).toEqual(before);
    // confirmed without a reason: refused, back on the panel
    const refused = await redirectOf(notices.closeAction(form({ period: "2024-04", asOf: "2024-04-23", early: "1", reason: " " })));
    expect(refused).toMatch(/^\/office\/notices\?do=close&period=2024-04&asOf=2024-04-23&error=/);
    expect(decodeURIComponent(refused)).toContain("提前关闭须写明原因");
    expect(await drafts("2024-04")).toEqual([]);
  });

  it("closes early when confirmed with the reason, which the drafts carry", async () => {
    expect(await redirectOf(notices.closeAction(form({ period: "2024-04", asOf: "2024-04-23", early: "1", reason: "年中督查提前进行" })))).toBe("/office/notices?period=2024-04&closed=1&done=1");
    expect(await drafts("2024-04")).toEqual([{ unit_code: "620100", early_close_reason: "年中督查提前进行" }]);
    const [audit] = await sql().query<{ action: string; actor: string; after: Record<string, unknown> }>(`SELECT action, actor, after FROM audit_log WHERE entity = 'periods' AND entity_key = '2024-04'`);
    expect(audit).toEqual({ action: "close_early", actor: "office", after: { as_of: "2024-04-23", created: 1, early: true, reason: "年中督查提前进行", period_ends: "2024-05-01" } });
  });

  it("after the period's end, closes at once, as before", async () => {
    expect(await redirectOf(notices.closeAction(form({ period: "2024-04", asOf: "2024-05-06" })))).toBe("/office/notices?period=2024-04&closed=1&done=1");
    expect(await drafts("2024-04")).toEqual([{ unit_code: "620100", early_close_reason: null }]);
  });
});

describe("the notice steps ask first", () => {
  it("approve: the first submission leads to the panel; the confirmed one approves", async () => {
    const id = ids["620100"]!;
    const before = await snapshot();
    expect(await redirectOf(notices.approveAction(form({ id: String(id) })))).toBe(`/office/notices/${id}?do=approve`);
    expect(await redirectOf(notices.approveAction(form({ id: String(id), lang: "en" })))).toBe(`/office/notices/${id}?do=approve&lang=en`);
    expect(await snapshot()).toEqual(before);
    expect(await approvalPreview(sql(), OFFICE, id)).toEqual({ outcome: "approved", twoNeeded: false, firstApprover: null });
    expect(await redirectOf(notices.approveAction(form({ id: String(id), confirm: "1" })))).toBe(`/office/notices/${id}?done=1`);
    expect((await notice(id)).status).toBe("approved");
  });

  it("issue: the first submission takes no number; the panel's number is the one issuing takes", async () => {
    const id = ids["620200"]!;
    const before = await snapshot();
    expect(await redirectOf(notices.issueAction(form({ id: String(id) })))).toBe(`/office/notices/${id}?do=issue`);
    expect(await snapshot()).toEqual(before);
    const today = todayInShanghai();
    const preview = await issuePreview(sql(), id, today);
    const year = today.slice(0, 4);
    expect(preview).toMatchObject({ number: `甘信用办通〔${year}〕1号`, issueDate: today, deadlineWorkdays: 15 });
    // a stale number (another notice took it meanwhile): refused, nothing issued
    const stale = await redirectOf(notices.issueAction(form({ id: String(id), number: `甘信用办通〔${year}〕9号` })));
    expect(decodeURIComponent(stale)).toContain(`文号已变为 ${preview.number}`);
    expect(await snapshot()).toEqual(before);
    expect(await redirectOf(notices.issueAction(form({ id: String(id), number: preview.number })))).toBe(`/office/notices/${id}?done=1`);
    const [issued] = await sql().query<{ number: string; rectification_due: string }>(`SELECT number, rectification_due FROM notices WHERE id = $1`, [id]);
    expect(issued).toEqual({ number: preview.number, rectification_due: preview.rectificationDue });
  });

  it("make public: the first submission leads to the panel; withdrawing is one click", async () => {
    const id = ids["620300"]!;
    const before = await snapshot();
    expect(await redirectOf(notices.publicAction(form({ id: String(id), public: "1" })))).toBe(`/office/notices/${id}?do=public`);
    expect(await snapshot()).toEqual(before);
    expect(await publicPreview(sql(), id)).toEqual({ personalData: [], issued: true });
    expect(await redirectOf(notices.publicAction(form({ id: String(id), public: "1", confirm: "1" })))).toBe(`/office/notices/${id}?done=1`);
    expect((await notice(id)).is_public).toBe(true);
    expect(await redirectOf(notices.publicAction(form({ id: String(id), public: "0" })))).toBe(`/office/notices/${id}?done=1`);
    expect((await notice(id)).is_public).toBe(false);
  });

  it("one or two approvers: the first submission leads to the panel and changes no setting", async () => {
    const before = await snapshot();
    expect(await redirectOf(notices.secondApproverAction(form({ required: "1" })))).toBe("/office/notices?do=approvers&required=1");
    expect(await snapshot()).toEqual(before);
    expect(await approverSwitchPreview(sql())).toEqual({ twoNeeded: false, drafts: 2, approvedOnce: 0, approved: 1 });
    expect(await redirectOf(notices.secondApproverAction(form({ required: "1", confirm: "1" })))).toBe("/office/notices?done=1");
    expect(await sql().query(`SELECT value FROM settings WHERE key = 'notices.second_approver'`)).toEqual([{ value: "true" }]);
  });

  it("with two approvers, the panel says which approval it is, and refuses the same person twice", async () => {
    await setSecondApproverRequired(sql(), OFFICE, true);
    const id = ids["620400"]!;
    expect(await approvalPreview(sql(), OFFICE, id)).toEqual({ outcome: "approved_once", twoNeeded: true, firstApprover: null });
    await approve(sql(), OFFICE, id);
    expect(await approvalPreview(sql(), OFFICE, id)).toMatchObject({ outcome: "refused", message: { zh: "第二次审批须由另一人完成" } });
    expect(await approvalPreview(sql(), SECOND, id)).toEqual({ outcome: "approved", twoNeeded: true, firstApprover: "office" });
    expect(await approverSwitchPreview(sql())).toMatchObject({ twoNeeded: true, approvedOnce: 1 });
  });
});

describe("open data by version", () => {
  type Route = (request: Request) => Promise<Response>;
  const get = (route: Route, path: string) => route(new Request(`http://localhost${path}`));
  const text = async (r: Response) => Buffer.from(await r.arrayBuffer()).toString("utf8");

  it("serves each version's stored bytes, the latest without a version, and says what is wrong", async () => {
    await sql().query(`UPDATE records SET published_date = '2024-03-04', received_date = '2024-03-04' WHERE record_id = 'r620100'`);
    // the JSON keeps each unit's English name as the version is published (null where there is none)
    await sql().query(`UPDATE units SET name_en = 'Lanzhou' WHERE code = '620100'`);
    await publishPeriod(sql(), { period: "2024-03", asOf: "2024-05-31", actor: OFFICE, note: "兰州补报公示日期" });
    state.session = null;
    const stored = await sql().query<{ version: number; csv_body: string; json_body: string }>(`SELECT version, csv_body, json_body FROM publications WHERE period = '2024-03' ORDER BY version`);
    for (const s of stored) {
      const csv = await get(rankingsCsv.GET, `/open-data/rankings.csv?period=2024-03&version=${s.version}`);
      expect(csv.status).toBe(200);
      expect(await text(csv)).toBe(`\uFEFF${s.csv_body}`);
      expect(csv.headers.get("content-disposition")).toBe(`inline; filename="wenxiao-rankings-2024-03-v${s.version}.csv"`);
      const json = await get(rankingsJson.GET, `/open-data/rankings.json?period=2024-03&version=${s.version}`);
      expect(await text(json)).toBe(s.json_body);
      expect(json.headers.get("cache-control")).toContain("immutable");
    }
    expect(stored[0]!.csv_body).not.toBe(stored[1]!.csv_body);
    const entries = Object.values((JSON.parse(stored[1]!.json_body) as { groups: Record<string, { code: string; name_en: string | null }[]> }).groups).flat();
    expect(entries.map((e) => Object.keys(e).slice(0, 3))).toEqual(entries.map(() => ["code", "name", "name_en"]));
    expect(entries.map((e) => [e.code, e.name_en])).toContainEqual(["620100", "Lanzhou"]);
    expect(entries.filter((e) => e.code !== "620100").every((e) => e.name_en === null)).toBe(true);
    // the contract's address without a version: the latest
    expect(await text(await get(rankingsJson.GET, "/open-data/rankings.json?period=2024-03"))).toBe(stored[1]!.json_body);
    const missing = await get(rankingsCsv.GET, "/open-data/rankings.csv?period=2024-03&version=3&lang=en");
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: "not_found", message: "period 2024-03 has no version 3" });
    const bad = await get(rankingsCsv.GET, "/open-data/rankings.csv?period=2024-03&version=v1");
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("版本“v1”无效");
  });
});
