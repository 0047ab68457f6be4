import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticate, createToken, getToken, listTokens, revokeToken, TOKENS_PAGE_SIZE } from "@/lib/api/tokens";
import { systemActor } from "@/lib/auth/actor";
import { OFFICE, clerk, head } from "../helpers/actors";
import { freshDatabase, rollbackEach, type TestDatabase } from "../helpers/db";
import { insertRows, unit } from "../helpers/fixtures";

/**
 * API tokens (lib/api/tokens.ts): the token is returned once and only its SHA-256 is stored; the
 * office makes and revokes tokens for any unit, a unit head for their own; each step is audited and
 * the unit's heads are told when the office acts; a revoked or expired token is refused.
 */
let db: TestDatabase;
const sql = rollbackEach(() => db);
const A = "620100";
const B = "620200";

beforeAll(async () => {
  db = await freshDatabase();
  await insertRows(db, "units", [unit("620000", "甘肃省", "region", null, "620000", null), unit(A, "兰州市", "region", "620000", A, null), unit(B, "嘉峪关市", "region", "620000", B, null)]);
  const user = (u: { username: string; role: string; unitCode: string | null }) => ({ username: u.username, display_name: u.username, password_hash: "x", role: u.role, unit_code: u.unitCode });
  await insertRows(db, "users", [OFFICE, head(A), head(B), clerk(A)].map(user));
});

afterAll(async () => {
  await db?.drop();
});

const inbox = async (username: string) => sql().query<{ title: string; body: string; title_en: string; body_en: string; link: string }>(`SELECT title, body, title_en, body_en, link FROM inbox WHERE username = $1 ORDER BY id`, [username]);

describe("making a token", () => {
  it("returns wx_ and 32 random bytes once; the database holds its SHA-256 and first characters, never the token", async () => {
    const t = await createToken(sql(), OFFICE, { unitCode: A, name: "信用平台" });
    expect(t.token).toMatch(/^wx_[A-Za-z0-9_-]{43}$/);
    expect(t).toMatchObject({ unit: A, name: "信用平台", prefix: t.token.slice(0, 10) });
    const [row] = await sql().query<{ token_hash: string; prefix: string; created_by: string; all: string }>(
      `SELECT token_hash, prefix, created_by, row_to_json(t)::text AS all FROM api_tokens t WHERE id = $1`,
      [t.id],
    );
    expect(row!.token_hash).toBe(createHash("sha256").update(t.token).digest("hex"));
    expect(row!.all).not.toContain(t.token.slice(3));
    expect(row).toMatchObject({ prefix: t.token.slice(0, 10), created_by: "office" });
    // nor anywhere else the step wrote
    const [trail] = await sql().query<{ all: string }>(`SELECT coalesce(string_agg(row_to_json(a)::text, ''), '') AS all FROM audit_log a`);
    expect(trail!.all).not.toContain(t.token.slice(3));
    expect(await authenticate(sql(), `Bearer ${t.token}`)).toEqual({ id: t.id, unitCode: A, name: "信用平台", prefix: t.prefix });
    expect((await createToken(sql(), OFFICE, { unitCode: A })).token).not.toBe(t.token);
  });

  it("is audited, and the unit's heads (not its clerks, not other units) are told when the office makes one", async () => {
    const t = await createToken(sql(), OFFICE, { unitCode: A, name: "平台" });
    const audit = await sql().query<{ actor: string; action: string; entity_key: string; after: Record<string, unknown> }>(`SELECT actor, action, entity_key, after FROM audit_log WHERE entity = 'api_tokens'`);
    expect(audit).toEqual([{ actor: "office", action: "create", entity_key: String(t.id), after: { unit: A, name: "平台", prefix: t.prefix, expires: null } }]);
    const [message] = await inbox(`head-${A}`);
    expect(message).toMatchObject({ title: "领导小组办公室为兰州市创建了接口令牌", link: "/unit/api-tokens" });
    expect(message!.body).toContain(`${t.prefix}…`);
    expect(message!.body).not.toContain(t.token.slice(10));
    expect(await inbox(`clerk-${A}`)).toEqual([]);
    expect(await inbox(`head-${B}`)).toEqual([]);
  });

  it("lets a unit head make one for their own unit only (no message to themselves); a clerk cannot", async () => {
    const own = await createToken(sql(), head(A), { unitCode: A });
    expect(own.unit).toBe(A);
    expect(await inbox(`head-${A}`)).toEqual([]);
    await expect(createToken(sql(), head(A), { unitCode: B })).rejects.toMatchObject({ status: 403 });
    await expect(createToken(sql(), clerk(A), { unitCode: A })).rejects.toMatchObject({ status: 403 });
    expect(await sql().query(`SELECT 1 FROM api_tokens WHERE unit_code = $1`, [B])).toEqual([]);
  });

  it("refuses an unknown unit and a last day in the past; a token past its last day is refused", async () => {
    await expect(createToken(sql(), OFFICE, { unitCode: "NOPE" })).rejects.toMatchObject({ status: 400, en: 'unit "NOPE" does not exist' });
    await expect(createToken(sql(), OFFICE, { unitCode: A, expires: "2020-01-01" })).rejects.toMatchObject({ status: 400 });
    const t = await createToken(sql(), OFFICE, { unitCode: A, expires: "2099-12-31" });
    expect((await getToken(sql(), OFFICE, t.id))!.expires).toBe("2099-12-31");
    await sql().query(`UPDATE api_tokens SET expires_at = now() - interval '1 minute' WHERE id = $1`, [t.id]);
    await expect(authenticate(sql(), `Bearer ${t.token}`)).rejects.toMatchObject({ status: 401, code: "expired_token" });
  });
});

describe("revoking a token", () => {
  it("stops it at once, is audited and told to the unit's heads; a second revocation is refused", async () => {
    const t = await createToken(sql(), OFFICE, { unitCode: A });
    await revokeToken(sql(), OFFICE, t.id);
    await expect(authenticate(sql(), `Bearer ${t.token}`)).rejects.toMatchObject({ status: 401, code: "revoked_token" });
    const [row] = await sql().query<{ revoked_by: string; revoked: boolean }>(`SELECT revoked_by, revoked_at IS NOT NULL AS revoked FROM api_tokens WHERE id = $1`, [t.id]);
    expect(row).toEqual({ revoked_by: "office", revoked: true });
    const audit = await sql().query<{ action: string }>(`SELECT action FROM audit_log WHERE entity = 'api_tokens' AND entity_key = $1 ORDER BY id`, [String(t.id)]);
    expect(audit.map((a) => a.action)).toEqual(["create", "revoke"]);
    expect((await inbox(`head-${A}`)).map((m) => m.title_en)).toEqual(["The office made an API token for 兰州市", "The office revoked an API token of 兰州市"]);
    await expect(revokeToken(sql(), OFFICE, t.id)).rejects.toMatchObject({ status: 400 });
  });

  it("lets a unit head revoke their unit's tokens only: another unit's is answered as not there", async () => {
    const theirs = await createToken(sql(), OFFICE, { unitCode: B });
    await expect(revokeToken(sql(), head(A), theirs.id)).rejects.toMatchObject({ status: 404 });
    await expect(revokeToken(sql(), clerk(A), theirs.id)).rejects.toMatchObject({ status: 403 });
    expect(await authenticate(sql(), `Bearer ${theirs.token}`)).toMatchObject({ unitCode: B });
    const own = await createToken(sql(), head(A), { unitCode: A });
    await revokeToken(sql(), head(A), own.id);
    await expect(authenticate(sql(), `Bearer ${own.token}`)).rejects.toMatchObject({ status: 401 });
  });

  it("refuses a malformed, unknown or missing bearer token", async () => {
    await expect(authenticate(sql(), null)).rejects.toMatchObject({ status: 401, code: "unauthenticated" });
    await expect(authenticate(sql(), "Basic abc")).rejects.toMatchObject({ status: 401, code: "unauthenticated" });
    await expect(authenticate(sql(), "Bearer wx_unknown")).rejects.toMatchObject({ status: 401, code: "invalid_token" });
  });
});

describe("the list", () => {
  it("is paged, filtered and sorted in SQL; a unit head sees their own unit's tokens whatever is asked", async () => {
    for (let i = 0; i < TOKENS_PAGE_SIZE + 2; i++) await createToken(sql(), systemActor("test"), { unitCode: i % 2 ? A : B, name: `t${String(i).padStart(2, "0")}` });
    const first = await listTokens(sql(), OFFICE, { sort: "name", dir: "asc" });
    expect(first).toMatchObject({ total: TOKENS_PAGE_SIZE + 2, pages: 2, page: 1 });
    expect(first.rows).toHaveLength(TOKENS_PAGE_SIZE);
    expect(first.rows[0]!.name).toBe("t00");
    const second = await listTokens(sql(), OFFICE, { sort: "name", dir: "asc", page: 2 });
    expect(second.rows.map((r) => r.name)).toEqual(["t50", "t51"]);
    const onlyA = await listTokens(sql(), head(A), { unit: B });
    expect(onlyA.total).toBe((TOKENS_PAGE_SIZE + 2) / 2);
    expect(new Set(onlyA.rows.map((r) => r.unit_code))).toEqual(new Set([A]));
    await revokeToken(sql(), OFFICE, onlyA.rows[0]!.id);
    expect((await listTokens(sql(), OFFICE, { status: "revoked" })).rows.map((r) => r.id)).toEqual([onlyA.rows[0]!.id]);
    expect((await listTokens(sql(), OFFICE, { status: "active", unit: A })).total).toBe((TOKENS_PAGE_SIZE + 2) / 2 - 1);
    await expect(listTokens(sql(), clerk(A), {})).rejects.toMatchObject({ status: 403 });
    expect(await getToken(sql(), head(B), onlyA.rows[1]!.id)).toBeNull();
  });
});
