/**
 * Writes docs/reliability.md from the figures the test run recorded (tests/helpers/figures.ts):
 * every number on that page comes from a test, none is typed by hand. `npm run reliability` runs
 * the tests with WENXIAO_FIGURES set and then this script.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const input = process.env.WENXIAO_FIGURES ?? "test-results/figures.jsonl";
const output = process.argv[2] ?? "docs/reliability.md";

type Figure = { key: string; at: string; database: string } & Record<string, unknown>;
const figures: Figure[] = fs.existsSync(input)
  ? fs.readFileSync(input, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as Figure)
  : [];
if (figures.length === 0) {
  console.error(`no figures in ${input}: run the tests with WENXIAO_FIGURES set first (npm run reliability)`);
  process.exit(1);
}

const TITLES: Record<string, { title: string; meaning: string }> = {
  "access.http-matrix": { title: "Access matrix over HTTP (built app, demo data)", meaning: "every protected page and handler × office, unit head, clerk, department head, anonymous × a foreign unit; `got_through` must be 0" },
  "access.actions": { title: "Server actions called with each role's session", meaning: "every refused call (wrong role, wrong unit, anonymous) must end in 404 or sign-in and change nothing; `got_through` must be 0" },
  "crash.imports": {
    title: "Imports killed at random moments (seeded)",
    meaning:
      "the CLI importing a file of tens of thousands of records, killed (SIGKILL) at `moments` points spread from its start to just before it would finish (`window_ms`), on PostgreSQL every other time its backend terminated (`pg_terminate_backend`) instead, spread from its first connection to its end (`backend_window_ms`); after each: `partial_batches_visible` (a batch's rows, updates, batch row or audit rows seen in part), `acknowledged_rows_lost` (rows of an import that had printed its summary — some killed right after printing it — no longer there), `reruns_with_wrong_totals` (the killed file imported again: exit 0 and the counts of its first import, or all unchanged if the killed one had committed), `data_dir_failed_to_open` (PGlite: the data directory, its lock left by the dead process, does not open), `wrong_exit_codes` (a terminated backend must end the CLI with exit 3 and one line, or not touch it at all) and `hangs` must all be 0. `killed_after_commit` counts kills that came after the commit and before the exit, `terminations_survived` terminations of a connection the CLI was not using (a new one finished the import)",
  },
  "fuzz.imports": { title: "Fuzzed imports (fast-check, seeded)", meaning: "mutated CSV/JSON Lines record files: 0 crashes, 0 imports over 5 s, every row accounted for (rows = inserted + updated + unchanged + superseded + rejected) and the table count moving by exactly `inserted`" },
  "lock.takeover": { title: "Stale lock of the embedded database", meaning: "processes starting together on a lock left by a dead process: exactly one may win each round" },
  "sessions.http": { title: "Sessions over HTTP", meaning: "a copied cookie after sign-out, renewal after sign-out, lockout after 5 wrong passwords" },
  "access.bypass": {
    title: "Middleware-bypass probes (built app, demo data)",
    meaning:
      "every protected page and handler × everyone who must be refused (anonymous, other units' people) × the known ways round a Next.js middleware: x-middleware-subrequest, RSC and prefetch headers, .rsc and _rsc, /_next/data, path spellings (slashes, case, %2F, encoded dots, NUL, absolute-form), server-action posts with made-up and real ids from same, foreign, null and missing origins; `reached_data` (an answer holding record or case ids of another unit, account holders' names, access-log rows, provisional scores, the page's heading or own actions, a PDF or workbook, or an action that ran) must be 0, and every cross-origin post refused with 403; `server_errors` are framework 500s on malformed action bodies, before any guard",
  },
  "public.crawl": {
    title: "Public pages and downloads searched for personal data",
    meaning:
      "every public page and download found by following links from / and /login in both languages (rankings of every period and version, methodology, open data and its files, public notices, sign-in), searched for the demo's natural persons' names of every length, their ID numbers and any mainland mobile number; a two-character name inside a public word on the page (a unit, indicator or grade name, a company, the app's own text) is counted as exempted, not as a hit; `id_numbers_found`, `mobiles_found` and `names_found` must be 0",
  },
  "public.crawl.by-type": { title: "Public crawl by page type", meaning: "the same search, per kind of page: answers, bytes, hits and exempted names (distinct per page)" },
  "load.signed-in": {
    title: "Signed-in users browsing at month end (loopback)",
    meaning:
      "200 virtual users, each with its own session over the demo's accounts, going round dashboards, item lists, CSV and Excel exports, notices, inbox and public pages of the open month as of its last day, each asking for the next page as soon as the last arrived (`think_ms` 0) or after reading it for 5 s (`think_ms` 5000), on the embedded database and on PostgreSQL (the app and the database on the same machine); `machine` gives the load average before the users came; latency is recorded, not asserted (npm run bench:load measures it); `error_rate` (answers other than 200, failures, no answer within the timeout) must be 0",
  },
};

const commit = (() => {
  try {
    return execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
})();

const lines: string[] = [
  "# Reliability and security figures",
  "",
  `Generated by \`scripts/reliability.ts\` from the figures the tests recorded (\`${input}\`) at commit \`${commit}\`,`,
  `${new Date().toISOString().slice(0, 10)}. Regenerate with \`npm run reliability\`; never edit by hand.`,
  "",
];
const keys = [...new Set(figures.map((f) => f.key))].sort();
for (const key of keys) {
  const t = TITLES[key] ?? { title: key, meaning: "" };
  lines.push(`## ${t.title}`, "", t.meaning ? `${t.meaning}.` : "", "");
  const rows = figures.filter((f) => f.key === key);
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r).filter((k) => k !== "key" && k !== "at")))];
  lines.push(`| ${cols.join(" | ")} |`, `| ${cols.map(() => "---").join(" | ")} |`);
  const cell = (v: unknown) => (v === undefined || v === null ? "" : typeof v === "string" ? v : JSON.stringify(v));
  for (const r of rows) lines.push(`| ${cols.map((c) => cell(r[c])).join(" | ")} |`);
  lines.push("");
}
const notYet = Object.keys(TITLES).filter((k) => !keys.includes(k));
if (notYet.length) lines.push("## Not measured in this run", "", ...notYet.map((k) => `- ${TITLES[k]!.title}`), "");
fs.mkdirSync(path.dirname(output), { recursive: true });
fs.writeFileSync(output, lines.join("\n"));
console.log(`wrote ${output} from ${figures.length} figures`);
