import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MIGRATIONS_FOLDER, type Connection } from "@/db/client";
import { submitReport } from "@/lib/notices/lifecycle";
import { freshDatabase } from "../helpers/db";

/**
 * The database defends itself (migration 0009): whatever code reaches it, append-only tables stay
 * append-only, an issued notice stays as issued, and every reference and enumerated value is checked.
 * Fixture rows are plain SQL, so each test shows exactly what is refused.
 */
let db: Connection & { drop(): Promise<void> };
let n = 0;
const next = () => ++n;

async function insert(table: string, row: Record<string, unknown>): Promise<number | undefined> {
  const cols = Object.keys(row);
  const [r] = await db.query<{ id?: number }>(
    `INSERT INTO ${table} (${cols.join(", ")}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(", ")}) RETURNING *`,
    Object.values(row),
  );
  return r?.id;
}

/** A notice for 620100 (a period of its own, so the one-original-per-period index never interferes). */
async function notice(over: Record<string, unknown> = {}): Promise<number> {
  const i = next();
  const id = await insert("notices", {
    period: `P${i}`,
    grp: "region",
    unit_code: "620100",
    rules: ["publication_late_over_half"],
    rules_version: 1,
    as_of: "2024-04-30",
    figures: "{}",
    worst_items: "[]",
    title: `通报 ${i}`,
    body: "请整改。",
    addressees: "兰州市人民政府",
    ...over,
  });
  return id!;
}

async function issuedNotice(): Promise<number> {
  const i = next();
  return notice({
    status: "issued",
    year: 2024,
    seq: i,
    number: `甘信用办通〔2024〕${i}号`,
    issued_by: "office",
    issued_at: "2024-05-06 09:00+08",
    rectification_due: "2024-05-17",
  });
}

const report = (noticeId: number, status = "submitted") => insert("rectification_reports", { notice_id: noticeId, submitted_by: "head-620100", body: "整改", status });

beforeAll(async () => {
  db = await freshDatabase();
  await db.exec(`INSERT INTO units (code, name, type, parent_code, region_code, line_code) VALUES
    ('620000', '甘肃省', 'region', NULL, '620000', NULL),
    ('620100', '兰州市', 'region', '620000', '620100', NULL),
    ('620200', '嘉峪关市', 'region', '620000', '620200', NULL)`);
});

afterAll(async () => {
  await db?.drop();
});

describe("append-only tables", () => {
  const rows: Record<string, () => Promise<unknown>> = {
    publications: () =>
      insert("publications", { period: "2024-03", version: next(), as_of: "2024-04-15", published_by: "office", method: "{}", document: "{}", json_body: "{}", csv_body: "" }),
    audit_log: () => insert("audit_log", { actor: "test", action: "update", entity: "records" }),
    access_log: () => insert("access_log", { username: "office", role: "office", action: "view:unit", target_unit: "620100", allowed: true }),
    notice_events: async () => insert("notice_events", { notice_id: await notice(), actor: "office", kind: "drafted" }),
  };

  for (const [table, add] of Object.entries(rows)) {
    it(`${table} refuses UPDATE, DELETE and TRUNCATE`, async () => {
      await add();
      await expect(db.query(`UPDATE ${table} SET id = id`)).rejects.toThrow(new RegExp(`${table} is append-only: UPDATE`));
      await expect(db.query(`DELETE FROM ${table}`)).rejects.toThrow(new RegExp(`${table} is append-only: DELETE`));
      await expect(db.exec(`TRUNCATE ${table}`)).rejects.toThrow(new RegExp(`${table} is append-only: TRUNCATE`));
      // and adding still works
      await add();
    });
  }
});

describe("notices", () => {
  it("an issued notice keeps its unit, period, rules and text; only its progress moves on", async () => {
    const id = await issuedNotice();
    for (const change of [`unit_code = '620200'`, `period = 'other'`, `rules = '{other_rule}'`, `title = 'changed'`, `status = 'draft'`]) {
      await expect(db.query(`UPDATE notices SET ${change} WHERE id = $1`, [id]), change).rejects.toThrow(/is issued and cannot be changed/);
    }
    await db.query(`UPDATE notices SET is_public = true, status = 'rectified' WHERE id = $1`, [id]);
    // a draft is still edited freely
    const draft = await notice();
    await db.query(`UPDATE notices SET unit_code = '620200', title = 'edited' WHERE id = $1`, [draft]);
  });

  it("are never deleted or truncated", async () => {
    const id = await notice();
    await expect(db.query(`DELETE FROM notices WHERE id = $1`, [id])).rejects.toThrow(/notices is append-only: DELETE/);
    // notice_events and the reports refer to notices, so a plain TRUNCATE is refused for that too;
    // with CASCADE the notices trigger itself refuses
    await expect(db.exec(`TRUNCATE notices`)).rejects.toThrow();
    await expect(db.exec(`TRUNCATE notices CASCADE`)).rejects.toThrow(/append-only: TRUNCATE/);
    expect((await db.query(`SELECT id FROM notices WHERE id = $1`, [id])).length).toBe(1);
  });

  it("allow one pending rectification report at a time", async () => {
    const id = await issuedNotice();
    await report(id, "returned");
    await report(id);
    await expect(report(id)).rejects.toThrow(/rectification_reports_one_pending/);
    await db.query(`UPDATE rectification_reports SET status = 'accepted' WHERE notice_id = $1 AND status = 'submitted'`, [id]);
    await report(id);
  });
});

describe("foreign keys refuse orphans", () => {
  const cases: [string, () => Promise<unknown>][] = [
    ["notice_events_notice_id_notices_id_fk", () => insert("notice_events", { notice_id: 999_999, actor: "office", kind: "drafted" })],
    ["rectification_reports_notice_id_notices_id_fk", () => report(999_999)],
    [
      "report_attachments_report_id_rectification_reports_id_fk",
      () => insert("report_attachments", { report_id: 999_999, file_name: "a.txt", content_type: "text/plain", bytes: 1, sha256: "x", data: Buffer.from("a") }),
    ],
    ["notices_refers_to_notices_id_fk", () => notice({ refers_to: 999_999 })],
    ["notices_unit_code_units_code_fk", () => notice({ unit_code: "999999" })],
    ["users_unit_code_units_code_fk", () => insert("users", { username: `u${next()}`, display_name: "x", password_hash: "x", role: "unit_head", unit_code: "999999" })],
  ];
  for (const [constraint, orphan] of cases) {
    it(constraint, async () => {
      await expect(orphan()).rejects.toThrow(new RegExp(`violates foreign key constraint "${constraint}"`));
    });
  }

  it("and accept the same rows when what they refer to exists", async () => {
    const id = await notice();
    await insert("notice_events", { notice_id: id, actor: "office", kind: "drafted" });
    const r = await report(id);
    await insert("report_attachments", { report_id: r, file_name: "a.txt", content_type: "text/plain", bytes: 1, sha256: "x", data: Buffer.from("a") });
    await notice({ refers_to: id });
    await insert("users", { username: `u${next()}`, display_name: "x", password_hash: "x", role: "unit_head", unit_code: "620100" });
  });
});

describe("enumerated columns refuse values outside their set", () => {
  const day = "2024-03-01";
  const base: Record<string, () => Record<string, unknown>> = {
    users: () => ({ username: `u${next()}`, display_name: "x", password_hash: "x", role: "clerk", unit_code: "620100" }),
    notices: () => ({}),
    rectification_reports: () => ({}),
    job_runs: () => ({ job: "close-period", run_key: `k${next()}`, trigger: "manual", instance: "test" }),
    calendar_days: () => ({ date: `2099-01-${String(next() % 28 + 1).padStart(2, "0")}`, is_workday: true, source: "override" }),
    records: () => ({
      record_id: `R${next()}`, kind: "license", unit_code: "620100", subject_type: "legal", subject_code: "x", subject_name: "x", decision_no: "x",
      decision_date: day, compliant: true, batch_id: 0,
    }),
    cases: () => ({
      case_id: `C${next()}`, measure_code: "M1", implementing_unit: "620100", initiating_unit: "620000", subject_code: "x", subject_name: "x",
      list_type: "black", area: "x", pushed_date: day, due_date: day, batch_id: 0,
    }),
    feedback: () => ({ case_id: `C${next()}`, measure_code: "M1", implementing_unit: "620100", feedback_date: day, result: "executed", note: "", batch_id: 0 }),
    objections: () => ({ objection_id: `O${next()}`, case_id: "C1", filed_date: day, outcome: "upheld", batch_id: 0 }),
    repairs: () => ({ repair_id: `X${next()}`, case_id: "C1", unit_code: "620100", applied_date: day, outcome: "approved", batch_id: 0 }),
    progress: () => ({ task_id: `T${next()}`, unit_code: "620100", report_date: day, status: "done", note: "", batch_id: 0 }),
    measures: () => ({ measure_code: `M${next()}`, effective_from: day, name: "x", legal_basis: "", list_level: "national", list_type: "black", mandatory: "1", batch_id: 0 }),
  };
  const add = async (table: string, over: Record<string, unknown>) => {
    if (table === "notices") return notice(over);
    if (table === "rectification_reports") return report(await issuedNotice(), over.status as string);
    return insert(table, { ...base[table]!(), ...over });
  };

  // [constraint, table, a refused value, values that are accepted]
  const cases: [string, string, Record<string, unknown>, Record<string, unknown>[]][] = [
    ["users_role_check", "users", { role: "admin" }, [{ role: "unit_head" }, { role: "clerk" }, { role: "office", unit_code: null }]],
    ["users_unit_by_role_check", "users", { role: "unit_head", unit_code: null }, []],
    ["users_unit_by_role_check", "users", { role: "office", unit_code: "620100" }, []],
    ["notices_grp_check", "notices", { grp: "city" }, [{ grp: "department" }]],
    ["notices_status_check", "notices", { status: "published" }, ["draft", "approved_once", "approved", "rectified"].map((status) => ({ status }))],
    ["rectification_reports_status_check", "rectification_reports", { status: "pending" }, [{ status: "returned" }, { status: "accepted" }]],
    ["job_runs_trigger_check", "job_runs", { trigger: "cron" }, [{ trigger: "schedule" }]],
    ["job_runs_outcome_check", "job_runs", { outcome: "skipped" }, [{ outcome: "running" }, { outcome: "ok" }, { outcome: "error" }]],
    ["calendar_days_source_check", "calendar_days", { source: "guess" }, [{ source: "weekday" }, { source: "official" }]],
    ["records_kind_check", "records", { kind: "permit" }, [{ kind: "penalty" }]],
    ["records_subject_type_check", "records", { subject_type: "company" }, [{ subject_type: "natural" }]],
    ["cases_list_type_check", "cases", { list_type: "grey" }, [{ list_type: "red" }, { list_type: "key_attention" }]],
    ["feedback_result_check", "feedback", { result: "done" }, [{ result: "not_applicable" }, { result: "suspended" }]],
    ["objections_outcome_check", "objections", { outcome: "maybe" }, [{ outcome: "rejected" }, { outcome: "" }]],
    ["repairs_outcome_check", "repairs", { outcome: "maybe" }, [{ outcome: "rejected" }, { outcome: "" }]],
    ["progress_status_check", "progress", { status: "stalled" }, [{ status: "not_started" }, { status: "in_progress" }]],
    ["cases_end_reason_check", "cases", { end_reason: "withdrawn" }, [{ end_reason: "" }, { end_reason: "objection_upheld" }, { end_reason: "term_expired" }]],
    ["measures_list_level_check", "measures", { list_level: "city" }, [{ list_level: "province" }]],
    ["measures_list_type_check", "measures", { list_type: "grey" }, [{ list_type: "key_attention" }]],
    ["measures_mandatory_check", "measures", { mandatory: "true" }, [{ mandatory: "0" }]],
  ];
  for (const [constraint, table, bad, good] of cases) {
    it(`${constraint} refuses ${JSON.stringify(bad)}`, async () => {
      await expect(add(table, bad)).rejects.toThrow(new RegExp(`violates check constraint "${constraint}"`));
      for (const ok of good) await add(table, ok);
    });
  }

  it("evidence keeps what a unit sent when the row is flagged for it (CONTRACT §2)", async () => {
    // lib/ingest stores an unknown or missing enumerated value as sent, with a flag naming it
    await add("records", { kind: "permit", flags: ["kind_invalid"], compliant: false });
    await add("records", { kind: "", subject_type: "", flags: ["kind_missing", "subject_type_missing"], compliant: false });
    await add("cases", { list_type: "灰名单", flags: ["list_type_invalid"] });
    await add("feedback", { result: "", flags: ["result_missing"] });
    await add("objections", { outcome: "maybe", flags: ["outcome_invalid"] });
    await add("repairs", { outcome: "maybe", flags: ["outcome_invalid"] });
    await add("progress", { status: "stalled", flags: ["status_invalid"] });
    // another column's flag is no excuse
    await expect(add("records", { kind: "permit", flags: ["subject_type_invalid"] })).rejects.toThrow(/records_kind_check/);
  });
});

describe("report attachments", () => {
  // every byte value, behind a PNG signature so the lifecycle accepts it as an image
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(Array.from({ length: 256 }, (_, i) => i))]);

  it("are stored as bytea and come back byte for byte", async () => {
    const id = await issuedNotice();
    const head = { username: "head-620100", name: "兰州市负责人", role: "unit_head" as const, unitCode: "620100" };
    const reportId = await submitReport(db, head, id, { body: "整改完成。", attachments: [{ fileName: "照片.png", data: png }] });
    const [row] = await db.query<{ data: Uint8Array; type: string; same_hash: boolean; same_size: boolean }>(
      `SELECT data, pg_typeof(data)::text AS type, encode(sha256(data), 'hex') = sha256 AS same_hash, octet_length(data) = bytes AS same_size
       FROM report_attachments WHERE report_id = $1`,
      [reportId],
    );
    expect(row).toMatchObject({ type: "bytea", same_hash: true, same_size: true });
    expect(Buffer.from(row!.data).equals(png)).toBe(true);
  });

  it("bind a plain Uint8Array as bytea too", async () => {
    const r = await report(await notice());
    const bytes = new Uint8Array([0, 1, 2, 253, 254, 255]);
    await insert("report_attachments", { report_id: r, file_name: "a.bin", content_type: "text/plain", bytes: bytes.length, sha256: "x", data: bytes });
    const [row] = await db.query<{ data: Uint8Array }>(`SELECT data FROM report_attachments WHERE report_id = $1`, [r]);
    expect([...row!.data]).toEqual([...bytes]);
  });

  it("stored as base64 text before migration 0009 are decoded by it", async () => {
    // migrate a scratch PGlite to 0008, store an attachment the old way, then apply 0009
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wx-migrations-"));
    const pg = await PGlite.create();
    try {
      fs.cpSync(MIGRATIONS_FOLDER, dir, { recursive: true });
      const journalFile = path.join(dir, "meta", "_journal.json");
      const journal = JSON.parse(fs.readFileSync(journalFile, "utf8")) as { entries: { tag: string }[] };
      const full = structuredClone(journal);
      journal.entries = journal.entries.filter((e) => e.tag < "0009");
      fs.writeFileSync(journalFile, JSON.stringify(journal));
      const orm = drizzle({ client: pg });
      await migrate(orm, { migrationsFolder: dir });
      await pg.exec(`INSERT INTO notices (period, grp, unit_code, rules, rules_version, as_of, figures, worst_items, title, body, addressees)
                     VALUES ('2024-03', 'region', '620100', '{}', 1, '2024-04-30', '{}', '[]', 't', 'b', 'a')`);
      await pg.exec(`INSERT INTO rectification_reports (notice_id, submitted_by, body) VALUES (1, 'head-620100', 'r')`);
      await pg.query(`INSERT INTO report_attachments (report_id, file_name, content_type, bytes, sha256, data) VALUES (1, 'p.png', 'image/png', $1, 'x', $2)`, [
        png.length,
        png.toString("base64"),
      ]);
      // 0009 adds notices → units: the unit must exist by then, as it does in any real deployment
      await pg.exec(`INSERT INTO units (code, name, type) VALUES ('620100', '兰州市', 'region')`);
      fs.writeFileSync(journalFile, JSON.stringify(full));
      await migrate(orm, { migrationsFolder: dir });
      const { rows } = await pg.query<{ data: Uint8Array }>(`SELECT data FROM report_attachments`);
      expect(Buffer.from(rows[0]!.data).equals(png)).toBe(true);
    } finally {
      await pg.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
