import path from "node:path";
import { z } from "zod";

// Read once, validated; nothing else in the code base reads process.env directly.
const schema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgres:// URL")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  WENXIAO_DATA_DIR: z.string().default("./.data"),
  WENXIAO_DEMO: z.string().default("1"),
  // 0 turns the scheduled jobs off in this process (tests, benchmarks)
  WENXIAO_JOBS: z.string().default("1"),
  PORT: z.coerce.number().int().positive().default(3000),
  // session-signing secret; when unset one is generated once and kept in the database (settings)
  AUTH_SECRET: z.string().min(16).optional(),
  // minutes a session lasts without activity
  WENXIAO_SESSION_MINUTES: z.coerce.number().int().positive().default(480),
  // an optional OpenID Connect provider (a provincial unified identity platform)
  WENXIAO_OIDC_ISSUER: z.string().url().optional(),
  WENXIAO_OIDC_CLIENT_ID: z.string().optional(),
  WENXIAO_OIDC_CLIENT_SECRET: z.string().optional(),
  WENXIAO_OIDC_NAME: z.string().default("统一身份认证平台"),
  // reminders are also mailed when an SMTP server is configured: smtp://user:pass@host:587
  WENXIAO_SMTP_URL: z.string().regex(/^smtps?:\/\//, "WENXIAO_SMTP_URL must be an smtp:// or smtps:// URL").optional(),
  WENXIAO_MAIL_FROM: z.string().default("问效 Wenxiao <no-reply@localhost>"),
  // Chromium prints official documents to PDF (Debian's package by default)
  CHROMIUM_PATH: z.string().default("/usr/bin/chromium"),
  // 1 prints the time of each import step
  WENXIAO_TRACE: z.string().default("0"),
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

export function env(): Env {
  cached ??= schema.parse(process.env);
  return cached;
}

export function dataDir(): string {
  return path.resolve(env().WENXIAO_DATA_DIR);
}
