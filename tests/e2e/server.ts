import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";

/**
 * Starts the app as `npm start` does (build if needed, migrate, load the demo) on its own embedded
 * database and port, and stops it after the run.
 */
let child: ChildProcess | undefined;
let dir: string | undefined;

export async function setup(project: TestProject) {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "wx-e2e-"));
  // WENXIAO_E2E_PORT: a port of one's own on a shared machine
  const port = Number(process.env.WENXIAO_E2E_PORT) || 3300 + Math.floor(Math.random() * 500);
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), WENXIAO_DATA_DIR: path.join(dir, "data"), WENXIAO_JOBS: "0" };
  delete env.DATABASE_URL;
  child = spawn(process.execPath, ["--import", "tsx", "--import", "./scripts/server-only.mjs", "scripts/start.ts"], { env: { ...env, NODE_ENV: "production" }, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let log = "";
  child.stdout!.on("data", (d) => (log += d));
  child.stderr!.on("data", (d) => (log += d));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 540_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the app stopped:\n${log}`);
    try {
      const r = await fetch(`${base}/methodology`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the app did not start in time:\n${log}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
  project.provide("baseUrl", base);
}

export async function teardown() {
  if (child?.pid) {
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      // already gone
    }
  }
  await new Promise((r) => setTimeout(r, 1500));
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
  }
}
