import "server-only";
import type { Sql } from "@/db/client";
import type { SessionUser } from "./users";

/**
 * Who may see a unit's non-public data: the office sees every unit; a unit head or clerk sees only
 * their own unit (whose figures include its agencies' records). Plain function, so it is tested
 * without a browser (tests/integration/access.test.ts).
 */
export function canViewUnit(user: SessionUser, unitCode: string): boolean {
  if (user.role === "office") return true;
  return user.unitCode !== null && user.unitCode === unitCode;
}

export function canManage(user: SessionUser): boolean {
  return user.role === "office";
}

/** Every view of non-public data, and every refusal, is logged for review (003 (十三)). */
export async function logAccess(
  db: Sql,
  user: SessionUser | null,
  action: string,
  targetUnit: string | null,
  allowed: boolean,
  context: { address?: string | null; detail?: string | null } = {},
): Promise<void> {
  await db.query(
    `INSERT INTO access_log (username, role, user_unit, action, target_unit, allowed, address, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [user?.username ?? "(anonymous)", user?.role ?? "none", user?.unitCode ?? null, action, targetUnit, allowed, context.address ?? null, context.detail?.slice(0, 500) ?? null],
  );
}
