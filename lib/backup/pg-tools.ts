import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { AppError } from "@/lib/errors";

/**
 * pg_dump and pg_restore (PostgreSQL's client tools, the server's major version) run against
 * DATABASE_URL. The password never appears on a command line (where `ps` would show it) nor in a
 * message: the tools get the URL without it, and the password through PGPASSWORD.
 */
export interface ToolTarget {
  /** the URL without its password, for --dbname */
  dbname: string;
  env: NodeJS.ProcessEnv;
  password: string;
}

export function toolTarget(url: string): ToolTarget {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new AppError("database_url", "无法解析 DATABASE_URL（备份与恢复需要 postgres://用户:密码@主机:端口/数据库 形式）", "DATABASE_URL cannot be parsed (backup and restore need the form postgres://user:password@host:port/database)");
  }
  const password = decodeURIComponent(u.password);
  u.password = "";
  // the tools inherit the rest of the environment as psql would (PATH, PGSSLMODE, PGPASSWORD when the URL has none)
  return { dbname: u.toString(), env: password ? { ...process.env, PGPASSWORD: password } : { ...process.env }, password };
}

/** The URL as messages may show it. */
export function shownUrl(url: string): string {
  try {
    const u = new URL(url);
    u.password = "";
    return u.toString();
  } catch {
    return "DATABASE_URL";
  }
}

/** pg_dump's custom-format archive of the database, chunk by chunk. */
export async function* pgDump(target: ToolTarget): AsyncGenerator<Buffer> {
  const child = await start("pg_dump", ["--format=custom", "--no-password", `--dbname=${target.dbname}`], target);
  const stderr = collect(child);
  const exited = exitCode(child);
  try {
    for await (const chunk of child.stdout!) yield chunk as Buffer;
    const code = await exited;
    if (code !== 0) throw failed("pg_dump", stderr(), target, "");
  } finally {
    if (child.exitCode === null) child.kill();
  }
}

/**
 * Restores a custom-format archive, read from `input`, in one transaction: an error anywhere leaves
 * the database as it was. Owners and privileges are not restored: the objects belong to the role of
 * DATABASE_URL, and the restricted role's grants are given again (README "Backup and restore").
 */
export async function pgRestore(target: ToolTarget, input: Readable): Promise<void> {
  const args = ["--single-transaction", "--exit-on-error", "--no-owner", "--no-privileges", "--no-password", `--dbname=${target.dbname}`];
  const child = await start("pg_restore", args, target);
  const stderr = collect(child);
  const exited = exitCode(child);
  // pg_restore stops reading when it fails: the broken pipe is not the error to report, its exit is
  const fed = pipeline(input, child.stdin!).then(
    () => undefined,
    (e: unknown) => (e instanceof Error ? e : new Error(String(e))),
  );
  const code = await exited;
  const feedError = await fed;
  if (code !== 0) throw failed("pg_restore", stderr(), target, "恢复在一个事务中进行，目标数据库没有改变。", "The restore runs in one transaction: the target database is unchanged.");
  if (feedError) throw feedError;
}

async function start(tool: string, args: string[], target: ToolTarget): Promise<ChildProcess> {
  const child = spawn(tool, args, { env: target.env, stdio: ["pipe", "pipe", "pipe"] });
  try {
    await once(child, "spawn");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") {
      throw new AppError(
        "pg_tool_missing",
        `找不到 ${tool}：请安装与 PostgreSQL 服务器同一主版本的客户端工具（Debian：apt install postgresql-client-15），并确保它在 PATH 中`,
        `${tool} not found: install the PostgreSQL client tools of the server's major version (Debian: apt install postgresql-client-15) and put them on PATH`,
      );
    }
    throw e;
  }
  return child;
}

function exitCode(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

/** Keeps the end of the tool's stderr (its error is the last thing it says). */
function collect(child: ChildProcess): () => string {
  let text = "";
  child.stderr!.setEncoding("utf8");
  child.stderr!.on("data", (s: string) => {
    text = (text + s).slice(-16_384);
  });
  return () => text;
}

/** The tool's own error in one line (exit 3: the database could not be used), the password masked. */
function failed(tool: string, stderr: string, target: ToolTarget, zhNote: string, enNote = ""): AppError {
  const lines = stderr.split("\n").map((l) => l.trim()).filter(Boolean);
  let detail = lines.find((l) => /\berror:/i.test(l)) ?? lines.at(-1) ?? "exit code ≠ 0";
  if (target.password) detail = detail.split(target.password).join("***");
  return new AppError("database_tool_failed", `${tool} 未能完成：${detail}${zhNote ? ` ${zhNote}` : ""}`, `${tool} did not complete: ${detail}${enNote ? ` ${enNote}` : ""}`, 503);
}
