import "server-only";
import type { Sql } from "@/db/client";

export type Role = "office" | "unit_head" | "clerk";

/** Who is signed in, as the session carries it. */
export interface SessionUser {
  username: string;
  name: string;
  role: Role;
  /** the unit a head or clerk belongs to; null for the office */
  unitCode: string | null;
  /** signed in with a one-time password: nothing but the password change until it is replaced */
  mustChangePassword?: boolean;
  /** the second factor is still to be proven (verify) or, where it is required, still to be set up (enrol) */
  secondFactor?: "verify" | "enrol";
  /** SHA-256 of the server-side session's id, so a page can act on its own session without holding the id */
  sessionRef?: string;
}

/** Two-factor sign-in is required for the office (GB/T 22239 level 3); demo accounts, whose passwords are published, are exempt. */
export function requiresTwoFactor(role: Role, demo: boolean): boolean {
  return role === "office" && !demo;
}

export async function findUser(db: Sql, username: string): Promise<SessionUser | null> {
  const [u] = await db.query<{ username: string; display_name: string; role: Role; unit_code: string | null }>(
    `SELECT username, display_name, role, unit_code FROM users WHERE username = $1 AND active`,
    [username],
  );
  return u ? { username: u.username, name: u.display_name, role: u.role, unitCode: u.unit_code } : null;
}
