import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Papa from "papaparse";
import { isPersonalCode } from "@/lib/codes/mask";
import { ROOT } from "@/lib/demo/gansu";
import { demoAccounts, writeDemoFiles } from "@/lib/demo/demo";

/**
 * The structured data the server holds, from the same deterministic generator that loaded it
 * (lib/demo): units, records, joint-measure cases, the natural persons and the accounts. The tests
 * derive what they look for from here rather than from hand-typed lists.
 */
export interface DemoUnit {
  code: string;
  name: string;
  type: "region" | "department" | "agency";
  parent: string;
  region: string;
  line: string;
}

export interface DemoData {
  units: Map<string, DemoUnit>;
  /** record id → the unit that decided it */
  recordUnit: Map<string, string>;
  /** case id → the units that implement its measures */
  caseUnits: Map<string, Set<string>>;
  /** natural persons: ID number → name */
  persons: Map<string, string>;
  /** legal persons' names (companies) */
  companies: Set<string>;
  accounts: ReturnType<typeof demoAccounts>;
}

let cached: Promise<DemoData> | undefined;

export function demoData(): Promise<DemoData> {
  cached ??= load();
  return cached;
}

const rows = (file: string) => Papa.parse<Record<string, string>>(fs.readFileSync(file, "utf8"), { header: true, skipEmptyLines: true }).data;

async function load(): Promise<DemoData> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wx-demo-data-"));
  try {
    const files = await writeDemoFiles(dir);
    const units = new Map<string, DemoUnit>();
    for (const u of rows(files.units)) units.set(u.code!, { code: u.code!, name: u.name!, type: u.type as DemoUnit["type"], parent: u.parent_code ?? "", region: u.region_code ?? "", line: u.line_code ?? "" });
    const recordUnit = new Map<string, string>();
    const persons = new Map<string, string>();
    const companies = new Set<string>();
    for (const r of rows(files.records)) {
      recordUnit.set(r.record_id!, r.unit_code!);
      if (r.subject_type === "natural") persons.set(r.subject_code!, r.subject_name!);
      else companies.add(r.subject_name!);
    }
    const caseUnits = new Map<string, Set<string>>();
    for (const c of rows(files.cases)) {
      const set = caseUnits.get(c.case_id!) ?? new Set<string>();
      set.add(c.implementing_unit!);
      caseUnits.set(c.case_id!, set);
      // cases carry no subject type: a subject whose code is (or may be) an ID number is a person (lib/demo/joint.ts lists one)
      if (isPersonalCode(c.subject_code!)) persons.set(c.subject_code!, c.subject_name!);
      else companies.add(c.subject_name!);
    }
    const ranked = [...units.values()].filter((u) => (u.type === "region" && u.parent === ROOT.code) || u.type === "department").sort((a, b) => (a.code < b.code ? -1 : 1));
    return { units, recordUnit, caseUnits, persons, companies, accounts: demoAccounts(ranked) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The ranked units whose figures include `code` (README "Units"): a region and the regions above it
 * up to the root's children, a department, or for an agency the regions of its region_code and its
 * line department. These are the units whose people may see the unit's items.
 */
export function owners(data: DemoData, code: string): Set<string> {
  const out = new Set<string>();
  const u = data.units.get(code);
  if (!u) return out;
  const climb = (regionCode: string) => {
    for (let r = data.units.get(regionCode); r && r.code !== ROOT.code; r = data.units.get(r.parent)) out.add(r.code);
  };
  if (u.type === "region") climb(u.code);
  else if (u.type === "department") out.add(u.code);
  else {
    climb(u.region);
    if (u.line) out.add(u.line);
  }
  return out;
}
