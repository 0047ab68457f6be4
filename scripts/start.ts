import { spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import next from "next";
import { getDb } from "@/lib/db";
import { isEmpty, loadDemo } from "@/lib/demo/demo";
import { authSecret } from "@/lib/auth/secret";
import { dataDir, demoMode, env } from "@/lib/env";
import { publicContentVersion } from "@/lib/publication/public-read";
import { PublicResponseCache } from "@/lib/publication/response-cache";
import { formTargets } from "@/lib/web/csp";
import { isPageRequest, replaceNotFoundShell } from "@/lib/web/not-found-front";
import { startScheduler } from "@/jobs";
import { startScoreWarmer } from "@/lib/scoring/warm";
import { failInterruptedUploads } from "@/lib/ingest/upload";

/**
 * `npm start`: build when the sources are newer than the last build, migrate the database (and load
 * the shipped calendar), load the demo into an empty database in demo mode (lib/env.ts demoMode()), then serve on
 * PORT (default 3000): Next.js behind a small cache of the public pages' finished bytes.
 */
const root = process.cwd();
const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");

function newestSourceTime(): number {
  let newest = 0;
  const visit = (p: string) => {
    const st = fs.statSync(p, { throwIfNoEntry: false });
    if (!st) return;
    if (st.isDirectory()) {
      for (const e of fs.readdirSync(p)) visit(path.join(p, e));
    } else newest = Math.max(newest, st.mtimeMs);
  };
  for (const p of ["app", "components", "lib", "db", "jobs", "auth.ts", "proxy.ts", "next.config.ts", "package-lock.json"]) visit(path.join(root, p));
  return newest;
}

function buildIfNeeded() {
  const buildId = path.join(root, ".next", "BUILD_ID");
  const built = fs.statSync(buildId, { throwIfNoEntry: false });
  if (built && built.mtimeMs >= newestSourceTime()) return;
  console.log("构建中 / building …");
  const r = spawnSync(process.execPath, [nextBin, "build"], { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

async function main() {
  // no session key, no start: with DATABASE_URL it must be given (lib/auth/secret.ts)
  authSecret({ fromEnv: env().AUTH_SECRET, databaseUrl: env().DATABASE_URL, dataDir: dataDir() });
  buildIfNeeded();
  // the one connection of this process; Next's server code finds it on globalThis (lib/db.ts)
  const db = await getDb();
  if (demoMode() && (await isEmpty(db))) {
    console.log("载入演示数据 / loading the demo deployment (WENXIAO_DEMO=0 skips it) …");
    await loadDemo(db, { log: (s) => console.log(s) });
  }
  // an upload being checked or imported when the last server stopped did not finish (nothing of it was stored)
  const interrupted = await failInterruptedUploads(db);
  if (interrupted > 0) console.log(`${interrupted} 个上传文件的检查或导入因重启中断 / ${interrupted} upload(s) interrupted by the restart`);
  const port = env().PORT;
  const app = next({ dev: false, dir: root, hostname: "localhost", port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const host = env().HOST;
  // the cache renders pages through this same server
  const self = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;
  const cache = new PublicResponseCache(`http://${self}:${port}`, () => publicContentVersion(db), formTargets());
  const server = http.createServer((req, res) => {
    // the address sign-in limits and audit rows use: the socket's, never one a client sends
    req.headers["x-wenxiao-client"] = req.socket.remoteAddress ?? "";
    void (async () => {
      if (cache.isCacheable(req) && (await cache.serve(req, res))) return;
      // a notFound() page is answered with the server-rendered 404 page in the request's language
      if (isPageRequest(req)) replaceNotFoundShell(req, res, `http://${self}:${port}`);
      await handle(req, res);
    })().catch((e: unknown) => {
      console.error(e);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  // an idle kept-alive connection is closed after 65 s, not Node's 5 s: a client (or a reverse proxy)
  // that sends its next request just as the server closes the socket gets a reset, and on the embedded
  // database, whose queries hold this thread, the server's timer fires late (headers may take as long)
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.on("error", (e: NodeJS.ErrnoException) => {
    console.error(
      e.code === "EADDRINUSE"
        ? `端口 ${port} 已被占用，请用 PORT 指定其他端口 / port ${port} is in use: set PORT to another one`
        : `无法启动服务 / cannot serve: ${e.message}`,
    );
    void db.close().finally(() => process.exit(1));
  });
  server.listen(port, host, () => console.log(`问效 Wenxiao: http://${host === "127.0.0.1" ? "localhost" : host}:${port}`));
  // scheduled jobs run in this process; with PostgreSQL, other instances' schedulers claim the same
  // runs in the database, so each runs once (lib/jobs/runner.ts)
  const stopJobs = env().WENXIAO_JOBS === "0" ? () => {} : startScheduler(db, (line) => console.log(line));
  // the pages' figures scored when the evidence changes, not when the first person asks
  const stopWarmer = startScoreWarmer(db, (line) => console.log(line));
  const stop = () => {
    stopJobs();
    stopWarmer();
    server.close();
    void app.close().finally(() => db.close().finally(() => process.exit(0)));
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
