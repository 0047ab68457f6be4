import fs from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Connection } from "@/db/client";
import { sha256 } from "@/lib/api/body";
import { pushFile } from "@/lib/api/client";
import { claimKey } from "@/lib/api/idempotency";
import { createToken, revokeToken } from "@/lib/api/tokens";
import { reloadEnv } from "@/lib/env";
import { importFile } from "@/lib/ingest/import";
import { UNIT_KINDS, type UnitKind } from "@/lib/ingest/scope";
import { OFFICE } from "../helpers/actors";
import { freshDatabase, rollbackEach, withRollback, type TestDatabase } from "../helpers/db";
import { csv, tempDir, writeText } from "../helpers/files";

/**
 * The push API (CONTRACT §8) called as Next calls its route handlers, with the app's database the
 * test's rolled-back connection (a mocked getDb). Every kind is accepted with the counts a file of
 * the same rows gets; rows of another unit refuse the whole request; tokens, body limits, content
 * types, bad JSON, idempotency keys and the rate limit each answer with their status and words.
 */
const state = vi.hoisted(() => {
  // generous limits unless a test lowers them (lib/env.ts reads the environment once; reloadEnv() again)
  const saved = { rate: process.env.WENXIAO_API_RATE_PER_MINUTE, wait: process.env.WENXIAO_API_IDEMPOTENCY_WAIT_MS, max: process.env.WENXIAO_API_MAX_BODY_MB };
  process.env.WENXIAO_API_RATE_PER_MINUTE = "100000";
  process.env.WENXIAO_API_IDEMPOTENCY_WAIT_MS = "10000";
  return { saved, db: undefined as Connection | undefined };
});

vi.mock("@/auth", () => ({ auth: vi.fn(async () => null), signOut: vi.fn(), signIn: vi.fn(), handlers: {} }));
vi.mock("@/lib/db", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/db")>()),
  getDb: async () => {
    if (!state.db) throw new Error("the test database is not open yet");
    return state.db;
  },
}));

const pushRoute = await import("@/app/api/v1/[kind]/route");
const batchRoute = await import("@/app/api/v1/batches/[id]/route");
const openapiRoute = await import("@/app/api/v1/openapi.json/route");

let db: TestDatabase;
let dir: string;
const sql = rollbackEach(() => db);
beforeEach(() => {
  state.db = sql();
});

const A = "620100";
const B = "620200";

const JSONL = (rows: object[]) => rows.map((r) => JSON.stringify(r)).join("\n") + "\n";

beforeAll(async () => {
  db = await freshDatabase();
  dir = tempDir();
  const load = async (kind: "units" | "cases" | "tasks", rows: object[]) => {
    const { summary } = await importFile(db, kind, writeText(dir, `${kind}.jsonl`, JSONL(rows)), { actor: "test" });
    expect(summary.rejected, kind).toEqual([]);
  };
  await load("units", [
    { code: "620000", name: "甘肃省", type: "region", parent_code: "", region_code: "", line_code: "" },
    { code: A, name: "兰州市", type: "region", parent_code: "620000", region_code: "", line_code: "" },
    { code: B, name: "嘉峪关市", type: "region", parent_code: "620000", region_code: "", line_code: "" },
    { code: "SCJGJ", name: "省市场监管局", type: "department", parent_code: "", region_code: "620000", line_code: "" },
    { code: "A1", name: "兰州市市场监管局", type: "agency", parent_code: "", region_code: A, line_code: "SCJGJ" },
    { code: "B1", name: "嘉峪关市市场监管局", type: "agency", parent_code: "", region_code: B, line_code: "SCJGJ" },
  ]);
  const kase = (id: string, initiating: string, implementing: string) => ({
    case_id: id, initiating_unit: initiating, subject_code: "91350100M000100Y43", subject_name: "某公司", list_type: "black",
    area: "税务", measure_code: "M1", implementing_unit: implementing, pushed_date: "2024-03-01", due_date: "2024-03-15",
  });
  // C-B: initiated by B, implemented by A (A gives its feedback); C-A: initiated by A (its objections and repairs)
  await load("cases", [kase("C-B", B, A), kase("C-A", A, B)]);
  await load("tasks", [{ task_id: "T1", title: "双公示", lead_unit: "SCJGJ", cooperating_units: A, due_date: "2024-12-31", target: "95%" }]);
});

afterAll(async () => {
  await db?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
  for (const [name, value] of [["WENXIAO_API_RATE_PER_MINUTE", state.saved.rate], ["WENXIAO_API_IDEMPOTENCY_WAIT_MS", state.saved.wait], ["WENXIAO_API_MAX_BODY_MB", state.saved.max]] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  reloadEnv();
});

/** A good row and a rejected one of each kind, all of unit A (or its agency A1). */
const ROWS: Record<UnitKind, object[]> = {
  records: [
    { record_id: "R1", kind: "license", unit_code: "A1", subject_type: "legal", subject_code: "91350100M000100Y43", subject_name: "某公司", decision_no: "许〔2024〕1号", decision_date: "2024-03-01", published_date: "2024-03-05", received_date: "2024-03-06" },
    { record_id: "", kind: "penalty", unit_code: A, decision_date: "2024-03-01" },
    { record_id: "R3", kind: "penalty", unit_code: A, subject_type: "natural", subject_code: "11010519491231002X", subject_name: "张三", decision_no: "罚〔2024〕3号", decision_date: "2024-03-02", published_date: null, received_date: null },
  ],
  stats: [
    { unit_code: A, catalog_item: "行政许可信息", period: "2024-03", expected: 10, collected: 9 },
    { unit_code: "A1", catalog_item: "行政处罚信息", period: "2024-03", expected: "many", collected: 1 },
  ],
  cases: [
    { case_id: "C-A2", initiating_unit: A, subject_code: "91350100M000100Y43", subject_name: "某公司", list_type: "red", area: "税务", measure_code: "M1", implementing_unit: B, pushed_date: "2024-03-01", due_date: "2024-03-20" },
    { case_id: "C-A3", initiating_unit: A, measure_code: "M1", implementing_unit: B, pushed_date: "2024-03-01", due_date: "" },
  ],
  feedback: [
    { case_id: "C-B", measure_code: "M1", implementing_unit: A, feedback_date: "2024-03-10", result: "executed", note: "已执行" },
    { case_id: "C-B", measure_code: "M9", implementing_unit: A, feedback_date: "2024-03-10", result: "executed", note: "" },
  ],
  objections: [
    { objection_id: "O1", case_id: "C-A", filed_date: "2024-03-05", resolved_date: "", outcome: "" },
    { objection_id: "", case_id: "C-A", filed_date: "2024-03-05" },
  ],
  repairs: [
    { repair_id: "X1", case_id: "C-A", unit_code: A, applied_date: "2024-04-01", completed_date: "2024-04-12", outcome: "approved" },
    { repair_id: "X2", case_id: "NOPE", unit_code: A, applied_date: "2024-04-01" },
  ],
  receipts: [
    { case_id: "C-B", measure_code: "M1", implementing_unit: A, received_date: "2024-03-04" },
    { case_id: "C-B", measure_code: "M9", implementing_unit: A, received_date: "2024-03-04" },
  ],
  notifications: [
    { case_id: "C-A", notified_date: "2024-02-26", method: "书面" },
    { case_id: "NOPE", notified_date: "2024-02-26" },
  ],
  credit_checks: [
    { unit_code: "A1", period: "2024-03", licences: 12, checked: 11 },
    { unit_code: A, period: "March", licences: 1, checked: 1 },
  ],
  tasks: [
    { task_id: "T2", title: "归集", lead_unit: A, cooperating_units: B, due_date: "2024-12-31", target: "100%" },
    { task_id: "T3", title: "无期限", lead_unit: A, due_date: "" },
  ],
  progress: [
    { task_id: "T1", unit_code: A, report_date: "2024-06-30", status: "in_progress", percent: 60, note: "已对接" },
    { task_id: "T9", unit_code: A, report_date: "2024-06-30", status: "done" },
  ],
};

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  body: Record<string, unknown> & { error?: { code: string; zh: string; en: string } };
}

async function answer(res: Response): Promise<Answer> {
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, body: text ? (JSON.parse(text) as Answer["body"]) : {} };
}

async function post(kind: string, body: unknown, o: { token?: string; type?: string; key?: string; en?: boolean } = {}): Promise<Answer> {
  const headers = new Headers({ "content-type": o.type ?? "application/json" });
  if (o.token) headers.set("authorization", `Bearer ${o.token}`);
  if (o.key !== undefined) headers.set("idempotency-key", o.key);
  const text = typeof body === "string" ? body : JSON.stringify(body);
  const request = new Request(`http://localhost/api/v1/${kind}${o.en ? "?lang=en" : ""}`, { method: "POST", headers, body: text });
  return answer(await pushRoute.POST(request, { params: Promise.resolve({ kind }) }));
}

const tokenOf = async (unitCode = A) => (await createToken(sql(), OFFICE, { unitCode })).token;
const count = async (table: string) => (await sql().query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]!.n;
const counts = async () => ({ records: await count("records"), stats: await count("stats"), batches: await count("import_batches"), audit: await count("audit_log") });
const withEnv = async (vars: Record<string, string>, body: () => Promise<void>) => {
  const before = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  reloadEnv();
  try {
    await body();
  } finally {
    for (const [k, v] of Object.entries(before)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    reloadEnv();
  }
};

describe("POST /api/v1/<kind>", () => {
  it.each(UNIT_KINDS)("accepts %s with the counts a file of the same rows gets", async (kind) => {
    const file = writeText(dir, `same-${kind}.jsonl`, JSONL(ROWS[kind]));
    // the file's import, rolled back: what the push must equal
    const expected = await withRollback(sql(), async (t) => (await importFile(t, kind, file, { actor: "test", lang: "en" })).summary);
    expect(expected.inserted, kind).toBeGreaterThan(0);
    expect(expected.rejected.length, kind).toBeGreaterThan(0);
    const token = await tokenOf();
    const r = await post(kind, ROWS[kind], { token, en: true });
    expect(r.status, r.text).toBe(200);
    const { batch_id, ...summary } = r.body;
    expect(summary).toEqual(expected);
    const [batch] = await sql().query<{ unit_code: string; actor: string; file_name: string }>(`SELECT unit_code, actor, file_name FROM import_batches WHERE id = $1`, [batch_id]);
    expect(batch).toMatchObject({ unit_code: A, file_name: `api:${kind}` });
    expect(batch!.actor).toMatch(/^api-token:\d+$/);
  });

  it("reads NDJSON, blank lines left out, with the same counts", async () => {
    const token = await tokenOf();
    const body = ROWS.records.map((r) => JSON.stringify(r)).join("\n\n") + "\n";
    const r = await post("records", body, { token, type: "application/x-ndjson" });
    expect(r.status, r.text).toBe(200);
    expect(r.body).toMatchObject({ kind: "records", rows: 3, inserted: 2, rejected: [{ row: 2, errors: ["record_id：不能为空"] }] });
  });

  it("refuses the whole request (403) when a row names another unit, lists the rows, and stores nothing", async () => {
    const token = await tokenOf();
    const before = await counts();
    const rows = [ROWS.records[0], { ...(ROWS.records[0] as object), record_id: "RB", unit_code: "B1" }, { ...(ROWS.records[0] as object), record_id: "RC", unit_code: B }];
    const r = await post("records", rows, { token });
    expect(r.status).toBe(403);
    expect(r.body.error).toMatchObject({ code: "out_of_scope" });
    expect(r.body.error!.en).toMatch(/2 row\(s\) belong to a unit other than 620100/);
    expect(r.body.rejected).toEqual([
      { row: 2, field: "unit_code", value: "B1", zh: "unit_code：单位“B1”既不是 620100，也不是其所属机构", en: 'unit_code: unit "B1" is neither 620100 nor one of its agencies' },
      expect.objectContaining({ row: 3, field: "unit_code", value: B }),
    ]);
    expect(await counts()).toEqual(before);
  });

  it("finds an objection's unit through its case", async () => {
    const token = await tokenOf();
    const r = await post("objections", [{ objection_id: "O9", case_id: "C-B", filed_date: "2024-03-05" }], { token, en: true });
    expect(r.status).toBe(403);
    expect(r.body.rejected).toEqual([expect.objectContaining({ row: 1, field: "case_id", en: 'case_id: case "C-B" was initiated by unit "620200", which is neither 620100 nor one of its agencies' })]);
    expect(await count("objections")).toBe(0);
  });

  it("lets a department's token deliver its line's agencies, not another department's or a region's", async () => {
    const token = await tokenOf("SCJGJ");
    expect((await post("records", [ROWS.records[0]], { token })).status).toBe(200); // A1: line SCJGJ
    expect((await post("records", [{ ...(ROWS.records[0] as object), record_id: "R-A", unit_code: A }], { token })).status).toBe(403);
  });

  it("answers 401 without a token, with an unknown, revoked or expired one; the refusals are logged", async () => {
    const noToken = await post("records", []);
    expect(noToken.status).toBe(401);
    expect(noToken.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect(noToken.body.error).toMatchObject({ code: "unauthenticated" });
    expect((await post("records", [], { token: "wx_not-a-token" })).body.error).toMatchObject({ code: "invalid_token" });
    const created = await createToken(sql(), OFFICE, { unitCode: A });
    expect((await post("records", [], { token: created.token })).status).toBe(200);
    await revokeToken(sql(), OFFICE, created.id);
    const revoked = await post("records", [ROWS.records[0]], { token: created.token });
    expect(revoked.status).toBe(401);
    expect(revoked.body.error).toMatchObject({ code: "revoked_token" });
    expect(await count("records")).toBe(0);
    const other = await createToken(sql(), OFFICE, { unitCode: A });
    await sql().query(`UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE id = $1`, [other.id]);
    expect((await post("records", [], { token: other.token })).body.error).toMatchObject({ code: "expired_token" });
    const log = await sql().query<{ allowed: boolean; username: string }>(`SELECT allowed, username FROM access_log WHERE action = 'api:push' ORDER BY id`);
    expect(log.map((l) => l.allowed)).toEqual([false, false, true, false, false]);
    expect(log[2]!.username).toBe(`api-token:${created.id}`);
  });

  it("answers 404 for a kind that is not pushed (unknown, or the office's units and calendar)", async () => {
    const token = await tokenOf();
    for (const kind of ["nope", "units", "calendar"]) {
      const r = await post(kind, [], { token });
      expect(r.status, kind).toBe(404);
      expect(r.body.error!.en).toMatch(/the kinds pushed are records, stats/);
    }
  });

  it("answers 415 for a body that is neither JSON nor NDJSON", async () => {
    const token = await tokenOf();
    const r = await post("records", "record_id\nR1\n", { token, type: "text/csv" });
    expect(r.status).toBe(415);
    expect(r.body.error!.zh).toContain("application/x-ndjson");
  });

  it("answers 413, in words, for a body over the limit — whether Content-Length says so or not", async () => {
    await withEnv({ WENXIAO_API_MAX_BODY_MB: "0.001" }, async () => {
      const token = await tokenOf();
      const rows = Array.from({ length: 20 }, (_, i) => ({ ...(ROWS.records[0] as object), record_id: `BIG${i}` }));
      const declared = await post("records", rows, { token });
      expect(declared.status).toBe(413);
      expect(declared.body.error!.en).toBe("the request body is larger than the limit of 1 KB: push the rows in several batches (a few thousand rows each)");
      // a chunked body: no Content-Length to trust
      const bytes = new TextEncoder().encode(JSON.stringify(rows));
      const stream = new ReadableStream<Uint8Array>({
        start(c) {
          for (let i = 0; i < bytes.length; i += 256) c.enqueue(bytes.slice(i, i + 256));
          c.close();
        },
      });
      const init = { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: stream, duplex: "half" } as RequestInit;
      const chunked = await answer(await pushRoute.POST(new Request("http://localhost/api/v1/records", init), { params: Promise.resolve({ kind: "records" }) }));
      expect(chunked.status).toBe(413);
      expect(await count("records")).toBe(0);
    });
  });

  it("answers 400 with the line of bad JSON, in an array or in NDJSON", async () => {
    const token = await tokenOf();
    const array = `[\n  {"record_id": "R1"},\n  {"record_id": },\n  {"record_id": "R3"}\n]`;
    const r = await post("records", array, { token });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ line: 3 });
    expect(r.body.error!.en).toBe("the request body is not valid JSON: the error is on line 3");
    const nd = await post("records", `{"record_id": "R1"}\n\n{"record_id": "R2"\n`, { token, type: "application/x-ndjson" });
    expect(nd.status).toBe(400);
    expect(nd.body).toMatchObject({ line: 3, row: 2 });
    expect(nd.body.error!.zh).toBe("第 3 行（第 2 条）不是有效的 JSON");
    const notRows = await post("records", { record_id: "R1" }, { token });
    expect(notRows.status).toBe(400);
    expect(notRows.body.error!.en).toMatch(/must be an array of rows/);
  });

  it("answers 400 naming an unknown field or a value of the wrong type", async () => {
    const token = await tokenOf();
    const unknown = await post("records", [ROWS.records[0], { record_id: "R2", colour: "red" }], { token, en: true });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ row: 2, field: "colour" });
    expect(unknown.body.error!.en).toMatch(/^row 2 has unknown field\(s\): colour/);
    const nested = await post("records", [{ record_id: "R1", unit_code: { code: A } }], { token });
    expect(nested.status).toBe(400);
    expect(nested.body).toMatchObject({ row: 1, field: "unit_code" });
    expect(await count("records")).toBe(0);
  });
});

describe("Idempotency-Key", () => {
  it("replays the first response three times, status and body, and changes nothing", async () => {
    const token = await tokenOf();
    const first = await post("records", ROWS.records, { token, key: "push-2024-03-01" });
    expect(first.status).toBe(200);
    const after = await counts();
    for (let i = 0; i < 3; i++) {
      const again = await post("records", ROWS.records, { token, key: "push-2024-03-01" });
      expect(again.status).toBe(200);
      expect(again.text).toBe(first.text);
      expect(again.headers.get("idempotent-replayed")).toBe("true");
    }
    expect(await counts()).toEqual(after);
    // a 403 is kept and replayed too
    const out = [{ ...(ROWS.records[0] as object), record_id: "RB", unit_code: B }];
    const refused = await post("records", out, { token, key: "k-403" });
    expect(refused.status).toBe(403);
    const refusedAgain = await post("records", out, { token, key: "k-403" });
    expect([refusedAgain.status, refusedAgain.text]).toEqual([403, refused.text]);
  });

  it("10 identical requests at once: one import, ten identical answers", async () => {
    const token = await tokenOf();
    const before = await count("import_batches");
    const all = await Promise.all(Array.from({ length: 10 }, () => post("records", ROWS.records, { token, key: "together" })));
    expect(all.map((a) => a.status)).toEqual(Array(10).fill(200));
    expect(new Set(all.map((a) => a.text)).size).toBe(1);
    expect(await count("import_batches")).toBe(before + 1);
    expect(all.filter((a) => a.headers.get("idempotent-replayed") === "true")).toHaveLength(9);
  });

  it("refuses the same key with another body (422) or another kind, and keeps keys per token", async () => {
    const token = await tokenOf();
    expect((await post("records", [ROWS.records[0]], { token, key: "k1" })).status).toBe(200);
    const other = await post("records", [ROWS.records[2]], { token, key: "k1" });
    expect(other.status).toBe(422);
    expect(other.body.error).toMatchObject({ code: "idempotency_key_reused" });
    expect((await post("stats", [], { token, key: "k1" })).status).toBe(422);
    // another token's key of the same name is another key
    expect((await post("records", [ROWS.records[2]], { token: await tokenOf(), key: "k1" })).status).toBe(200);
  });

  it("answers 409 while the first request with the key is still running", async () => {
    await withEnv({ WENXIAO_API_IDEMPOTENCY_WAIT_MS: "200" }, async () => {
      const created = await createToken(sql(), OFFICE, { unitCode: A });
      const body = JSON.stringify(ROWS.records);
      // the first request has claimed the key and not finished
      expect(await claimKey(sql(), created.id, "in-flight", sha256("POST /api/v1/records\n", Buffer.from(body)), 0)).toEqual({ first: true });
      const r = await post("records", body, { token: created.token, key: "in-flight" });
      expect(r.status).toBe(409);
      expect(r.body.error).toMatchObject({ code: "idempotency_key_in_use" });
      expect(await count("records")).toBe(0);
    });
  });

  it("refuses a key over 255 characters", async () => {
    const token = await tokenOf();
    expect((await post("records", [], { token, key: "k".repeat(256) })).status).toBe(400);
    expect((await post("records", [], { token, key: "k".repeat(255) })).status).toBe(200);
  });

  it("purges keys older than 24 hours, not younger ones", async () => {
    const created = await createToken(sql(), OFFICE, { unitCode: A });
    expect((await post("records", [ROWS.records[0]], { token: created.token, key: "old" })).status).toBe(200);
    expect((await post("records", [ROWS.records[0]], { token: created.token, key: "young" })).status).toBe(200);
    await sql().query(`UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = 'old'`);
    await sql().query(`UPDATE idempotency_keys SET created_at = now() - interval '23 hours' WHERE key = 'young'`);
    expect((await post("records", [ROWS.records[2]], { token: created.token, key: "new" })).status).toBe(200);
    const keys = await sql().query<{ key: string }>(`SELECT key FROM idempotency_keys ORDER BY key`);
    expect(keys.map((k) => k.key)).toEqual(["new", "young"]);
  });
});

describe("the rate limit", () => {
  it("answers 429 with Retry-After past the calls allowed a minute", async () => {
    await withEnv({ WENXIAO_API_RATE_PER_MINUTE: "3" }, async () => {
      const token = await tokenOf();
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      // seven calls: even if a minute ends among them, one of them is past the limit
      for (let i = 0; i < 7; i++) {
        const r = await post("records", [], { token });
        statuses.push(r.status);
        if (r.status === 429) retryAfter ??= r.headers.get("retry-after");
      }
      expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
      expect(statuses).toContain(429);
      expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
      expect(Number(retryAfter)).toBeLessThanOrEqual(60);
      // another token has its own count
      expect((await post("records", [], { token: await tokenOf() })).status).toBe(200);
    });
  });
});

describe("GET /api/v1/batches/<id>", () => {
  const get = async (id: string, token: string) =>
    answer(await batchRoute.GET(new Request(`http://localhost/api/v1/batches/${id}?lang=en`, { headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve({ id }) }));

  it("answers a batch of the token's unit with its status and summary; another unit's is not found", async () => {
    const token = await tokenOf();
    const pushed = await post("records", ROWS.records, { token, en: true });
    const id = String(pushed.body.batch_id);
    const r = await get(id, await tokenOf());
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id: Number(id), kind: "records", unit: A, status: "done", summary: { rows: 3, inserted: 2, rejected: 1, rejections: [{ row: 2, errors: ["record_id: is required"] }] } });
    expect((await get(id, await tokenOf(B))).status).toBe(404);
    expect((await get("abc", token)).status).toBe(404);
  });
});

describe("wenxiao import --server (lib/api/client.ts)", () => {
  it("pushes a file in batches and adds the answers up with the file's row numbers, as an import of the file", async () => {
    const header = ["record_id", "kind", "unit_code", "subject_type", "subject_code", "subject_name", "decision_no", "decision_date", "published_date", "received_date"];
    const row = (id: string, unit = A, date = "2024-03-01") => [id, "license", unit, "legal", "91350100M000100Y43", "某公司", `许${id}`, date, "2024-03-05", ""];
    const file = writeText(dir, "push.csv", csv([header, row("P1"), row("P2"), row("P3", "NOPE"), row("P4"), row("P5", A, "2024-02-30"), ["P6", "license"]]));
    const expected = await withRollback(sql(), async (t) => (await importFile(t, "records", file, { actor: "test" })).summary);
    const token = await tokenOf();
    const requests: number[] = [];
    const fetcher = (async (url: URL, init: RequestInit) => {
      requests.push((init.body as string).trim().split("\n").length);
      return pushRoute.POST(new Request(url, init), { params: Promise.resolve({ kind: "records" }) });
    }) as unknown as typeof fetch;
    const { batches, ...summary } = await pushFile("records", file, { server: "http://localhost:3000", token, batchRows: 2, fetch: fetcher });
    expect(summary).toEqual(expected);
    expect(summary.rejected.map((r) => r.row)).toEqual([3, 5, 6]);
    expect(requests).toEqual([2, 2, 1]); // the malformed row 6 is rejected on the client, as the import would
    expect(batches).toHaveLength(3);
  });

  it("stops at a refusal, saying which batches were stored before it", async () => {
    const file = writeText(dir, "mixed.jsonl", JSONL([ROWS.records[0]!, { ...(ROWS.records[0] as object), record_id: "RB", unit_code: B }]));
    const token = await tokenOf();
    const fetcher = ((url: URL, init: RequestInit) => pushRoute.POST(new Request(url, init), { params: Promise.resolve({ kind: "records" }) })) as unknown as typeof fetch;
    const refused = await pushFile("records", file, { server: "http://localhost:3000", token, batchRows: 1, fetch: fetcher, lang: "en" }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ status: 403, code: "out_of_scope" });
    expect((refused as Error).message).toMatch(/the batches before it \(\d+\) are stored/);
    expect((refused as { detail: { rejected: { row: number }[] } }).detail.rejected[0]!.row).toBe(2);
  });
});

describe("GET /api/v1/openapi.json", () => {
  it("is an OpenAPI 3.1 document of every kind, the batch and itself, whose references all resolve", async () => {
    const r = await answer(await openapiRoute.GET(new Request("http://localhost/api/v1/openapi.json")));
    expect(r.status).toBe(200);
    const doc = r.body as { openapi: string; info: { title: string; version: string }; paths: Record<string, Record<string, { responses: Record<string, unknown>; requestBody?: { content: Record<string, unknown> } }>>; components: { schemas: Record<string, { properties?: Record<string, unknown>; additionalProperties?: unknown }>; securitySchemes: Record<string, unknown> } };
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info.title && doc.info.version).toBeTruthy();
    expect(Object.keys(doc.paths).sort()).toEqual([...UNIT_KINDS.map((k) => `/api/v1/${k}`), "/api/v1/batches/{id}", "/api/v1/openapi.json"].sort());
    for (const kind of UNIT_KINDS) {
      const op = doc.paths[`/api/v1/${kind}`]!.post!;
      expect(Object.keys(op.requestBody!.content).sort(), kind).toEqual(["application/json", "application/x-ndjson"]);
      expect(Object.keys(op.responses).sort(), kind).toEqual(["200", "400", "401", "403", "404", "409", "413", "415", "422", "429"]);
      const name = `${kind.replace(/(?:^|_)([a-z])/g, (_, c: string) => c.toUpperCase())}Row`; // credit_checks → CreditChecksRow
      const schema = doc.components.schemas[name]!;
      expect(schema.additionalProperties, kind).toBe(false);
      for (const field of Object.keys(ROWS[kind][0]!)) expect(schema.properties, `${kind}.${field}`).toHaveProperty(field);
    }
    expect(doc.components.securitySchemes).toHaveProperty("bearer");
    // every $ref names something the document holds
    const refs = [...r.text.matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(UNIT_KINDS.length);
    for (const ref of refs) {
      const target = ref.replace(/^#\//, "").split("/").reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], doc);
      expect(target, ref).toBeDefined();
    }
  });
});

// the temporary files of a test are its own
afterEach(() => {
  for (const f of fs.readdirSync(dir)) if (f.startsWith("same-")) fs.rmSync(path.join(dir, f));
});
