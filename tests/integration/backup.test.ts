import { spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Connection } from "@/db";
import { committedMigrations, openPglite, openPostgres } from "@/db/client";
import { lockDataDir } from "@/db/lock";
import { ensureOfficialCalendar } from "@/lib/calendar/official";
import { closePeriod } from "@/lib/notices/close";
import { approve, issue, submitReport } from "@/lib/notices/lifecycle";
import { storeNoticePdf } from "@/lib/notices/queries";
import { publishPeriod } from "@/lib/publication/publish";
import { OFFICE, head } from "../helpers/actors";
import { isPostgres } from "../helpers/db";
import { insertRows, insertUnits, record } from "../helpers/fixtures";
import { tempDir } from "../helpers/files";

// `wenxiao backup` and `wenxiao restore` as an operator runs them, on the database the suite runs on:
// a PGlite data directory, or a database on the PostgreSQL server of DATABASE_URL.
const dir = tempDir();
const serverUrl = process.env.DATABASE_URL;
const serverDatabases: string[] = [];
let places = 0;

/** Where a database lives, as the CLI's environment names it: a new data directory, or a new (empty) server database. */
async function newPlace(): Promise<NodeJS.ProcessEnv> {
  const n = ++places;
  const environment: NodeJS.ProcessEnv = { ...process.env, WENXIAO_DATA_DIR: path.join(dir, `data-${n}`) };
  delete environment.DATABASE_URL;
  if (serverUrl) {
    const name = `wx_backup_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}_${n}`;
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`CREATE DATABASE ${name}`);
    await admin.end();
    serverDatabases.push(name);
    const u = new URL(serverUrl);
    u.pathname = `/${name}`;
    environment.DATABASE_URL = u.toString();
  }
  return environment;
}

/** The database of a place as it is: not migrated, not locked (no CLI runs on it meanwhile). */
async function inspect(place: NodeJS.ProcessEnv): Promise<Connection> {
  return place.DATABASE_URL ? openPostgres(place.DATABASE_URL, 2) : openPglite(place.WENXIAO_DATA_DIR);
}

async function withDatabase<T>(place: NodeJS.ProcessEnv, fn: (db: Connection) => Promise<T>): Promise<T> {
  const db = await inspect(place);
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

function wenxiao(place: NodeJS.ProcessEnv, ...args: string[]) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "--import", "./scripts/server-only.mjs", "cli/wenxiao.ts", ...args], { env: place, encoding: "utf8", cwd: process.cwd() });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

// a notice's PDF as stored bytes: every byte value, so a text conversion anywhere would show (printing
// one with Chromium is the e2e suite's business; here what matters is that the stored bytes come back)
const PDF = Buffer.concat([Buffer.from("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "latin1"), Buffer.from(Array.from({ length: 256 }, (_, i) => i)), randomBytes(2048), Buffer.from("\n%%EOF\n")]);
const ATTACHMENT = Buffer.concat([Buffer.from("%PDF-1.4\n"), randomBytes(512)]);

/** Two periods published, March corrected as version 2, and an issued notice with its PDF and a report. */
async function buildSource(db: Connection): Promise<number> {
  await ensureOfficialCalendar(db);
  await insertUnits(db, ["620100", "620200", "D1", "A1", "A2"]);
  await insertRows(db, "records", [
    record("m1", "A1", "2024-03-01", "2024-03-05", "2024-03-05"),
    record("m2", "A2", "2024-03-01", null, null),
    record("a1", "A1", "2024-04-01", "2024-04-02", "2024-04-02"),
    record("a2", "A2", "2024-04-01", "2024-04-03", "2024-04-03"),
  ]);
  await publishPeriod(db, { period: "2024-03", asOf: "2024-04-15", actor: OFFICE, publishedAt: "2024-04-16T02:00:00.000Z" });
  // 嘉峪关 published nothing in March: its notice is drafted, approved, issued and printed
  await closePeriod(db, { period: "2024-03", asOf: "2024-04-30", actor: OFFICE });
  const [notice] = await db.query<{ id: number }>(`SELECT id FROM notices WHERE unit_code = '620200'`);
  await approve(db, OFFICE, notice!.id);
  await issue(db, OFFICE, notice!.id, "2024-05-06");
  await storeNoticePdf(db, notice!.id, PDF);
  await submitReport(db, head("620200"), notice!.id, { body: "已补报。", attachments: [{ fileName: "整改报告.pdf", data: ATTACHMENT }] });
  // then its publication date is supplied and March published again
  await db.query(`UPDATE records SET published_date = '2024-03-02', received_date = '2024-03-02' WHERE record_id = 'm2'`);
  await publishPeriod(db, { period: "2024-03", asOf: "2024-04-15", actor: OFFICE, note: "嘉峪关更正公示日期" });
  await publishPeriod(db, { period: "2024-04", asOf: "2024-05-15", actor: OFFICE });
  return notice!.id;
}

/**
 * Every row of every table, as the database prints it (jsonb, bytea and timestamps included), per
 * table; `copied` leaves aside the audit rows of backups (written in the source after its copy was
 * taken) and of the restore (written in the copy only).
 */
async function contents(db: Connection, copied = false): Promise<Record<string, { rows: number; md5: string }>> {
  const tables = await db.query<{ name: string }>(
    `SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) AS name FROM information_schema.tables
     WHERE table_schema IN ('public', 'drizzle') AND table_type = 'BASE TABLE' ORDER BY 1`,
  );
  const out: Record<string, { rows: number; md5: string }> = {};
  for (const { name } of tables) {
    const where = copied && name === "public.audit_log" ? `WHERE action NOT IN ('backup', 'restore')` : "";
    const [row] = await db.query<{ rows: number; md5: string }>(
      `SELECT count(*)::int AS rows, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS md5 FROM ${name} t ${where}`,
    );
    out[name] = row!;
  }
  return out;
}

const publications = (db: Connection) =>
  db.query(`SELECT id, period, version, as_of::text, published_at::text, published_by, note, method::text, document::text, json_body, csv_body FROM publications ORDER BY id`);
const issuedNotices = (db: Connection) => db.query(`SELECT id, number, row_to_json(n)::text AS frozen FROM notices n WHERE number IS NOT NULL ORDER BY id`);
const storedPdfs = async (db: Connection) => (await db.query<{ notice_id: number; pdf: Uint8Array }>(`SELECT notice_id, pdf FROM notice_pdfs ORDER BY notice_id`)).map((r) => ({ notice_id: r.notice_id, pdf: Buffer.from(r.pdf) }));

/** A copy of the backup whose header says something else (the payload untouched). */
function withHeader(file: string, to: string, change: (header: Record<string, unknown>) => void): string {
  const buf = fs.readFileSync(file);
  const [magic, json] = buf.subarray(0, 1024).toString("utf8").split("\n");
  const header = JSON.parse(json!) as Record<string, unknown>;
  change(header);
  const text = `${magic}\n${JSON.stringify(header)}`;
  fs.writeFileSync(to, Buffer.concat([Buffer.from(text + " ".repeat(1023 - Buffer.byteLength(text)) + "\n"), buf.subarray(1024)]));
  return to;
}

let source: NodeJS.ProcessEnv;
let target: NodeJS.ProcessEnv;
let noticeId: number;
const SESSION_KEY = "backup-test-session-key-0123456789abcdef";
const backup = path.join(dir, "wenxiao.backup");

beforeAll(async () => {
  source = await newPlace();
  const db = await openDatabase({ url: source.DATABASE_URL, dataDir: source.WENXIAO_DATA_DIR! });
  try {
    noticeId = await buildSource(db);
  } finally {
    await db.close();
  }
  // the embedded database's session key, which seals two-factor secrets, must travel with the data
  if (!isPostgres()) fs.writeFileSync(path.join(source.WENXIAO_DATA_DIR!, "auth-secret"), SESSION_KEY, { mode: 0o600 });
  target = await newPlace();
}, 120_000);

afterAll(async () => {
  if (serverUrl) {
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    for (const name of serverDatabases) await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

// the cases run in order: one backup, refused restores that must leave the empty target empty, then the restore into it
describe(`wenxiao backup and restore (${isPostgres() ? "PostgreSQL" : "PGlite"})`, { timeout: 120_000 }, () => {
  it("backs up into one file that says what it is, audited in the source", async () => {
    const r = wenxiao(source, "backup", backup);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain(backup);
    const bytes = fs.readFileSync(backup);
    const [magic, json] = bytes.subarray(0, 1024).toString("utf8").split("\n");
    expect(magic).toBe("WENXIAO BACKUP 1");
    const header = JSON.parse(json!);
    expect(header).toMatchObject({ database: isPostgres() ? "postgres" : "pglite", migrations: committedMigrations(), bytes: bytes.length - 1024 });
    expect(header.sha256).toBe(createHash("sha256").update(bytes.subarray(1024)).digest("hex"));
    // pg_dump's archive, or PGlite's data directory as a gzip stream, as is
    expect(bytes.subarray(1024, isPostgres() ? 1029 : 1026).toString("latin1")).toBe(isPostgres() ? "PGDMP" : "\x1f\x8b");
    expect(fs.statSync(backup).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dir).filter((f) => f.includes(".partial-"))).toEqual([]);
    const audit = await withDatabase(source, (db) => db.query<{ actor: string; entity_key: string; after: { sha256: string } }>(`SELECT actor, entity_key, after FROM audit_log WHERE action = 'backup'`));
    expect(audit).toEqual([{ actor: "cli", entity_key: backup, after: expect.objectContaining({ sha256: header.sha256, bytes: header.bytes }) }]);
  });

  it("refuses to overwrite a file without --force, a missing directory, and a locked or tool-less database", async () => {
    const before = fs.readFileSync(backup);
    const exists = wenxiao(source, "backup", backup);
    expect(exists.code).toBe(2);
    expect(exists.err).toContain("已存在");
    expect(fs.readFileSync(backup).equals(before)).toBe(true);
    const missing = wenxiao(source, "backup", path.join(dir, "no-such-dir", "x.backup"), "--lang", "en");
    expect(missing.code).toBe(2);
    expect(missing.err).toContain("does not exist");
    if (isPostgres()) {
      // pg_dump not on PATH: one line, exit 2, no file
      const noTools = wenxiao({ ...source, PATH: "/nonexistent" }, "backup", path.join(dir, "no-tools.backup"));
      expect(noTools.code).toBe(2);
      expect(noTools.err.trim().split("\n")).toHaveLength(1);
      expect(noTools.err).toContain("找不到 pg_dump");
    } else {
      // the app holds the data directory: nothing is copied while it could write
      const release = lockDataDir(source.WENXIAO_DATA_DIR!);
      try {
        const locked = wenxiao(source, "backup", path.join(dir, "locked.backup"));
        expect(locked.code).toBe(3);
        expect(locked.err).toContain("正被另一个进程");
      } finally {
        release();
      }
    }
    expect(fs.readdirSync(dir).filter((f) => f.endsWith(".backup"))).toEqual(["wenxiao.backup"]);
    const again = wenxiao(source, "backup", backup, "--force");
    expect(again.code, again.err).toBe(0);
  });

  it("refuses a damaged, truncated, foreign or wrong-kind file and leaves the target as it was", async () => {
    const bytes = fs.readFileSync(backup);
    const flipped = Buffer.from(bytes);
    const middle = 1024 + Math.floor((bytes.length - 1024) / 2);
    flipped[middle] = flipped[middle]! ^ 0xff;
    const cases: [string, Buffer | string, RegExp][] = [
      ["damaged.backup", flipped, /已损坏（长度或 SHA-256 与文件头不符）/],
      ["truncated.backup", bytes.subarray(0, middle), /不完整：应有 \d+ 字节数据，只有 \d+ 字节/],
      ["header-only.backup", bytes.subarray(0, 600), /不完整：连文件头都不全/],
      ["notes.txt", "这不是备份\n", /不是问效的备份文件/],
    ];
    for (const [name, content, message] of cases) {
      const file = path.join(dir, name);
      fs.writeFileSync(file, content);
      const r = wenxiao(target, "restore", file);
      expect(r.code, name).toBe(2);
      expect(r.err, name).toMatch(message);
    }
    const missing = wenxiao(target, "restore", path.join(dir, "nothing-here.backup"));
    expect(missing.code).toBe(2);
    expect(missing.err).toContain("备份文件不存在");
    const otherKind = withHeader(backup, path.join(dir, "other-kind.backup"), (h) => (h.database = isPostgres() ? "pglite" : "postgres"));
    const wrong = wenxiao(target, "restore", otherKind);
    expect(wrong.code).toBe(2);
    expect(wrong.err).toContain(isPostgres() ? "内置数据库（PGlite）的备份，不能恢复到 PostgreSQL 服务器" : "PostgreSQL 服务器的备份（pg_dump），不能恢复到内置数据库");
    const newer = withHeader(backup, path.join(dir, "newer.backup"), (h) => (h.migrations = committedMigrations() + 1));
    expect(wenxiao(target, "restore", newer).err).toContain("更新版本的问效");
    // nothing was written: the target holds no database yet
    if (isPostgres()) {
      expect(await withDatabase(target, (db) => db.query(`SELECT 1 FROM pg_tables WHERE schemaname = 'public'`))).toEqual([]);
    } else {
      expect(fs.existsSync(path.join(target.WENXIAO_DATA_DIR!, "PG_VERSION"))).toBe(false);
    }
  });

  it("restores into an empty database: every publication and issued notice byte-identical, triggers in force, migrations current, audited", async () => {
    const r = wenxiao(target, "restore", backup);
    expect(r.code, r.err).toBe(0);
    if (!isPostgres()) {
      const key = path.join(target.WENXIAO_DATA_DIR!, "auth-secret");
      expect(fs.readFileSync(key, "utf8")).toBe(SESSION_KEY);
      expect(fs.statSync(key).mode & 0o777).toBe(0o600);
      expect(fs.readdirSync(target.WENXIAO_DATA_DIR!).filter((f) => f.startsWith("wenxiao.lock"))).toEqual([]);
    }
    const header = JSON.parse(fs.readFileSync(backup).subarray(0, 1024).toString("utf8").split("\n")[1]!);
    const [from, to] = [await inspect(source), await inspect(target)];
    try {
      const published = await publications(from);
      expect(published.map((p) => [p.period, p.version])).toEqual([["2024-03", 1], ["2024-03", 2], ["2024-04", 1]]);
      expect(await publications(to)).toEqual(published);
      const notices = await issuedNotices(from);
      expect(notices.map((n) => n.number)).toEqual(["甘信用办通〔2024〕1号"]);
      expect(await issuedNotices(to)).toEqual(notices);
      expect(await storedPdfs(to)).toEqual([{ notice_id: noticeId, pdf: PDF }]);
      expect(Buffer.from((await to.query<{ data: Uint8Array }>(`SELECT data FROM report_attachments`))[0]!.data).equals(ATTACHMENT)).toBe(true);
      // and everything else, row for row
      expect(await contents(to, true)).toEqual(await contents(from, true));

      // the database still defends itself
      await expect(to.query(`UPDATE publications SET note = 'x'`)).rejects.toThrow(/append-only/);
      await expect(to.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
      await expect(to.query(`UPDATE notices SET body = 'changed' WHERE id = $1`, [noticeId])).rejects.toThrow(/cannot be changed/);
      await expect(to.query(`UPDATE notice_pdfs SET pdf = '\\x00'`)).rejects.toThrow(/append-only/);

      const [{ n }] = (await to.query<{ n: number }>(`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`)) as [{ n: number }];
      expect(n).toBe(committedMigrations());
      const audit = await to.query<{ actor: string; after: Record<string, unknown>; last: boolean }>(
        `SELECT actor, after, id = (SELECT max(id) FROM audit_log) AS last FROM audit_log WHERE action = 'restore'`,
      );
      expect(audit).toEqual([{ actor: "cli", last: true, after: expect.objectContaining({ sha256: header.sha256, backup_created_at: header.created_at }) }]);
    } finally {
      await from.close();
      await to.close();
    }
    // the app starts on it: migrated (nothing to do) with its calendar, as npm start opens it
    const app = await openDatabase({ url: target.DATABASE_URL, dataDir: target.WENXIAO_DATA_DIR! });
    try {
      await ensureOfficialCalendar(app);
      expect((await app.query(`SELECT count(*)::int AS n FROM publications`))[0]).toEqual({ n: 3 });
    } finally {
      await app.close();
    }
  });

  it("refuses to restore into a database that is not empty, and changes nothing in it", async () => {
    const before = await withDatabase(source, (db) => contents(db));
    const r = wenxiao(source, "restore", backup, "--lang", "en");
    expect(r.code).toBe(2);
    expect(r.err).toContain("a restore writes into an empty");
    expect(r.err).toContain(isPostgres() ? "is not empty" : "already holds a database");
    expect(await withDatabase(source, (db) => contents(db))).toEqual(before);
    // nor into the one just restored
    expect(wenxiao(target, "restore", backup).code).toBe(2);
  });
});
