import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { openDatabase } from "@/db";
import { isEmpty, loadDemo } from "@/db/seed/demo";
import { env } from "@/lib/env";

/**
 * `npm start`: build when the sources are newer than the last build, migrate the database
 * (and load the shipped calendar), load the demo into an empty database unless WENXIAO_DEMO=0,
 * then serve on PORT (default 3000).
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
  for (const p of ["app", "components", "lib", "db", "next.config.ts", "package-lock.json"]) visit(path.join(root, p));
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
  buildIfNeeded();
  // migrate before serving; the connection is closed again so that the server can take the
  // embedded database's lock
  const db = await openDatabase();
  try {
    if (env().WENXIAO_DEMO !== "0" && (await isEmpty(db))) {
      console.log("载入演示数据 / loading the demo deployment (WENXIAO_DEMO=0 skips it) …");
      await loadDemo(db, { log: (s) => console.log(s) });
    }
  } finally {
    await db.close();
  }
  const port = String(env().PORT);
  console.log(`问效 Wenxiao: http://localhost:${port}`);
  const child = spawn(process.execPath, [nextBin, "start", "-p", port], { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  const stop = (sig: NodeJS.Signals) => child.kill(sig);
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  child.on("exit", (code) => process.exit(code ?? 0));
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
