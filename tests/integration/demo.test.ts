import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Connection } from "@/db/client";
import { DEMO_PASSWORD, loadDemo } from "@/lib/demo/demo";
import { signInWithPassword } from "@/lib/auth/login";
import { reloadEnv } from "@/lib/env";
import { ID_NUMBER_PATTERN } from "@/lib/codes";
import { freshDatabase } from "../helpers/db";

let db: Connection & { drop(): Promise<void> };

beforeAll(async () => {
  db = await freshDatabase();
  await loadDemo(db, { scale: 0.25 });
}, 300_000);

afterAll(async () => {
  await db?.drop();
});

describe("the demo deployment", () => {
  it("has Gansu's cities and 兰州新区 as ranked regions, and about 40 departments", async () => {
    const regions = await db.query<{ code: string }>(`SELECT code FROM units WHERE type = 'region' AND parent_code = '620000' ORDER BY code`);
    expect(regions.map((r) => r.code)).toEqual(["620100", "620171", "620200", "620300", "620400", "620500", "620600", "620700", "620800", "620900", "621000", "621100", "621200", "622900", "623000"]);
    const [d] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM units WHERE type = 'department'`);
    expect(d!.n).toBe(40);
  });

  it("has the contract's accounts, with hashed passwords, signing in only in demo mode", async () => {
    const signIn = async (username: string, password: string) => {
      const r = await signInWithPassword(db, username, password, null);
      return r.ok ? r.user : r.reason;
    };
    process.env.WENXIAO_DEMO = "1";
    reloadEnv();
    try {
      expect(await signIn("office", DEMO_PASSWORD)).toMatchObject({ role: "office", unitCode: null });
      expect(await signIn("head-620100", DEMO_PASSWORD)).toMatchObject({ role: "unit_head", unitCode: "620100" });
      expect(await signIn("clerk-620100", DEMO_PASSWORD)).toMatchObject({ role: "clerk", unitCode: "620100" });
      expect(await signIn("head-GSJ", DEMO_PASSWORD)).toMatchObject({ role: "unit_head", unitCode: "GSJ" });
      expect(await signIn("head-620200", "wrong")).toBe("invalid");
      process.env.WENXIAO_DEMO = "0";
      reloadEnv();
      expect(await signIn("office", DEMO_PASSWORD)).toBe("demo_off");
    } finally {
      delete process.env.WENXIAO_DEMO;
      reloadEnv();
    }
    const [{ demo }] = (await db.query<{ demo: number }>(`SELECT count(*)::int AS demo FROM users WHERE NOT demo`)) as [{ demo: number }];
    expect(demo).toBe(0);
    const [{ n }] = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM users WHERE password_hash NOT LIKE 'scrypt$%' OR password_hash LIKE '%${DEMO_PASSWORD}%'`)) as [{ n: number }];
    expect(n).toBe(0);
    const [{ heads }] = (await db.query<{ heads: number }>(`SELECT count(*)::int AS heads FROM users WHERE role = 'unit_head'`)) as [{ heads: number }];
    expect(heads).toBe(55);
  });

  it("has at least three published periods, one corrected, and no natural person in any of them", async () => {
    const periods = await db.query<{ period: string; versions: number }>(`SELECT period, count(*)::int AS versions FROM publications GROUP BY period ORDER BY period`);
    expect(periods.length).toBeGreaterThanOrEqual(3);
    expect(periods.some((p) => p.versions > 1)).toBe(true);
    const people = await db.query<{ subject_code: string; subject_name: string }>(`SELECT DISTINCT subject_code, subject_name FROM records WHERE subject_type = 'natural'`);
    expect(people.length).toBeGreaterThan(10);
    const bodies = await db.query<{ b: string }>(`SELECT json_body || csv_body || document::text AS b FROM publications`);
    for (const { b } of bodies) {
      expect(b.match(ID_NUMBER_PATTERN)).toBeNull();
      for (const p of people) expect(b.includes(p.subject_name), p.subject_name).toBe(false);
    }
  });

  it("has units that differ: someone leads and someone trails", async () => {
    const [row] = await db.query<{ document: { groups: { region: { score: number | null }[] } } }>(`SELECT document FROM publications WHERE period = '2026-10'`);
    const scores = row!.document.groups.region.map((e) => e.score!).filter((s) => s !== null);
    expect(Math.max(...scores) - Math.min(...scores)).toBeGreaterThan(10);
  });
});
