import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { recordFigure } from "../helpers/figures";

// A lock left by a process that died is taken over — by exactly one of several processes starting
// at once (db/lock.ts). Each round: a stale lock, 6 contenders released at the same instant.
// a contender's outcome (its first line) and how to let it go: a winner holds the lock until its
// stdin closes, so every contender of a round tries while the winner still holds it
const run = (dir: string, start: number) => {
  const child = spawn(process.execPath, ["--import", "tsx", "--import", "./scripts/server-only.mjs", "tests/integration/lock/contender.ts", dir, String(start)], { cwd: process.cwd() });
  const outcome = new Promise<string>((resolve) => {
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes("\n")) resolve(out.split("\n")[0]!.trim());
    });
    child.on("close", () => resolve(out.trim()));
  });
  const done = new Promise<void>((resolve) => child.on("close", () => resolve()));
  return { outcome, finish: () => (child.stdin.end(), done) };
};

describe("the embedded database's lock", () => {
  it("is taken over from a dead process by exactly one of several starting together", { timeout: 180_000 }, async () => {
    let winners = 0;
    const rounds = 4;
    for (let round = 0; round < rounds; round++) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wx-lock-"));
      // a lock whose process is gone (pid 2^22 + round is beyond any live pid here)
      fs.writeFileSync(path.join(dir, "wenxiao.lock"), JSON.stringify({ pid: 4_194_304 + round, host: os.hostname(), since: "2026-01-01T00:00:00Z" }));
      const start = Date.now() + 4000;
      const contenders = Array.from({ length: 6 }, () => run(dir, start));
      const outcomes = await Promise.all(contenders.map((c) => c.outcome));
      await Promise.all(contenders.map((c) => c.finish()));
      expect(outcomes.filter((o) => o === "acquired"), `round ${round}: ${outcomes.join(", ")}`).toHaveLength(1);
      winners += outcomes.filter((o) => o === "acquired").length;
      expect(outcomes.filter((o) => o !== "acquired").every((o) => o === "DataDirLockedError")).toBe(true);
      // and no litter is left beside it
      expect(fs.readdirSync(dir).filter((f) => f !== "wenxiao.lock")).toEqual([]);
      fs.rmSync(dir, { recursive: true, force: true });
    }
    recordFigure("lock.takeover", { rounds, processes_per_round: 6, winners, rounds_with_two_winners: winners - rounds });
  });
});
