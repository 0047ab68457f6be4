import { afterEach, describe, expect, it } from "vitest";
import { demoMode, reloadEnv } from "@/lib/env";

// CONTRACT §1: the demo (and its accounts) on the embedded database unless WENXIAO_DEMO=0; on a server
// named by DATABASE_URL only with WENXIAO_DEMO=1.
const saved = { url: process.env.DATABASE_URL, demo: process.env.WENXIAO_DEMO };
function set(url: string | undefined, demo: string | undefined) {
  if (url === undefined) delete process.env.DATABASE_URL;
  else process.env.DATABASE_URL = url;
  if (demo === undefined) delete process.env.WENXIAO_DEMO;
  else process.env.WENXIAO_DEMO = demo;
  reloadEnv();
}
afterEach(() => set(saved.url, saved.demo));

describe("demo mode", () => {
  it("is on for the embedded database unless turned off", () => {
    set(undefined, undefined);
    expect(demoMode()).toBe(true);
    set(undefined, "0");
    expect(demoMode()).toBe(false);
  });

  it("is off on a PostgreSQL server unless asked for", () => {
    set("postgres://db.example/wenxiao", undefined);
    expect(demoMode()).toBe(false);
    set("postgres://db.example/wenxiao", "1");
    expect(demoMode()).toBe(true);
  });
});
