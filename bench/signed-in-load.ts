import os from "node:os";
import { DEMO_MONTHS, DEMO_PASSWORD } from "@/lib/demo/demo";
import { INDICATORS } from "@/lib/scoring/indicators";
import { TARGET_STATUSES } from "@/lib/scoring/item-status";

/**
 * Signed-in users browsing at month end (issue 8: "200 concurrent signed-in users browsing at month
 * end on loopback for 60 s: p95 and error rate"), against a running demo deployment. Shared by
 * bench/load.ts (the benchmark) and tests/e2e/load.test.ts (its short version in the browser tests).
 *
 * Users: every virtual user signs in once and keeps its own session (its own cookie and server-side
 * session row) for the whole run. The demo has one account per ranked unit, the office and 兰州市's
 * clerk (CONTRACT §7), found from the published rankings; the virtual users are spread over them
 * round-robin, so 200 users are ~3–4 sessions per account — as colleagues sharing a unit's account
 * would be. Sign-in is not rate-limited when it succeeds (lib/auth/login.ts counts failures only),
 * so nothing is weakened: an account that cannot sign in (locked by another test) is left out after
 * one try, and counted.
 *
 * Browsing at month end: the last demo month is open and evaluated as of its last day, the month
 * before is published. A unit's people go round their dashboard, its item lists (any indicator and
 * status, pages 1–3), exports (CSV and Excel), their notices and inbox and the public pages; the
 * office its dashboard, any ranked unit's item lists and exports, the notices, its inbox and the
 * public pages. Each user asks for the next page as soon as the last one has arrived (`thinkMs` 0:
 * 200 requests in flight all the time, the worst case) unless told to pause.
 *
 * An error is any answer but 200 (every address asked for answers 200 to its user; a redirect would
 * mean the session was lost), a network failure, or no complete answer within `timeoutMs`.
 */
export interface LoadOptions {
  base: string;
  users: number;
  seconds: number;
  thinkMs?: number;
  timeoutMs?: number;
  log?: (line: string) => void;
}

export interface KindFigures {
  requests: number;
  errors: number;
  p50_ms: number;
  p95_ms: number;
}

export interface LoadResult {
  users: number;
  accounts: number;
  accounts_refused: string[];
  /** how long the users went on asking for pages */
  seconds: number;
  /** until the last answer arrived (the requests still in flight at the end are waited for) */
  elapsed_s: number;
  think_ms: number;
  requests: number;
  errors: number;
  error_rate: number;
  requests_per_s: number;
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
  max_ms: number;
  by_kind: Record<string, KindFigures>;
  error_samples: string[];
  machine: string;
}

interface Session {
  username: string;
  office: boolean;
  cookie: string;
}

const cookiesOf = (r: Response) =>
  r.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");

/** Auth.js's credentials flow (CONTRACT §7); undefined when the account is refused. */
async function signIn(base: string, username: string): Promise<string | undefined> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const first = cookiesOf(csrf);
  const r = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: first },
    body: new URLSearchParams({ csrfToken, username, password: DEMO_PASSWORD }),
  });
  await r.arrayBuffer();
  const session = cookiesOf(r);
  return session.includes("authjs.session-token") ? `${first}; ${session}` : undefined;
}

/** The demo's accounts, from the published rankings (every ranked unit has a head). */
async function demoAccounts(base: string, period: string): Promise<string[]> {
  const r = await fetch(`${base}/open-data/rankings.json?period=${period}`);
  if (!r.ok) throw new Error(`no published rankings for ${period} at ${base} (${r.status}): is it the demo deployment?`);
  const { groups } = (await r.json()) as { groups: Record<string, { code: string }[]> };
  return ["office", "clerk-620100", ...Object.values(groups).flatMap((g) => g.map((e) => `head-${e.code}`))];
}

export async function signInUsers(base: string, users: number, published: string, log: (line: string) => void): Promise<{ sessions: Session[]; refused: string[] }> {
  const accounts = await demoAccounts(base, published);
  const usable: string[] = [];
  const refused: string[] = [];
  const sessions: Session[] = [];
  // one sign-in per account first (a refused one is tried once only), then more sessions on those that work
  for (const username of accounts) {
    if (sessions.length >= users) break;
    const cookie = await signIn(base, username);
    if (!cookie) {
      refused.push(username);
      continue;
    }
    usable.push(username);
    sessions.push({ username, office: username === "office", cookie });
  }
  if (usable.length === 0) throw new Error("no demo account could sign in");
  for (let i = 0; sessions.length < users; i++) {
    const username = usable[i % usable.length]!;
    const cookie = await signIn(base, username);
    if (!cookie) throw new Error(`${username} signed in once and then not again`);
    sessions.push({ username, office: username === "office", cookie });
  }
  log(`signed in ${sessions.length} sessions on ${usable.length} accounts${refused.length ? ` (refused: ${refused.join(", ")})` : ""}`);
  return { sessions, refused };
}

type Pick = <T>(xs: readonly T[]) => T;

// what a user opens, in turn (each user starts at its own place in the round, so that from the first
// second every kind of page is being asked for); the parameters of each page are drawn at random
const UNIT_ROUND = ["unit dashboard", "item list", "item list", "export csv", "notices", "item list", "inbox", "public", "item list", "export xlsx", "public"] as const;
const OFFICE_ROUND = ["office dashboard", "item list", "item list", "export csv", "notices", "office dashboard", "inbox", "public", "item list", "export xlsx"] as const;

/** The address a user asks for at its `step`-th request, and what kind of page it is. */
function nextRequest(s: Session, step: number, pick: Pick, rankedCodes: string[]): { kind: string; path: string } {
  const open = DEMO_MONTHS.at(-1)!;
  const published = DEMO_MONTHS.at(-2)!;
  const monthEnd = `${open}-${String(new Date(Date.UTC(Number(open.slice(0, 4)), Number(open.slice(5, 7)), 0)).getUTCDate()).padStart(2, "0")}`;
  const period = pick([open, open, published]);
  // a status the indicator has (any other is a mistaken address, answered 400)
  const list = () => {
    const indicator = pick(INDICATORS);
    return `period=${period}&asOf=${monthEnd}&indicator=${indicator}&status=${pick(TARGET_STATUSES[indicator])}&page=${pick([1, 1, 2, 3])}`;
  };
  const round = s.office ? OFFICE_ROUND : UNIT_ROUND;
  const kind = round[step % round.length]!;
  const unit = s.office ? `/office/units/${pick(rankedCodes)}` : "/unit";
  const exportPath = s.office ? `${unit}/export` : "/unit/export";
  switch (kind) {
    case "office dashboard":
      return { kind, path: `/office?period=${period}&asOf=${monthEnd}` };
    case "unit dashboard":
      return { kind, path: `/unit?period=${period}&asOf=${monthEnd}` };
    case "item list":
      return { kind, path: `${unit}?${list()}` };
    case "export csv":
      return { kind, path: `${exportPath}?format=csv&${list()}` };
    case "export xlsx":
      return { kind, path: `${exportPath}?format=xlsx&${list()}` };
    case "notices":
      return { kind, path: s.office ? "/office/notices" : "/unit/notices" };
    case "inbox":
      return { kind, path: "/inbox" };
    case "public":
      return { kind, path: pick(["/", `/rankings/${published}`, `/open-data/rankings.json?period=${published}`, "/methodology", "/notices"]) };
  }
}

const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : 0);
const round = (x: number) => Math.round(x * 10) / 10;

export async function runLoad({ base, users, seconds, thinkMs = 0, timeoutMs = 60_000, log = () => {} }: LoadOptions): Promise<LoadResult> {
  const published = DEMO_MONTHS.at(-2)!;
  const { sessions, refused } = await signInUsers(base, users, published, log);
  const ranked = (await (await fetch(`${base}/open-data/rankings.json?period=${published}`)).json()) as { groups: Record<string, { code: string }[]> };
  const rankedCodes = Object.values(ranked.groups).flatMap((g) => g.map((e) => e.code));
  const pick: Pick = (xs) => xs[Math.floor(Math.random() * xs.length)]!;
  // what else the machine was doing when the users came (a shared machine's figure is read with it)
  const loadAverage = os.loadavg()[0]!;

  const latencies: number[] = [];
  const kinds = new Map<string, { latencies: number[]; errors: number }>();
  const samples: string[] = [];
  let errors = 0;
  const started = performance.now();
  const end = started + seconds * 1000;
  log(`${users} users browsing for ${seconds} s (think time ${thinkMs} ms, timeout ${timeoutMs} ms)`);

  const user = async (s: Session, index: number) => {
    for (let step = index; performance.now() < end; step++) {
      const { kind, path } = nextRequest(s, step, pick, rankedCodes);
      const t0 = performance.now();
      let failure: string | undefined;
      try {
        const r = await fetch(base + path, { redirect: "manual", headers: { cookie: s.cookie, "accept-encoding": "gzip" }, signal: AbortSignal.timeout(timeoutMs) });
        await r.arrayBuffer();
        if (r.status !== 200) failure = `${r.status}${r.headers.get("location") ? ` → ${r.headers.get("location")}` : ""}`;
      } catch (e) {
        failure = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      }
      const ms = performance.now() - t0;
      latencies.push(ms);
      const k = kinds.get(kind) ?? { latencies: [], errors: 0 };
      kinds.set(kind, k);
      k.latencies.push(ms);
      if (failure) {
        errors++;
        k.errors++;
        if (samples.length < 10) samples.push(`${s.username} ${path}: ${failure}`);
      }
      if (thinkMs > 0) await new Promise((r) => setTimeout(r, Math.random() * 2 * thinkMs));
    }
  };
  await Promise.all(sessions.map((s, i) => user(s, i)));
  const elapsed = (performance.now() - started) / 1000;

  latencies.sort((a, b) => a - b);
  const byKind: Record<string, KindFigures> = {};
  for (const [kind, k] of [...kinds].sort(([a], [b]) => (a < b ? -1 : 1))) {
    k.latencies.sort((a, b) => a - b);
    byKind[kind] = { requests: k.latencies.length, errors: k.errors, p50_ms: round(percentile(k.latencies, 50)), p95_ms: round(percentile(k.latencies, 95)) };
  }
  return {
    users: sessions.length,
    accounts: new Set(sessions.map((s) => s.username)).size,
    accounts_refused: refused,
    seconds,
    elapsed_s: Math.round(elapsed * 10) / 10,
    think_ms: thinkMs,
    requests: latencies.length,
    errors,
    error_rate: latencies.length ? errors / latencies.length : 0,
    requests_per_s: round(latencies.length / elapsed),
    p50_ms: round(percentile(latencies, 50)),
    p95_ms: round(percentile(latencies, 95)),
    p99_ms: round(percentile(latencies, 99)),
    max_ms: round(latencies.at(-1) ?? 0),
    by_kind: byKind,
    error_samples: samples,
    machine: `${os.cpus().length} cores, load average ${loadAverage.toFixed(1)} before the users came`,
  };
}
