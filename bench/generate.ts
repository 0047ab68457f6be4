import fs from "node:fs";
import { once } from "node:events";
import { creditCodeCheckChar } from "@/lib/codes";
import { rng } from "@/lib/demo/random";

/**
 * Deterministic evidence of any size for benchmarks: a province of 14 cities with 6 counties
 * each, 40 departments with an agency in every city and county, and N records spread over a year.
 */
export interface Province {
  units: string[][];
  agencies: string[];
}

export function province(): Province {
  const units: string[][] = [["code", "name", "type", "parent_code", "region_code", "line_code"]];
  units.push(["620000", "甘肃省", "region", "", "", ""]);
  const regions: string[] = [];
  for (let c = 1; c <= 14; c++) {
    const city = `62${String(c).padStart(2, "0")}00`;
    units.push([city, `城市${c}`, "region", "620000", "", ""]);
    regions.push(city);
    for (let k = 1; k <= 6; k++) {
      const county = `62${String(c).padStart(2, "0")}${String(k).padStart(2, "0")}`;
      units.push([county, `城市${c}县${k}`, "region", city, "", ""]);
      regions.push(county);
    }
  }
  const agencies: string[] = [];
  for (let d = 1; d <= 40; d++) {
    const dept = `D${String(d).padStart(2, "0")}`;
    units.push([dept, `省直部门${d}`, "department", "", "620000", ""]);
    for (const r of regions) {
      const code = `${dept}-${r}`;
      units.push([code, `${r}部门${d}`, "agency", "", r, dept]);
      agencies.push(code);
    }
  }
  return { units, agencies };
}

const CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";

function iso(dayOfYear: number, year: number): string {
  return new Date(Date.UTC(year, 0, 1 + dayOfYear)).toISOString().slice(0, 10);
}

/** Writes N records (CSV, contract headers) for `year`, keys in random order like real submissions. */
export async function writeRecords(file: string, n: number, agencies: string[], year = 2024, seed = 42): Promise<void> {
  const rand = rng(seed);
  const out = fs.createWriteStream(file);
  out.write("record_id,kind,unit_code,subject_type,subject_code,subject_name,decision_no,decision_date,published_date,received_date\n");
  let buf: string[] = [];
  for (let i = 0; i < n; i++) {
    const unit = agencies[Math.floor(rand() * agencies.length)]!;
    const day = Math.floor(rand() * 360);
    let first17 = "91620";
    for (let j = 0; j < 12; j++) first17 += CHARS[Math.floor(rand() * 31)];
    const code = rand() < 0.02 ? `${first17}0` : first17 + creditCodeCheckChar(first17);
    const lag = Math.floor(rand() * 14);
    const published = rand() < 0.05 ? "" : iso(day + lag, year);
    const received = rand() < 0.05 ? "" : iso(day + Math.floor(rand() * 12), year);
    // ids are a hash-like permutation of i: unique, but not arriving in order
    const id = `R${year}${(((i * 2654435761) >>> 0) ^ seed).toString(36).padStart(7, "0")}${i.toString(36)}`;
    buf.push(`${id},${rand() < 0.7 ? "license" : "penalty"},${unit},legal,${code},某某有限公司${i % 1000},决字〔${year}〕${i}号,${iso(day, year)},${published},${received}\n`);
    if (buf.length === 10_000) {
      if (!out.write(buf.join(""))) await once(out, "drain");
      buf = [];
    }
  }
  out.write(buf.join(""));
  out.end();
  await once(out, "finish");
}

export function writeCsv(file: string, rows: string[][]): void {
  fs.writeFileSync(file, rows.map((r) => r.join(",")).join("\n") + "\n");
}
