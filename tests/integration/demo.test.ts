import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Connection } from "@/db/client";
import { DEMO_JOINT_METHOD_FROM, DEMO_PASSWORD, loadDemo } from "@/lib/demo/demo";
import { JOINT_MISTAKES } from "@/lib/demo/joint";
import { publishedJointMonths } from "@/lib/publication/public-read";
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

  it("publishes by the contract's method before its joint-method month and by the joint method from it", async () => {
    expect(DEMO_JOINT_METHOD_FROM).toBe("2026-09");
    const rows = await db.query<{ period: string; version: number; name: string | null; from: string | null; keys: string[] }>(
      `SELECT period, version, method->>'name' AS name, method->>'joint_from' AS from,
         (SELECT array_agg(k ORDER BY k) FROM jsonb_object_keys(document->'groups'->'region'->0->'indicators') k) AS keys
       FROM publications ORDER BY period, version`,
    );
    const byMethod = rows.map((r) => [`${r.period} v${r.version}`, r.name ?? "contract", r.keys.length, r.from]);
    expect(byMethod).toEqual([
      ["2026-08 v1", "contract", 6, null],
      ["2026-09 v1", "joint", 16, "2026-09"],
      ["2026-09 v2", "joint", 16, "2026-09"],
      ["2026-10 v1", "joint", 16, "2026-09"],
      ["2026-Q3 v1", "joint", 16, "2026-09"],
    ]);
    expect(rows[1]!.keys).toContain("mandatory_feedback_coverage");
  });

  it("the public page's joint-measures sums: the published months, the joint figures only under the joint method, summed from the documents", async () => {
    const months = await publishedJointMonths(db);
    expect(months.map((m) => [m.period, m.method])).toEqual([
      ["2026-10", "joint"],
      ["2026-09", "joint"],
      ["2026-08", "contract"],
    ]);
    expect(months[2]!.groups.region.mandatory_feedback_coverage).toBeUndefined();
    expect(months[2]!.groups.region.feedback_coverage!.denominator).toBeGreaterThan(0);
    // the latest version of 2026-09, summed over its regions
    const [doc] = await db.query<{ document: { groups: { region: { indicators: Record<string, { numerator: number; denominator: number }> }[] } } }>(
      `SELECT document FROM publications WHERE period = '2026-09' ORDER BY version DESC LIMIT 1`,
    );
    const sum = (k: string) => doc!.document.groups.region.reduce((s, e) => s + e.indicators[k]!.denominator, 0);
    expect(months[1]!.groups.region.mandatory_feedback_coverage!.denominator).toBe(sum("mandatory_feedback_coverage"));
    expect(months[1]!.groups.region.push_timeliness!.denominator).toBe(sum("push_timeliness"));
    // the initiators are departments: their pushes count in the departments' sums, none in the regions'
    expect(months[1]!.groups.department.push_timeliness!.denominator).toBeGreaterThan(0);
  });

  it("has units that differ: someone leads and someone trails", async () => {
    const [row] = await db.query<{ document: { groups: { region: { score: number | null }[] } } }>(`SELECT document FROM publications WHERE period = '2026-10'`);
    const scores = row!.document.groups.region.map((e) => e.score!).filter((s) => s !== null);
    expect(Math.max(...scores) - Math.min(...scores)).toBeGreaterThan(10);
  });

  it("has the joint-measures cycle: lists, listings and ends, receipts, notifications, repairs, credit checks, all imported whole", async () => {
    const [n] = await db.query<Record<string, number>>(
      `SELECT (SELECT count(*) FROM measures)::int AS measures, (SELECT count(*) FROM receipts)::int AS receipts,
         (SELECT count(*) FROM notifications)::int AS notifications, (SELECT count(*) FROM repairs)::int AS repairs,
         (SELECT count(*) FROM credit_checks)::int AS credit_checks, (SELECT count(*) FROM cases WHERE listed_date IS NOT NULL)::int AS listed,
         (SELECT count(*) FROM cases)::int AS cases, (SELECT count(DISTINCT end_reason) FROM cases WHERE end_reason <> '')::int AS reasons`,
    );
    expect(n!.measures).toBe(26);
    expect(n!.listed).toBe(n!.cases);
    expect(n!.reasons).toBe(4);
    for (const k of ["receipts", "notifications", "repairs", "credit_checks"]) expect(n![k], k).toBeGreaterThan(0);
    const rejected = await db.query<{ kind: string; rejected: number }>(`SELECT kind, rejected FROM import_batches WHERE channel = 'demo' AND rejected > 0`);
    expect(rejected).toEqual([]);
    // the deliberate mistakes are there, as the README describes them
    const { offList, afterRepair, keyAttention, redAndBlack, notWithdrawn } = JOINT_MISTAKES;
    const [m] = await db.query<Record<string, boolean>>(
      `SELECT
         EXISTS (SELECT 1 FROM feedback f WHERE f.case_id = $1 AND f.measure_code = $2 AND f.result = 'executed' AND NOT EXISTS (SELECT 1 FROM measures m WHERE m.measure_code = f.measure_code)) AS off_list,
         EXISTS (SELECT 1 FROM feedback f JOIN cases c USING (case_id, measure_code, implementing_unit) WHERE f.case_id = $3 AND c.end_reason = 'repaired' AND f.feedback_date > c.ended_date) AS after_repair,
         (SELECT count(DISTINCT area) FROM cases WHERE case_id = ANY($4::text[]) AND list_type = 'key_attention') = 3 AND (SELECT count(DISTINCT subject_code) FROM cases WHERE case_id = ANY($4::text[])) = 1 AS key_attention,
         (SELECT count(DISTINCT list_type) FROM cases WHERE case_id = ANY($5::text[])) = 2 AND (SELECT count(DISTINCT subject_code) FROM cases WHERE case_id = ANY($5::text[])) = 1 AS red_and_black,
         EXISTS (SELECT 1 FROM objections WHERE objection_id = $6 AND outcome = 'upheld' AND withdrawn_date IS NULL) AS not_withdrawn`,
      [offList.caseId, offList.measure, afterRepair.caseId, keyAttention.caseIds, redAndBlack.caseIds, notWithdrawn.objectionId],
    );
    expect(m).toEqual({ off_list: true, after_repair: true, key_attention: true, red_and_black: true, not_withdrawn: true });
    // the late receipts are the 地税局's
    const late = await db.query<{ line: string; late: number }>(
      `SELECT u.line_code AS line, avg((r.received_date - c.pushed_date > 10)::int)::float8 AS late FROM receipts r
       JOIN cases c USING (case_id, measure_code, implementing_unit) JOIN units u ON u.code = r.implementing_unit GROUP BY u.line_code HAVING count(*) >= 20 ORDER BY late DESC LIMIT 2`,
    );
    expect(late[0]!.line).toBe("DSJ");
    expect(late[0]!.late).toBeGreaterThan(0.5);
    expect(late[1]!.late).toBeLessThan(0.2);
  });
});
