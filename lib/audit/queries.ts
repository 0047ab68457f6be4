import "server-only";
import type { Sql } from "@/db/client";
import { maskIdNumbersIn } from "@/lib/codes/mask";

/**
 * The audit trail as the office reviews it (003 (十三)(十四): query-use is logged and reviewed): views
 * and refusals (access_log) and changes, sign-ins and lockouts (audit_log), filtered, paged and
 * sorted in SQL, newest first.
 */
export const AUDIT_PAGE_SIZE = 50;
export const AUDIT_EXPORT_LIMIT = 100_000;

export interface AuditFilter {
  user?: string;
  /** the unit viewed (access) or the entity key (changes) */
  unit?: string;
  action?: string;
  /** YYYY-MM-DD, inclusive, Beijing time */
  from?: string;
  to?: string;
  /** views only: refused ones */
  refusedOnly?: boolean;
}

export interface AccessRow {
  id: number;
  at: string;
  username: string;
  role: string;
  user_unit: string | null;
  action: string;
  target_unit: string | null;
  target_name: string | null;
  allowed: boolean;
  address: string | null;
  detail: string | null;
}

export interface ChangeRow {
  id: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entity_key: string | null;
  batch_id: number | null;
  after: unknown;
}

const DAY = (param: string) => `(${param}::date::timestamp AT TIME ZONE 'Asia/Shanghai')`;

function accessWhere(f: AuditFilter): { sql: string; params: unknown[] } {
  const params: unknown[] = [f.user ?? null, f.unit ?? null, f.action ?? null, f.from ?? null, f.to ?? null, f.refusedOnly ?? false];
  return {
    sql: `($1::text IS NULL OR a.username = $1) AND ($2::text IS NULL OR a.target_unit = $2) AND ($3::text IS NULL OR a.action LIKE $3 || '%')
      AND ($4::text IS NULL OR a.at >= ${DAY("$4")}) AND ($5::text IS NULL OR a.at < ${DAY("$5")} + interval '1 day') AND (NOT $6::boolean OR NOT a.allowed)`,
    params,
  };
}

function changeWhere(f: AuditFilter): { sql: string; params: unknown[] } {
  const params: unknown[] = [f.user ?? null, f.unit ?? null, f.action ?? null, f.from ?? null, f.to ?? null];
  return {
    sql: `($1::text IS NULL OR c.actor = $1) AND ($2::text IS NULL OR c.entity_key = $2) AND ($3::text IS NULL OR c.action LIKE $3 || '%')
      AND ($4::text IS NULL OR c.at >= ${DAY("$4")}) AND ($5::text IS NULL OR c.at < ${DAY("$5")} + interval '1 day')`,
    params,
  };
}

export async function accessPage(db: Sql, f: AuditFilter, page: number, limit = AUDIT_PAGE_SIZE): Promise<{ rows: AccessRow[]; total: number }> {
  const w = accessWhere(f);
  const [count] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM access_log a WHERE ${w.sql}`, w.params);
  const rows = await db.query<AccessRow>(
    `SELECT a.id, to_char(a.at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS') AS at, a.username, a.role, a.user_unit, a.action,
            a.target_unit, u.name AS target_name, a.allowed, a.address, a.detail
     FROM access_log a LEFT JOIN units u ON u.code = a.target_unit
     WHERE ${w.sql} ORDER BY a.id DESC LIMIT $7 OFFSET $8`,
    [...w.params, limit, (Math.max(1, page) - 1) * limit],
  );
  return { rows, total: count?.n ?? 0 };
}

export async function changePage(db: Sql, f: AuditFilter, page: number, limit = AUDIT_PAGE_SIZE): Promise<{ rows: ChangeRow[]; total: number }> {
  const w = changeWhere(f);
  const [count] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log c WHERE ${w.sql}`, w.params);
  const rows = await db.query<ChangeRow>(
    `SELECT c.id, to_char(c.at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS') AS at, c.actor, c.action, c.entity, c.entity_key, c.batch_id, c.after
     FROM audit_log c WHERE ${w.sql} ORDER BY c.id DESC LIMIT $6 OFFSET $7`,
    [...w.params, limit, (Math.max(1, page) - 1) * limit],
  );
  // an import's audit rows hold whole records: natural persons' ID numbers are shown masked (lib/auth/personal-data.ts)
  return { rows: rows.map((r) => ({ ...r, after: maskIdNumbersIn(r.after) })), total: count?.n ?? 0 };
}

/** Who looked at a unit's non-public data: each person, how often, when first and last. */
export async function whoLookedAt(db: Sql, unit: string, f: Pick<AuditFilter, "from" | "to">): Promise<{ username: string; role: string; user_unit: string | null; views: number; refused: number; first_at: string; last_at: string }[]> {
  return db.query(
    `SELECT a.username, a.role, a.user_unit, count(*) FILTER (WHERE a.allowed)::int AS views, count(*) FILTER (WHERE NOT a.allowed)::int AS refused,
            to_char(min(a.at) AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS first_at, to_char(max(a.at) AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS last_at
     FROM access_log a
     WHERE a.target_unit = $1 AND ($2::text IS NULL OR a.at >= ${DAY("$2")}) AND ($3::text IS NULL OR a.at < ${DAY("$3")} + interval '1 day')
     GROUP BY a.username, a.role, a.user_unit ORDER BY max(a.at) DESC LIMIT 200`,
    [unit, f.from ?? null, f.to ?? null],
  );
}
