import "server-only";
import { randomBytes } from "node:crypto";
import type { Sql } from "@/db/client";
import { demoMode } from "@/lib/env";
import { requiresTwoFactor, type Role, type SessionUser } from "./users";

/**
 * Server-side sessions behind the signed cookie (db/schema/users.ts `sessions`): the cookie only
 * names a row, and the row decides. A request is signed in while the row is open, the user is still
 * active with the role and unit the session began with (a demo account only in demo mode), the last
 * request was less than the idle limit ago and sign-in less than the absolute limit ago.
 */
export interface SessionLimits {
  idleMinutes: number;
  maxHours: number;
}

/** Opens a session for a user who just proved who they are; returns its id for the cookie. */
export async function startSession(db: Sql, user: SessionUser, address: string | null, proven?: "oidc"): Promise<string> {
  const id = randomBytes(24).toString("base64url");
  // an identity platform that asserted multi-factor authentication counts as the second factor
  await db.query(`INSERT INTO sessions (id, username, role, unit_code, address, second_factor_at, second_factor) VALUES ($1, $2, $3, $4, $5, CASE WHEN $6::text IS NULL THEN NULL ELSE now() END, $6)`, [
    id,
    user.username,
    user.role,
    user.unitCode,
    address,
    proven ?? null,
  ]);
  return id;
}

export type SessionEnd = "signed_out" | "idle" | "expired" | "user_changed" | "disabled" | "password_reset" | "password_changed" | "demo_off" | "locked" | "two_factor_reset";

/**
 * The user a session id stands for, now, or why it ended (and it is then closed for good). The last
 * request time is written at most once a minute.
 */
export async function checkSession(db: Sql, id: string, limits: SessionLimits): Promise<{ user: SessionUser } | { ended: SessionEnd | "unknown" }> {
  const [row] = await db.query<{
    username: string;
    role: Role;
    unit_code: string | null;
    ended: boolean;
    idle_s: number;
    age_s: number;
    u_name: string | null;
    u_role: Role | null;
    u_unit: string | null;
    u_active: boolean | null;
    u_demo: boolean | null;
    u_must: boolean | null;
    u_totp: boolean;
    proven: boolean;
  }>(
    `SELECT s.username, s.role, s.unit_code, s.ended_at IS NOT NULL AS ended,
            extract(epoch FROM now() - s.last_seen_at)::float8 AS idle_s, extract(epoch FROM now() - s.started_at)::float8 AS age_s,
            u.display_name AS u_name, u.role AS u_role, u.unit_code AS u_unit, u.active AS u_active, u.demo AS u_demo, u.must_change_password AS u_must,
            u.totp_enabled_at IS NOT NULL AS u_totp, s.second_factor_at IS NOT NULL AS proven
     FROM sessions s LEFT JOIN users u ON u.username = s.username WHERE s.id = $1`,
    [id],
  );
  if (!row) return { ended: "unknown" };
  if (row.ended) return { ended: "signed_out" };
  const reason: SessionEnd | undefined =
    row.u_active !== true
      ? "disabled"
      : row.u_role !== row.role || row.u_unit !== row.unit_code
        ? "user_changed"
        : row.u_demo && !demoMode()
          ? "demo_off"
          : row.age_s > limits.maxHours * 3600
            ? "expired"
            : row.idle_s > limits.idleMinutes * 60
              ? "idle"
              : undefined;
  if (reason) {
    await endSession(db, id, reason);
    return { ended: reason };
  }
  if (row.idle_s > 60) await db.query(`UPDATE sessions SET last_seen_at = now() WHERE id = $1 AND ended_at IS NULL`, [id]);
  // enabled two-factor must be proven in every session; where required and not yet set up, it must be
  const secondFactor = row.proven ? undefined : row.u_totp ? "verify" : requiresTwoFactor(row.role, row.u_demo === true) ? "enrol" : undefined;
  return {
    user: {
      username: row.username,
      name: row.u_name ?? row.username,
      role: row.role,
      unitCode: row.unit_code,
      ...(row.u_must ? { mustChangePassword: true } : {}),
      ...(secondFactor ? { secondFactor } : {}),
    },
  };
}

export async function endSession(db: Sql, id: string, reason: SessionEnd): Promise<void> {
  await db.query(`UPDATE sessions SET ended_at = now(), end_reason = $2 WHERE id = $1 AND ended_at IS NULL`, [id, reason]);
}

/** Ends every open session of a user (deactivated, role or unit changed, password changed). */
export async function endUserSessions(db: Sql, username: string, reason: SessionEnd): Promise<number> {
  const rows = await db.query<{ id: string }>(`UPDATE sessions SET ended_at = now(), end_reason = $2 WHERE username = $1 AND ended_at IS NULL RETURNING id`, [username, reason]);
  return rows.length;
}
