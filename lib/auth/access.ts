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

/**
 * Every view of non-public data, and every refusal, is logged for review (003 (十三)). What was asked
 * is kept as asked, except that a NUL (which PostgreSQL text cannot hold) becomes U+FFFD: a crafted
 * address such as /unit/620200%00 is refused and logged, instead of failing before its refusal is written.
 */
export async function logAccess(
  db: Sql,
  // a signed-in user, or an API token (`api-token:<id>`, role "api", its unit)
  user: Pick<SessionUser, "username" | "unitCode"> & { role: string } | null,
  action: string,
  targetUnit: string | null,
  allowed: boolean,
  context: { address?: string | null; detail?: string | null } = {},
): Promise<void> {
  const text = (v: string | null | undefined) => (v == null ? null : v.replace(/\0/g, "\uFFFD"));
  await db.query(
    `INSERT INTO access_log (username, role, user_unit, action, target_unit, allowed, address, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [user?.username ?? "(anonymous)", user?.role ?? "none", user?.unitCode ?? null, text(action), text(targetUnit), allowed, text(context.address), text(context.detail?.slice(0, 500))],
  );
}
