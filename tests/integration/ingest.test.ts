import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importFile } from "@/lib/ingest/import";
import { freshDatabase, rollbackEach, type TestDatabase } from "../helpers/db";
import { csv, tempDir, writeText, writeXlsx } from "../helpers/files";

let db: TestDatabase;
let dir: string;
// the units are the file's; what a test imports is rolled back after it
const tx = rollbackEach(() => db);

const UNITS = csv([
  ["code", "name", "type", "parent_code", "region_code", "line_code"],
  ["620000", "甘肃省", "region", "", "", ""],
  ["620100", "兰州市", "region", "620000", "", ""],
  ["SCJGJ", "省市场监管局", "department", "", "620000", ""],
  ["A1", "兰州市市场监管局", "agency", "", "620100", "SCJGJ"],
]);
const RECORD_HEADER = ["record_id", "kind", "unit_code", "subject_type", "subject_code", "subject_name", "decision_no", "decision_date", "published_date", "received_date"];
const rec = (id: string, over: Partial<Record<string, string>> = {}) =>
  RECORD_HEADER.map((h) => over[h] ?? { record_id: id, kind: "license", unit_code: "A1", subject_type: "legal", subject_code: "91350100M000100Y43", subject_name: "某公司", decision_no: `许〔2024〕${id}号`, decision_date: "2024-03-01", published_date: "2024-03-05", received_date: "2024-03-06" }[h]!);

/** Seven records: four stored (R2 and R6 not compliant), three rejected (rows 3–5). */
const recordsFile = () =>
  writeText(dir, "records.csv", csv([
    RECORD_HEADER,
    rec("R1"),
    rec("R2", { subject_code: "91350100M000100Y44" }), // wrong check character: stored, not compliant
    rec("R3", { unit_code: "NOPE" }), // unknown unit: rejected
    rec("", {}), // no key: rejected
    rec("R5", { decision_date: "2024-02-30" }), // impossible date: rejected
    rec("R6", { published_date: "2024-02-01" }), // published before decision: stored, not compliant
    rec("R7", { subject_type: "natural", subject_code: "11010519491231002X", published_date: "" }),
  ]));

const count = async (table: string) => (await tx().query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]!.n;
const run = (kind: Parameters<typeof importFile>[1], file: string, lang: "zh" | "en" = "en") => importFile(tx(), kind, file, { actor: "test", lang });

beforeAll(async () => {
  db = await freshDatabase();
  dir = tempDir();
  const r = await importFile(db, "units", writeText(dir, "units.csv", UNITS), { actor: "test", lang: "en" });
  expect(r.summary).toMatchObject({ rows: 4, inserted: 4, rejected: [] });
});

afterAll(async () => {
  await db?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("importing records", () => {
  it("stores attributable rows with their quality, rejects the others with row, field and reason", async () => {
    const { summary } = await run("records", recordsFile());
    expect(summary).toMatchObject({ kind: "records", rows: 7, inserted: 4, updated: 0, unchanged: 0, superseded: 0 });
    expect(summary.rejected.map((r) => r.row)).toEqual([3, 4, 5]);
    expect(summary.rejected[0]!.errors[0]).toMatch(/unit_code: unit "NOPE" does not exist/);
    expect(summary.rejected[1]!.errors[0]).toMatch(/record_id: is required/);
    expect(summary.rejected[2]!.errors[0]).toMatch(/decision_date: unreadable date "2024-02-30"/);
    const stored = await tx().query<{ record_id: string; compliant: boolean; flags: string[]; published_date: string | null }>(
      `SELECT record_id, compliant, flags, published_date FROM records ORDER BY record_id`,
    );
    expect(stored).toEqual([
      { record_id: "R1", compliant: true, flags: [], published_date: "2024-03-05" },
      { record_id: "R2", compliant: false, flags: ["subject_code_invalid"], published_date: "2024-03-05" },
      { record_id: "R6", compliant: false, flags: ["published_before_decision"], published_date: "2024-02-01" },
      { record_id: "R7", compliant: true, flags: [], published_date: null },
    ]);
  });

  it("gives reasons in Chinese by default", async () => {
    const file = writeText(dir, "zh.csv", csv([RECORD_HEADER, rec("R3", { unit_code: "NOPE" })]));
    const { summary } = await run("records", file, "zh");
    expect(summary.rejected[0]!.errors[0]).toBe("unit_code：单位“NOPE”不存在（请先导入 units）");
  });

  it("changes nothing when the same file comes again", async () => {
    await run("records", recordsFile());
    const before = await count("audit_log");
    const { summary } = await run("records", recordsFile());
    expect(summary).toMatchObject({ rows: 7, inserted: 0, updated: 0, unchanged: 4 });
    expect(summary.rejected).toHaveLength(3);
    // only the batch's own audit row
    expect(await count("audit_log")).toBe(before + 1);
  });

  it("updates a corrected row and audits its values before and after; the last row of a key wins", async () => {
    await run("records", recordsFile());
    const file = writeText(dir, "fix.csv", csv([
      RECORD_HEADER,
      rec("R2", { subject_code: "91350100M000100Y43" }), // corrected
      rec("R9", { published_date: "2024-03-20" }),
      rec("R9", { published_date: "2024-03-08" }), // supersedes the row above
      rec("R1"),
    ]));
    const { summary, batchId } = await run("records", file);
    expect(summary).toMatchObject({ rows: 4, inserted: 1, updated: 1, unchanged: 1, superseded: 1, rejected: [] });
    const [r9] = await tx().query<{ published_date: string }>(`SELECT published_date FROM records WHERE record_id = 'R9'`);
    expect(r9!.published_date).toBe("2024-03-08");
    const audit = await tx().query<{ entity_key: string; before: { subject_code: string; compliant: boolean }; after: { subject_code: string; compliant: boolean }; batch_id: number }>(
      `SELECT entity_key, before, after, batch_id FROM audit_log WHERE action = 'update' AND entity = 'records'`,
    );
    expect(audit).toEqual([
      {
        entity_key: "R2",
        batch_id: batchId,
        before: expect.objectContaining({ subject_code: "91350100M000100Y44", compliant: false }),
        after: expect.objectContaining({ subject_code: "91350100M000100Y43", compliant: true }),
      },
    ]);
    const [batch] = await tx().query<{ file_name: string; file_sha256: string; inserted: number; updated: number; superseded: number }>(
      `SELECT file_name, file_sha256, inserted, updated, superseded FROM import_batches WHERE id = $1`,
      [batchId],
    );
    expect(batch).toMatchObject({ file_name: "fix.csv", inserted: 1, updated: 1, superseded: 1 });
    expect(batch!.file_sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it("reads UTF-8 with a BOM, GB18030 and UTF-16 with Chinese headers", async () => {
    const zhHeader = ["行政相对人记录编号", "类别", "决定机关编码", "主体类型", "统一社会信用代码/身份证号", "主体名称", "决定文书号", "决定日期", "公示日期", "归集日期"];
    const body = (id: string) => csv([zhHeader, ["" + id, "行政处罚", "A1", "法人", "91350100M000100Y43", "兰州某某餐饮有限公司", `兰市监罚〔2024〕${id}号`, "2024/3/4", "2024年3月6日", "20240307"]]);
    for (const [enc, id] of [["utf8bom", "B1"], ["gb18030", "G1"], ["utf16le", "U1"]] as const) {
      const { summary } = await run("records", writeText(dir, `${enc}.csv`, body(id), enc));
      expect(summary, enc).toMatchObject({ inserted: 1, rejected: [] });
      const [row] = await tx().query<{ kind: string; subject_type: string; subject_name: string; decision_date: string; published_date: string; received_date: string }>(
        `SELECT kind, subject_type, subject_name, decision_date, published_date, received_date FROM records WHERE record_id = $1`,
        [id],
      );
      expect(row, enc).toEqual({ kind: "penalty", subject_type: "legal", subject_name: "兰州某某餐饮有限公司", decision_date: "2024-03-04", published_date: "2024-03-06", received_date: "2024-03-07" });
    }
  });

  it("reads the first sheet of an XLSX with real date cells, and JSON Lines", async () => {
    const xlsx = await writeXlsx(dir, "records.xlsx", [RECORD_HEADER, ["X1", "license", "A1", "legal", "91350100M000100Y43", "某公司", "许1号", new Date(Date.UTC(2024, 2, 1)), new Date(Date.UTC(2024, 2, 4)), ""]]);
    expect((await run("records", xlsx)).summary).toMatchObject({ rows: 1, inserted: 1, rejected: [] });
    const [x1] = await tx().query<{ decision_date: string; published_date: string }>(`SELECT decision_date, published_date FROM records WHERE record_id = 'X1'`);
    expect(x1).toEqual({ decision_date: "2024-03-01", published_date: "2024-03-04" });
    const jsonl = writeText(dir, "records.jsonl", [
      JSON.stringify({ record_id: "J1", kind: "license", unit_code: "A1", subject_type: "legal", subject_code: "91350100M000100Y43", subject_name: "某公司", decision_no: "许2号", decision_date: "2024-03-01", published_date: null, received_date: null }),
      "",
      JSON.stringify({ record_id: "J2", kind: "license", unit_code: "ZZ", subject_type: "legal", subject_code: "91350100M000100Y43", subject_name: "某公司", decision_no: "许3号", decision_date: "2024-03-01" }),
    ].join("\n"));
    const { summary } = await run("records", jsonl);
    expect(summary).toMatchObject({ rows: 2, inserted: 1 });
    expect(summary.rejected.map((r) => r.row)).toEqual([2]);
  });
});

describe("a broken file stores nothing and says why", () => {
  const cases: [string, () => Promise<string>, RegExp][] = [
    ["a truncated XLSX", async () => {
      const ok = await writeXlsx(dir, "full.xlsx", [RECORD_HEADER, ["T1", "license", "A1", "legal", "91350100M000100Y43", "某公司", "许1号", "2024-03-01", "", ""]]);
      const bytes = fs.readFileSync(ok);
      const cut = path.join(dir, "cut.xlsx");
      fs.writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
      return cut;
    }, /not a valid XLSX/],
    ["binary garbage named .csv", async () => {
      const f = path.join(dir, "garbage.csv");
      fs.writeFileSync(f, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
      return f;
    }, /binary content/],
    ["binary garbage named .xlsx", async () => {
      const f = path.join(dir, "garbage.xlsx");
      fs.writeFileSync(f, Buffer.from("this is not a spreadsheet at all, just text pretending"));
      return f;
    }, /not a valid XLSX/],
    ["a wrong header", async () => writeText(dir, "wrong.csv", csv([["record_id", "kind", "unit", "decision_date"], ["W1", "license", "A1", "2024-03-01"]])), /unknown column\(s\): unit/],
    ["a missing required column", async () => writeText(dir, "missing.csv", csv([["record_id", "kind", "unit_code"], ["W1", "license", "A1"]])), /missing required column\(s\): subject_type/],
    ["an empty file", async () => writeText(dir, "empty.csv", ""), /empty/],
    ["an unclosed quote", async () => writeText(dir, "quote.csv", csv([RECORD_HEADER, rec("Q1")]) + 'Q2,"license,A1\n'), /row 2 is malformed/],
    ["an unsupported extension", async () => writeText(dir, "records.txt", "x"), /unsupported file type/],
    ["a file that does not exist", async () => path.join(dir, "nowhere.csv"), /file not found/],
  ];
  for (const [name, make, message] of cases) {
    it(name, async () => {
      const before = { records: await count("records"), batches: await count("import_batches"), audit: await count("audit_log") };
      const file = await make();
      await expect(run("records", file)).rejects.toThrow(message);
      expect({ records: await count("records"), batches: await count("import_batches"), audit: await count("audit_log") }).toEqual(before);
    });
  }

  it("rejects only the row with the wrong number of fields", async () => {
    const file = writeText(dir, "shifted.csv", csv([RECORD_HEADER, rec("S1"), [...rec("S2"), "extra"]]));
    const { summary } = await run("records", file);
    expect(summary).toMatchObject({ rows: 2, inserted: 1 });
    expect(summary.rejected).toEqual([{ row: 2, errors: [expect.stringMatching(/11 fields, the header 10 columns/)] }]);
  });
});

describe("the other kinds", () => {
  it("imports stats, cases, feedback, objections, repairs, tasks and progress with their references", async () => {
    const s = await run("stats", writeText(dir, "stats.csv", csv([
      ["单位编码", "目录项", "期间", "应归集数", "已归集数"],
      ["A1", "行政许可", "2024-03", "10", "12"],
      ["A1", "行政处罚", "2024-3", "5", "x"], // bad count: rejected
      ["NOPE", "行政许可", "2024-03", "1", "1"],
    ])));
    expect(s.summary).toMatchObject({ rows: 3, inserted: 1 });
    expect(s.summary.rejected.map((r) => r.row)).toEqual([2, 3]);

    const cases = await run("cases", writeText(dir, "cases.csv", csv([
      ["case_id", "initiating_unit", "subject_code", "subject_name", "list_type", "area", "measure_code", "implementing_unit", "pushed_date", "due_date"],
      ["C1", "SCJGJ", "91350100M000100Y43", "某公司", "黑名单", "食品安全", "M1", "A1", "2024-03-01", "2024-03-15"],
      ["C1", "SCJGJ", "91350100M000100Y43", "某公司", "black", "食品安全", "M2", "A1", "2024-03-01", ""], // no due date
    ])));
    expect(cases.summary).toMatchObject({ rows: 2, inserted: 1 });
    expect(cases.summary.rejected[0]!.errors[0]).toMatch(/due_date: date is required/);

    const fb = await run("feedback", writeText(dir, "feedback.csv", csv([
      ["case_id", "measure_code", "implementing_unit", "feedback_date", "result", "note"],
      ["C1", "M1", "A1", "2024-03-10", "已执行", "限制招投标"],
      ["C1", "M9", "A1", "2024-03-10", "executed", ""], // no such obligation
    ])));
    expect(fb.summary).toMatchObject({ rows: 2, inserted: 1 });
    expect(fb.summary.rejected[0]!.errors[0]).toMatch(/obligation "C1\/M9\/A1" does not exist/);

    const ob = await run("objections", writeText(dir, "objections.csv", csv([
      ["objection_id", "case_id", "filed_date", "resolved_date", "outcome"],
      ["O1", "C1", "2024-03-05", "", ""],
      ["O2", "C404", "2024-03-05", "", ""],
    ])));
    expect(ob.summary).toMatchObject({ rows: 2, inserted: 1 });
    expect(ob.summary.rejected[0]!.errors[0]).toMatch(/case "C404" does not exist/);

    const rp = await run("repairs", writeText(dir, "repairs.csv", csv([
      ["repair_id", "case_id", "unit_code", "applied_date", "completed_date", "outcome"],
      ["F1", "C1", "A1", "2024-04-01", "2024-04-10", "approved"],
    ])));
    expect(rp.summary).toMatchObject({ rows: 1, inserted: 1, rejected: [] });

    const tk = await run("tasks", writeText(dir, "tasks.csv", csv([
      ["task_id", "title", "lead_unit", "cooperating_units", "due_date", "target"],
      ["T1", "双公示", "SCJGJ", "A1、620100", "2024-12-31", "95%"],
      ["T2", "归集", "SCJGJ", "A1;GHOST", "2024-12-31", ""],
    ])));
    expect(tk.summary).toMatchObject({ rows: 2, inserted: 1 });
    expect(tk.summary.rejected[0]!.errors[0]).toMatch(/cooperating_units: unit "GHOST"/);

    const pg = await run("progress", writeText(dir, "progress.csv", csv([
      ["task_id", "unit_code", "report_date", "status", "percent", "note"],
      ["T1", "SCJGJ", "2024-06-30", "进行中", "60%", "系统对接完成"],
      ["T2", "SCJGJ", "2024-06-30", "done", "100", ""],
    ])));
    expect(pg.summary).toMatchObject({ rows: 2, inserted: 1 });
    const [p] = await tx().query<{ status: string; percent: number }>(`SELECT status, percent FROM progress`);
    expect(p).toEqual({ status: "in_progress", percent: 60 });
  });

  it("rejects a unit whose parent exists neither in the database nor in the file", async () => {
    const { summary } = await run("units", writeText(dir, "units2.csv", csv([
      ["编码", "名称", "类型", "上级编码", "所属地区", "所属条线"],
      ["620102", "城关区", "地区", "620100", "", ""],
      ["620103", "七里河区", "region", "629999", "", ""],
      ["620104-X", "西固区机构", "agency", "", "620104", "SCJGJ"], // its region arrives later in the same file
      ["620104", "西固区", "region", "620100", "", ""],
    ])));
    expect(summary).toMatchObject({ rows: 4, inserted: 3 });
    expect(summary.rejected).toEqual([{ row: 2, errors: [expect.stringMatching(/parent_code: unit "629999" does not exist/)] }]);
  });
});

describe("calendar overrides", () => {
  it("overrides a day, audits it, and loads a new year whole", async () => {
    const file = writeText(dir, "cal.csv", csv([["date", "is_workday"], ["2026-12-31", "0"], ["2027-01-01", "0"], ["2027-02-07", "1"]]));
    const { summary } = await run("calendar", file);
    expect(summary).toMatchObject({ rows: 3, inserted: 2, updated: 1, unchanged: 0 });
    const again = await run("calendar", file);
    expect(again.summary).toMatchObject({ inserted: 0, updated: 0, unchanged: 3 });
    const [y] = await tx().query<{ n: number }>(`SELECT count(*)::int AS n FROM calendar_days WHERE date >= '2027-01-01' AND date < '2028-01-01'`);
    expect(y!.n).toBe(365);
    const audit = await tx().query<{ entity_key: string }>(`SELECT entity_key FROM audit_log WHERE entity = 'calendar' AND action = 'update'`);
    expect(audit).toEqual([{ entity_key: "2026-12-31" }]);
  });
});
