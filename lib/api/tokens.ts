import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import type { Connection, Sql } from "@/db/client";
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { tell } from "@/lib/inbox/messages";
import type { Lang } from "@/lib/i18n";
import { unitNameInBoth, unitNamer, withUnitName, type NameOf } from "@/lib/unit-names";
import type { QueryReader } from "@/lib/web/query";
import { ApiError } from "./errors";

/**
 * Push API tokens (CONTRACT §8). A token is `wx_` and 32 random bytes in base64url, shown once to
 * whoever makes it; the database keeps its SHA-256 (a token is as strong as a key: a fast hash is
 * enough, and a lookup by hash takes one index probe) and its first characters, for people to tell
 * tokens apart. The office makes and revokes tokens for any unit, a unit head for their own unit;
 * each step is audited, and the unit's heads are told in their inbox when the office acts for them.
 */
export const TOKEN_PREFIX = "wx_";
const PREFIX_CHARS = 10;

/** A token that may call the API, as a request's handler sees it. */
export interface ApiToken {
  id: number;
  unitCode: string;
  name: string;
  prefix: string;
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** Who may manage tokens for which unit: the office (and the system) any unit, a unit head their own. */
function mayManage(actor: Actor, unitCode: string | null): void {
  if (actor.role === "office" || actor.role === "system") return;
  if (actor.role === "unit_head" && actor.unitCode !== null && (unitCode === null || unitCode === actor.unitCode)) return;
  throw AppError.forbidden("只有领导小组办公室或本单位负责人可以管理接口令牌", "only the office or the unit's own head may manage API tokens");
}

const NewToken = z.object({
  unitCode: z.string().trim().min(1).max(64),
  name: z.string().trim().max(100).default(""),
  /** the last day the token works (Beijing time), or none */
  expires: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .nullable()
    .default(null),
});

export type NewTokenInput = z.input<typeof NewToken>;

export interface CreatedToken {
  id: number;
  /** the token itself: shown this once, never stored */
  token: string;
  unit: string;
  prefix: string;
  name: string;
}

/** Makes a token for a unit; the token is in the answer only. */
export async function createToken(db: Connection, actor: Actor, input: NewTokenInput): Promise<CreatedToken> {
  const parsed = NewToken.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw AppError.invalid(`令牌信息有误：${issue.path.join(".")}（${issue.message}）`, `invalid token: ${issue.path.join(".")} (${issue.message})`);
  }
  const { unitCode, name, expires } = parsed.data;
  mayManage(actor, unitCode);
  const day = expires === null ? null : new Date(`${expires}T00:00:00Z`);
  if (day !== null && (Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== expires)) {
    throw AppError.invalid(`有效期至“${expires}”不是有效日期`, `the last day "${expires}" is not a date`);
  }
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const prefix = token.slice(0, PREFIX_CHARS);
  return await db.transaction(async (tx) => {
    const [unit] = await tx.query(`SELECT 1 FROM units WHERE code = $1`, [unitCode]);
    if (!unit) throw AppError.invalid(`单位“${unitCode}”不存在`, `unit "${unitCode}" does not exist`);
    if (expires !== null) {
      const [ok] = await tx.query<{ future: boolean | null }>(`SELECT $1::date >= (now() AT TIME ZONE 'Asia/Shanghai')::date AS future`, [expires]);
      if (!ok?.future) throw AppError.invalid(`有效期至“${expires}”已经过去`, `the last day "${expires}" has passed`);
    }
    const [row] = await tx.query<{ id: number }>(
      `INSERT INTO api_tokens (unit_code, name, token_hash, prefix, created_by, expires_at)
       VALUES ($1, $2, $3, $4, $5, CASE WHEN $6::date IS NULL THEN NULL ELSE ($6::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai' END) RETURNING id`,
      [unitCode, name, hashToken(token), prefix, actor.username, expires],
    );
    const id = row!.id;
    await audit(tx, actor, "create", id, null, { unit: unitCode, name, prefix, expires });
    if (actor.role !== "unit_head") await tellHeads(tx, actor, unitCode, "created", { id, prefix, name });
    return { id, token, unit: unitCode, prefix, name };
  });
}

/** Revokes a token: it stops working at once (the next call is a 401). */
export async function revokeToken(db: Connection, actor: Actor, id: number): Promise<{ id: number; unit: string; prefix: string }> {
  mayManage(actor, null);
  return await db.transaction(async (tx) => {
    const [t] = await tx.query<{ unit_code: string; name: string; prefix: string; revoked: boolean }>(
      `SELECT unit_code, name, prefix, revoked_at IS NOT NULL AS revoked FROM api_tokens WHERE id = $1 FOR UPDATE`,
      [id],
    );
    // another unit's token is answered as one that does not exist: a head learns nothing of other units
    if (!t || (actor.role === "unit_head" && t.unit_code !== actor.unitCode)) throw AppError.notFound(`没有编号为 ${id} 的接口令牌`, `there is no API token ${id}`);
    if (t.revoked) throw AppError.invalid(`令牌 ${t.prefix}… 已经撤销`, `token ${t.prefix}… is already revoked`);
    await tx.query(`UPDATE api_tokens SET revoked_at = now(), revoked_by = $2 WHERE id = $1`, [id, actor.username]);
    await audit(tx, actor, "revoke", id, { revoked: false }, { unit: t.unit_code, name: t.name, prefix: t.prefix, revoked: true });
    if (actor.role !== "unit_head") await tellHeads(tx, actor, t.unit_code, "revoked", { id, prefix: t.prefix, name: t.name });
    return { id, unit: t.unit_code, prefix: t.prefix };
  });
}

/**
 * The token of an `Authorization: Bearer …` header, or a 401 saying what is wrong (no token, an
 * unknown one, a revoked or expired one). Only the hash is looked up.
 */
export async function authenticate(db: Sql, authorization: string | null): Promise<ApiToken> {
  const challenge = { "www-authenticate": 'Bearer realm="wenxiao"' };
  const refuse = (code: string, zh: string, en: string) => new ApiError(code, zh, en, 401, challenge);
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  if (!m) throw refuse("unauthenticated", "缺少接口令牌（请求头 Authorization: Bearer <令牌>）", "no API token (header Authorization: Bearer <token>)");
  const [t] = await db.query<{ id: number; unit_code: string; name: string; prefix: string; revoked: boolean; expired: boolean }>(
    `SELECT id, unit_code, name, prefix, revoked_at IS NOT NULL AS revoked, coalesce(expires_at <= now(), false) AS expired FROM api_tokens WHERE token_hash = $1`,
    [hashToken(m[1]!)],
  );
  if (!t) throw refuse("invalid_token", "接口令牌无效", "the API token is not valid");
  if (t.revoked) throw refuse("revoked_token", `接口令牌 ${t.prefix}… 已被撤销`, `the API token ${t.prefix}… has been revoked`);
  if (t.expired) throw refuse("expired_token", `接口令牌 ${t.prefix}… 已过期`, `the API token ${t.prefix}… has expired`);
  return { id: t.id, unitCode: t.unit_code, name: t.name, prefix: t.prefix };
}

// ---------------------------------------------------------------------------------------------
// the list

export const TOKEN_SORTS = ["created", "last_used", "unit", "name"] as const;
export const TOKEN_STATUSES = ["active", "revoked", "expired"] as const;
export const TOKENS_PAGE_SIZE = 50;

const TokenQuery = z.object({
  unit: z.string().max(64).optional().catch(undefined),
  status: z.enum(TOKEN_STATUSES).optional().catch(undefined),
  sort: z.enum(TOKEN_SORTS).catch("created"),
  dir: z.enum(["asc", "desc"]).catch("desc"),
  page: z.coerce.number().int().min(1).catch(1),
});
export type TokenQuery = z.output<typeof TokenQuery>;

/** The list's filters as a page reads them from its address (a wrong value is `q`'s problem). */
export function readTokenQuery(q: QueryReader): Record<string, string | number | undefined> {
  return {
    unit: q.text("unit", 64),
    status: q.oneOf("status", TOKEN_STATUSES),
    sort: q.oneOf("sort", TOKEN_SORTS),
    dir: q.oneOf("dir", ["asc", "desc"] as const),
    page: q.page(),
  };
}

export interface TokenRow {
  id: number;
  unit_code: string;
  unit_name: string | null;
  name: string;
  prefix: string;
  created_by: string;
  /** Beijing time, minutes */
  created: string;
  last_used: string | null;
  expires: string | null;
  revoked: string | null;
  revoked_by: string | null;
  status: (typeof TOKEN_STATUSES)[number];
}

export interface TokenPage {
  rows: TokenRow[];
  total: number;
  page: number;
  pages: number;
  query: TokenQuery;
}

const ORDER: Record<(typeof TOKEN_SORTS)[number], string> = {
  created: "t.created_at",
  last_used: "t.last_used_at",
  unit: "t.unit_code",
  name: "t.name",
};
const minute = (c: string) => `to_char(${c} AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI')`;
const STATUS = `CASE WHEN t.revoked_at IS NOT NULL THEN 'revoked' WHEN t.expires_at <= now() THEN 'expired' ELSE 'active' END`;

/** The tokens an actor may manage (a unit head: their unit's only, whatever is asked), filtered, sorted and paged in SQL. */
export async function listTokens(db: Sql, actor: Actor, raw: Record<string, unknown>): Promise<TokenPage> {
  mayManage(actor, null);
  const query = TokenQuery.parse(raw);
  const params: unknown[] = [];
  const where: string[] = [];
  const unit = actor.role === "unit_head" ? actor.unitCode : query.unit;
  if (unit) {
    params.push(unit);
    where.push(`t.unit_code = $${params.length}`);
  }
  if (query.status) where.push(`${STATUS} = '${query.status}'`);
  const filter = where.length ? `WHERE ${where.join(" AND ")}` : "";
  const [count] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM api_tokens t ${filter}`, params);
  const total = count?.n ?? 0;
  const pages = Math.max(1, Math.ceil(total / TOKENS_PAGE_SIZE));
  const page = Math.min(query.page, pages);
  const rows = await db.query<TokenRow>(
    `SELECT t.id, t.unit_code, u.name AS unit_name, t.name, t.prefix, t.created_by, ${minute("t.created_at")} AS created,
            ${minute("t.last_used_at")} AS last_used, to_char((t.expires_at AT TIME ZONE 'Asia/Shanghai') - interval '1 day', 'YYYY-MM-DD') AS expires,
            ${minute("t.revoked_at")} AS revoked, t.revoked_by, ${STATUS} AS status
     FROM api_tokens t LEFT JOIN units u ON u.code = t.unit_code ${filter}
     ORDER BY ${ORDER[query.sort]} ${query.dir === "asc" ? "ASC" : "DESC"} NULLS LAST, t.id DESC
     LIMIT ${TOKENS_PAGE_SIZE} OFFSET ${(page - 1) * TOKENS_PAGE_SIZE}`,
    params,
  );
  return { rows, total, page, pages, query: { ...query, page } };
}

/** One token the actor may manage, or null. */
export async function getToken(db: Sql, actor: Actor, id: number): Promise<TokenRow | null> {
  mayManage(actor, null);
  const [row] = await db.query<TokenRow>(
    `SELECT t.id, t.unit_code, u.name AS unit_name, t.name, t.prefix, t.created_by, ${minute("t.created_at")} AS created,
            ${minute("t.last_used_at")} AS last_used, to_char((t.expires_at AT TIME ZONE 'Asia/Shanghai') - interval '1 day', 'YYYY-MM-DD') AS expires,
            ${minute("t.revoked_at")} AS revoked, t.revoked_by, ${STATUS} AS status
     FROM api_tokens t LEFT JOIN units u ON u.code = t.unit_code WHERE t.id = $1`,
    [id],
  );
  if (!row || (actor.role === "unit_head" && row.unit_code !== actor.unitCode)) return null;
  return row;
}

/**
 * What a tokens page (the office's, a unit head's) shows from its address: the list a page at a time
 * with units named in the page's language, and the token a revocation (`?revoke=<id>`) is about.
 * `list` is absent when the address has a mistake, which `q` then holds.
 */
export async function loadTokensView(db: Sql, actor: Actor, q: QueryReader, lang: Lang, revoke: string | undefined): Promise<{ list?: TokenPage; target: TokenRow | null; name: NameOf }> {
  const asked = readTokenQuery(q);
  const name = await unitNamer(db, lang);
  const found = q.ok ? await listTokens(db, actor, asked) : undefined;
  if (found) q.pageWithin("page", Number(asked.page), found.pages);
  if (!found || !q.ok) return { target: null, name };
  const list = { ...found, rows: found.rows.map((r) => withUnitName(r, name)) };
  const id = revoke && /^[1-9]\d{0,9}$/.test(revoke) ? Number(revoke) : null;
  const target = id !== null ? await getToken(db, actor, id) : null;
  return { list, target: target ? withUnitName(target, name) : null, name };
}

// ---------------------------------------------------------------------------------------------

async function audit(tx: Sql, actor: Actor, action: string, id: number, before: Record<string, unknown> | null, after: Record<string, unknown>): Promise<void> {
  await tx.query(`INSERT INTO audit_log (actor, action, entity, entity_key, before, after) VALUES ($1, $2, 'api_tokens', $3, $4::jsonb, $5::jsonb)`, [
    actor.username,
    action,
    String(id),
    before === null ? null : JSON.stringify(before),
    JSON.stringify(after),
  ]);
}

/** The unit's heads learn that the office (or the administrator, by the CLI) made or revoked a token of their unit (never the token itself). */
async function tellHeads(tx: Sql, actor: Actor, unitCode: string, what: "created" | "revoked", t: { id: number; prefix: string; name: string }): Promise<void> {
  const unit = await unitNameInBoth(tx, unitCode);
  const who = actor.role === "system" ? { zh: "系统管理员", en: "The administrator" } : { zh: "领导小组办公室", en: "The office" };
  const label = t.name ? `“${t.name}”（${t.prefix}…）` : `${t.prefix}…`;
  const labelEn = t.name ? `"${t.name}" (${t.prefix}…)` : `${t.prefix}…`;
  await tell(
    tx,
    { unitHeads: [unitCode] },
    what === "created"
      ? {
          kind: "api_token",
          title: `${who.zh}为${unit.zh}创建了接口令牌`,
          body: `接口令牌 ${label} 已创建，可用于向问效推送本单位的数据。令牌本身只向创建人显示一次；如非本单位所需，可在“接口令牌”页撤销。`,
          titleEn: `${who.en} made an API token for ${unit.en}`,
          bodyEn: `API token ${labelEn} was made; it pushes your unit's data to Wenxiao. The token itself was shown once, to whoever made it; if your unit does not need it, revoke it on the API tokens page.`,
          link: "/unit/api-tokens",
        }
      : {
          kind: "api_token",
          title: `${who.zh}撤销了${unit.zh}的接口令牌`,
          body: `接口令牌 ${label} 已撤销：使用它的推送从现在起会被拒绝（401）。如仍需推送，请使用其他有效令牌或申请新令牌。`,
          titleEn: `${who.en} revoked an API token of ${unit.en}`,
          bodyEn: `API token ${labelEn} is revoked: pushes with it are refused from now on (401). To keep pushing, use another valid token or ask for a new one.`,
          link: "/unit/api-tokens",
        },
  );
}
