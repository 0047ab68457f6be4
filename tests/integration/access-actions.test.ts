import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { isRedirectError } from "next/dist/client/components/redirect-error";
import type { Connection } from "@/db/client";
import type { SessionUser } from "@/lib/auth/users";
import { closePeriod } from "@/lib/notices/close";
import { approve, correct, issue, nextNoticeNumber, submitReport } from "@/lib/notices/lifecycle";
import { todayInShanghai } from "@/lib/today";
import { saveRules } from "@/lib/notices/rules";
import { planPublication, publishPeriod } from "@/lib/publication/publish";
import { importFile } from "@/lib/ingest/import";
import { createToken } from "@/lib/api/tokens";
import { loadCorrection } from "@/lib/ingest/correct";
import { OFFICE, clerk, head } from "../helpers/actors";
import { freshDatabase, rollbackEach, type TestDatabase } from "../helpers/db";
import { recordFigure } from "../helpers/figures";
import { insertRegions, insertRows, record } from "../helpers/fixtures";
import { csv, tempDir, writeText } from "../helpers/files";

/**
 * Every server action and route handler called as Next would call it, with each role's session:
 * the wrong role and the wrong unit are refused (404 for actions, 401/403/404 for handlers), the
 * refusal is logged, nothing in the domain tables changes; the right caller gets through.
 * The session comes from a mocked `auth()`, the database from a mocked `getDb()`.
 */
const state = vi.hoisted(() => {
  // no Chromium: the PDF routes answer with the printable page (lib/env.ts reads env once, later);
  // put back after the file, as the worker process may run other files
  const chromiumPath = process.env.CHROMIUM_PATH;
  process.env.CHROMIUM_PATH = "/nonexistent/wenxiao-test/chromium";
  return {
    chromiumPath,
    session: null as { user: { username: string; name: string; role: "office" | "unit_head" | "clerk"; unitCode: string | null } } | null,
    db: undefined as Connection | undefined,
    auth: vi.fn(),
    signOut: vi.fn(),
  };
});

vi.mock("@/auth", () => {
  state.auth.mockImplementation(async () => state.session);
  return { auth: state.auth, signOut: state.signOut, signIn: vi.fn(), handlers: {} };
});

vi.mock("@/lib/db", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/db")>()),
  getDb: async () => {
    if (!state.db) throw new Error("the test database is not open yet");
    return state.db;
  },
}));

// imported after the mocks are declared (vi.mock is hoisted above every import anyway)
const { publishAction } = await import("@/app/office/actions");
const { runJobAction } = await import("@/app/office/jobs/actions");
const { saveRulesAction } = await import("@/app/office/rules/actions");
const { setMinSampleAction } = await import("@/app/office/method/actions");
const notices = await import("@/app/office/notices/actions");
const reportUpload = await import("@/app/unit/notices/[id]/report/route");
const officeAttachment = await import("@/app/office/notices/[id]/attachments/[file]/route");
const unitAttachment = await import("@/app/unit/notices/[id]/attachments/[file]/route");
const { markReadAction } = await import("@/app/inbox/actions");
const uploadActions = await import("@/app/office/upload/actions");
const { settled } = await import("@/lib/ingest/upload");
const uploadFile = await import("@/app/office/upload/file/route");
const uploadReport = await import("@/app/office/upload/[id]/report/route");
const unitUploadActions = await import("@/app/unit/upload/actions");
const unitUploadFile = await import("@/app/unit/upload/file/route");
const unitUploadReport = await import("@/app/unit/upload/[id]/report/route");
const officeUnitExport = await import("@/app/office/units/[code]/export/route");
const unitExport = await import("@/app/unit/export/route");
const officeNoticePdf = await import("@/app/office/notices/[id]/pdf/route");
const unitNoticePdf = await import("@/app/unit/notices/[id]/pdf/route");
const summaryPdf = await import("@/app/office/notices/summary/pdf/route");
const rankingsCsv = await import("@/app/open-data/rankings.csv/route");
const rankingsJson = await import("@/app/open-data/rankings.json/route");
const logout = await import("@/app/logout/route");
const auditExport = await import("@/app/office/audit/export/route");
const { verifyCodeAction } = await import("@/app/login/verify/actions");
const twoFactor = await import("@/app/account/two-factor/actions");
const officeImports = await import("@/app/office/imports/actions");
const unitImports = await import("@/app/unit/imports/actions");
const officeImportsPage = await import("@/app/office/imports/page");
const unitImportsPage = await import("@/app/unit/imports/page");
const officeImportPage = await import("@/app/office/imports/[id]/page");
const unitImportPage = await import("@/app/unit/imports/[id]/page");
const { explainAction } = await import("@/app/unit/explain/actions");
const templateRoute = await import("@/app/templates/[file]/route");
const officeTokens = await import("@/app/office/api-tokens/actions");
const unitTokens = await import("@/app/unit/api-tokens/actions");
const officeCorrect = await import("@/app/office/correct/actions");
const unitCorrect = await import("@/app/unit/correct/actions");

let db: TestDatabase;
// Every test starts from the fixture below and is rolled back after: the app (getDb) and the test's
// own reads work on the test's connection.
const sql = rollbackEach(() => db);

const A = "620100";
const B = "620200";
/** a clerk whose account lost its unit: neither office nor a member of any unit */
const ORPHAN: SessionUser = { username: "clerk-orphan", name: "无单位联络员", role: "clerk", unitCode: null };
const REGIONS = ["620100", "620200", "620300", "620400", "620500", "620600"];

/** Notice ids by what the tests do with them. */
const n = {
  /** unit A's issued notice: reports, PDFs */
  issuedA: 0,
  /** a correction of it: unit A's draft, invisible to the unit */
  draftA: 0,
  /** drafts: edit, approve */
  draftB: 0,
  draftE: 0,
  /** approved, to be issued */
  approvedC: 0,
  /** issued with a report waiting for review, and its attachment (a PDF with a Chinese name) */
  reportedD: 0,
  reportD: 0,
  attachmentD: 0,
  /** issued: correct, make public */
  issuedF: 0,
  /** API tokens of units A and B: revoke */
  tokenA: 0,
  tokenB: 0,
};
const inboxIds: Record<string, number[]> = {};
/** import batches of unit A's and unit B's records (May 2024: no notice or publication looks at them) */
const batches = { A: 0, B: 0 };
/** the stored version of unit A's imported record, as a correction's check answers it */
const correction = { version: "" };
const D = "620400";
const SCANNED_PDF = Buffer.concat([Buffer.from("%PDF-1.4\n"), Buffer.alloc(2048, 0x20), Buffer.from("\n%%EOF\n")]);

beforeAll(async () => {
  db = await freshDatabase();
  expect(await insertRegions(db, REGIONS.length)).toEqual(REGIONS);
  // every region late on its only March record: each gets a draft when March is closed
  await insertRows(db, "records", REGIONS.map((c) => record(`r${c}`, c, "2024-03-01", null, null)));
  // and one region in April, for closing another period through the action
  await insertRows(db, "records", [record("r620600-apr", "620600", "2024-04-01", null, null)]);
  await saveRules(db, [{ id: "publication_late_over_half", floor: 0.5 }], OFFICE);
  await closePeriod(db, { period: "2024-03", asOf: "2024-04-30", actor: OFFICE });
  await publishPeriod(db, { period: "2024-03", asOf: "2024-04-30", actor: OFFICE });
  const ids: Record<string, number> = {};
  for (const row of await db.query<{ id: number; unit_code: string }>(`SELECT id, unit_code FROM notices WHERE period = '2024-03'`)) ids[row.unit_code] = row.id;

  n.issuedA = ids["620100"]!;
  await approve(db, OFFICE, n.issuedA);
  await issue(db, OFFICE, n.issuedA, "2024-05-06");
  n.draftA = await correct(db, OFFICE, n.issuedA);
  n.draftB = ids["620200"]!;
  n.approvedC = ids["620300"]!;
  await approve(db, OFFICE, n.approvedC);
  n.reportedD = ids["620400"]!;
  await approve(db, OFFICE, n.reportedD);
  await issue(db, OFFICE, n.reportedD, "2024-05-06");
  n.reportD = await submitReport(db, head("620400"), n.reportedD, { body: "已整改。", attachments: [{ fileName: "整改报告（盖章）.pdf", data: SCANNED_PDF }] });
  n.attachmentD = (await db.query<{ id: number }>(`SELECT id FROM report_attachments WHERE report_id = $1`, [n.reportD]))[0]!.id;
  n.draftE = ids["620500"]!;
  n.issuedF = ids["620600"]!;
  await approve(db, OFFICE, n.issuedF);
  await issue(db, OFFICE, n.issuedF, "2024-05-06");

  const dir = tempDir();
  const header = ["record_id", "kind", "unit_code", "subject_type", "subject_code", "subject_name", "decision_no", "decision_date", "published_date", "received_date"];
  for (const code of [A, B] as const) {
    const file = writeText(dir, `records-${code}.csv`, csv([header, [`imp-${code}`, "license", code, "legal", "91350100M000100Y43", "某公司", `许〔2024〕${code}号`, "2024-05-06", "2024-05-07", "2024-05-07"]]));
    batches[code === A ? "A" : "B"] = (await importFile(db, "records", file, { actor: "test" })).batchId;
  }
  correction.version = (await loadCorrection(db, OFFICE, "records", { record_id: `imp-${A}` }))!.version;
  n.tokenA = (await createToken(db, OFFICE, { unitCode: A, name: "平台" })).id;
  n.tokenB = (await createToken(db, OFFICE, { unitCode: B })).id;

  for (const user of [head(A), head(A), head(B)]) {
    const [row] = await db.query<{ id: number }>(`INSERT INTO inbox (username, kind, title, body) VALUES ($1, 'reminder', '提醒', '请按时报送') RETURNING id`, [user.username]);
    (inboxIds[user.username] ??= []).push(row!.id);
  }
});

beforeEach(() => {
  state.db = sql();
});

afterEach(() => {
  state.db = undefined;
});

afterAll(async () => {
  if (state.chromiumPath === undefined) delete process.env.CHROMIUM_PATH;
  else process.env.CHROMIUM_PATH = state.chromiumPath;
  await db?.drop();
});

// ---------------------------------------------------------------------------------------------
// helpers

function signIn(user: SessionUser | null) {
  state.session = user ? { user: { ...user } } : null;
}

function form(fields: Record<string, string | File>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  return f;
}

type Outcome = { redirect: string } | { notFound: true };

/** What a server action ended with: Next's redirect() and notFound() throw errors with a digest. */
async function outcome(run: Promise<unknown>): Promise<Outcome> {
  try {
    await run;
  } catch (e) {
    if (isRedirectError(e)) {
      // NEXT_REDIRECT;<replace|push>;<url>;<status>;
      expect(e.digest).toMatch(/^NEXT_REDIRECT;(replace|push);.*;307;$/);
      return { redirect: e.digest.split(";").slice(2, -2).join(";") };
    }
    if (e instanceof Error && "digest" in e && e.digest === "NEXT_HTTP_ERROR_FALLBACK;404") return { notFound: true };
    throw e;
  }
  throw new Error("the action returned instead of redirecting");
}

const NOT_FOUND: Outcome = { notFound: true };
const TO_LOGIN: Outcome = { redirect: "/login" };

const DOMAIN_TABLES = ["notices", "notice_events", "rectification_reports", "report_attachments", "publications", "notice_rules", "settings", "job_runs", "inbox", "audit_log", "records", "import_batches", "uploads", "item_explanations", "api_tokens"];

/** Every row of the tables an action could write, as a fingerprint per table. */
async function snapshot(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const t of DOMAIN_TABLES) {
    const [r] = await sql().query<{ n: number; h: string | null }>(`SELECT count(*)::int AS n, md5(string_agg(x::text, '|' ORDER BY x::text)) AS h FROM ${t} x`);
    out[t] = `${r!.n}:${r!.h ?? ""}`;
  }
  return out;
}

async function lastLogId(): Promise<number> {
  const [r] = await sql().query<{ id: number | null }>(`SELECT max(id)::int AS id FROM access_log`);
  return r?.id ?? 0;
}

interface LogRow {
  username: string;
  role: string;
  user_unit: string | null;
  action: string;
  target_unit: string | null;
  allowed: boolean;
}

async function logSince(id: number): Promise<LogRow[]> {
  return sql().query<LogRow>(`SELECT username, role, user_unit, action, target_unit, allowed FROM access_log WHERE id > $1 ORDER BY id`, [id]);
}

// redirecting actions end in a redirect; form actions that answer in place return their state
type Action = (form: FormData) => Promise<unknown>;

// for docs/reliability.md: every refused call of a server action (wrong role, wrong unit, anonymous), and how many got through
const tally = { tried: 0, got_through: 0 };
afterAll(() => recordFigure("access.actions", { refused_calls_tried: tally.tried, got_through: tally.got_through }));

/** The action, called by `user`, ends in a 404, logs the refusal last and changes nothing. */
async function expectRefused(action: Action, user: SessionUser, fields: Record<string, string | File>, name: string) {
  const before = await snapshot();
  const since = await lastLogId();
  signIn(user);
  const result = await outcome(action(form(fields)));
  const after = await snapshot();
  tally.tried++;
  if (JSON.stringify(result) !== JSON.stringify(NOT_FOUND) || JSON.stringify(after) !== JSON.stringify(before)) tally.got_through++;
  expect(result).toEqual(NOT_FOUND);
  expect(after).toEqual(before);
  const log = await logSince(since);
  // (target_unit is not checked: the wrapper logs the caller's own unit there, not the notice's)
  expect(log.at(-1)).toMatchObject({ username: user.username, role: user.role, user_unit: user.unitCode, action: name, allowed: false });
}

/** Without a session the action sends to the sign-in page, before reading the form or the database. */
async function expectLogin(action: Action, fields: Record<string, string | File>) {
  const before = await snapshot();
  signIn(null);
  const result = await outcome(action(form(fields)));
  const after = await snapshot();
  tally.tried++;
  if (JSON.stringify(result) !== JSON.stringify(TO_LOGIN) || JSON.stringify(after) !== JSON.stringify(before)) tally.got_through++;
  expect(result).toEqual(TO_LOGIN);
  expect(after).toEqual(before);
}

async function expectAllowedLogged(since: number, user: SessionUser, name: string) {
  expect(await logSince(since)).toContainEqual({ username: user.username, role: user.role, user_unit: user.unitCode, action: name, target_unit: user.unitCode, allowed: true });
}

async function noticeRow(id: number) {
  const [row] = await sql().query<{ status: string; title: string; number: string | null; is_public: boolean; unit_code: string; refers_to: number | null }>(
    `SELECT status, title, number, is_public, unit_code, refers_to FROM notices WHERE id = $1`,
    [id],
  );
  return row!;
}

// ---------------------------------------------------------------------------------------------
// server actions

interface OfficeCase {
  name: string;
  action: Action;
  /** a form that the office's call would carry out */
  fields: () => Record<string, string>;
}

const OFFICE_ACTIONS: OfficeCase[] = [
  { name: "publish", action: publishAction, fields: () => ({ period: "2024-03", asOf: "2024-04-30", note: "复核后发布" }) },
  { name: "jobs:run", action: runJobAction, fields: () => ({ job: "audit-retention" }) },
  { name: "rules:save", action: saveRulesAction, fields: () => ({ kind_0: "score_below_line", threshold_0: "50", enabled_0: "1" }) },
  { name: "method:min-sample", action: setMinSampleAction, fields: () => ({ min_sample: "5", from: "0" }) },
  { name: "notices:close", action: notices.closeAction, fields: () => ({ period: "2024-04", asOf: "2024-05-31" }) },
  {
    name: "notices:edit",
    action: notices.editAction,
    fields: () => ({ id: String(n.draftB), title: "改过的标题", body: "改过的正文", addressees: "嘉峪关市人民政府", deadlineWorkdays: "10" }),
  },
  { name: "notices:approve", action: notices.approveAction, fields: () => ({ id: String(n.draftE) }) },
  { name: "notices:issue", action: notices.issueAction, fields: () => ({ id: String(n.approvedC) }) },
  { name: "notices:correct", action: notices.correctAction, fields: () => ({ id: String(n.issuedF) }) },
  { name: "notices:public", action: notices.publicAction, fields: () => ({ id: String(n.issuedF), public: "1" }) },
  { name: "notices:review", action: notices.reviewAction, fields: () => ({ id: String(n.reportedD), reportId: String(n.reportD), decision: "accept", note: "" }) },
  { name: "notices:settings", action: notices.secondApproverAction, fields: () => ({ required: "1" }) },
  { name: "upload:commit", action: uploadActions.commitAction, fields: () => ({ id: "1", confirm: "1" }) },
  { name: "upload:discard", action: uploadActions.discardAction, fields: () => ({ id: "1" }) },
  { name: "imports:undo", action: officeImports.undoImportAction, fields: () => ({ id: String(batches.A), confirm: "1", reason: "测试撤销" }) },
  { name: "correct:row", action: officeCorrect.correctAction, fields: () => correctionFields() },
  { name: "api-tokens:create", action: officeTokens.createTokenAction, fields: () => ({ unitCode: A, name: "平台" }) },
  { name: "api-tokens:revoke", action: officeTokens.revokeTokenAction, fields: () => ({ id: String(n.tokenA) }) },
];

describe("office actions refuse everyone but the office", () => {
  for (const c of OFFICE_ACTIONS) {
    describe(c.name, () => {
      it("refuses a unit head and a clerk (wrong role), even of the unit concerned", async () => {
        await expectRefused(c.action, head(A), c.fields(), c.name);
        await expectRefused(c.action, clerk(A), c.fields(), c.name);
      });

      it("refuses a head and a clerk of another unit, and a user without a unit", async () => {
        await expectRefused(c.action, head(B), c.fields(), c.name);
        await expectRefused(c.action, clerk("620300"), c.fields(), c.name);
        await expectRefused(c.action, ORPHAN, c.fields(), c.name);
      });

      it("sends an anonymous caller to the sign-in page", async () => {
        await expectLogin(c.action, c.fields());
      });
    });
  }
});

describe("the unit's undo of an import: a head or clerk of the batch's own unit only", () => {
  const undo = unitImports.undoImportAction;
  const fields = (id: number) => ({ id: String(id), confirm: "1", reason: "重复导入" });
  const status = async (id: number) => (await sql().query<{ status: string }>(`SELECT status FROM import_batches WHERE id = $1`, [id]))[0]!.status;

  it("refuses the office (its own action is /office/imports), a head and a clerk of another unit, and a user without a unit", async () => {
    await expectRefused(undo, OFFICE, fields(batches.A), "imports:undo");
    await expectRefused(undo, head(B), fields(batches.A), "imports:undo");
    await expectRefused(undo, clerk(B), fields(batches.A), "imports:undo");
    await expectRefused(undo, ORPHAN, fields(batches.A), "imports:undo");
    await expectLogin(undo, fields(batches.A));
    expect(await status(batches.A)).toBe("done");
  });

  it("lets the unit's clerk undo it within the working days, as confirmed with a reason; past them it says why", async () => {
    // the batch imported on Monday 2024-03-04, the request made on the 11th (the 5th working day after) and the 12th
    await sql().query(`UPDATE import_batches SET started_at = '2024-03-04 10:00:00+08' WHERE id = $1`, [batches.A]);
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      signIn(clerk(A));
      vi.setSystemTime(new Date("2024-03-12T02:00:00Z"));
      const late = await outcome(undo(form({ ...fields(batches.A), lang: "en" })));
      expect(late).toEqual({ redirect: expect.stringMatching(/^\/unit\/imports\/\d+\?do=undo&reason=.*&lang=en&error=.*within%205%20working%20days/) });
      expect(await status(batches.A)).toBe("done");
      vi.setSystemTime(new Date("2024-03-11T02:00:00Z"));
      // without the confirmation: the panel, nothing done
      expect(await outcome(undo(form({ id: String(batches.A) })))).toEqual({ redirect: `/unit/imports/${batches.A}?do=undo` });
      expect(await status(batches.A)).toBe("done");
      const since = await lastLogId();
      expect(await outcome(undo(form(fields(batches.A))))).toEqual({ redirect: `/unit/imports/${batches.A}?undone=1&done=1` });
      expect(await status(batches.A)).toBe("undone");
      expect(await sql().query(`SELECT record_id FROM records WHERE record_id = 'imp-620100'`)).toEqual([]);
      await expectAllowedLogged(since, clerk(A), "imports:undo");
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("the import history's pages: the office all, a unit its own batches (404 otherwise, logged)", () => {
  type Page = (p: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | undefined>> }) => Promise<unknown>;
  type ListPage = (p: { searchParams: Promise<Record<string, string | undefined>> }) => Promise<unknown>;
  const open = (page: Page, id: number | string, sp: Record<string, string> = {}) => page({ params: Promise.resolve({ id: String(id) }), searchParams: Promise.resolve(sp) });
  const list = (page: ListPage) => page({ searchParams: Promise.resolve({}) });
  /** a page that renders (returns its element) rather than redirecting or answering 404 */
  async function rendered(run: Promise<unknown>): Promise<Outcome | "rendered"> {
    let ended = false;
    const result = await outcome(
      run.then(() => {
        ended = true;
        throw new Error("rendered");
      }),
    ).catch((e: unknown) => {
      if (ended) return "rendered" as const;
      throw e;
    });
    return result;
  }

  it("a batch of unit A: its head and clerk and the office see it; unit B's people get a 404, logged", async () => {
    for (const user of [head(A), clerk(A)]) {
      signIn(user);
      const since = await lastLogId();
      expect(await rendered(open(unitImportPage.default, batches.A))).toBe("rendered");
      expect(await rendered(open(unitImportPage.default, batches.A, { do: "undo" }))).toBe("rendered");
      expect((await logSince(since)).at(0)).toMatchObject({ username: user.username, action: "view:import", target_unit: A, allowed: true });
    }
    for (const user of [head(B), clerk(B)]) {
      signIn(user);
      const since = await lastLogId();
      expect(await rendered(open(unitImportPage.default, batches.A))).toEqual(NOT_FOUND);
      expect(await logSince(since)).toEqual([{ username: user.username, role: user.role, user_unit: B, action: "view:import", target_unit: B, allowed: false }]);
      expect(await rendered(open(unitImportPage.default, batches.B))).toBe("rendered");
    }
    signIn(OFFICE);
    expect(await rendered(open(officeImportPage.default, batches.A))).toBe("rendered");
    expect(await rendered(open(officeImportPage.default, batches.B, { do: "undo" }))).toBe("rendered");
    // the office at the unit's address goes to its own
    expect(await rendered(open(unitImportPage.default, batches.A))).toEqual({ redirect: `/office/imports/${batches.A}` });
  });

  it("the office's pages refuse every unit role; an id that names nothing is a 404 to all; anonymous callers sign in", async () => {
    for (const user of [head(A), clerk(A), ORPHAN]) {
      signIn(user);
      expect(await rendered(open(officeImportPage.default, batches.A))).toEqual(NOT_FOUND);
      expect(await rendered(list(officeImportsPage.default))).toEqual(NOT_FOUND);
    }
    signIn(ORPHAN);
    expect(await rendered(open(unitImportPage.default, batches.A))).toEqual(NOT_FOUND);
    expect(await rendered(list(unitImportsPage.default))).toEqual(NOT_FOUND);
    signIn(OFFICE);
    expect(await rendered(open(officeImportPage.default, 999_999))).toEqual(NOT_FOUND);
    expect(await rendered(open(officeImportPage.default, "abc"))).toEqual(NOT_FOUND);
    expect(await rendered(list(officeImportsPage.default))).toBe("rendered");
    expect(await rendered(list(unitImportsPage.default))).toEqual({ redirect: "/office/imports" });
    signIn(head(A));
    expect(await rendered(list(unitImportsPage.default))).toBe("rendered");
    signIn(null);
    expect(await rendered(open(unitImportPage.default, batches.A))).toEqual({ redirect: expect.stringMatching(/^\/login\?next=/) });
  });
});

describe("a unit head's API token actions: their own unit's tokens only", () => {
  const UNIT_TOKEN_ACTIONS = [
    { name: "api-tokens:create-own", action: unitTokens.createUnitTokenAction as Action, fields: () => ({ name: "平台" }) },
    { name: "api-tokens:revoke-own", action: unitTokens.revokeUnitTokenAction as Action, fields: () => ({ id: String(n.tokenA) }) },
  ];
  for (const c of UNIT_TOKEN_ACTIONS) {
    it(`${c.name}: refuses the office, a user without a unit and a clerk of the unit; sends an anonymous caller to sign in`, async () => {
      await expectRefused(c.action, OFFICE, c.fields(), c.name);
      await expectRefused(c.action, ORPHAN, c.fields(), c.name);
      await expectRefused(c.action, clerk(A), c.fields(), c.name);
      await expectLogin(c.action, c.fields());
    });
  }

  it("api-tokens:revoke-own: refuses another unit's head", async () => {
    await expectRefused(unitTokens.revokeUnitTokenAction, head(B), { id: String(n.tokenA) }, "api-tokens:revoke-own");
  });

  it("a head makes a token of their own unit, whatever unit the form names, and revokes their unit's token", async () => {
    signIn(head(A));
    const made = await unitTokens.createUnitTokenAction(form({ name: "平台", unitCode: B }));
    expect(made).toMatchObject({ status: "done", data: { unit: A, name: "平台" } });
    expect(made.status === "done" && made.data.token).toMatch(/^wx_/);
    const since = await lastLogId();
    expect(await outcome(unitTokens.revokeUnitTokenAction(form({ id: String(n.tokenA) })))).toEqual({ redirect: expect.stringMatching(/^\/unit\/api-tokens\?did=revoked&token=wx_.*&done=1$/) });
    expect(await sql().query(`SELECT revoked_by FROM api_tokens WHERE id = $1`, [n.tokenA])).toEqual([{ revoked_by: head(A).username }]);
    await expectAllowedLogged(since, head(A), "api-tokens:revoke-own");
  });

  it("the office makes a token for any unit and revokes any unit's token", async () => {
    signIn(OFFICE);
    expect(await officeTokens.createTokenAction(form({ unitCode: B, name: "", expires: "" }))).toMatchObject({ status: "done", data: { unit: B } });
    expect(await outcome(officeTokens.revokeTokenAction(form({ id: String(n.tokenB) })))).toEqual({ redirect: expect.stringMatching(/^\/office\/api-tokens\?did=revoked&token=wx_.*&done=1$/) });
    expect(await sql().query(`SELECT revoked_by FROM api_tokens WHERE id = $1`, [n.tokenB])).toEqual([{ revoked_by: "office" }]);
  });
});

describe("the inbox action touches only the caller's own messages", () => {
  const unread = async (username: string) =>
    (await sql().query<{ n: number }>(`SELECT count(*)::int AS n FROM inbox WHERE username = $1 AND read_at IS NULL`, [username]))[0]!.n;

  it("lets a head of another unit mark only their own messages, whatever id they send", async () => {
    signIn(head(B));
    const upTo = Math.max(...inboxIds[head(A).username]!, ...inboxIds[head(B).username]!);
    expect(await outcome(markReadAction(form({ upTo: String(upTo) })))).toEqual({ redirect: "/inbox?done=1" });
    expect(await unread(head(B).username)).toBe(0);
    expect(await unread(head(A).username)).toBe(2);
  });

  it("refuses a user without a unit, and sends an anonymous caller to sign in", async () => {
    await expectRefused(markReadAction, ORPHAN, {}, "inbox:read");
    await expectLogin(markReadAction, {});
    expect(await unread(head(A).username)).toBe(2);
  });
});

/** A correction of unit A's imported record, as confirmed (step save, the version checked). */
const correctionFields = (over: Record<string, string> = {}) => ({ kind: "records", k_record_id: `imp-${A}`, v_published_date: "2024-05-08", reason: "公示日期录入有误", step: "save", version: correction.version, ...over });

describe("the unit's correction of a row: a head or clerk of the row's unit (or the unit its agency belongs to) only", () => {
  const correct = unitCorrect.correctAction;

  it("refuses the office (its own action is /office/correct), a head and a clerk of another unit, and a user without a unit; anonymous to sign in", async () => {
    for (const step of ["check", "save"]) {
      await expectRefused(correct, OFFICE, correctionFields({ step }), "correct:row");
      await expectRefused(correct, head(B), correctionFields({ step }), "correct:row");
      await expectRefused(correct, clerk(B), correctionFields({ step }), "correct:row");
      await expectRefused(correct, ORPHAN, correctionFields({ step }), "correct:row");
      await expectLogin(correct, correctionFields({ step }));
    }
    // a kind no unit delivers is no row of anybody's
    await expectRefused(correct, clerk(A), correctionFields({ kind: "units", k_code: A }), "correct:row");
  });

  it("lets the unit's clerk check and save it: a batch of one row, channel form, with the reason; a refused value comes back at its field", async () => {
    const since = await lastLogId();
    signIn(clerk(A));
    expect(await correct(form(correctionFields({ step: "check" })))).toEqual({
      status: "done",
      data: { outcome: "confirm", changes: [{ field: "published_date", before: "2024-05-07", after: "2024-05-08" }], version: correction.version },
    });
    const saved = await correct(form(correctionFields()));
    expect(saved).toEqual({ status: "done", data: { outcome: "saved", changes: [{ field: "published_date", before: "2024-05-07", after: "2024-05-08" }], batchId: expect.any(Number) } });
    const batchId = (saved as { data: { batchId: number } }).data.batchId;
    expect(await sql().query(`SELECT published_date, batch_id FROM records WHERE record_id = $1`, [`imp-${A}`])).toEqual([{ published_date: "2024-05-08", batch_id: batchId }]);
    expect(await sql().query(`SELECT channel, actor, note FROM import_batches WHERE id = $1`, [batchId])).toEqual([{ channel: "form", actor: clerk(A).username, note: "公示日期录入有误" }]);
    await expectAllowedLogged(since, clerk(A), "correct:row");
    const bad = await correct(form(correctionFields({ step: "check", v_published_date: "2024-13-01", lang: "en" })));
    expect(bad).toMatchObject({ status: "done", data: { outcome: "invalid", errors: [{ field: "published_date", en: 'published_date: unreadable date "2024-13-01" (expected YYYY-MM-DD)' }] } });
  });
});

describe("the explain action (a unit's head or clerk, on their own unit's problem items)", () => {
  // unit A's March record, never published: a missing item of its publication list
  const fields = (over: Record<string, string> = {}) => ({ target: "publication_timeliness", key: `r${A}`, period: "2024-03", text: "系统故障，已补录。", ...over });

  it("refuses the office (wrong role), a user without a unit, and another unit's head and clerk (not their item); anonymous to sign in", async () => {
    await expectRefused(explainAction, OFFICE, fields(), "explain:item");
    await expectRefused(explainAction, ORPHAN, fields(), "explain:item");
    await expectRefused(explainAction, head(B), fields(), "explain:item");
    await expectRefused(explainAction, clerk(B), fields(), "explain:item");
    await expectLogin(explainAction, fields());
  });

  it("lets the unit's clerk explain it and goes back to the list; a mistake comes back to the form with its message", async () => {
    const since = await lastLogId();
    signIn(clerk(A));
    expect(await outcome(explainAction(form(fields())))).toEqual({ redirect: "/unit?period=2024-03&indicator=publication_timeliness&done=1" });
    expect(await sql().query(`SELECT unit_code, target, item_key, text, author FROM item_explanations`)).toEqual([
      { unit_code: A, target: "publication_timeliness", item_key: `r${A}`, text: "系统故障，已补录。", author: clerk(A).username },
    ]);
    await expectAllowedLogged(since, clerk(A), "explain:item");
    const empty = await outcome(explainAction(form(fields({ text: "  ", from: "todo", lang: "en" }))));
    expect(empty).toEqual({ redirect: `/unit/explain?target=publication_timeliness&key=r${A}&period=2024-03&from=todo&lang=en&error=write%20the%20explanation` });
    signIn(head(A));
    expect(await outcome(explainAction(form(fields({ text: "负责人补充说明", from: "todo" }))))).toEqual({ redirect: "/unit?period=2024-03&done=1" });
    expect(await sql().query(`SELECT text, author FROM item_explanations`)).toEqual([{ text: "负责人补充说明", author: head(A).username }]);
  });
});

describe("the right caller gets through each action", () => {
  it("publish: the office publishes a new version, as confirmed", async () => {
    const since = await lastLogId();
    // a late record published after all: version 2 has something to correct
    await sql().query(`UPDATE records SET published_date = '2024-03-04', received_date = '2024-03-04' WHERE record_id = 'r620100'`);
    const plan = await planPublication(sql(), "2024-03", "2024-04-30");
    const before = await snapshot();
    signIn(OFFICE);
    expect(await outcome(publishAction(form({ period: "2024-03", asOf: "2024-04-30", note: "更正", version: String(plan.version), fingerprint: plan.fingerprint })))).toEqual({
      redirect: "/office?period=2024-03&asOf=2024-04-30&published=2&done=1",
    });
    expect(await sql().query(`SELECT version, published_by, note FROM publications WHERE period = '2024-03' ORDER BY version`)).toEqual([
      { version: 1, published_by: "office", note: "" },
      { version: 2, published_by: "office", note: "更正" },
    ]);
    // the fingerprint the refusals compare does see a write
    expect(await snapshot()).not.toEqual(before);
    await expectAllowedLogged(since, OFFICE, "publish");
  });

  it("jobs:run: the office runs a job by hand", async () => {
    signIn(OFFICE);
    expect(await outcome(runJobAction(form({ job: "audit-retention" })))).toEqual({ redirect: "/office/jobs?ran=audit-retention&outcome=ok&done=1" });
    expect(await sql().query(`SELECT job, trigger, outcome FROM job_runs`)).toEqual([{ job: "audit-retention", trigger: "manual", outcome: "ok" }]);
    // an unknown job is the domain's 404
    expect(await outcome(runJobAction(form({ job: "no-such-job" })))).toEqual(NOT_FOUND);
  });

  it("method:min-sample: the office sets the minimum sample as confirmed; bad input and a stale confirmation are refused with a message", async () => {
    const since = await lastLogId();
    signIn(OFFICE);
    expect(await outcome(setMinSampleAction(form({ min_sample: "五", from: "0" })))).toEqual({ redirect: expect.stringContaining("/office/method?error=") });
    expect(await outcome(setMinSampleAction(form({ min_sample: "5", from: "3", lang: "en" })))).toEqual({ redirect: expect.stringMatching(/^\/office\/method\?lang=en&error=.*confirm%20again/) });
    expect(await outcome(setMinSampleAction(form({ min_sample: "5", from: "0", note: "试行" })))).toEqual({ redirect: "/office/method?saved=1&done=1" });
    expect(await sql().query(`SELECT min_sample, note, created_by FROM scoring_method`)).toEqual([{ min_sample: 5, note: "试行", created_by: "office" }]);
    await expectAllowedLogged(since, OFFICE, "method:min-sample");
  });

  it("rules:save: the office saves a new rules version from the form; a mistake names its row and keeps what was typed", async () => {
    signIn(OFFICE);
    const [before] = await sql().query<{ v: number }>(`SELECT max(version)::int AS v FROM notice_rules`);
    const fields = { kind_0: "score_below_line", threshold_0: "50", enabled_0: "1", kind_2: "indicator_floor", threshold_2: "40", indicator_2: "coverage", group_2: "department" };
    expect(await saveRulesAction(form(fields))).toEqual({ status: "done", data: { version: before!.v + 1 } });
    const [after] = await sql().query<{ v: number; created_by: string; rules: unknown }>(`SELECT version AS v, created_by, rules FROM notice_rules ORDER BY version DESC LIMIT 1`);
    expect(after).toEqual({
      v: before!.v + 1,
      created_by: "office",
      rules: [{ id: "score_below_line", line: 50 }, { id: "indicator_floor", indicator: "coverage", floor: 0.4, group: "department", enabled: false }],
    });
    const bad = await saveRulesAction(form({ ...fields, threshold_2: "140", lang: "en" }));
    expect(bad).toEqual({ status: "error", message: "row 3: the indicator floor (%) must be between 0 and 100", values: { ...fields, threshold_2: "140", lang: "en" } });
    const zh = (await saveRulesAction(form({ kind_1: "bottom_n", threshold_1: "0" }))) as { message: string };
    expect(zh.message).toBe("第 2 行：后几位（≥1）应为不小于 1 的整数");
  });

  it("notices:close: the office closes April and a draft appears", async () => {
    signIn(OFFICE);
    expect(await outcome(notices.closeAction(form({ period: "2024-04", asOf: "2024-05-31" })))).toEqual({ redirect: "/office/notices?period=2024-04&closed=1&done=1" });
    expect(await sql().query(`SELECT unit_code, status FROM notices WHERE period = '2024-04'`)).toEqual([{ unit_code: "620600", status: "draft" }]);
  });

  it("notices:edit: the office edits a draft", async () => {
    signIn(OFFICE);
    expect(await notices.editAction(form(OFFICE_ACTIONS.find((c) => c.name === "notices:edit")!.fields()))).toEqual({ status: "done", data: null });
    expect((await noticeRow(n.draftB)).title).toBe("改过的标题");
  });

  it("notices:edit: a title over the limit is refused with a clear message, everything typed given back", async () => {
    signIn(OFFICE);
    const fields = { ...OFFICE_ACTIONS.find((c) => c.name === "notices:edit")!.fields(), title: "关".repeat(61), body: "改过的正文\n第二段", lang: "en" };
    const before = (await noticeRow(n.draftB)).title;
    const state = await notices.editAction(form(fields));
    expect(state).toMatchObject({ status: "error", values: { title: "关".repeat(61), body: "改过的正文\n第二段" } });
    expect(state.status === "error" && state.message).toBe("the title is limited to 60 characters (it has 61): shorten it");
    expect((await noticeRow(n.draftB)).title).toBe(before);
  });

  it("notices:approve: the office approves a draft", async () => {
    signIn(OFFICE);
    expect(await outcome(notices.approveAction(form({ id: String(n.draftE), confirm: "1" })))).toEqual({ redirect: `/office/notices/${n.draftE}?done=1` });
    expect((await noticeRow(n.draftE)).status).toBe("approved");
  });

  it("notices:issue: the office issues an approved notice", async () => {
    signIn(OFFICE);
    const { number } = await nextNoticeNumber(sql(), todayInShanghai());
    expect(await outcome(notices.issueAction(form({ id: String(n.approvedC), number })))).toEqual({ redirect: `/office/notices/${n.approvedC}?done=1` });
    const row = await noticeRow(n.approvedC);
    expect(row.status).toBe("issued");
    expect(row.number).toBe(number);
  });

  it("notices:correct: the office drafts a correction and continues on its page", async () => {
    signIn(OFFICE);
    const result = await outcome(notices.correctAction(form({ id: String(n.issuedF) })));
    const [created] = await sql().query<{ id: number }>(`SELECT id FROM notices WHERE refers_to = $1`, [n.issuedF]);
    expect(result).toEqual({ redirect: `/office/notices/${created!.id}?done=1` });
    expect(await noticeRow(created!.id)).toMatchObject({ status: "draft", unit_code: "620600", refers_to: n.issuedF });
  });

  it("notices:public: the office makes an issued notice public", async () => {
    signIn(OFFICE);
    expect(await outcome(notices.publicAction(form({ id: String(n.issuedF), public: "1", confirm: "1" })))).toEqual({ redirect: `/office/notices/${n.issuedF}?done=1` });
    expect((await noticeRow(n.issuedF)).is_public).toBe(true);
  });

  it("notices:review: the office accepts a report", async () => {
    signIn(OFFICE);
    expect(await outcome(notices.reviewAction(form({ id: String(n.reportedD), reportId: String(n.reportD), decision: "accept", note: "同意" })))).toEqual({
      redirect: `/office/notices/${n.reportedD}?done=1`,
    });
    expect((await noticeRow(n.reportedD)).status).toBe("rectified");
    expect(await sql().query(`SELECT status, reviewed_by FROM rectification_reports WHERE id = $1`, [n.reportD])).toEqual([{ status: "accepted", reviewed_by: "office" }]);
  });

  it("notices:settings: the office requires a second approver", async () => {
    signIn(OFFICE);
    expect(await outcome(notices.secondApproverAction(form({ required: "1", confirm: "1" })))).toEqual({ redirect: "/office/notices?done=1" });
    expect(await sql().query(`SELECT value FROM settings WHERE key = 'notices.second_approver'`)).toEqual([{ value: "true" }]);
    expect(await outcome(notices.secondApproverAction(form({ required: "0", confirm: "1" })))).toEqual({ redirect: "/office/notices?done=1" });
    expect(await sql().query(`SELECT value FROM settings WHERE key = 'notices.second_approver'`)).toEqual([{ value: "false" }]);
  });

  it("imports:undo: the office undoes a batch as confirmed, its rows gone; without the confirmation, the panel", async () => {
    signIn(OFFICE);
    expect(await outcome(officeImports.undoImportAction(form({ id: String(batches.B) })))).toEqual({ redirect: `/office/imports/${batches.B}?do=undo` });
    expect(await outcome(officeImports.undoImportAction(form({ id: String(batches.B), confirm: "1", reason: "" })))).toEqual({
      redirect: `/office/imports/${batches.B}?do=undo&error=${encodeURIComponent("请填写撤销原因")}`,
    });
    expect(await outcome(officeImports.undoImportAction(form({ id: String(batches.B), confirm: "1", reason: "重复导入" })))).toEqual({ redirect: `/office/imports/${batches.B}?undone=1&done=1` });
    expect(await sql().query(`SELECT status, undone_by, undo_reason FROM import_batches WHERE id = $1`, [batches.B])).toEqual([{ status: "undone", undone_by: "office", undo_reason: "重复导入" }]);
    expect(await sql().query(`SELECT record_id FROM records WHERE record_id = 'imp-620200'`)).toEqual([]);
    // a batch that is not there: the domain's 404
    expect(await outcome(officeImports.undoImportAction(form({ id: "999999", confirm: "1", reason: "x" })))).toEqual(NOT_FOUND);
  });

  it("correct:row: the office corrects any unit's row as confirmed; a row that is not there is a 404", async () => {
    signIn(OFFICE);
    const saved = await officeCorrect.correctAction(form(correctionFields({ k_record_id: `imp-${B}`, version: (await loadCorrection(sql(), OFFICE, "records", { record_id: `imp-${B}` }))!.version })));
    expect(saved).toMatchObject({ status: "done", data: { outcome: "saved", changes: [{ field: "published_date", before: "2024-05-07", after: "2024-05-08" }] } });
    expect(await sql().query(`SELECT b.channel, b.actor, b.unit_code FROM records r JOIN import_batches b ON b.id = r.batch_id WHERE r.record_id = $1`, [`imp-${B}`])).toEqual([{ channel: "form", actor: "office", unit_code: null }]);
    expect(await outcome(officeCorrect.correctAction(form(correctionFields({ k_record_id: "nothing-here" }))))).toEqual(NOT_FOUND);
  });

  it("inbox:read: a head marks their messages read", async () => {
    signIn(head(A));
    expect(await outcome(markReadAction(form({})))).toEqual({ redirect: "/inbox?done=1" });
    expect(await sql().query(`SELECT count(*)::int AS n FROM inbox WHERE username = $1 AND read_at IS NULL`, [head(A).username])).toEqual([{ n: 0 }]);
  });
});

// ---------------------------------------------------------------------------------------------
// route handlers

type Route<P> = (request: Request, route?: { params: Promise<P> }) => Promise<Response>;

function get<P>(route: Route<P>, path: string, params?: P, init?: RequestInit): Promise<Response> {
  return route(new Request(`http://localhost${path}`, init), params ? { params: Promise.resolve(params) } : undefined);
}

async function body(r: Response): Promise<{ error: string; message: string }> {
  return (await r.json()) as { error: string; message: string };
}

/** The body as text, after checking it starts with the UTF-8 BOM (Response.text() would drop it silently). */
async function bomText(r: Response): Promise<string> {
  const bytes = Buffer.from(await r.arrayBuffer());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return bytes.subarray(3).toString("utf8");
}

const MARCH = "period=2024-03&asOf=2024-04-30";

describe("GET /office/units/[code]/export (office only)", () => {
  const call = (code: string, query = MARCH) => get(officeUnitExport.GET, `/office/units/${code}/export?${query}`, { code });

  it("answers 401 without a session", async () => {
    signIn(null);
    const r = await call(A);
    expect(r.status).toBe(401);
    expect(await body(r)).toMatchObject({ error: "unauthenticated" });
  });

  it("answers 403 to a head and a clerk, of their own unit or another, and logs it", async () => {
    for (const [user, code] of [
      [head(A), A],
      [clerk(A), A],
      [head(B), A],
      [ORPHAN, A],
    ] as const) {
      const since = await lastLogId();
      signIn(user);
      const r = await call(code);
      expect(r.status).toBe(403);
      expect(await body(r)).toMatchObject({ error: "forbidden" });
      expect(await logSince(since)).toEqual([{ username: user.username, role: user.role, user_unit: user.unitCode, action: "export:unit", target_unit: null, allowed: false }]);
    }
  });

  it("gives the office any unit's list (200), and 404 for a unit that does not exist", async () => {
    signIn(OFFICE);
    const ra = await call(A);
    expect(ra.status).toBe(200);
    expect(ra.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const textA = await bomText(ra);
    expect(textA).toContain("r620100");
    expect(textA).not.toContain("r620200");
    const rb = await call(B);
    expect(await rb.text()).toContain("r620200");
    expect((await call("999999")).status).toBe(404);
  });
});

describe("GET /unit/export (a unit's own lists)", () => {
  const call = (query = MARCH) => get(unitExport.GET, `/unit/export?${query}`);

  it("answers 401 without a session and 403 to the office and a user without a unit", async () => {
    signIn(null);
    expect((await call()).status).toBe(401);
    for (const user of [OFFICE, ORPHAN]) {
      const since = await lastLogId();
      signIn(user);
      const r = await call();
      expect(r.status).toBe(403);
      expect((await logSince(since)).map((l) => [l.action, l.allowed])).toEqual([["export:unit", false]]);
    }
  });

  it("serves the session's unit only, whatever unit the query names", async () => {
    signIn(head(A));
    const since = await lastLogId();
    const r = await call(`${MARCH}&code=${B}&entity=${B}&unit=${B}`);
    expect(r.status).toBe(200);
    const text = await r.text();
    expect(text).toContain("r620100");
    expect(text).not.toContain("r620200");
    expect(await logSince(since)).toEqual([{ username: head(A).username, role: "unit_head", user_unit: A, action: "export:unit", target_unit: A, allowed: true }]);
    signIn(clerk(B));
    const other = await (await call()).text();
    expect(other).toContain("r620200");
    expect(other).not.toContain("r620100");
  });

  it("serves XLSX when asked", async () => {
    signIn(clerk(A));
    const r = await call(`${MARCH}&format=xlsx`);
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(Buffer.from(await r.arrayBuffer()).subarray(0, 2).toString()).toBe("PK");
  });
});

describe("GET /office|unit/notices/[id]/pdf (the office, or the addressed unit once issued)", () => {
  const routes = [
    ["office", officeNoticePdf.GET],
    ["unit", unitNoticePdf.GET],
  ] as const;
  const call = (route: Route<{ id: string }>, id: number | string) => get(route, `/x/notices/${id}/pdf`, { id: String(id) });

  it("answers 401 without a session", async () => {
    signIn(null);
    for (const [, route] of routes) expect((await call(route, n.issuedA)).status).toBe(401);
  });

  it("answers 404 to a head and a clerk of another unit, logged with the notice's unit", async () => {
    for (const [, route] of routes) {
      for (const user of [head(B), clerk(B)]) {
        const since = await lastLogId();
        signIn(user);
        const r = await call(route, n.issuedA);
        expect(r.status).toBe(404);
        expect(await body(r)).toMatchObject({ error: "not_found" });
        expect(await logSince(since)).toEqual([{ username: user.username, role: user.role, user_unit: B, action: "pdf:notice", target_unit: A, allowed: false }]);
      }
    }
  });

  it("answers 404 to the addressed unit for a draft, and to anyone for an id that names nothing", async () => {
    signIn(head(A));
    expect((await call(unitNoticePdf.GET, n.draftA)).status).toBe(404);
    signIn(OFFICE);
    expect((await call(officeNoticePdf.GET, 999_999)).status).toBe(404);
    expect((await call(officeNoticePdf.GET, "abc")).status).toBe(404);
    signIn(ORPHAN);
    expect((await call(unitNoticePdf.GET, n.issuedA)).status).toBe(404);
  });

  it("gives the addressed unit its issued notice and the office any notice (the printable page without Chromium)", async () => {
    const expectDocument = (r: Response, location: string) => {
      // 200 with a PDF where Chromium is installed; here CHROMIUM_PATH names nothing: 303 to the printable page
      expect(r.status).toBe(303);
      expect(r.headers.get("location")).toBe(location);
      expect(r.headers.get("x-wenxiao-pdf")).toMatch(/^unavailable/);
    };
    for (const user of [head(A), clerk(A)]) {
      signIn(user);
      expectDocument(await call(unitNoticePdf.GET, n.issuedA), `/unit/notices/${n.issuedA}/print`);
    }
    signIn(OFFICE);
    expectDocument(await call(officeNoticePdf.GET, n.issuedA), `/office/notices/${n.issuedA}/print`);
    expectDocument(await call(officeNoticePdf.GET, n.draftA), `/office/notices/${n.draftA}/print`);
  });
});

describe("POST /office/upload/file and GET /office/upload/[id]/report (the office only)", () => {
  const csvFile = () => new File(["record_id,kind\n"], "records.csv", { type: "text/csv" });
  it("answer 401 without a session and 403 to heads, clerks and a user without a unit, logged, keeping nothing", async () => {
    const before = await snapshot();
    signIn(null);
    expect((await post(uploadFile.POST, "/office/upload/file", {}, { kind: "records", file: csvFile() })).status).toBe(401);
    expect((await get(uploadReport.GET, "/office/upload/1/report", { id: "1" })).status).toBe(401);
    for (const user of [head(A), clerk(A), ORPHAN]) {
      signIn(user);
      let since = await lastLogId();
      expect((await post(uploadFile.POST, "/office/upload/file", {}, { kind: "records", file: csvFile() })).status).toBe(403);
      expect(await logSince(since)).toEqual([{ username: user.username, role: user.role, user_unit: user.unitCode, action: "upload:file", target_unit: null, allowed: false }]);
      since = await lastLogId();
      expect((await get(uploadReport.GET, "/office/upload/1/report", { id: "1" })).status).toBe(403);
      expect(await logSince(since)).toEqual([{ username: user.username, role: user.role, user_unit: user.unitCode, action: "upload:report", target_unit: null, allowed: false }]);
    }
    expect(await snapshot()).toEqual(before);
  });

  it("keep the office's file and answer with its page; a file that is no table is refused in words", async () => {
    signIn(OFFICE);
    const r = await post(uploadFile.POST, "/office/upload/file", {}, { kind: "stats", file: new File(["unit_code,catalog_item,period,expected,collected\n620100,许可,2024-03,5,5\n"], "统计.csv") });
    expect(r.status).toBe(201);
    const { id, next } = (await body(r)) as unknown as { id: number; next: string };
    expect(next).toBe(`/office/upload/${id}`);
    // its check runs off the request; this test's data ends with the test
    await settled(id);
    expect((await sql().query<{ status: string }>(`SELECT status FROM uploads WHERE id = $1`, [id]))[0]!.status).toBe("checked");
    const pdf = await post(uploadFile.POST, "/office/upload/file", {}, { kind: "records", file: new File(["%PDF-1.4 scan"], "records.csv") });
    expect(pdf.status).toBe(422);
    expect(await body(pdf)).toMatchObject({ message: expect.stringContaining("PDF 文档") });
  });
});

describe("a unit's upload (/unit/upload: its head and clerks, its own file only)", () => {
  const file = () => new File([`record_id,kind,unit_code,subject_type,subject_code,subject_name,decision_no,decision_date\nup-1,license,${A},legal,91350100M000100Y43,某公司,许〔2024〕1号,2024-05-06\n`], "本单位.csv", { type: "text/csv" });
  const ownUpload = async () => {
    signIn(clerk(A));
    const r = await post(unitUploadFile.POST, "/unit/upload/file", {}, { kind: "records", file: file() });
    expect(r.status).toBe(201);
    const { id, next } = (await body(r)) as unknown as { id: number; next: string };
    expect(next).toBe(`/unit/upload/${id}`);
    await settled(id);
    return id;
  };

  it("answers 401 without a session and 403 to the office and a user without a unit, logged, keeping nothing", async () => {
    const before = await snapshot();
    signIn(null);
    expect((await post(unitUploadFile.POST, "/unit/upload/file", {}, { kind: "records", file: file() })).status).toBe(401);
    for (const user of [OFFICE, ORPHAN]) {
      signIn(user);
      const since = await lastLogId();
      expect((await post(unitUploadFile.POST, "/unit/upload/file", {}, { kind: "records", file: file() })).status).toBe(403);
      expect(await logSince(since)).toEqual([{ username: user.username, role: user.role, user_unit: user.unitCode, action: "upload:file", target_unit: null, allowed: false }]);
    }
    expect(await snapshot()).toEqual(before);
  });

  it("keeps a clerk's file for the unit; another unit's head and clerk find nothing (404) and change nothing, the office's actions are not theirs", async () => {
    const id = await ownUpload();
    const before = await snapshot();
    for (const user of [head(B), clerk(B)]) {
      await expectRefused(unitUploadActions.commitAction, user, { id: String(id), confirm: "1" }, "upload:commit-unit");
      await expectRefused(unitUploadActions.discardAction, user, { id: String(id) }, "upload:discard-unit");
      signIn(user);
      expect((await get(unitUploadReport.GET, `/unit/upload/${id}/report`, { id: String(id) })).status).toBe(404);
    }
    await expectRefused(unitUploadActions.commitAction, OFFICE, { id: String(id), confirm: "1" }, "upload:commit-unit");
    expect(await snapshot()).toEqual(before);
    // the unit's head imports it, as confirmed
    signIn(head(A));
    expect(await outcome(unitUploadActions.commitAction(form({ id: String(id), confirm: "1" })))).toEqual({ redirect: `/unit/upload/${id}?done=1` });
    await settled(id);
    expect((await sql().query<{ status: string }>(`SELECT status FROM uploads WHERE id = $1`, [id]))[0]!.status).toBe("committed");
  });
});

/** A multipart POST as a browser's fetch sends it (FormData), to a route handler. */
function post<P>(route: Route<P>, path: string, params: P, fields: Record<string, string | File | File[]>, headers: Record<string, string> = { accept: "application/json" }): Promise<Response> {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) f.append(k, x);
  return route(new Request(`http://localhost${path}`, { method: "POST", body: f, headers }), { params: Promise.resolve(params) });
}

describe("POST /unit/notices/[id]/report (the addressed unit's head and clerks)", () => {
  const call = (id: number, fields: Record<string, string | File | File[]>, headers?: Record<string, string>) => post(reportUpload.POST, `/unit/notices/${id}/report`, { id: String(id) }, fields, headers);
  const reports = async (id: number) => (await sql().query<{ n: number }>(`SELECT count(*)::int AS n FROM rectification_reports WHERE notice_id = $1`, [id]))[0]!.n;
  const fields = () => ({ body: "已补报全部记录。", attachments: new File(["整改说明"], "整改说明.txt", { type: "text/plain" }) });

  it("answers 401 without a session and 403 to the office or a user without a unit, logged, writing nothing", async () => {
    const before = await snapshot();
    signIn(null);
    expect((await call(n.issuedA, fields())).status).toBe(401);
    for (const user of [OFFICE, ORPHAN]) {
      const since = await lastLogId();
      signIn(user);
      const r = await call(n.issuedA, fields());
      expect(r.status).toBe(403);
      expect(await logSince(since)).toEqual([{ username: user.username, role: user.role, user_unit: user.unitCode, action: "notices:report", target_unit: null, allowed: false }]);
    }
    expect(await snapshot()).toEqual(before);
  });

  it("answers 403 to a head and a clerk of another unit, logged with the notice's unit, writing nothing", async () => {
    const before = await snapshot();
    for (const user of [head(B), clerk(B)]) {
      const since = await lastLogId();
      signIn(user);
      const r = await call(n.issuedA, fields());
      expect(r.status).toBe(403);
      expect(await logSince(since)).toEqual([{ username: user.username, role: user.role, user_unit: B, action: "notices:report", target_unit: A, allowed: false }]);
    }
    expect(await reports(n.issuedA)).toBe(0);
    expect(await snapshot()).toEqual(before);
  });

  it("refuses unit A's own draft with the domain's message (409), and a cross-site post (403)", async () => {
    signIn(head(A));
    const r = await call(n.draftA, fields());
    expect(r.status).toBe(409);
    expect(await body(r)).toMatchObject({ message: "该通报尚未印发" });
    expect((await call(n.issuedA, fields(), { accept: "application/json", origin: "https://evil.example" })).status).toBe(403);
    expect(await reports(n.issuedA)).toBe(0);
  });

  it("lets a clerk of the addressed unit submit text and files, logged with the unit", async () => {
    const since = await lastLogId();
    signIn(clerk(A));
    const r = await call(n.issuedA, fields());
    expect(r.status).toBe(201);
    const answer = (await r.json()) as { report: number; next: string };
    expect(answer.next).toBe(`/unit/notices/${n.issuedA}?done=1`);
    expect(await sql().query(`SELECT submitted_by, status, body FROM rectification_reports WHERE id = $1`, [answer.report])).toEqual([{ submitted_by: "clerk-620100", status: "submitted", body: "已补报全部记录。" }]);
    expect(await sql().query(`SELECT file_name, content_type, bytes FROM report_attachments WHERE report_id = $1`, [answer.report])).toEqual([
      { file_name: "整改说明.txt", content_type: "text/plain; charset=utf-8", bytes: Buffer.byteLength("整改说明") },
    ]);
    expect(await logSince(since)).toContainEqual({ username: "clerk-620100", role: "clerk", user_unit: A, action: "notices:report", target_unit: A, allowed: true });
  });

  it("answers a plain form post (no script) with a redirect back: done=1, or the message in the page's language", async () => {
    signIn(head(A));
    const html = { accept: "text/html,application/xhtml+xml" };
    const bad = await post(reportUpload.POST, `/unit/notices/${n.issuedA}/report?lang=en`, { id: String(n.issuedA) }, { body: "x", attachments: new File([Buffer.from([0x4d, 0x5a, 0, 0, 0xff])], "tool.exe") }, html);
    expect(bad.status).toBe(303);
    const location = bad.headers.get("location")!;
    expect(location.startsWith(`/unit/notices/${n.issuedA}?error=`)).toBe(true);
    expect(location.endsWith("&lang=en")).toBe(true);
    expect(new URL(location, "http://localhost").searchParams.get("error")).toMatch(/^unsupported attachment "tool.exe"/);
    const ok = await call(n.issuedA, fields(), html);
    expect(ok.status).toBe(303);
    expect(ok.headers.get("location")).toBe(`/unit/notices/${n.issuedA}?done=1`);
  });
});

describe("GET /office|unit/notices/[id]/attachments/[file] (the office, and the addressed unit)", () => {
  const call = (route: Route<{ id: string; file: string }>, id: number | string, file: number | string) =>
    get(route, `/x/notices/${id}/attachments/${file}`, { id: String(id), file: String(file) });

  it("gives the office and the unit's head and clerk the file: its bytes, type, original name, nosniff; logged with the unit", async () => {
    for (const [user, route] of [[OFFICE, officeAttachment.GET], [head(D), unitAttachment.GET], [clerk(D), unitAttachment.GET]] as const) {
      const since = await lastLogId();
      signIn(user);
      const r = await call(route, n.reportedD, n.attachmentD);
      expect(r.status).toBe(200);
      expect(r.headers.get("content-type")).toBe("application/pdf");
      expect(r.headers.get("x-content-type-options")).toBe("nosniff");
      expect(r.headers.get("content-disposition")).toBe(`attachment; filename="________.pdf"; filename*=UTF-8''%E6%95%B4%E6%94%B9%E6%8A%A5%E5%91%8A%EF%BC%88%E7%9B%96%E7%AB%A0%EF%BC%89.pdf`);
      expect(Buffer.from(await r.arrayBuffer()).equals(SCANNED_PDF)).toBe(true);
      expect(await logSince(since)).toEqual([{ username: user.username, role: user.role, user_unit: user.unitCode, action: "download:attachment", target_unit: D, allowed: true }]);
    }
  });

  it("refuses a head and a clerk of another unit (403, logged with the attachment's unit)", async () => {
    for (const user of [head(A), clerk(A), head(B)]) {
      const since = await lastLogId();
      signIn(user);
      const r = await call(unitAttachment.GET, n.reportedD, n.attachmentD);
      expect(r.status).toBe(403);
      expect(await logSince(since)).toEqual([{ username: user.username, role: user.role, user_unit: user.unitCode, action: "download:attachment", target_unit: D, allowed: false }]);
    }
  });

  it("refuses the wrong role on each route and an anonymous caller, and answers 404 for a file of another notice or no file", async () => {
    signIn(null);
    expect((await call(officeAttachment.GET, n.reportedD, n.attachmentD)).status).toBe(401);
    expect((await call(unitAttachment.GET, n.reportedD, n.attachmentD)).status).toBe(401);
    signIn(head(D));
    expect((await call(officeAttachment.GET, n.reportedD, n.attachmentD)).status).toBe(403);
    for (const user of [OFFICE, ORPHAN]) {
      signIn(user);
      expect((await call(unitAttachment.GET, n.reportedD, n.attachmentD)).status).toBe(403);
    }
    signIn(OFFICE);
    // the attachment exists, but not on this notice: nothing to tell
    expect((await call(officeAttachment.GET, n.issuedA, n.attachmentD)).status).toBe(404);
    expect((await call(officeAttachment.GET, n.reportedD, 999_999)).status).toBe(404);
    expect((await call(officeAttachment.GET, n.reportedD, "abc")).status).toBe(404);
  });
});

describe("a session opened with a one-time password", () => {
  it("may change the password and nothing else: actions go to /account, handlers answer 403", async () => {
    const before = await snapshot();
    signIn({ ...OFFICE, mustChangePassword: true });
    expect(await outcome(publishAction(form({ period: "2024-03", asOf: "2024-04-30" })))).toEqual({ redirect: "/account?first=1" });
    expect(await snapshot()).toEqual(before);
    expect((await get(auditExport.GET, "/office/audit/export?kind=access")).status).toBe(403);
    signIn({ ...head(A), mustChangePassword: true });
    expect((await get(unitExport.GET, "/unit/export?format=csv")).status).toBe(403);
  });
});

describe("a sign-in not finished (second factor)", () => {
  it("a session still owing its code reaches only the code's form: actions go there, handlers answer 403", async () => {
    const before = await snapshot();
    signIn({ ...OFFICE, secondFactor: "verify" });
    expect(await outcome(publishAction(form({ period: "2024-03", asOf: "2024-04-30" })))).toEqual({ redirect: "/login/verify?next=%2F" });
    expect(await outcome(markReadAction(form({})))).toEqual({ redirect: "/login/verify?next=%2F" });
    expect(await outcome(twoFactor.disableTwoFactorAction(form({ code: "123456" })))).toEqual({ redirect: "/login/verify?next=%2F" });
    await expect(twoFactor.renewRecoveryCodesAction(form({}))).rejects.toMatchObject({ digest: expect.stringMatching(/^NEXT_REDIRECT;replace;\/login\/verify/) as unknown });
    expect((await get(auditExport.GET, "/office/audit/export?kind=access")).status).toBe(403);
    signIn({ ...head(A), secondFactor: "verify" });
    expect((await get(unitExport.GET, "/unit/export?format=csv")).status).toBe(403);
    expect(await snapshot()).toEqual(before);
  });

  it("an office session without two-factor set up reaches only the set-up", async () => {
    const before = await snapshot();
    signIn({ ...OFFICE, secondFactor: "enrol" });
    expect(await outcome(publishAction(form({ period: "2024-03", asOf: "2024-04-30" })))).toEqual({ redirect: "/account/two-factor?required=1" });
    expect(await outcome(verifyCodeAction(form({ code: "123456" })))).toEqual({ redirect: "/account/two-factor?required=1" });
    // the set-up's own form gets through (and says what is wrong with a made-up ticket)
    expect(await twoFactor.confirmTwoFactorAction(form({ ticket: "made-up", code: "123456" }))).toMatchObject({ status: "error", message: expect.stringContaining("设置信息无效") as unknown });
    expect((await get(auditExport.GET, "/office/audit/export?kind=access")).status).toBe(403);
    expect(await snapshot()).toEqual(before);
  });

  it("sends an anonymous caller of the two-factor actions to the sign-in page", async () => {
    signIn(null);
    expect(await outcome(verifyCodeAction(form({ code: "123456" })))).toEqual(TO_LOGIN);
    expect(await outcome(twoFactor.disableTwoFactorAction(form({ code: "123456" })))).toEqual(TO_LOGIN);
    expect(await outcome(twoFactor.confirmTwoFactorAction(form({ ticket: "x", code: "123456" })))).toEqual(TO_LOGIN);
    expect(await outcome(twoFactor.renewRecoveryCodesAction(form({})))).toEqual(TO_LOGIN);
  });
});

describe("GET /office/audit/export (office only)", () => {
  it("answers 401 without a session, 403 to heads and clerks of any unit (logged), and gives the office a workbook (logged)", async () => {
    const call = () => get(auditExport.GET, "/office/audit/export?kind=access&unit=620100");
    signIn(null);
    expect((await call()).status).toBe(401);
    for (const user of [head(A), clerk(A), head(B), ORPHAN]) {
      const since = await lastLogId();
      signIn(user);
      expect((await call()).status).toBe(403);
      expect(await logSince(since)).toEqual([{ username: user.username, role: user.role, user_unit: user.unitCode, action: "export:audit", target_unit: null, allowed: false }]);
    }
    const since = await lastLogId();
    signIn(OFFICE);
    const r = await call();
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toContain("spreadsheetml");
    expect(await logSince(since)).toEqual([{ username: "office", role: "office", user_unit: null, action: "export:audit", target_unit: null, allowed: true }]);
  });
});

describe("GET /office/notices/summary/pdf (office only)", () => {
  const call = (query = MARCH) => get(summaryPdf.GET, `/office/notices/summary/pdf?${query}`);

  it("answers 401 without a session and 403 to heads and clerks of any unit", async () => {
    signIn(null);
    expect((await call()).status).toBe(401);
    for (const user of [head(A), clerk(A), head(B), ORPHAN]) {
      const since = await lastLogId();
      signIn(user);
      expect((await call()).status).toBe(403);
      expect(await logSince(since)).toEqual([{ username: user.username, role: user.role, user_unit: user.unitCode, action: "pdf:summary", target_unit: null, allowed: false }]);
    }
  });

  it("gives the office the summary (the printable page without Chromium), 400 for a bad period", async () => {
    signIn(OFFICE);
    const r = await call();
    expect([200, 303]).toContain(r.status);
    expect(r.status).toBe(303);
    expect(r.headers.get("location")).toBe("/office/notices/summary?period=2024-03&asOf=2024-04-30");
    const bad = await call("period=2024-Q1");
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(await bad.text()).toBe("网址中的参数有误：\n- 期间“2024-Q1”不是月份：此处只能按月查看（如 2026-10）\n");
    const notADate = await call("period=2024-03&asOf=notadate&lang=en");
    expect(notADate.status).toBe(400);
    expect(await notADate.text()).toBe('This address has a mistake:\n- the evaluation date "notadate" is not a date: write it as 2026-11-16 (year-month-day)\n');
  });
});

describe("GET /open-data/rankings.{csv,json} (public)", () => {
  it("serves the published bytes to anyone, without reading the session", async () => {
    state.auth.mockClear();
    signIn(null);
    const csv = await get(rankingsCsv.GET, "/open-data/rankings.csv?period=2024-03");
    expect(csv.status).toBe(200);
    const csvText = await bomText(csv);
    const json = await get(rankingsJson.GET, "/open-data/rankings.json?period=2024-03");
    expect(json.status).toBe(200);
    expect(json.headers.get("content-type")).toBe("application/json; charset=utf-8");
    const jsonText = await json.text();
    expect(JSON.parse(jsonText)).toBeTruthy();
    signIn(head(B));
    expect(await bomText(await get(rankingsCsv.GET, "/open-data/rankings.csv?period=2024-03"))).toBe(csvText);
    expect(await (await get(rankingsJson.GET, "/open-data/rankings.json?period=2024-03")).text()).toBe(jsonText);
    expect(state.auth).not.toHaveBeenCalled();
  });

  it("answers 404 for a period not published and 400, saying why, for a malformed one", async () => {
    signIn(null);
    expect((await get(rankingsCsv.GET, "/open-data/rankings.csv?period=2024-04")).status).toBe(404);
    for (const bad of ["2024-13x", "2026-13"]) {
      const r = await get(rankingsJson.GET, `/open-data/rankings.json?period=${bad}&lang=en`);
      expect(r.status).toBe(400);
      expect(await r.text()).toBe(`This address has a mistake:\n- the period "${bad}" is not a period: write 2026-03 (a month), 2026-Q1 (a quarter) or 2026 (a year)\n`);
    }
    expect(await (await get(rankingsCsv.GET, "/open-data/rankings.csv?period=2026-13")).text()).toContain("期间“2026-13”无法识别");
  });
});

describe("GET /templates/[file] (anyone signed in)", () => {
  const call = (file: string, query = "") => get(templateRoute.GET, `/templates/${file}${query}`, { file });

  it("answers 401 without a session, the template to every role, and a 404 in words for an unknown name", async () => {
    signIn(null);
    expect((await call("records.xlsx")).status).toBe(401);
    for (const user of [OFFICE, head(A), clerk(B)]) {
      signIn(user);
      const r = await call("records.csv");
      expect(r.status).toBe(200);
      expect(r.headers.get("content-type")).toBe("text/csv; charset=utf-8");
      expect(r.headers.get("content-disposition")).toContain("filename*=UTF-8''%E5%AF%BC%E5%85%A5%E6%A8%A1%E6%9D%BF-records.csv");
      expect((await bomText(r)).split("\r\n")[0]).toMatch(/^行政相对人记录编号,类别,/);
    }
    const x = await call("units.xlsx", "?lang=en");
    expect(x.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(x.headers.get("content-disposition")).toContain("template-units.xlsx");
    const missing = await call("penalties.xlsx");
    expect(missing.status).toBe(404);
    expect(await body(missing)).toEqual({ error: "not_found", message: "没有名为“penalties.xlsx”的模板：模板为 <类型>.xlsx 或 <类型>.csv，类型为 units, records, stats, cases, feedback, objections, repairs, measures, receipts, notifications, credit_checks, tasks, progress, calendar" });
    expect((await body(await call("records.pdf", "?lang=en"))).message).toMatch(/^there is no template "records.pdf"/);
  });
});

describe("POST /logout", () => {
  it("refuses a cross-site post (403) without signing out", async () => {
    state.signOut.mockReset();
    signIn(head(A));
    const r = await get(logout.POST, "/logout", undefined, { method: "POST", headers: { origin: "https://evil.example", host: "localhost" } });
    expect(r.status).toBe(403);
    expect(state.signOut).not.toHaveBeenCalled();
  });

  it("signs out a same-origin post and sends home (303)", async () => {
    state.signOut.mockReset();
    signIn(head(A));
    const r = await get(logout.POST, "/logout", undefined, { method: "POST", headers: { origin: "http://localhost", host: "localhost" } });
    expect(r.status).toBe(303);
    expect(r.headers.get("location")).toBe("/");
    // Auth.js is asked not to redirect: its redirect would be a 307, which repeats the POST
    expect(state.signOut).toHaveBeenCalledWith({ redirect: false });
  });

  it("lets a redirect thrown inside a handler through instead of swallowing it as a 500", async () => {
    const { redirect } = await import("next/navigation");
    state.signOut.mockReset().mockImplementation(() => redirect("/"));
    signIn(null);
    await expect(get(logout.POST, "/logout", undefined, { method: "POST" })).rejects.toSatisfy(isRedirectError);
  });
});
