import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { dataDir, env } from "@/lib/env";
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

/**
 * The key that seals secrets the server must read back (TOTP shared secrets), derived from the
 * session key so that a deployment has one secret to keep; a database dump alone does not reveal them.
 */
export function sealingKey(): Buffer {
  const e = env();
  const secret = authSecret({ fromEnv: e.AUTH_SECRET, databaseUrl: e.DATABASE_URL, dataDir: dataDir() });
  return Buffer.from(hkdfSync("sha256", secret, "wenxiao", "sealed-secrets-v1", 32));
}

/** AES-256-GCM: "v1.<iv>.<tag>.<ciphertext>", each base64url. */
export function seal(plain: string, key: Buffer = sealingKey()): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const data = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return ["v1", iv, cipher.getAuthTag(), data].map((p) => (typeof p === "string" ? p : p.toString("base64url"))).join(".");
}

export function unseal(sealed: string, key: Buffer = sealingKey()): string {
  const [v, iv, tag, data] = sealed.split(".");
  if (v !== "v1" || !iv || !tag || data === undefined) throw new Error("not a sealed value");
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString("utf8");
}
