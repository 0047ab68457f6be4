import path from "node:path";
import { z } from "zod";

/** A deadline in working days (0–250); unset: the default of lib/scoring/joint-deadlines.ts. */
const workingDays = z.coerce.number().int().min(0).max(250).optional();

// Read once, validated; nothing else in the code base reads process.env directly.
const schema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgres:// URL")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  WENXIAO_DATA_DIR: z.string().default("./.data"),
  // demo mode: on the embedded database unless 0; on DATABASE_URL only when 1 (CONTRACT §1; demoMode())
  WENXIAO_DEMO: z.enum(["0", "1"]).optional(),
  // 0 turns the scheduled jobs off in this process (tests, benchmarks)
  WENXIAO_JOBS: z.string().default("1"),
  PORT: z.coerce.number().int().positive().default(3000),
  // the address the server listens on: loopback unless a deployment says otherwise (behind a reverse proxy, keep it)
  HOST: z.string().default("127.0.0.1"),
  // session-signing secret; required with DATABASE_URL; unset on the embedded database: a file of mode 0600 in the data directory
  AUTH_SECRET: z.string().min(32, "AUTH_SECRET must be at least 32 characters").optional(),
  // a session ends after this many minutes without a request, and in any case this many hours after sign-in
  WENXIAO_SESSION_IDLE_MINUTES: z.coerce.number().int().positive().default(30),
  WENXIAO_SESSION_HOURS: z.coerce.number().int().positive().max(24).default(12),
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
  // the push API (/api/v1): largest request body in MB (413 above it), calls per token and minute (429
  // above it), and how long a repeat of a request still running waits for its outcome before a 409
  WENXIAO_API_MAX_BODY_MB: z.coerce.number().positive().default(20),
  WENXIAO_API_RATE_PER_MINUTE: z.coerce.number().int().positive().default(120),
  WENXIAO_API_IDEMPOTENCY_WAIT_MS: z.coerce.number().int().min(0).default(2000),
  // 1 prints the time of each import step
  WENXIAO_TRACE: z.string().default("0"),
  // files uploaded in the browser (issue 10 §1): size, data rows, an XLSX's size once unzipped
  WENXIAO_UPLOAD_MAX_MB: z.coerce.number().positive().max(1024).default(50),
  WENXIAO_UPLOAD_MAX_ROWS: z.coerce.number().int().positive().default(500_000),
  WENXIAO_UPLOAD_MAX_XLSX_INFLATED_MB: z.coerce.number().positive().default(500),
  // a unit head or clerk may undo their unit's import for this many working days after it (the office always)
  WENXIAO_UNDO_WORKING_DAYS: z.coerce.number().int().min(0).max(250).default(5),
  // the joint-measures cycle's deadlines in working days (lib/scoring/joint-deadlines.ts: defaults and seed wording):
  // listing → push (7), push → receipt (3), notification on or before listing (+0), objection without its own
  // due date (15), withdrawal after an upheld objection or approved repair (3), repair accepted → decided (10),
  // key-attention review after its validity (0), key-attention → black transfer after a penalty (10)
  WENXIAO_JOINT_PUSH_DAYS: workingDays,
  WENXIAO_JOINT_RECEIPT_DAYS: workingDays,
  WENXIAO_JOINT_NOTIFICATION_DAYS: workingDays,
  WENXIAO_JOINT_OBJECTION_DAYS: workingDays,
  WENXIAO_JOINT_WITHDRAWAL_DAYS: workingDays,
  WENXIAO_JOINT_REPAIR_DAYS: workingDays,
  WENXIAO_JOINT_REVIEW_DAYS: workingDays,
  WENXIAO_JOINT_TRANSFER_DAYS: workingDays,
  // YYYY-MM: periods whose last month is this one or later are scored with the joint-measures method
  // (lib/scoring/joint-method.ts); unset: CONTRACT §4–5 only
  WENXIAO_JOINT_METHOD_FROM: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, "WENXIAO_JOINT_METHOD_FROM must be a month, YYYY-MM")
    .optional()
    .or(z.literal("").transform(() => undefined)),
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

export function env(): Env {
  cached ??= schema.parse(process.env);
  return cached;
}

/** Reads the environment again on the next env() (tests that change it; nothing else). */
export function reloadEnv(): void {
  cached = undefined;
}

export function dataDir(): string {
  return path.resolve(env().WENXIAO_DATA_DIR);
}

/**
 * Demo mode (CONTRACT §1): on the embedded database unless WENXIAO_DEMO=0; on a server named by
 * DATABASE_URL only with WENXIAO_DEMO=1, so a production server never gets demo accounts by accident.
 * Demo accounts sign in only while it is on.
 */
export function demoMode(): boolean {
  const e = env();
  return e.DATABASE_URL ? e.WENXIAO_DEMO === "1" : e.WENXIAO_DEMO !== "0";
}
