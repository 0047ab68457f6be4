import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import type { TestProject } from "vitest/node";

/**
 * Starts the app as `npm start` does (build if needed, migrate, load the demo) on its own embedded
 * database and port, and stops it after the run. With WENXIAO_E2E_PG (a PostgreSQL server's URL,
 * postgres://postgres@127.0.0.1:5432) the app runs instead on a fresh database of that server,
 * dropped afterwards: `npm run reliability` measures the load on both databases so.
 */
let child: ChildProcess | undefined;
let dir: string | undefined;
let pgDatabase: { server: string; name: string } | undefined;

export async function setup(project: TestProject) {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "wx-e2e-"));
  // WENXIAO_E2E_PORT: a fixed port, for a machine where each engineer keeps to a range of ports
  const port = Number(process.env.WENXIAO_E2E_PORT) || 3300 + Math.floor(Math.random() * 500);
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), WENXIAO_DATA_DIR: path.join(dir, "data"), WENXIAO_JOBS: "0" };
  delete env.DATABASE_URL;
  const server = process.env.WENXIAO_E2E_PG;
  if (server) {
    pgDatabase = { server, name: `wx_e2e_${process.pid}_${Date.now()}` };
    await adminQuery(server, `CREATE DATABASE ${pgDatabase.name}`);
    env.DATABASE_URL = `${server.replace(/\/+$/, "")}/${pgDatabase.name}`;
    env.WENXIAO_DEMO = "1";
    env.AUTH_SECRET ??= randomBytes(32).toString("base64");
  }
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
  if (pgDatabase) await adminQuery(pgDatabase.server, `DROP DATABASE IF EXISTS ${pgDatabase.name} WITH (FORCE)`);
}

/** A statement on the server's maintenance database (CREATE/DROP DATABASE cannot run in a transaction). */
async function adminQuery(server: string, statement: string) {
  const sql = postgres(`${server.replace(/\/+$/, "")}/postgres`, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(statement);
  } finally {
    await sql.end();
  }
}

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
  }
}
