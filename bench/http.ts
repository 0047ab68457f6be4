import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";

/**
 * The public page and the open-data JSON under load on loopback, beside a bare Node HTTP server
 * returning the same bytes, in the same run. Bounded: each target gets BENCH_SECONDS (default 10)
 * with BENCH_CONNECTIONS (default 20) connections. Starts the app with the demo on its own
 * embedded database (building it if needed). Usage: npm run bench:http
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const PORT = 3900 + Math.floor(Math.random() * 50);
const BARE_PORT = PORT + 50;

async function load(url: string) {
  const r = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, pipelining: 1 });
  // autocannon reports p90 and p97.5; p95 lies between them
  return { rps: r.requests.average, p90: r.latency.p90, p975: r.latency.p97_5, errors: r.errors + r.non2xx };
}

async function waitFor(url: string, child: ReturnType<typeof spawn>, log: () => string) {
  const deadline = Date.now() + 600_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the app stopped:\n${log()}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error("the app did not start");
    await new Promise((r) => setTimeout(r, 1000));
  }
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wx-bench-http-"));
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(PORT), WENXIAO_DATA_DIR: path.join(dir, "data"), WENXIAO_JOBS: "0" };
  delete env.DATABASE_URL;
  const app = spawn(process.execPath, ["--import", "tsx", "--import", "./scripts/server-only.mjs", "scripts/start.ts"], { env: { ...env, NODE_ENV: "production" }, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let log = "";
  app.stdout.on("data", (d) => (log += d));
  app.stderr.on("data", (d) => (log += d));
  const base = `http://127.0.0.1:${PORT}`;
  try {
    await waitFor(`${base}/methodology`, app, () => log);
    const targets = [
      { name: "public page /", path: "/", type: "text/html; charset=utf-8" },
      { name: "open data /open-data/rankings.json?period=2026-10", path: "/open-data/rankings.json?period=2026-10", type: "application/json; charset=utf-8" },
    ];
    console.log(`bench/http on ${os.cpus().length} cores; ${CONNECTIONS} connections, ${SECONDS} s each, loopback`);
    for (const t of targets) {
      const bytes = Buffer.from(await (await fetch(base + t.path)).arrayBuffer());
      const bare = http.createServer((_req, res) => {
        res.writeHead(200, { "content-type": t.type, "content-length": bytes.length });
        res.end(bytes);
      });
      await new Promise<void>((r) => bare.listen(BARE_PORT, "127.0.0.1", r));
      await load(base + t.path); // warm-up
      const ours = await load(base + t.path);
      const ceiling = await load(`http://127.0.0.1:${BARE_PORT}${t.path}`);
      await new Promise((r) => bare.close(r));
      console.log(
        `${t.name} (${bytes.length.toLocaleString("en-US")} bytes): Wenxiao ${Math.round(ours.rps).toLocaleString("en-US")} req/s, p90–p97.5 ${ours.p90}–${ours.p975} ms, errors ${ours.errors}; ` +
          `bare Node ${Math.round(ceiling.rps).toLocaleString("en-US")} req/s, p90–p97.5 ${ceiling.p90}–${ceiling.p975} ms; ratio ${(ours.rps / ceiling.rps).toFixed(2)}`,
      );
    }
  } finally {
    if (app.pid) process.kill(-app.pid, "SIGTERM");
    await new Promise((r) => setTimeout(r, 1500));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
