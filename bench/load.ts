import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { runLoad } from "./signed-in-load";

/**
 * Signed-in users browsing at month end (bench/signed-in-load.ts says what they do and what counts as
 * an error): p50/p95/p99 latency and the error rate. Against a running demo deployment given by its
 * URL, or else an app started here with the demo on its own embedded database (built if needed).
 * WENXIAO_LOAD_USERS (default 200), WENXIAO_LOAD_SECONDS (default 60), WENXIAO_LOAD_THINK_MS (default
 * 0: the next page as soon as the last arrived), WENXIAO_LOAD_TIMEOUT_S (default 60, a reverse proxy's usual
 * limit: a request unanswered by then is an error). Usage: npm run bench:load [-- http://localhost:3000]
 */
const USERS = Number(process.env.WENXIAO_LOAD_USERS ?? 200);
const SECONDS = Number(process.env.WENXIAO_LOAD_SECONDS ?? 60);
const THINK_MS = Number(process.env.WENXIAO_LOAD_THINK_MS ?? 0);
const TIMEOUT_S = Number(process.env.WENXIAO_LOAD_TIMEOUT_S ?? 60);

async function startApp(): Promise<{ base: string; stop: () => Promise<void> }> {
  const port = 3950 + Math.floor(Math.random() * 40);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wx-bench-load-"));
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), WENXIAO_DATA_DIR: path.join(dir, "data"), WENXIAO_JOBS: "0", NODE_ENV: "production" };
  delete env.DATABASE_URL;
  const app = spawn(process.execPath, ["--import", "tsx", "--import", "./scripts/server-only.mjs", "scripts/start.ts"], { env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let log = "";
  app.stdout.on("data", (d) => (log += d));
  app.stderr.on("data", (d) => (log += d));
  const base = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (app.pid && app.exitCode === null) process.kill(-app.pid, "SIGTERM");
    await new Promise((r) => setTimeout(r, 1500));
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 600_000;
  for (;;) {
    if (app.exitCode !== null) throw new Error(`the app stopped:\n${log}`);
    try {
      if ((await fetch(`${base}/methodology`)).ok) return { base, stop };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the app did not start in time:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

async function main() {
  const given = process.argv[2];
  const app = given ? { base: given.replace(/\/$/, ""), stop: async () => {} } : await startApp();
  try {
    const r = await runLoad({ base: app.base, users: USERS, seconds: SECONDS, thinkMs: THINK_MS, timeoutMs: TIMEOUT_S * 1000, log: (l) => console.log(l) });
    console.log(
      `bench/load on ${r.machine}, loopback, ${given ? app.base : "an app started here"}: ${r.users} signed-in users (${r.accounts} accounts) for ${r.seconds} s (last answer after ${r.elapsed_s} s), think time ${r.think_ms} ms, timeout ${TIMEOUT_S} s: ` +
        `${r.requests.toLocaleString("en-US")} requests (${r.requests_per_s} req/s), p50 ${r.p50_ms} ms, p95 ${r.p95_ms} ms, p99 ${r.p99_ms} ms, max ${r.max_ms} ms, ` +
        `errors ${r.errors} (${(r.error_rate * 100).toFixed(2)} %)`,
    );
    console.table(r.by_kind);
    if (r.error_samples.length) console.log(`errors, first ones:\n${r.error_samples.join("\n")}`);
    console.log(JSON.stringify(r));
  } finally {
    await app.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
