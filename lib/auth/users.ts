import "server-only";
import type { Sql } from "@/db/client";
import { verifyPassword } from "./password";

export type Role = "office" | "unit_head" | "clerk";

/** Who is signed in, as the session carries it. */
export interface SessionUser {
  username: string;
  name: string;
  role: Role;
  /** the unit a head or clerk belongs to; null for the office */
  unitCode: string | null;
}

export async function checkCredentials(db: Sql, username: string, password: string): Promise<SessionUser | null> {
  const [u] = await db.query<{ username: string; display_name: string; password_hash: string; role: Role; unit_code: string | null; active: boolean }>(
    `SELECT username, display_name, password_hash, role, unit_code, active FROM users WHERE username = $1`,
    [username],
  );
  // verify against a dummy hash when the user is unknown, so timing does not tell which names exist
  const ok = await verifyPassword(password, u?.password_hash ?? "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
  if (!u || !u.active || !ok) return null;
  return { username: u.username, name: u.display_name, role: u.role, unitCode: u.unit_code };
}

export async function findUser(db: Sql, username: string): Promise<SessionUser | null> {
  const [u] = await db.query<{ username: string; display_name: string; role: Role; unit_code: string | null }>(
    `SELECT username, display_name, role, unit_code FROM users WHERE username = $1 AND active`,
    [username],
  );
  return u ? { username: u.username, name: u.display_name, role: u.role, unitCode: u.unit_code } : null;
}
