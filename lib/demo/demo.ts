import "server-only";
import { once } from "node:events";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Sql } from "@/db/client";
import type { Connection } from "@/db/client";
import { hashPassword } from "@/lib/auth/password";
import type { Role } from "@/lib/auth/users";
import { creditCodeCheckChar, idNumberCheckChar } from "@/lib/codes";
import { importFile } from "@/lib/ingest/import";
import type { ImportKind } from "@/lib/ingest/kinds";
import { systemActor } from "@/lib/auth/actor";
import { publishPeriod } from "@/lib/publication/publish";
import { setJointMethodFrom } from "@/lib/scoring/joint-method";
import { setMinSample } from "@/lib/scoring/method";
import { AREAS, CITIES, COMPANY_TRADES, COMPANY_WORDS, COUNTY_LINES, DEPARTMENTS, GIVEN, LANZHOU_COUNTIES, ROOT, SURNAMES } from "./gansu";
import { JOINT_FILES, writeJointFiles, type DemoCase, type JointFile } from "./joint";
import { rng } from "./random";

/**
 * The deterministic demo deployment (CONTRACT §7): Gansu's units, twelve months of evidence in which
 * units differ in quality and trend, demo accounts, and published periods including a corrected
 * version. `scale` multiplies the volume of evidence, so the same generator feeds benchmarks.
 */
export const DEMO_PASSWORD = "wenxiao-demo-2026";
export const DEMO_MONTHS = ["2025-12", "2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11"];
/** The demo's evidence stops here: nothing is dated after it, whatever day the demo is loaded. */
export const DEMO_TODAY = "2026-11-22";

/**
 * The demo's method: an indicator with fewer than 5 due items is 样本不足 (issue 9: a department with
 * three records must not rank first or be named for its late rate). A fresh real database has none (0).
 */
export const DEMO_MIN_SAMPLE = 5;

/**
 * The demo's joint-measures method applies from this month (issue 11: "the demo deployment uses the
 * richer method from a date in its history, so both are visible"): 2026-08 stays published by the
 * contract's method, 2026-09 (both versions), 2026-Q3 and 2026-10 by the joint method. A database
 * nobody configured has no such setting and scores CONTRACT §4–5 only.
 */
export const DEMO_JOINT_METHOD_FROM = "2026-09";

export const DEMO_PUBLICATIONS: { period: string; asOf: string; note?: string; noteEn?: string; correctionBefore?: boolean }[] = [
  { period: "2026-08", asOf: "2026-09-15" },
  { period: "2026-09", asOf: "2026-10-15" },
  { period: "2026-09", asOf: "2026-10-20", note: "定西市报送更正后的公示日期，经核实予以更正", noteEn: "Dingxi submitted corrected publication dates, verified", correctionBefore: true },
  { period: "2026-Q3", asOf: "2026-10-20" },
  { period: "2026-10", asOf: "2026-11-16" },
];

type Files = Record<"units" | "records" | "stats" | "cases" | "feedback" | "objections" | "correction" | JointFile, string>;

function addDays(iso: string, days: number): string {
  const t = Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
const csvCell = (s: string | number) => (typeof s === "string" && /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : String(s));
const line = (cells: (string | number)[]) => cells.map(csvCell).join(",") + "\n";

interface Agency {
  code: string;
  region: string;
  line: string;
  quality: number;
  trend: number;
  volume: number;
}

export async function writeDemoFiles(dir: string, { scale = 1, seed = 2026 } = {}): Promise<Files> {
  const rand = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const files: Files = {
    units: path.join(dir, "units.csv"),
    records: path.join(dir, "records.csv"),
    stats: path.join(dir, "stats.csv"),
    cases: path.join(dir, "cases.csv"),
    feedback: path.join(dir, "feedback.csv"),
    objections: path.join(dir, "objections.csv"),
    correction: path.join(dir, "records-correction.csv"),
    ...(Object.fromEntries(JOINT_FILES.map((k) => [k, path.join(dir, `${k}.csv`)])) as Record<JointFile, string>),
  };

  // ---- units
  // with the optional English name column (README, "Units' English names")
  const units: string[] = [line(["code", "name", "name_en", "type", "parent_code", "region_code", "line_code"])];
  units.push(line([ROOT.code, ROOT.name, ROOT.nameEn, "region", "", "", ""]));
  for (const c of CITIES) units.push(line([c.code, c.name, c.nameEn, "region", ROOT.code, "", ""]));
  for (const c of LANZHOU_COUNTIES) units.push(line([c.code, c.name, c.nameEn, "region", "620100", "", ""]));
  const deptQuality = new Map<string, { quality: number; trend: number }>();
  for (const d of DEPARTMENTS) {
    units.push(line([d.code, d.name, d.nameEn, "department", "", ROOT.code, ""]));
    deptQuality.set(d.code, { quality: 0.62 + rand() * 0.36, trend: (rand() - 0.45) * 0.03 });
  }
  const agencies: Agency[] = [];
  for (const d of DEPARTMENTS.filter((x) => x.bureau)) {
    const dq = deptQuality.get(d.code)!;
    for (const c of CITIES) {
      const code = `${c.code}-${d.code}`;
      units.push(line([code, `${c.name}${d.bureau}`, `${c.nameEn} ${d.bureauEn}`, "agency", "", c.code, d.code]));
      agencies.push({ code, region: c.code, line: d.code, quality: 0.6 * c.quality + 0.4 * dq.quality, trend: (c.trend + dq.trend) / 2, volume: d.volume ?? 5 });
    }
    if (COUNTY_LINES.includes(d.code)) {
      for (const k of LANZHOU_COUNTIES) {
        const code = `${k.code}-${d.code}`;
        units.push(line([code, `${k.name}${d.bureau}`, `${k.nameEn} ${d.bureauEn}`, "agency", "", k.code, d.code]));
        agencies.push({ code, region: k.code, line: d.code, quality: clamp((0.93 + dq.quality) / 2 + (rand() - 0.5) * 0.12, 0.4, 0.99), trend: dq.trend, volume: Math.ceil((d.volume ?? 5) / 3) });
      }
    }
  }
  fs.writeFileSync(files.units, units.join(""));

  // ---- subjects: companies and (for some penalties) natural persons
  const companies = Array.from({ length: 4000 }, (_, i) => {
    const region = pick(CITIES).code;
    let first17 = `9162${region.slice(2, 6)}MA`;
    while (first17.length < 17) first17 += "0123456789ABCDEFGHJKLMNPQRTUWXY"[Math.floor(rand() * 31)];
    return { code: first17 + creditCodeCheckChar(first17), name: `${pick(COMPANY_WORDS)}${pick(COMPANY_WORDS)}${pick(COMPANY_TRADES)}`.replace(/^(..)\1/, "$1") + (i % 7 === 0 ? "（分公司）" : "") };
  });
  const person = (region: string) => {
    const birth = addDays("1960-01-01", Math.floor(rand() * 14000)).replace(/-/g, "");
    const first17 = `${region.slice(0, 6)}${birth}${String(Math.floor(rand() * 1000)).padStart(3, "0")}`;
    return { code: first17 + idNumberCheckChar(first17), name: pick(SURNAMES.split("")) + pick(GIVEN) };
  };

  // ---- records and collection statistics
  const records = fs.createWriteStream(files.records);
  records.write(line(["record_id", "kind", "unit_code", "subject_type", "subject_code", "subject_name", "decision_no", "decision_date", "published_date", "received_date"]));
  const stats: string[] = [line(["unit_code", "catalog_item", "period", "expected", "collected"])];
  const correction: string[] = [line(["record_id", "kind", "unit_code", "subject_type", "subject_code", "subject_name", "decision_no", "decision_date", "published_date", "received_date"])];
  let seq = 0;
  // licences decided per unit and month, and the unit's quality that month: the credit checks' base (lib/demo/joint.ts)
  const licences = new Map<string, { unit: string; period: string; licences: number; quality: number }>();
  const deciders: Agency[] = [
    ...agencies,
    // provincial departments decide some records themselves
    ...DEPARTMENTS.map((d) => ({ code: d.code, region: ROOT.code, line: d.code, ...deptQuality.get(d.code)!, volume: Math.ceil((d.volume ?? 6) / 2) })),
  ];
  for (const [m, month] of DEMO_MONTHS.entries()) {
    const monthStart = `${month}-01`;
    const days = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate();
    for (const a of deciders) {
      const q = clamp(a.quality + a.trend * (m - 6), 0.3, 0.995);
      const n = Math.round(a.volume * scale * (0.7 + rand() * 0.6));
      const perKind = { license: 0, penalty: 0 };
      for (let i = 0; i < n; i++) {
        const decided = addDays(monthStart, Math.floor(rand() * days));
        if (decided > DEMO_TODAY) continue;
        const kind = rand() < 0.62 ? "license" : "penalty";
        perKind[kind]++;
        if (kind === "license") {
          const k = `${a.code}|${month}`;
          const c = licences.get(k) ?? { unit: a.code, period: month, licences: 0, quality: q };
          c.licences++;
          licences.set(k, c);
        }
        const natural = kind === "penalty" && rand() < 0.2;
        const subject = natural ? person(a.region === ROOT.code ? "620102" : a.region) : pick(companies);
        let subjectCode = subject.code;
        if (rand() < (1 - q) * 0.4) subjectCode = subjectCode.slice(0, 17) + (subjectCode[17] === "0" ? "1" : "0");
        // timeliness falls faster than quality: a weak unit is late far more often than a good one
        const onTime = rand() < q * q;
        let published = onTime ? addDays(decided, Math.floor(rand() * 7)) : rand() < 0.25 ? "" : addDays(decided, 10 + Math.floor(rand() * 30));
        if (rand() < (1 - q) * 0.03) published = addDays(decided, -2);
        let received = rand() < q ? addDays(decided, 1 + Math.floor(rand() * 6)) : rand() < 0.3 ? "" : addDays(decided, 11 + Math.floor(rand() * 25));
        if (published > DEMO_TODAY) published = "";
        if (received > DEMO_TODAY) received = "";
        const id = `${kind === "license" ? "XK" : "CF"}${month.replace("-", "")}${String(++seq).padStart(7, "0")}`;
        const decisionNo = rand() < (1 - q) * 0.05 ? "" : `${a.code.split("-")[0]}${kind === "license" ? "许" : "罚"}〔${month.slice(0, 4)}〕${seq % 10000}号`;
        const row = [id, kind, a.code, natural ? "natural" : "legal", subjectCode, subject.name, decisionNo, decided, published, received];
        records.write(line(row));
        // 定西's September corrections: records it first reported unpublished
        if (month === "2026-09" && a.region === "621100" && published === "" && correction.length <= 60) {
          correction.push(line([...row.slice(0, 8), addDays(decided, 3), received]));
        }
      }
      if (a.region !== ROOT.code) {
        for (const [item, k] of [["行政许可信息", "license"], ["行政处罚信息", "penalty"]] as const) {
          const expected = perKind[k] + Math.floor(rand() * 3);
          const collected = Math.max(0, Math.round(expected * clamp(q - rand() * 0.15, 0, 1)));
          if (`${month}-01` <= DEMO_TODAY) stats.push(line([a.code, item, month, expected, collected]));
        }
      }
    }
  }
  records.end();
  await once(records, "finish");
  fs.writeFileSync(files.stats, stats.join(""));
  fs.writeFileSync(files.correction, correction.join(""));

  // ---- joint measures: obligations, feedback, objections
  // the cases are kept in memory and written with their listing and end (lib/demo/joint.ts), which a
  // separate random stream draws after this one: the evidence drawn here stays what it always was
  const demoCases: DemoCase[] = [];
  const feedback: string[] = [line(["case_id", "measure_code", "implementing_unit", "feedback_date", "result", "note"])];
  const initiators = ["FY", "GSWJ", "GSJ", "SYJ", "HBT", "RHLZ", "AJJ", "JST"];
  let caseSeq = 0;
  for (const month of DEMO_MONTHS) {
    const monthStart = `${month}-01`;
    for (let c = 0; c < Math.round(70 * scale); c++) {
      const pushed = addDays(monthStart, Math.floor(rand() * 26));
      if (pushed > DEMO_TODAY) continue;
      const caseId = `LH${month.replace("-", "")}${String(++caseSeq).padStart(5, "0")}`;
      const subject = pick(companies);
      const listType = rand() < 0.75 ? "black" : rand() < 0.5 ? "red" : "key_attention";
      const area = pick(AREAS);
      const objection =
        listType !== "red" && rand() < 0.12
          ? { filed: addDays(pushed, 1 + Math.floor(rand() * 4)), resolved: addDays(pushed, 12 + Math.floor(rand() * 20)) }
          : undefined;
      const demoCase: DemoCase = { caseId, subject, listType, area, pushed, obligations: [] };
      demoCases.push(demoCase);
      if (objection) {
        const resolved = objection.resolved <= DEMO_TODAY ? objection.resolved : "";
        demoCase.objection = { id: `YY${caseId.slice(2)}`, filed: objection.filed, resolved, outcome: resolved ? (rand() < 0.7 ? "rejected" : "upheld") : "" };
      }
      const obligations = 2 + Math.floor(rand() * 4);
      const used = new Set<string>();
      for (let o = 0; o < obligations; o++) {
        // most measures fall to city bureaus; provincial departments carry some themselves
        const impl = rand() < 0.8 ? pick(agencies) : pick(deciders.slice(agencies.length));
        if (used.has(impl.code)) continue;
        used.add(impl.code);
        const measure = `M${String(1 + Math.floor(rand() * 24)).padStart(2, "0")}`;
        const due = addDays(pushed, 15);
        const obligation: DemoCase["obligations"][number] = { initiator: pick(initiators), measure, impl: impl.code, due, feedback: [] };
        demoCase.obligations.push(obligation);
        const q = impl.quality;
        const r = rand();
        const answered = r < q ? addDays(pushed, 2 + Math.floor(rand() * 13)) : r < q + (1 - q) * 0.6 ? addDays(due, 3 + Math.floor(rand() * 20)) : undefined;
        if (!answered || answered > DEMO_TODAY) continue;
        const pending = objection && answered >= objection.filed && answered < objection.resolved;
        // a careful unit suspends the measure while an objection is verified (001 四(五)); a careless one executes it anyway
        const result = pending ? (rand() < q ? "suspended" : "executed") : rand() < 0.88 ? "executed" : "not_applicable";
        feedback.push(line([caseId, measure, impl.code, answered, result, result === "suspended" ? "异议核实期间暂停执行" : ""]));
        obligation.feedback.push({ date: answered, result });
      }
    }
  }
  // ---- the joint-measures cycle (issue 11): lists, listing and end, receipts, notifications, repairs, credit checks
  const joint = writeJointFiles(files, { seed, today: DEMO_TODAY, cases: demoCases, licences: [...licences.values()], units: new Set(DEPARTMENTS.map((d) => d.code).concat(agencies.map((a) => a.code))) });
  fs.writeFileSync(files.feedback, feedback.join("") + joint.feedback.map(line).join(""));
  return files;
}

/** The demo's accounts (CONTRACT §7) for its ranked units: the office, 兰州市's head and clerk, and a head for every ranked unit. */
export function demoAccounts(ranked: { code: string; name: string }[]): { username: string; name: string; role: Role; unit: string | null }[] {
  return [
    { username: "office", name: "省社会信用体系建设领导小组办公室", role: "office", unit: null },
    { username: "clerk-620100", name: "兰州市信用工作联络员", role: "clerk", unit: "620100" },
    ...ranked.map((u) => ({ username: `head-${u.code}`, name: `${u.name}负责人`, role: "unit_head" as const, unit: u.code })),
  ];
}

export async function createDemoUsers(db: Sql): Promise<number> {
  const ranked = await db.query<{ code: string; name: string }>(
    `SELECT code, name FROM units WHERE (type = 'region' AND parent_code = $1) OR type = 'department' ORDER BY code`,
    [ROOT.code],
  );
  const accounts = demoAccounts(ranked);
  // one hash for all: the demo password is the same, and scrypt is deliberately slow
  const hash = await hashPassword(DEMO_PASSWORD);
  for (const a of accounts) {
    await db.query(
      `INSERT INTO users (username, display_name, password_hash, role, unit_code, demo) VALUES ($1, $2, $3, $4, $5, true) ON CONFLICT (username) DO NOTHING`,
      [a.username, a.name, hash, a.role, a.unit],
    );
  }
  return accounts.length;
}

export async function isEmpty(db: Sql): Promise<boolean> {
  const [row] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM units`);
  return (row?.n ?? 0) === 0;
}

/** Loads the whole demo through the same import path as real files (so it has provenance and audit). */
export async function loadDemo(db: Connection, { scale = 1, log = (_: string) => {} } = {}): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wenxiao-demo-"));
  try {
    const files = await writeDemoFiles(dir, { scale });
    // the measure lists before the cases, the cases before what names them (receipts must name an obligation)
    for (const kind of ["units", "records", "stats", "measures", "cases", "objections", "feedback", "receipts", "notifications", "repairs", "credit_checks"] as ImportKind[]) {
      const { summary } = await importFile(db, kind, files[kind as keyof Files], { actor: "demo", fileName: `demo-${kind}.csv`, channel: "demo" });
      log(`  ${kind}: ${summary.inserted} rows`);
    }
    log(`  users: ${await createDemoUsers(db)}`);
    await setMinSample(db, { minSample: DEMO_MIN_SAMPLE, note: "演示部署 / demo deployment", actor: systemActor("demo", "office") });
    log(`  minimum sample: ${DEMO_MIN_SAMPLE}`);
    await setJointMethodFrom(db, { month: DEMO_JOINT_METHOD_FROM, actor: systemActor("demo", "office") });
    log(`  joint-measures method from: ${DEMO_JOINT_METHOD_FROM}`);
    for (const p of DEMO_PUBLICATIONS) {
      if (p.correctionBefore) {
        const { summary } = await importFile(db, "records", files.correction, { actor: "demo", fileName: "demo-records-correction.csv", channel: "demo" });
        log(`  correction: ${summary.updated} records updated`);
      }
      // published the day after the evaluation date, at 10:00 in Beijing
      const publishedAt = new Date(Date.parse(`${p.asOf}T10:00:00+08:00`) + 86_400_000).toISOString();
      // as the office would have published it
      const row = await publishPeriod(db, { period: p.period, asOf: p.asOf, actor: systemActor("demo", "office"), note: p.note, noteEn: p.noteEn, publishedAt });
      log(`  published ${row.period} v${row.version}`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
