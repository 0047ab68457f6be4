import { randomBytes } from "node:crypto";
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
  // the lock appears whole or not at all: written aside, then linked into place (link fails if it exists)
  const mine = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
  fs.writeFileSync(mine, me);
  try {
    for (let attempt = 0; attempt < 20; attempt++) {
      try {
        fs.linkSync(mine, file);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
        const seen = readText(file);
        const owner = parseOwner(seen);
        if (owner && owner.host === os.hostname() && isAlive(owner.pid) && owner.pid !== process.pid) {
          throw new DataDirLockedError(dir, owner.pid);
        }
        takeOverStale(file, seen);
        continue;
      }
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
    }
  } finally {
    fs.rmSync(mine, { force: true });
  }
  throw new DataDirLockedError(dir, null);
}

/**
 * Removes a lock whose process is gone, while holding a second, short-lived lock (`.takeover`): only
 * its holder may remove a lock file, and it removes the one it read as stale only if it is still that
 * one. (Moving the lock aside and putting back one that had turned out live left a moment without a
 * lock, in which a third process could take it beside its owner.) A takeover lock whose process died
 * mid-takeover is itself stale and removed.
 */
function takeOverStale(file: string, seen: string | undefined): void {
  const guard = `${file}.takeover`;
  const mine = `${guard}.${process.pid}.${randomBytes(4).toString("hex")}`;
  fs.writeFileSync(mine, JSON.stringify({ pid: process.pid, host: os.hostname() }));
  try {
    try {
      fs.linkSync(mine, guard);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const holder = parseOwner(readText(guard));
      // another process is taking over right now: let it; the caller's next attempt reads the result
      if (holder && holder.host === os.hostname() && isAlive(holder.pid)) return waitBriefly();
      fs.rmSync(guard, { force: true });
      return;
    }
    try {
      if (readText(file) === seen) fs.rmSync(file, { force: true });
    } finally {
      fs.rmSync(guard, { force: true });
    }
  } finally {
    fs.rmSync(mine, { force: true });
  }
}

/** A few milliseconds for another process's takeover to finish (a takeover is a read and an unlink). */
function waitBriefly(): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

function parseOwner(text: string | undefined): { pid: number; host: string } | undefined {
  if (text === undefined) return undefined;
  try {
    const parsed = JSON.parse(text) as { pid?: unknown; host?: unknown };
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
