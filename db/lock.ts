import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { AppError } from "@/lib/errors";

/**
 * PGlite does not lock its files, and two processes writing one data directory corrupt it
 * (CONTRACT §1). A lock file holding the owner's pid and host makes the second process refuse
 * at once; a lock whose process is gone is taken over, so a crash never blocks for ever.
 */
export function lockDataDir(dir: string): () => void {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "wenxiao.lock");
  const me = JSON.stringify({ pid: process.pid, host: os.hostname(), since: new Date().toISOString() });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, me, { flag: "wx" });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          if (fs.readFileSync(file, "utf8") === me) fs.unlinkSync(file);
        } catch {
          // already gone
        }
      };
      process.once("exit", release);
      return release;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const owner = readOwner(file);
      if (owner && owner.host === os.hostname() && isAlive(owner.pid) && owner.pid !== process.pid) {
        throw new AppError(
          "data_dir_locked",
          `数据目录 ${dir} 正被另一个进程（pid ${owner.pid}）使用。请先停止它（例如正在运行的应用），或设置 DATABASE_URL 使用 PostgreSQL 服务器。`,
          `The data directory ${dir} is in use by another process (pid ${owner.pid}). Stop it first (the running app, say), or set DATABASE_URL to use a PostgreSQL server.`,
          409,
        );
      }
      // stale: its process is gone
      fs.rmSync(file, { force: true });
    }
  }
  throw new AppError("data_dir_locked", `无法锁定数据目录 ${dir}`, `Could not lock the data directory ${dir}`, 409);
}

function readOwner(file: string): { pid: number; host: string } | undefined {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, "utf8")) as { pid?: unknown; host?: unknown };
    if (typeof parsed.pid === "number" && typeof parsed.host === "string") return { pid: parsed.pid, host: parsed.host };
  } catch {
    // unreadable lock: treat as stale
  }
  return undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}
