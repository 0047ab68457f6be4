import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { AppError } from "@/lib/errors";

/**
 * The key that signs session cookies. AUTH_SECRET when set (required with DATABASE_URL, the same on
 * every instance); otherwise, for the embedded database, one generated once and kept in a file of
 * mode 0600 in the data directory — never in a table that any database reader could see.
 */
export function authSecret(config: { fromEnv: string | undefined; databaseUrl: string | undefined; dataDir: string }): string {
  if (config.fromEnv) return config.fromEnv;
  if (config.databaseUrl) {
    throw new AppError(
      "auth_secret_required",
      "使用 PostgreSQL 服务器（DATABASE_URL）时须设置 AUTH_SECRET：至少 32 个字符的随机串，各实例相同（例如 openssl rand -base64 32）。",
      "AUTH_SECRET must be set with DATABASE_URL: a random string of at least 32 characters, the same on every instance (e.g. openssl rand -base64 32).",
      500,
    );
  }
  fs.mkdirSync(config.dataDir, { recursive: true });
  const file = path.join(config.dataDir, "auth-secret");
  try {
    fs.writeFileSync(file, randomBytes(32).toString("base64url"), { flag: "wx", mode: 0o600 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
  }
  const secret = fs.readFileSync(file, "utf8").trim();
  if (secret.length < 32) throw new AppError("auth_secret_bad", `${file} 中的会话密钥太短`, `the session key in ${file} is too short`, 500);
  return secret;
}
