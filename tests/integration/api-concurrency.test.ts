import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Connection } from "@/db/client";
import { createToken } from "@/lib/api/tokens";
import { reloadEnv } from "@/lib/env";
import { OFFICE } from "../helpers/actors";
import { freshDatabase, type TestDatabase } from "../helpers/db";
import { insertRows, unit } from "../helpers/fixtures";

/**
 * Idempotency-Key under real concurrency: requests that commit, on a database of this file's own (on
 * PostgreSQL, a pool of connections, so the claims truly race). Ten identical requests at once store
 * one batch and get one answer; of two bodies racing for one key, one is stored and the other refused.
 * (A repeat while the first is still running, 409, is in api-push.test.ts: a key held open on purpose.)
 */
const state = vi.hoisted(() => {
  const saved = { rate: process.env.WENXIAO_API_RATE_PER_MINUTE, wait: process.env.WENXIAO_API_IDEMPOTENCY_WAIT_MS };
  process.env.WENXIAO_API_RATE_PER_MINUTE = "100000";
  process.env.WENXIAO_API_IDEMPOTENCY_WAIT_MS = "60000";
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

let db: TestDatabase;
let token: string;
const A = "620100";

beforeAll(async () => {
  reloadEnv();
  db = await freshDatabase();
  state.db = db;
  await insertRows(db, "units", [unit("620000", "甘肃省", "region", null, "620000", null), unit(A, "兰州市", "region", "620000", A, null)]);
  token = (await createToken(db, OFFICE, { unitCode: A })).token;
});

afterAll(async () => {
  await db?.drop();
  for (const [name, value] of [["WENXIAO_API_RATE_PER_MINUTE", state.saved.rate], ["WENXIAO_API_IDEMPOTENCY_WAIT_MS", state.saved.wait]] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  reloadEnv();
});

const rows = (n: number, prefix: string) =>
  Array.from({ length: n }, (_, i) => ({
    record_id: `${prefix}${i}`, kind: "license", unit_code: A, subject_type: "legal", subject_code: "91350100M000100Y43",
    subject_name: "某公司", decision_no: `许〔2024〕${i}号`, decision_date: "2024-03-01", published_date: "2024-03-05", received_date: "2024-03-06",
  }));

async function post(body: string, key: string) {
  const request = new Request("http://localhost/api/v1/records", {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}`, "idempotency-key": key },
    body,
  });
  const res = await pushRoute.POST(request, { params: Promise.resolve({ kind: "records" }) });
  return { status: res.status, text: await res.text(), replayed: res.headers.get("idempotent-replayed") === "true" };
}

const batches = async () => (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM import_batches`))[0]!.n;

describe("Idempotency-Key with requests that commit", { timeout: 120_000 }, () => {
  it("10 identical requests at once: one batch stored, ten identical answers", async () => {
    const before = await batches();
    const body = JSON.stringify(rows(500, "T"));
    const all = await Promise.all(Array.from({ length: 10 }, () => post(body, "ten-at-once")));
    expect(all.map((a) => a.status)).toEqual(Array(10).fill(200));
    expect(new Set(all.map((a) => a.text)).size).toBe(1);
    expect(JSON.parse(all[0]!.text)).toMatchObject({ rows: 500, inserted: 500 });
    expect(all.filter((a) => a.replayed)).toHaveLength(9);
    expect(await batches()).toBe(before + 1);
    expect((await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM records WHERE record_id LIKE 'T%'`))[0]!.n).toBe(500);
  });

  it("two bodies racing for one key: one is imported and answered alike, the other refused with 422", async () => {
    const before = await batches();
    const one = JSON.stringify(rows(200, "P"));
    const two = JSON.stringify(rows(200, "Q"));
    const all = await Promise.all(Array.from({ length: 10 }, (_, i) => post(i % 2 ? one : two, "raced")));
    const groups = [all.filter((_, i) => i % 2 === 1), all.filter((_, i) => i % 2 === 0)];
    const winner = groups.find((g) => g.some((a) => a.status === 200))!;
    const loser = groups.find((g) => g !== winner)!;
    expect(winner.map((a) => a.status)).toEqual(Array(5).fill(200));
    expect(new Set(winner.map((a) => a.text)).size).toBe(1);
    expect(loser.map((a) => a.status)).toEqual(Array(5).fill(422));
    expect(await batches()).toBe(before + 1);
    const stored = await db.query<{ p: string }>(`SELECT DISTINCT left(record_id, 1) AS p FROM records WHERE record_id LIKE 'P%' OR record_id LIKE 'Q%'`);
    expect(stored).toHaveLength(1);
  });
});
