import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { writeDemoFiles } from "@/lib/demo/demo";
import { ID_NUMBER_PATTERN } from "@/lib/codes";
import { get } from "./http";

// Every public page and download, looked through for the demo's natural persons.
const base = inject("baseUrl");
let people: { code: string; name: string }[] = [];

beforeAll(async () => {
  // the demo is deterministic: the same generator gives the natural persons the server holds
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wx-crawl-"));
  const files = await writeDemoFiles(dir);
  const lines = fs.readFileSync(files.records, "utf8").trim().split("\n").slice(1);
  const seen = new Map<string, string>();
  for (const l of lines) {
    const c = l.split(",");
    if (c[3] === "natural") seen.set(c[4]!, c[5]!);
  }
  people = [...seen.entries()].map(([code, name]) => ({ code, name }));
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("the public pages", () => {
  it("show no natural person's ID number or name anywhere", async () => {
    expect(people.length).toBeGreaterThan(100);
    const pages = ["/", "/?lang=en", "/methodology", "/methodology?lang=en", "/open-data", "/open-data?lang=en", "/login"];
    const index = await (await get(base, "/open-data")).text();
    const periods = [...new Set([...index.matchAll(/rankings\.csv\?period=([0-9Q-]+)/g)].map((m) => m[1]!))];
    expect(periods.length).toBeGreaterThanOrEqual(3);
    for (const p of periods) {
      pages.push(`/rankings/${p}`, `/rankings/${p}?lang=en`, `/rankings/${p}?version=1`, `/open-data/rankings.csv?period=${p}`, `/open-data/rankings.json?period=${p}`);
    }
    pages.push("/open-data/rankings.csv", "/open-data/rankings.json");
    // names of two characters also occur inside ordinary words; three-character names are unambiguous
    const names = people.map((x) => x.name).filter((n) => n.length >= 3);
    for (const p of pages) {
      const r = await get(base, p);
      expect(r.status, p).toBe(200);
      const body = await r.text();
      expect(body.match(ID_NUMBER_PATTERN), p).toBeNull();
      for (const n of names) expect(body.includes(n), `${p} contains ${n}`).toBe(false);
    }
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
