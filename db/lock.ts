import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** Another live process holds the data directory; lib/db.ts turns this into the user's message. */
export class DataDirLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly pid: number | null,
  ) {
    super(pid === null ? `could not lock the data directory ${dir}` : `the data directory ${dir} is in use by process ${pid}`);
    this.name = "DataDirLockedError";
  }
}

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
        throw new DataDirLockedError(dir, owner.pid);
      }
      // stale: its process is gone
      fs.rmSync(file, { force: true });
    }
  }
  throw new DataDirLockedError(dir, null);
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
