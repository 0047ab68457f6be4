import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ID_NUMBER_PATTERN } from "@/lib/codes";
import { GRADES } from "@/lib/publication/grade";
import { INDICATOR_NAMES } from "@/lib/scoring/indicators";
import { recordFigure } from "../helpers/figures";
import { demoData } from "./demo-data";
import { get, signIn } from "./http";
import { issuedNotice, type FixtureNotice } from "./notice-fixture";
import { crawlPublic, type PageType, type PublicPage } from "./public-crawl";
import { ROLE_UNIT } from "./routes";

// Every public page and download (found by following links, public-crawl.ts), looked through for the
// demo's natural persons: their ID numbers, any mainland mobile number, and their names of every length.
const base = inject("baseUrl");
const MOBILE = /(?<!\d)1[3-9]\d{9}(?!\d)/g;
let persons: Map<string, string>;
let vocabulary: string[];
let notice: FixtureNotice;
let pages: PublicPage[];

/**
 * Words that public pages legitimately show, from the structured data and the program itself: unit
 * names, indicator and grade names, legal persons' names, and every run of Chinese characters in the
 * app's own text (app/, components/, lib/ without the demo generator). A two-character name inside
 * one of them on the page (say a name that is also the middle of a unit's name) is that word, not a
 * person; every other occurrence counts.
 */
async function publicVocabulary(): Promise<string[]> {
  const data = await demoData();
  const words = new Set<string>([...[...data.units.values()].map((u) => u.name), ...Object.values(INDICATOR_NAMES).map((n) => n.zh), ...GRADES.map((g) => g.zh), ...data.companies]);
  const visit = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (p !== path.join("lib", "demo")) visit(p);
      } else if (/\.tsx?$/.test(e.name)) {
        for (const m of fs.readFileSync(p, "utf8").matchAll(/\p{Script=Han}+/gu)) words.add(m[0]);
      }
    }
  };
  for (const dir of ["app", "components", "lib"]) visit(dir);
  return [...words];
}

beforeAll(async () => {
  persons = (await demoData()).persons;
  vocabulary = await publicVocabulary();
  // a notice the office made public, so that /notices has one to look through
  notice = await issuedNotice(base, await signIn(base, "office"), Object.values(ROLE_UNIT).filter((u): u is string => u !== null), { public: true });
  pages = await crawlPublic(base);
}, 300_000);

interface Tally {
  pages: number;
  bytes: number;
  names_found: number;
  names_exempted: number;
  id_numbers_found: number;
  mobiles_found: number;
}
const byType = new Map<PageType, Tally>();
afterAll(() => {
  for (const [type, t] of byType) recordFigure("public.crawl.by-type", { type, ...t });
});

/** Where the names occur in a text: one pass, looking up each position's 2- and 3-character (…) strings. */
function nameHits(text: string, names: Map<number, Set<string>>, first: Set<string>): { name: string; at: number }[] {
  const hits: { name: string; at: number }[] = [];
  for (let i = 0; i < text.length; i++) {
    if (!first.has(text[i]!)) continue;
    for (const [len, set] of names) {
      const s = text.slice(i, i + len);
      if (set.has(s)) hits.push({ name: s, at: i });
    }
  }
  return hits;
}

/** Whether the occurrence of `name` at `at` lies inside an occurrence of a public word on the page. */
function insidePublicWord(text: string, name: string, at: number, containing: Map<string, string[]>): boolean {
  for (const word of containing.get(name) ?? []) {
    for (let k = word.indexOf(name); k >= 0; k = word.indexOf(name, k + 1)) {
      if (at - k >= 0 && text.startsWith(word, at - k)) return true;
    }
  }
  return false;
}

describe("the public pages", () => {
  it("show no natural person's ID number, mobile number or name anywhere", () => {
    expect(persons.size).toBeGreaterThan(100);
    const names = new Map<number, Set<string>>();
    for (const n of persons.values()) {
      if (!names.has(n.length)) names.set(n.length, new Set());
      names.get(n.length)!.add(n);
    }
    const first = new Set([...persons.values()].map((n) => n[0]!));
    const containing = new Map<string, string[]>();
    for (const n of persons.values()) containing.set(n, vocabulary.filter((w) => w.length > n.length && w.includes(n)));

    // what the crawl must have found by following links
    const found = new Set(pages.map((p) => p.path));
    for (const p of ["/", "/?lang=en", "/methodology", "/methodology?lang=en", "/open-data", "/open-data?lang=en", "/notices", "/notices?lang=en", "/login", "/rankings/2026-09?version=1", "/open-data/rankings.csv?period=2026-Q3&version=1", "/open-data/rankings.json?period=2026-10&version=1"]) {
      expect(found.has(p), `the crawl did not reach ${p}`).toBe(true);
    }
    const periods = new Set(pages.filter((p) => p.type === "rankings").map((p) => p.path.split(/[/?]/)[2]));
    expect(periods.size).toBeGreaterThanOrEqual(4);
    expect(pages.find((p) => p.path === "/notices")!.text).toContain(notice.number);

    const leaks: string[] = [];
    for (const p of pages) {
      expect(p.status, p.path).toBe(200);
      const t = byType.get(p.type) ?? { pages: 0, bytes: 0, names_found: 0, names_exempted: 0, id_numbers_found: 0, mobiles_found: 0 };
      byType.set(p.type, t);
      t.pages++;
      t.bytes += p.bytes;
      // each different number or name once per answer (the text holds the page, its RSC payload and the raw bytes)
      for (const id of new Set([...p.text.matchAll(ID_NUMBER_PATTERN)].map((m) => m[0]))) {
        t.id_numbers_found++;
        leaks.push(`${p.path}: ID number ${id.slice(0, 6)}…`);
      }
      for (const mobile of new Set([...p.text.matchAll(MOBILE)].map((m) => m[0]))) {
        t.mobiles_found++;
        leaks.push(`${p.path}: mobile number ${mobile.slice(0, 3)}…`);
      }
      const exempted = new Set<string>();
      const counted = new Map<string, number>();
      for (const h of nameHits(p.text, names, first)) {
        if (insidePublicWord(p.text, h.name, h.at, containing)) exempted.add(h.name);
        else if (!counted.has(h.name)) counted.set(h.name, h.at);
      }
      t.names_exempted += exempted.size;
      t.names_found += counted.size;
      for (const [name, at] of counted) leaks.push(`${p.path}: name ${name} in “${p.text.slice(Math.max(0, at - 10), at + 10)}”`);
    }
    const total = (k: keyof Tally) => [...byType.values()].reduce((s, t) => s + t[k], 0);
    const byLength = Object.fromEntries([...names].sort(([a], [b]) => a - b).map(([len, set]) => [`${len}`, set.size]));
    console.log(`public crawl: ${pages.length} answers, names searched by length ${JSON.stringify(byLength)}`);
    console.table(Object.fromEntries(byType));
    recordFigure("public.crawl", {
      pages: pages.filter((p) => p.type !== "download").length,
      downloads: pages.filter((p) => p.type === "download").length,
      bytes: total("bytes"),
      natural_persons: persons.size,
      names_searched: [...names.values()].reduce((n, set) => n + set.size, 0),
      names_by_length: byLength,
      two_char_names: names.get(2)?.size ?? 0,
      id_numbers_found: total("id_numbers_found"),
      mobiles_found: total("mobiles_found"),
      names_found: total("names_found"),
      names_exempted: total("names_exempted"),
    });
    expect(names.get(2)?.size ?? 0).toBeGreaterThan(100);
    expect(leaks).toEqual([]);
  });

  it("serve open data in both formats, the CSV ready for Excel", async () => {
    const csv = await get(base, "/open-data/rankings.csv?period=2026-10");
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text).toContain("2026-10,1,region,1,");
    const json = (await (await get(base, "/open-data/rankings.json?period=2026-10")).json()) as { period: string; groups: { region: unknown[]; department: unknown[] } };
    expect(json.period).toBe("2026-10");
    expect(json.groups.region).toHaveLength(15);
    expect(json.groups.department).toHaveLength(40);
    expect((await get(base, "/open-data/rankings.json?period=2019-01")).status).toBe(404);
  });

  it("render the chart on the server, readable without JavaScript", async () => {
    const html = await (await get(base, "/")).text();
    expect(html).toMatch(/<svg[^>]*>/);
    expect(html).toContain("市州得分");
    const en = await (await get(base, "/?lang=en")).text();
    expect(en).toContain("Credit work performance rankings");
  });
});
