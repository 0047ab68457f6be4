import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importFile } from "@/lib/ingest/import";
import { nameOf, unitNames, withNames } from "@/lib/unit-names";
import { freshDatabase, rollbackEach, type TestDatabase } from "../helpers/db";
import { csv, tempDir, writeText } from "../helpers/files";

/** Units' optional English names: imported without disturbing the CONTRACT's units format, looked up per page. */
let db: TestDatabase;
let dir: string;
const tx = rollbackEach(() => db);

const HEADER = ["code", "name", "type", "parent_code", "region_code", "line_code"];
const PLAIN = [
  ["620000", "甘肃省", "region", "", "", ""],
  ["620100", "兰州市", "region", "620000", "", ""],
  ["FGW", "甘肃省发展和改革委员会", "department", "", "620000", ""],
];
const file = (name: string, rows: string[][]) => writeText(dir, name, csv(rows));
const run = (path: string) => importFile(tx(), "units", path, { actor: "test", lang: "en" });
const stored = async () =>
  Object.fromEntries((await tx().query<{ code: string; name_en: string | null }>(`SELECT code, name_en FROM units ORDER BY code`)).map((r) => [r.code, r.name_en]));
const audits = async () => (await tx().query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'update' AND entity = 'units'`))[0]!.n;

beforeAll(async () => {
  db = await freshDatabase();
  dir = tempDir();
});

afterAll(async () => {
  await db?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("importing units with English names", () => {
  it("imports a file without the column as before (no English names)", async () => {
    const { summary } = await run(file("plain.csv", [HEADER, ...PLAIN]));
    expect(summary).toMatchObject({ rows: 3, inserted: 3, updated: 0, rejected: [] });
    expect(await stored()).toEqual({ "620000": null, "620100": null, FGW: null });
  });

  it("stores name_en (or 英文名称), audits the change, and a re-import of the same file changes nothing", async () => {
    await run(file("plain.csv", [HEADER, ...PLAIN]));
    const named = file("named.csv", [
      ["编码", "名称", "英文名称", "类型", "上级编码", "所属地区", "所属条线"],
      ["620000", "甘肃省", "Gansu Province", "region", "", "", ""],
      ["620100", "兰州市", "Lanzhou", "region", "620000", "", ""],
      ["FGW", "甘肃省发展和改革委员会", "Gansu Development and Reform Commission", "department", "", "620000", ""],
    ]);
    const first = await run(named);
    expect(first.summary).toMatchObject({ rows: 3, inserted: 0, updated: 3, unchanged: 0 });
    expect(await stored()).toEqual({ "620000": "Gansu Province", "620100": "Lanzhou", FGW: "Gansu Development and Reform Commission" });
    const [audit] = await tx().query<{ before: { name_en: string | null }; after: { name_en: string | null } }>(
      `SELECT before, after FROM audit_log WHERE entity = 'units' AND entity_key = '620100' AND action = 'update'`,
    );
    expect(audit).toMatchObject({ before: { name_en: null }, after: { name_en: "Lanzhou" } });
    const n = await audits();
    const again = await run(named);
    expect(again.summary).toMatchObject({ inserted: 0, updated: 0, unchanged: 3 });
    expect(await audits()).toBe(n);
  });

  it("keeps stored English names when a file without the column comes again (unchanged, not updated)", async () => {
    await run(file("en.csv", [[...HEADER, "name_en"], ...PLAIN.map((r) => [...r, r[0] === "620100" ? "Lanzhou" : ""])]));
    const { summary } = await run(file("plain.csv", [HEADER, ...PLAIN]));
    expect(summary).toMatchObject({ inserted: 0, updated: 0, unchanged: 3 });
    expect((await stored())["620100"]).toBe("Lanzhou");
    // a change to another column keeps it too
    const renamed = await run(file("renamed.csv", [HEADER, ...PLAIN.map((r) => (r[0] === "620100" ? ["620100", "兰州市人民政府", ...r.slice(2)] : r))]));
    expect(renamed.summary).toMatchObject({ updated: 1, unchanged: 2 });
    const [row] = await tx().query<{ name: string; name_en: string | null }>(`SELECT name, name_en FROM units WHERE code = '620100'`);
    expect(row).toEqual({ name: "兰州市人民政府", name_en: "Lanzhou" });
  });

  it("clears an English name when the file has the column and the cell is empty (the file says so)", async () => {
    await run(file("en.csv", [[...HEADER, "name_en"], ...PLAIN.map((r) => [...r, "X " + r[0]])]));
    const { summary } = await run(file("cleared.csv", [[...HEADER, "name_en"], ...PLAIN.map((r) => [...r, r[0] === "FGW" ? "" : "X " + r[0]])]));
    expect(summary).toMatchObject({ updated: 1, unchanged: 2 });
    expect(await stored()).toEqual({ "620000": "X 620000", "620100": "X 620100", FGW: null });
  });

  it("reads name_en from JSON lines: a line without the key keeps, an empty value clears", async () => {
    await run(file("en.csv", [[...HEADER, "name_en"], ...PLAIN.map((r) => [...r, "X " + r[0]])]));
    const lines = [
      { code: "620000", name: "甘肃省", type: "region" },
      { code: "620100", name: "兰州市", type: "region", parent_code: "620000", name_en: "" },
      { code: "FGW", name: "甘肃省发展和改革委员会", type: "department", region_code: "620000", name_en: "Gansu DRC" },
    ];
    const path = writeText(dir, "units.jsonl", lines.map((l) => JSON.stringify(l)).join("\n"));
    expect((await run(path)).summary).toMatchObject({ updated: 2, unchanged: 1 });
    expect(await stored()).toEqual({ "620000": "X 620000", "620100": null, FGW: "Gansu DRC" });
  });
});

describe("the name lookup", () => {
  it("shows the English name on English pages, the Chinese one otherwise, and follows an import", async () => {
    await run(file("en.csv", [[...HEADER, "name_en"], ...PLAIN.map((r) => [...r, r[0] === "620100" ? "Lanzhou" : ""])]));
    const names = await unitNames(tx());
    const en = nameOf(names, "en");
    const zh = nameOf(names, "zh");
    expect(en("620100")).toBe("Lanzhou");
    expect(zh("620100")).toBe("兰州市");
    expect(en("FGW")).toBe("甘肃省发展和改革委员会"); // no English name: the Chinese one
    // a published document's own (older) Chinese name stays on Chinese pages; English pages use the English name
    expect(zh("620100", "兰州")).toBe("兰州");
    expect(en("620100", "兰州")).toBe("Lanzhou");
    expect(en("GONE", "已撤销单位")).toBe("已撤销单位");
    expect(en("GONE")).toBe("GONE");
    expect(withNames([{ code: "620100", name: "兰州市", score: 90 }], en)).toEqual([{ code: "620100", name: "Lanzhou", score: 90 }]);
    // remembered while nothing changes; a new import is seen at once
    expect(await unitNames(tx())).toBe(names);
    await run(file("en2.csv", [[...HEADER, "name_en"], ...PLAIN.map((r) => [...r, r[0] === "620100" ? "Lanzhou City" : ""])]));
    expect(nameOf(await unitNames(tx()), "en")("620100")).toBe("Lanzhou City");
  });
});
