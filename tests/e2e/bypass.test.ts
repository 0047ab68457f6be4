import { randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { recordFigure } from "../helpers/figures";
import { bodyText } from "./body-text";
import { owners, type DemoData, demoData } from "./demo-data";
import { actionForms } from "./forms";
import { get } from "./http";
import { issuedNotice, type FixtureNotice } from "./notice-fixture";
import { crawlPublic } from "./public-crawl";
import { PROTECTED, ROLE_UNIT, refusedRoles, resolvePath, signInRoles, type Role } from "./routes";

/**
 * Middleware-bypass regression (issue 8, GB/T 22239 level 3): every protected page and handler,
 * asked by everyone who must be refused (anonymous, and the signed-in roles of other units), with
 * the tricks known to get past a Next.js middleware or its matcher — x-middleware-subrequest, RSC and
 * prefetch headers, .rsc and _rsc, /_next/data, path spellings (trailing and double slashes, upper
 * case, %2F, encoded dots, absolute-form targets), and server-action posts with made-up and real ids
 * from foreign, null and missing origins. proxy.ts is not the boundary; this proves the guards are.
 *
 * A request "reached data" when its answer holds something the asker may not see, found by markers
 * taken from the demo's structured data (demo-data.ts) in the page as an allowed user sees it: record
 * and case ids of units that are not the asker's, account holders' names, the access log's
 * user-and-role pairs, provisional "unit score" pairs of the unpublished month, and the page's heading
 * — none of which a public page shows. A 200 with the sign-in page or a 404 page is fine.
 */
const base = inject("baseUrl");
const target = new URL(base);
let sessions: Record<Role, string | undefined>;
let notice: FixtureNotice;
let data: DemoData;
let publicText: string;
let rankedNames: { code: string; name: string }[];
/** account holders' names that a public page shows anyway (the office's, in the footer) */
let publicNames: Set<string>;
let officeActionIds: string[];
const buildId = fs.readFileSync(".next/BUILD_ID", "utf8").trim();

const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
afterAll(() => agent.destroy());

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** a PDF or an Excel workbook: no public address serves one, so any is a protected document */
  file: "pdf" | "xlsx" | null;
}

const fileKind = (bytes: Uint8Array): Answer["file"] => {
  const head = String.fromCharCode(...bytes.slice(0, 5));
  return head === "%PDF-" ? "pdf" : head.startsWith("PK") ? "xlsx" : null;
};

/** A request exactly as written (node:http sends the path without normalising dots or escapes). */
function raw(method: string, path: string, headers: Record<string, string>, body?: Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: target.hostname, port: target.port, method, path, headers: { ...headers, ...(body ? { "content-length": String(body.length) } : {}) }, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const bytes = new Uint8Array(Buffer.concat(chunks));
        bodyText(bytes, res.headers["content-type"] ?? null).then((text) => resolve({ status: res.statusCode ?? 0, headers: res.headers, text, file: fileKind(bytes) }), reject);
      });
      res.on("error", reject);
    });
    req.setTimeout(60_000, () => req.destroy(new Error(`${method} ${path} timed out`)));
    req.on("error", reject);
    req.end(body);
  });
}

async function multipart(fields: Record<string, string>): Promise<{ body: Buffer; type: string }> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  const r = new Response(form);
  return { body: Buffer.from(await r.arrayBuffer()), type: r.headers.get("content-type")! };
}

// ---------------------------------------------------------------------------------------------
// the tricks

interface Variant {
  group: string;
  method: "GET" | "POST";
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** a server-action post: reaching the action itself (past its guard) counts as reaching data */
  action?: boolean;
}

const SUBREQUEST = [
  "middleware",
  "src/middleware",
  "pages/_middleware",
  "proxy",
  "src/proxy",
  "middleware:middleware:middleware:middleware:middleware",
  "src/middleware:src/middleware:src/middleware:src/middleware:src/middleware",
  "proxy:proxy:proxy:proxy:proxy",
  "src/proxy:src/proxy:src/proxy:src/proxy:src/proxy",
];
const FOREIGN_ORIGIN = "https://evil.example";
const origins = (): Record<string, Record<string, string>> => ({ same: { origin: base }, foreign: { origin: FOREIGN_ORIGIN }, null: { origin: "null" }, missing: {} });

async function variants(path: string): Promise<Variant[]> {
  const [pathname, query] = path.split("?") as [string, string | undefined];
  const q = query ? `?${query}` : "";
  const and = query ? `${q}&` : "?";
  const segments = pathname.split("/").filter(Boolean);
  const tree = encodeURIComponent(JSON.stringify(["", { children: [segments[0] ?? "", { children: ["__PAGE__", {}] }] }, null, null, true]));
  const v: Variant[] = [];
  const getWith = (group: string, p: string, headers: Record<string, string> = {}) => v.push({ group, method: "GET", path: p, headers });

  getWith("plain", path);
  for (const s of SUBREQUEST) getWith("x-middleware-subrequest", path, { "x-middleware-subrequest": s });
  getWith("x-middleware-subrequest", path, { "x-middleware-subrequest": "proxy:proxy:proxy:proxy:proxy", rsc: "1" });
  getWith("rsc", path, { rsc: "1" });
  getWith("rsc", path, { rsc: "1", "next-router-prefetch": "1" });
  getWith("rsc", path, { rsc: "1", "next-router-state-tree": tree });
  getWith("rsc", path, { rsc: "1", "next-router-segment-prefetch": "/_tree" });
  getWith("rsc", path, { rsc: "1", "next-url": "/" });
  getWith("prefetch", path, { "next-router-prefetch": "1" });
  getWith("prefetch", path, { purpose: "prefetch" });
  getWith("prefetch", path, { "sec-purpose": "prefetch" });
  getWith("prefetch", path, { "x-middleware-prefetch": "1" });
  getWith("nextjs-data", path, { "x-nextjs-data": "1" });
  getWith("internal-headers", path, { "x-matched-path": pathname, "x-invoke-path": pathname, "x-invoke-query": "%7B%7D", "x-now-route-matches": "" });
  getWith("rsc-suffix", `${pathname}.rsc${q}`);
  getWith("rsc-suffix", `${pathname}.rsc${q}`, { rsc: "1" });
  getWith("rsc-param", `${path}${and}_rsc=${randomBytes(3).toString("hex")}`);
  getWith("rsc-param", `${path}${and}_rsc=1`, { rsc: "1" });
  getWith("nextjs-data", `${path}${and}__nextDataReq=1`, { "x-nextjs-data": "1" });
  getWith("nextjs-data", `/_next/data/${buildId}${pathname}.json${q}`);
  getWith("nextjs-data", `/_next/data/${buildId}${pathname}.json${q}`, { "x-nextjs-data": "1" });
  getWith("nextjs-data", `/_next/data/${buildId}${pathname}/index.json${q}`, { "x-nextjs-data": "1" });
  getWith("path", `${pathname}/${q}`);
  getWith("path", `/${pathname}${q}`);
  if (segments.length > 1) {
    getWith("path", `/${segments[0]}//${segments.slice(1).join("/")}${q}`);
    getWith("path", `/${segments.join("%2F")}${q}`);
    getWith("path", `/${segments.join("%2f")}${q}`);
  }
  getWith("path", `${pathname.toUpperCase()}${q}`);
  getWith("path", `/${segments[0]![0]!.toUpperCase()}${pathname.slice(2)}${q}`);
  getWith("path", `/%${pathname.charCodeAt(1).toString(16)}${pathname.slice(2)}${q}`);
  getWith("path", `${pathname};${q}`);
  getWith("path", `${pathname}%00${q}`);
  getWith("path", `${pathname}%20${q}`);
  getWith("path", `${pathname}/.${q}`);
  getWith("path", `${pathname.replace(/\//g, "\\")}${q}`);
  getWith("path", `${base}${path}`); // absolute-form request target
  getWith("encoded-dots", `/methodology/%2e%2e${pathname}${q}`);
  getWith("encoded-dots", `/notices/..${pathname}${q}`);
  getWith("encoded-dots", `/rankings/2026-10/%2E%2E/..${pathname}${q}`);
  getWith("encoded-dots", `/login/..%2F..${pathname}${q}`);
  getWith("encoded-dots", `/%2e${pathname}${q}`);
  getWith("encoded-dots", `/x/%2e%2e%2f..${pathname}${q}`);

  // server actions with ids nobody ever rendered, from every kind of origin
  for (const id of [randomBytes(21).toString("hex"), "0", "x".repeat(42), "../../office"]) {
    for (const [name, o] of Object.entries(origins())) {
      v.push({ group: `next-action:garbage:${name}-origin`, method: "POST", path, headers: { "next-action": id, "content-type": "text/plain;charset=UTF-8", ...o }, body: Buffer.from("[]"), action: true });
    }
  }
  return v;
}

/** The office's real actions, posted with values that fail their checks, so that even one that got through would change nothing. */
async function realActionVariants(path: string): Promise<Variant[]> {
  const v: Variant[] = [];
  const bogus = { lang: "zh", id: "0", period: "bogus", asOf: "bogus", required: "bogus", rules: "bogus", job: "bogus", name: "bogus", note: "" };
  for (const id of officeActionIds) {
    const form = await multipart(bogus);
    for (const [name, o] of Object.entries(origins())) {
      v.push({ group: `next-action:real:${name}-origin`, method: "POST", path, headers: { "next-action": id, "content-type": form.type, ...o }, body: form.body, action: true });
    }
    // and as a plain form, which carries no Next-Action header
    const mpa = await multipart({ [`$ACTION_ID_${id}`]: "", ...bogus });
    for (const [name, o] of Object.entries(origins())) {
      v.push({ group: `action-form:real:${name}-origin`, method: "POST", path, headers: { "content-type": mpa.type, ...o }, body: mpa.body, action: true });
    }
  }
  return v;
}

// ---------------------------------------------------------------------------------------------
// the markers

const RECORD_ID = /(?:XK|CF)\d{13}/g;
const CASE_ID = /LH\d{11}/g;
const ROLE_NAME: Record<string, string> = { office: "office", unit_head: "unit_head", clerk: "clerk" };

/** Whether `who` may see what belongs to these ranked units (the office sees everything, nobody nothing). */
function entitled(who: Role, units: Iterable<string>): boolean {
  if (who === "office") return true;
  const mine = ROLE_UNIT[who];
  if (!mine) return false;
  for (const u of units) if (u === mine) return true;
  return false;
}

/** Everything in `text` that `who` may not see, whatever page it came from. */
function forbiddenIn(text: string, who: Role): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(RECORD_ID)) {
    const unit = data.recordUnit.get(m[0]);
    if (unit && !entitled(who, owners(data, unit))) found.add(`record ${m[0]}`);
  }
  for (const m of text.matchAll(CASE_ID)) {
    const units = data.caseUnits.get(m[0]);
    if (units && ![...units].some((u) => entitled(who, owners(data, u)))) found.add(`case ${m[0]}`);
  }
  for (const a of data.accounts) {
    if (!entitled(who, a.unit ? [a.unit] : []) && !publicNames.has(a.name) && text.includes(a.name)) found.add(`account holder ${a.name}`);
    const logged = `${a.username} ${ROLE_NAME[a.role]}`;
    if (who !== "office" && text.includes(logged)) found.add(`access log row of ${a.username}`);
  }
  return [...found];
}

/** The markers of one page as an allowed user sees it that `who` may not see (besides forbiddenIn's generic ones). */
function pageMarkers(allowedHtml: string, allowedText: string, who: Role, refusedText: string): string[] {
  const markers = new Set<string>();
  // the page's headings (a form's own heading, "修改规则", is private where its content is public)
  for (const m of allowedHtml.matchAll(/<h[12][^>]*>([\s\S]*?)<\/h[12]>/g)) {
    const heading = m[1]!.replace(/<[^>]+>/g, "").trim();
    if (heading && !publicText.includes(heading) && !refusedText.includes(heading)) markers.add(heading);
  }
  // the page's own server actions: their ids are rendered only into the pages that offer them
  for (const f of actionForms(allowedHtml)) if (!refusedText.includes(f.actionId)) markers.add(f.actionId);
  for (const u of rankedNames) {
    if (entitled(who, [u.code])) continue;
    for (const m of allowedText.matchAll(new RegExp(`(?<![\\p{Script=Han}])${u.name} (\\d{1,3}\\.\\d{2})(?!\\d)`, "gu"))) {
      if (!publicText.includes(m[0])) markers.add(m[0]);
    }
  }
  return [...markers];
}

// ---------------------------------------------------------------------------------------------

// pairs: (route, refused asker); nothing_private: pairs whose page holds nothing the asker may not
// see anyway (a unit head asking for the office's view of their own unit), probed all the same
const tally = { tried: 0, reached_data: 0, server_errors: 0, pairs: 0, nothing_private: 0, cross_origin_posts: 0, cross_origin_not_403: 0 };
const byGroup = new Map<string, number>();
const errorsByGroup = new Map<string, number>();
const reached: string[] = [];
const notRefused: string[] = [];
afterAll(() => {
  recordFigure("access.bypass", { routes: PROTECTED.length, ...tally, variants: Object.fromEntries(byGroup), server_errors_by_variant: Object.fromEntries(errorsByGroup) });
  console.log(`bypass probes: ${JSON.stringify(tally)}; server errors by variant ${JSON.stringify(Object.fromEntries(errorsByGroup))}`);
});

beforeAll(async () => {
  sessions = await signInRoles(base);
  notice = await issuedNotice(base, sessions.office!, Object.values(ROLE_UNIT).filter((u): u is string => u !== null), { public: false });
  data = await demoData();
  publicText = (await crawlPublic(base)).map((p) => p.text).join("\n");
  publicNames = new Set(data.accounts.map((a) => a.name).filter((n) => publicText.includes(n)));
  rankedNames = data.accounts.filter((a) => a.role === "unit_head").map((a) => ({ code: a.unit!, name: data.units.get(a.unit!)!.name }));
  // the office's actions as its pages render them (each id is one server function)
  const ids = new Set<string>();
  // (irreversible steps sit behind their confirmation panels, `?do=…`)
  for (const p of ["/office", "/office/notices", `/office/notices/${notice.id}`, `/office/notices/${notice.id}?do=public`, "/office/notices?do=approvers&required=1", "/office/rules", "/office/jobs", "/office/users"]) {
    for (const f of actionForms(await (await get(base, p, sessions.office)).text())) ids.add(f.actionId);
  }
  officeActionIds = [...ids];
  expect(officeActionIds.length).toBeGreaterThanOrEqual(5);
}, 300_000);

async function probe(who: Role, v: Variant, markers: string[]): Promise<void> {
  const cookie = sessions[who];
  const a = await raw(v.method, v.path, { ...v.headers, ...(cookie ? { cookie } : {}) }, v.body);
  tally.tried++;
  byGroup.set(v.group, (byGroup.get(v.group) ?? 0) + 1);
  if (a.status >= 500) {
    tally.server_errors++;
    errorsByGroup.set(v.group, (errorsByGroup.get(v.group) ?? 0) + 1);
  }
  // a record or case the asker named in the address is no data reached: a refusal (the redirect to sign in, the
  // 404 page) may repeat the address (a row's correction page, /unit/correct/records?record_id=…, is named by it)
  const named = (found: string) => {
    const id = /^(?:record|case) (.+)$/.exec(found)?.[1];
    return id !== undefined && v.path.includes(id);
  };
  const got = [...forbiddenIn(a.text, who).filter((f) => !named(f)), ...markers.filter((m) => a.text.includes(m))];
  if (a.file) got.push(`a ${a.file} file`);
  // proxy.ts refuses a POST from another site (or from an opaque "null" origin) with 403, on any path
  if (v.method === "POST" && v.headers.origin !== undefined && v.headers.origin !== base) {
    tally.cross_origin_posts++;
    if (a.status !== 403) {
      tally.cross_origin_not_403++;
      notRefused.push(`${who} ${v.method} ${v.path} [${v.group}] → ${a.status}`);
    }
  }
  if (v.action) {
    // past the guard an action answers with its outcome (done=1, or error= for the values it refused)
    const redirect = String(a.headers.location ?? a.headers["x-action-redirect"] ?? "");
    if (/[?&](done|error)=/.test(`${redirect} ${a.text.slice(0, 2000)}`)) got.push(`the action ran (${a.status} ${redirect})`);
  }
  if (got.length > 0) {
    tally.reached_data++;
    reached.push(`${who} ${v.method} ${v.path} [${v.group}] → ${a.status}: ${got.slice(0, 3).join("; ")}`);
  }
}

async function inBatches<T>(items: T[], n: number, fn: (x: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += n) await Promise.all(items.slice(i, i + n).map(fn));
}

describe("middleware-bypass regression", () => {
  for (const route of PROTECTED) {
    it(`nobody refused ${route.path} gets its data by a trick`, async () => {
      const path = resolvePath(route, notice);
      const allowedRole = route.allowed[0]!;
      const allowed = await get(base, path, sessions[allowedRole]);
      expect(allowed.status, `${allowedRole} → ${path}`).toBe(200);
      const allowedBytes = new Uint8Array(await allowed.arrayBuffer());
      const allowedText = await bodyText(allowedBytes, allowed.headers.get("content-type"));
      const allowedHtml = allowed.headers.get("content-type")?.includes("text/html") ? new TextDecoder().decode(allowedBytes) : "";
      const allowedFile = fileKind(allowedBytes);
      const before = tally.reached_data;
      const list = await variants(path);
      for (const who of refusedRoles(route)) {
        const refused = await raw("GET", path, sessions[who] ? { cookie: sessions[who] } : {});
        const markers = pageMarkers(allowedHtml, allowedText, who, refused.text);
        const found = markers.length + forbiddenIn(allowedText, who).length + (allowedFile ? 1 : 0);
        tally.pairs++;
        if (found === 0) tally.nothing_private++;
        // the markers must see the page's data: at least all of it is private to someone who is not signed in
        if (who === "anonymous") expect(found, `no marker of the data of ${path}`).toBeGreaterThan(0);
        await inBatches(list, 4, (v) => probe(who, v, markers));
      }
      expect(reached, `reached data:\n${reached.join("\n")}`).toEqual([]);
      expect(tally.reached_data - before).toBe(0);
      expect(notRefused, "cross-origin posts not refused with 403").toEqual([]);
    }, 600_000);
  }

  it("the office's real server actions, posted by everyone else from any origin, never run", async () => {
    const before = tally.tried;
    for (const who of ["anonymous", "head", "clerk", "department"] as const) {
      for (const path of ["/", "/office/notices", "/unit", "/login"]) {
        await inBatches(await realActionVariants(path), 4, (v) => probe(who, v, []));
      }
    }
    expect(tally.tried - before).toBeGreaterThan(100);
    expect(reached, `reached data:\n${reached.join("\n")}`).toEqual([]);
    expect(notRefused, "cross-origin posts not refused with 403").toEqual([]);
  }, 600_000);
});
