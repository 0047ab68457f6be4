import "server-only";
import { randomBytes } from "node:crypto";
import type { Sql } from "@/db/client";

/** The session-signing secret: AUTH_SECRET when set, else one generated once per deployment and stored. */
export async function authSecret(db: Sql, fromEnv: string | undefined): Promise<string> {
  if (fromEnv) return fromEnv;
  await db.query(`INSERT INTO settings (key, value) VALUES ('auth_secret', $1) ON CONFLICT (key) DO NOTHING`, [randomBytes(32).toString("base64url")]);
  const [row] = await db.query<{ value: string }>(`SELECT value FROM settings WHERE key = 'auth_secret'`);
  return row!.value;
}
