import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importFile } from "@/lib/ingest/import";
import { IMPORT_KINDS, type ImportKind } from "@/lib/ingest/kinds";
import { buildTemplate, EXAMPLE_UNIT, type TemplateFormat } from "@/lib/ingest/templates";
import { freshDatabase, rollbackEach, type TestDatabase } from "../helpers/db";
import { insertUnits } from "../helpers/fixtures";
import { tempDir, writeText, writeXlsx } from "../helpers/files";

/**
 * The templates filled in as they are (the example row) import with the CLI's importer on a fresh
 * deployment that has the example's unit; the kinds in an order where each example finds what it
 * names (the feedback its case, the progress its task).
 */
let db: TestDatabase;
let dir: string;
const tx = rollbackEach(() => db);

// units first; the obligations before their feedback, receipts, notifications, objections and repairs; tasks before progress
const ORDER: ImportKind[] = [
  "units", "calendar", "records", "stats", "measures", "cases", "receipts", "notifications", "feedback", "objections", "repairs", "credit_checks", "tasks", "progress",
];

beforeAll(async () => {
  db = await freshDatabase();
  dir = tempDir();
  // the test province's root and 兰州市: the unit the examples name
  await insertUnits(db, [EXAMPLE_UNIT]);
});

afterAll(async () => {
  await db?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("every template imports as it is", () => {
  it("covers every kind", () => {
    expect([...ORDER].sort()).toEqual([...IMPORT_KINDS].sort());
  });

  for (const format of ["xlsx", "csv"] as TemplateFormat[]) {
    it(`${format}: each kind's example row is stored (inserted 1, rejected 0), and again changes nothing`, async () => {
      for (const kind of ORDER) {
        const t = await buildTemplate(kind, format);
        const file = path.join(dir, `${kind}.${format}`);
        fs.writeFileSync(file, t.body);
        const { summary } = await importFile(tx(), kind, file, { actor: "test", lang: "en" });
        expect(summary, kind).toEqual({ kind, rows: 1, inserted: 1, updated: 0, unchanged: 0, superseded: 0, rejected: [] });
        const again = await importFile(tx(), kind, file, { actor: "test", lang: "en" });
        expect(again.summary, kind).toMatchObject({ rows: 1, inserted: 0, updated: 0, unchanged: 1, rejected: [] });
      }
      // the example record is a compliant licence of the example unit, with its dates
      expect(await tx().query(`SELECT record_id, kind, unit_code, subject_type, compliant, decision_date, published_date FROM records`)).toEqual([
        { record_id: "XK-2026-000001", kind: "license", unit_code: EXAMPLE_UNIT, subject_type: "legal", compliant: true, decision_date: "2026-03-02", published_date: "2026-03-05" },
      ]);
      expect(await tx().query(`SELECT result FROM feedback`)).toEqual([{ result: "executed" }]);
      expect(await tx().query(`SELECT status, percent FROM progress`)).toEqual([{ status: "in_progress", percent: 60 }]);
      // the joint-measures examples fit together: the case's measure is on the list, the case ended by the repair
      expect(await tx().query(`SELECT measure_code, list_level, list_type, mandatory FROM measures`)).toEqual([{ measure_code: "M-07", list_level: "national", list_type: "black", mandatory: "1" }]);
      expect(await tx().query(`SELECT listed_date, ended_date, end_reason, flags FROM cases`)).toEqual([{ listed_date: "2026-02-26", ended_date: "2026-04-15", end_reason: "repaired", flags: [] }]);
      expect(await tx().query(`SELECT received_date FROM receipts`)).toEqual([{ received_date: "2026-03-03" }]);
      expect(await tx().query(`SELECT accepted_date, completed_date, removed_date FROM repairs`)).toEqual([{ accepted_date: "2026-04-02", completed_date: "2026-04-10", removed_date: "2026-04-15" }]);
      expect(await tx().query(`SELECT licences, checked, flags FROM credit_checks`)).toEqual([{ licences: 120, checked: 118, flags: [] }]);
    });
  }

  it("rejects the example row where its unit does not exist, naming the unit", async () => {
    await tx().query(`DELETE FROM units WHERE code = $1`, [EXAMPLE_UNIT]);
    const file = path.join(dir, "records-nounit.csv");
    fs.writeFileSync(file, (await buildTemplate("records", "csv")).body);
    const { summary } = await importFile(tx(), "records", file, { actor: "test", lang: "en" });
    expect(summary.inserted).toBe(0);
    expect(summary.rejected).toEqual([{ row: 1, errors: [`unit_code: unit "${EXAMPLE_UNIT}" does not exist (import it with units first)`] }]);
  });
});

describe("the CLI imports every template as it is", () => {
  // one CLI start per file (a few seconds each): the records templates, the kind clerks deliver most; every kind
  // goes through the same importFile above
  it("the records template as xlsx then csv: exit 0, inserted 1, then unchanged", async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, WENXIAO_DATA_DIR: path.join(dir, "cli-data") };
    const server = process.env.DATABASE_URL;
    const name = `wx_tmpl_cli_${Date.now().toString(36)}`;
    if (server) {
      spawnSync("psql", [server, "-qc", `CREATE DATABASE ${name}`]);
      const u = new URL(server);
      u.pathname = `/${name}`;
      env.DATABASE_URL = u.toString();
    }
    const cli = (args: string[]) => {
      const r = spawnSync(process.execPath, ["--import", "tsx", "--import", "./scripts/server-only.mjs", "cli/wenxiao.ts", ...args], { env, encoding: "utf8", cwd: process.cwd() });
      return { code: r.status, summary: r.stdout ? (JSON.parse(r.stdout) as Record<string, unknown>) : r.stderr };
    };
    try {
      const units = writeText(dir, "cli-units.csv", "code,name,type,parent_code\n620000,甘肃省,region,\n620100,兰州市,region,620000\n");
      expect(cli(["import", "units", units])).toMatchObject({ code: 0, summary: { inserted: 2 } });
      for (const format of ["xlsx", "csv"] as TemplateFormat[]) {
        const file = path.join(dir, `cli-records.${format}`);
        // the file a user downloads, written as it comes
        fs.writeFileSync(file, (await buildTemplate("records", format)).body);
        const expected = format === "xlsx" ? { inserted: 1, updated: 0 } : { inserted: 0, unchanged: 1 };
        expect(cli(["import", "records", file]), format).toMatchObject({ code: 0, summary: { kind: "records", rows: 1, ...expected, rejected: [] } });
      }
    } finally {
      if (server) spawnSync("psql", [server, "-qc", `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]);
    }
  }, 180_000);
});

describe("a file with the headers of a provincial 双公示 export", () => {
  const HEADER = [
    "记录编号", "类别", "决定机关编码", "行政相对人名称", "行政相对人类别", "行政相对人代码_1", "法定代表人", "行政许可决定文书名称",
    "行政许可决定文书号", "许可类别", "许可内容", "许可决定日期", "有效期自", "有效期至", "许可机关", "许可机关统一社会信用代码",
    "数据来源单位", "数据来源单位统一社会信用代码", "公示时间", "备注",
  ];
  const row = (id: string, type: string, name: string) => [
    id, "行政许可", EXAMPLE_UNIT, name, type, "91350100M000100Y43", "张三", "食品经营许可证", `兰市监许〔2026〕${id}号`, "普通",
    "预包装食品销售", "2026-03-02", "2026-03-02", "2031-03-01", "兰州市市场监督管理局", "11620100MB1234567X", "兰州市市场监督管理局",
    "11620100MB1234567X", "2026/3/5", "",
  ];

  for (const format of ["xlsx", "csv"] as const) {
    it(`${format}: imports, reading the fields it shares with ours and leaving the others out`, async () => {
      const rows = [HEADER, row("S1", "法人及非法人组织", "某某食品有限公司"), row("S2", "个体工商户", "某某便利店")];
      const file =
        format === "xlsx"
          ? await writeXlsx(dir, "shuanggongshi.xlsx", rows)
          : writeText(dir, "shuanggongshi.csv", rows.map((r) => r.join(",")).join("\r\n") + "\r\n", "gb18030");
      const { summary } = await importFile(tx(), "records", file, { actor: "test", lang: "en" });
      expect(summary).toMatchObject({ rows: 2, inserted: 2, rejected: [] });
      expect(await tx().query(`SELECT record_id, kind, subject_type, subject_name, decision_no, decision_date, published_date, compliant FROM records ORDER BY record_id`)).toEqual([
        { record_id: "S1", kind: "license", subject_type: "legal", subject_name: "某某食品有限公司", decision_no: "兰市监许〔2026〕S1号", decision_date: "2026-03-02", published_date: "2026-03-05", compliant: true },
        { record_id: "S2", kind: "license", subject_type: "legal", subject_name: "某某便利店", decision_no: "兰市监许〔2026〕S2号", decision_date: "2026-03-02", published_date: "2026-03-05", compliant: true },
      ]);
    });
  }

  it("refuses a file with both a licence's and a penalty's decision date, naming the two columns", async () => {
    const file = writeText(dir, "both.csv", "记录编号,类别,决定机关编码,许可决定日期,处罚决定日期\nS1,行政许可,620100,2026-03-02,\n", "utf8bom");
    await expect(importFile(tx(), "records", file, { actor: "test", lang: "zh" })).rejects.toThrow("列“许可决定日期”和列“处罚决定日期”都对应字段 decision_date：请删除其中一列或改名");
  });
});
