import { parseArgs } from "node:util";
import { openAppDatabase, type Connection } from "@/lib/db";
import { calendarRange } from "@/lib/calendar";
import { AppError } from "@/lib/errors";
import { importFile, isUserError, type Lang } from "@/lib/ingest/import";
import { IMPORT_KINDS, isImportKind } from "@/lib/ingest/kinds";
import { undoBatch } from "@/lib/ingest/undo";
import { GROUPS, scorePeriod } from "@/lib/scoring/score";
import { INDICATORS } from "@/lib/scoring/indicators";
import { env } from "@/lib/env";
import { todayInShanghai } from "@/lib/today";
import { closePeriod } from "@/lib/notices/close";
import { createUser, resetTwoFactor, setUserActive, unlockUser } from "@/lib/auth/accounts";
import { systemActor } from "@/lib/auth/actor";
import { backupDatabase, restoreDatabase } from "@/lib/backup/backup";
import { PushError, pushFile } from "@/lib/api/client";
import { createToken, listTokens, revokeToken, TOKENS_PAGE_SIZE, type TokenRow } from "@/lib/api/tokens";

/**
 * The wenxiao command (CONTRACT §2). Exit codes: 0 success, 1 the input had rejected rows (the rest
 * was stored), 2 usage error or unusable input (nothing stored; a backup file that cannot be written
 * or used, a restore target that is not empty), 3 the database could not be used.
 */
const USAGE = `用法 / usage: npm run --silent wenxiao -- <command> [options]

  import <kind> <file>                    kind: ${IMPORT_KINDS.join(" | ")}
                                          file: .csv (UTF-8 / GB18030) | .xlsx | .jsonl
        [--server URL --token T]          delivers the file to a running app through its push API
                                          (/api/v1, 5 000 rows a request): no database lock needed
  import undo BATCH_ID --reason "…"       takes an import batch back: its inserted rows deleted, its changed
                                          rows given their previous values (refused when a later batch
                                          changed them); prints {"batch":N,"kind":…,"removed":N,"restored":N}
  score --period P [--as-of D] [--json]   P: 2024-03 | 2024-Q1 | 2024; D: YYYY-MM-DD (default today)
  calendar --from D --to D                prints date,is_workday as CSV
  close --period P [--as-of D] [--json]   scores P and drafts notices by the rules in force; only once P
                                          has ended (D on or after the first day after P)
        [--early --reason "…"]            closes P before it has ended, on partial data: the reason is
                                          audited and shown on every draft it makes
  user create --username U --role office|unit_head|clerk [--unit CODE] [--name N] [--email E]
                                          creates an account and prints its one-time password
  user disable|enable|unlock --username U disables (ending its sessions), enables or unlocks an account
  user reset-2fa --username U             turns two-factor sign-in off for a lost phone (sessions end)
  token create --unit CODE [--name TEXT] [--expires D] [--json]
                                          makes a push API token for a unit and prints it once
                                          (--json: {"token":"…","unit":"CODE"})
  token list [--unit CODE] [--json]       the tokens (never the tokens themselves: their first characters)
  token revoke <id>                       revokes a token: pushes with it are refused from now on
  backup <file> [--force]                 the whole database into one file (--force replaces an existing file)
  restore <file>                          an empty database (or data directory) from a backup file

  --lang zh|en                            language of messages (default zh)`;

class UsageError extends AppError {
  constructor(zh: string, en: string) {
    super("usage", zh, en);
  }
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      period: { type: "string" },
      "as-of": { type: "string" },
      json: { type: "boolean", default: false },
      from: { type: "string" },
      to: { type: "string" },
      lang: { type: "string", default: "zh" },
      actor: { type: "string", default: "cli" },
      username: { type: "string" },
      name: { type: "string" },
      role: { type: "string" },
      unit: { type: "string" },
      email: { type: "string" },
      force: { type: "boolean", default: false },
      early: { type: "boolean", default: false },
      reason: { type: "string" },
      server: { type: "string" },
      token: { type: "string" },
      expires: { type: "string" },
      "batch-rows": { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  const lang: Lang = values.lang === "en" ? "en" : "zh";
  const [command, ...args] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return command || values.help ? 0 : 2;
  }

  switch (command) {
    case "user": {
      const [verb, extra] = args;
      const actor = systemActor("cli", values.actor);
      const username = values.username;
      if (!verb || extra || !username) throw new UsageError("user 需要 create|disable|enable|unlock|reset-2fa 和 --username", "user needs create|disable|enable|unlock|reset-2fa and --username");
      return withDb(async (db) => {
        if (verb === "create") {
          const role = values.role ?? "";
          const created = await createUser(db, actor, { username, name: values.name ?? username, role: role as "office", unitCode: values.unit ?? null, email: values.email ?? null });
          // the one time this password is shown: only its hash is stored
          console.log(lang === "en" ? `created ${created.username}; one-time password: ${created.password}` : `已创建 ${created.username}；一次性密码：${created.password}`);
        } else if (verb === "disable" || verb === "enable") {
          await setUserActive(db, actor, username, verb === "enable");
          console.log(lang === "en" ? `${username} ${verb}d` : `${username} 已${verb === "enable" ? "启用" : "停用"}`);
        } else if (verb === "unlock") {
          await unlockUser(db, actor, username);
          console.log(lang === "en" ? `${username} unlocked` : `${username} 已解锁`);
        } else if (verb === "reset-2fa") {
          await resetTwoFactor(db, actor, username);
          console.log(lang === "en" ? `two-factor sign-in of ${username} reset` : `${username} 的两步验证已重置`);
        } else {
          throw new UsageError(`未知的 user 子命令“${verb}”`, `unknown user command "${verb}"`);
        }
        return 0;
      });
    }
    case "token": {
      const [verb, id, extra] = args;
      const actor = systemActor("cli", values.actor);
      if (verb === "create") {
        if (!values.unit || id) throw new UsageError("token create 需要 --unit CODE", "token create needs --unit CODE");
        return withDb(async (db) => {
          const t = await createToken(db, actor, { unitCode: values.unit!, name: values.name ?? "", expires: values.expires ?? null });
          // the one time this token is shown: only its hash is stored
          if (values.json) console.log(JSON.stringify({ token: t.token, unit: t.unit }));
          else console.log(lang === "en" ? `token for ${t.unit} (id ${t.id}), shown only this once:\n${t.token}` : `已为 ${t.unit} 创建接口令牌（编号 ${t.id}），只显示这一次：\n${t.token}`);
          return 0;
        });
      }
      if (verb === "list") {
        if (id) throw new UsageError("token list 不带其他参数（可用 --unit）", "token list takes no argument (--unit filters)");
        return withDb(async (db) => {
          const rows: TokenRow[] = [];
          for (let page = 1; ; page++) {
            const p = await listTokens(db, actor, { unit: values.unit, page });
            rows.push(...p.rows);
            if (page >= p.pages || p.rows.length < TOKENS_PAGE_SIZE) break;
          }
          if (values.json) console.log(JSON.stringify(rows.map((r) => ({ id: r.id, unit: r.unit_code, name: r.name, prefix: r.prefix, status: r.status, created: r.created, created_by: r.created_by, last_used: r.last_used, expires: r.expires, revoked: r.revoked }))));
          else {
            console.log(["id", "unit", "prefix", "status", "created", "last_used", "name"].join("\t"));
            for (const r of rows) console.log([r.id, r.unit_code, `${r.prefix}…`, r.status, r.created, r.last_used ?? "-", r.name].join("\t"));
          }
          return 0;
        });
      }
      if (verb === "revoke") {
        if (!id || extra || !/^[1-9]\d{0,9}$/.test(id)) throw new UsageError("token revoke 需要令牌编号（见 token list）", "token revoke needs the token's id (see token list)");
        return withDb(async (db) => {
          const t = await revokeToken(db, actor, Number(id));
          console.log(lang === "en" ? `token ${t.id} (${t.prefix}…) of ${t.unit} revoked` : `已撤销 ${t.unit} 的令牌 ${t.id}（${t.prefix}…）`);
          return 0;
        });
      }
      throw new UsageError("token 需要 create|list|revoke", "token needs create|list|revoke");
    }
    case "import": {
      const [kind, file, extra] = args;
      if (kind === "undo") {
        const id = file !== undefined && /^[1-9]\d{0,9}$/.test(file) ? Number(file) : undefined;
        if (id === undefined || extra) throw new UsageError('import undo 需要批次编号：import undo BATCH_ID --reason "…"', 'import undo needs a batch number: import undo BATCH_ID --reason "…"');
        if (!values.reason?.trim()) throw new UsageError('撤销导入须用 --reason "…" 写明原因', 'an undo needs its reason: --reason "…"');
        return withDb(async (db) => {
          const r = await undoBatch(db, systemActor("cli", values.actor), id, values.reason!);
          console.log(JSON.stringify({ batch: r.batchId, kind: r.kind, removed: r.removed, restored: r.restored }));
          return 0;
        });
      }
      if (!kind || !file || extra) throw new UsageError("import 需要 <kind> <file>", "import needs <kind> <file>");
      if (!isImportKind(kind)) {
        throw new UsageError(`未知的导入类型“${kind}”，应为：${IMPORT_KINDS.join("、")}`, `unknown import kind "${kind}", expected one of: ${IMPORT_KINDS.join(", ")}`);
      }
      if ((values.server === undefined) !== (values.token === undefined)) throw new UsageError("--server 和 --token 需同时给出", "--server and --token go together");
      if (values.server !== undefined) {
        if (!/^https?:\/\/[^/]/.test(values.server)) throw new UsageError(`--server 应为 http:// 或 https:// 地址，实为“${values.server}”`, `--server must be an http:// or https:// address, got "${values.server}"`);
        const batchRows = values["batch-rows"] === undefined ? undefined : Number(values["batch-rows"]);
        if (batchRows !== undefined && !(Number.isInteger(batchRows) && batchRows > 0)) throw new UsageError("--batch-rows 应为正整数", "--batch-rows must be a positive whole number");
        // no database here: the running app stores the rows
        const summary = await pushFile(kind, file, { server: values.server, token: values.token!, lang, batchRows });
        const { batches, ...contract } = summary;
        console.log(JSON.stringify(contract));
        if (batches.length > 0) console.error(lang === "en" ? `batches: ${batches.join(", ")}` : `批次：${batches.join("、")}`);
        return summary.rejected.length > 0 ? 1 : 0;
      }
      return withDb(async (db) => {
        const { summary } = await importFile(db, kind, file, { actor: values.actor, lang, channel: "cli" });
        console.log(JSON.stringify(summary));
        return summary.rejected.length > 0 ? 1 : 0;
      });
    }
    case "score": {
      if (!values.period) throw new UsageError("score 需要 --period", "score needs --period");
      const asOf = values["as-of"] ?? todayInShanghai();
      return withDb(async (db) => {
        const doc = await scorePeriod(db, values.period!, asOf);
        if (values.json) {
          console.log(JSON.stringify(doc));
        } else {
          printScoreTable(doc, lang);
        }
        return 0;
      });
    }
    case "calendar": {
      if (!values.from || !values.to) throw new UsageError("calendar 需要 --from 和 --to", "calendar needs --from and --to");
      return withDb(async (db) => {
        const days = await calendarRange(db, values.from!, values.to!);
        const out = ["date,is_workday", ...days.map((d) => `${d.date},${d.isWorkday ? 1 : 0}`)];
        process.stdout.write(out.join("\n") + "\n");
        return 0;
      });
    }
    case "close": {
      if (!values.period) throw new UsageError("close 需要 --period", "close needs --period");
      if (values.reason !== undefined && !values.early) throw new UsageError("--reason 只用于提前关闭（--early）", "--reason goes with an early close (--early)");
      if (values.early && !values.reason?.trim()) throw new UsageError('提前关闭须用 --reason "…" 写明原因', 'an early close needs its reason: --reason "…"');
      const asOf = values["as-of"] ?? todayInShanghai();
      const early = values.early ? { reason: values.reason! } : undefined;
      return withDb(async (db) => {
        const result = await closePeriod(db, { period: values.period!, asOf, actor: systemActor("cli", values.actor), early });
        if (values.json) {
          console.log(JSON.stringify({ period: result.period, drafts: result.drafts }));
        } else {
          console.log(lang === "en" ? `${result.period}: ${result.drafts.length} notices drafted (${result.created} new)` : `${result.period}：共 ${result.drafts.length} 份通报草稿（本次新增 ${result.created} 份）`);
          if (early) console.log(lang === "en" ? `closed early, as of ${asOf}: ${early.reason.trim()}` : `提前关闭（评价日 ${asOf}）：${early.reason.trim()}`);
          for (const d of result.drafts) console.log(`  ${d.group}\t${d.code}\t${d.rules.join(", ")}`);
        }
        return 0;
      });
    }
    case "backup": {
      const [file, extra] = args;
      if (!file || extra) throw new UsageError("backup 需要 <file>", "backup needs <file>");
      // no withDb: a backup copies the database as it is, unmigrated (before an upgrade, say)
      const b = await backupDatabase({ file, force: values.force, actor: systemActor("cli", values.actor) });
      const kind = b.database === "postgres" ? "PostgreSQL" : "PGlite";
      console.log(lang === "en" ? `backed up to ${b.file} (${kind}, ${b.bytes} bytes, SHA-256 ${b.sha256})` : `已备份到 ${b.file}（${kind}，${b.bytes} 字节，SHA-256 ${b.sha256}）`);
      return 0;
    }
    case "restore": {
      const [file, extra] = args;
      if (!file || extra) throw new UsageError("restore 需要 <file>", "restore needs <file>");
      const r = await restoreDatabase({ file, actor: systemActor("cli", values.actor) });
      const kind = r.database === "postgres" ? "PostgreSQL" : "PGlite";
      console.log(lang === "en" ? `restored from ${r.file} (${kind}, backed up ${r.created_at})` : `已从 ${r.file} 恢复（${kind}，备份于 ${r.created_at}）`);
      return 0;
    }
    default:
      throw new UsageError(`未知命令“${command}”\n${USAGE}`, `unknown command "${command}"\n${USAGE}`);
  }

  function printScoreTable(doc: Awaited<ReturnType<typeof scorePeriod>>, l: Lang) {
    const title = l === "en" ? `Scores for ${doc.period} as of ${doc.as_of}` : `${doc.period} 得分（截至 ${doc.as_of}）`;
    console.log(title);
    for (const g of GROUPS) {
      console.log(`\n[${l === "en" ? g : g === "region" ? "地区" : "部门"}]`);
      console.log(["rank", "code", "score", "violations", ...INDICATORS].join("\t"));
      for (const e of doc.groups[g]) {
        const rates = INDICATORS.map((k) => (e.indicators[k].rate === null ? "-" : e.indicators[k].rate.toFixed(4)));
        console.log([e.rank ?? "-", `${e.code} ${e.name}`, e.score ?? "-", e.violations, ...rates].join("\t"));
      }
    }
  }
}

async function withDb(fn: (db: Connection) => Promise<number>): Promise<number> {
  const db = await openAppDatabase();
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

function messageOf(e: unknown, lang: Lang): string {
  if (e instanceof AppError || isUserError(e)) return lang === "en" ? e.en : e.zh;
  return e instanceof Error ? e.message : String(e);
}

let exiting = false;
/**
 * Ends the process once stdout and stderr have been flushed: process.exit() right after a large
 * write to a pipe would cut the JSON summary short.
 */
function exit(code: number): void {
  exiting = true;
  process.exitCode = code;
  let pending = 2;
  const done = () => {
    if (--pending === 0) process.exit(code);
  };
  process.stdout.write("", done);
  process.stderr.write("", done);
}

// the connection went away under a running command (server restarted, backend terminated, network cut)
const CONNECTION_LOST = new Set(["CONNECTION_CLOSED", "CONNECTION_DESTROYED", "ECONNRESET", "EPIPE", "57P01", "57P02", "57P03"]);

/** The database failed (refused, unreachable, terminated): one line and exit 3, the stack only when tracing. */
function systemError(e: unknown): void {
  const code = (e as { code?: unknown } | null)?.code;
  const lost = typeof code === "string" && CONNECTION_LOST.has(code);
  const hint = !lost ? "" : lang === "en" ? " (the connection was lost; an import is stored whole or not at all: run it again)" : "（连接已断开；导入要么完整保存，要么完全未保存：请重新运行）";
  console.error(`${lang === "en" ? "The database could not be used: " : "数据库不可用："}${e instanceof Error ? e.message : String(e)}${hint}`);
  if (env().WENXIAO_TRACE === "1") console.error(e);
  exit(3);
}

const lang: Lang = process.argv.includes("en") && process.argv.includes("--lang") ? "en" : "zh";
// An error thrown outside the command's promise chain (a driver's timer, say) would end the process with
// Node's exit code 1, which here means "rows rejected, the rest stored": it is a system error instead.
// Once the command has ended, its outcome stands.
const stray = (e: unknown) => {
  if (!exiting) systemError(e);
};
process.on("uncaughtException", stray);
process.on("unhandledRejection", stray);
main(process.argv.slice(2)).then(
  (code) => exit(code),
  (e: unknown) => {
    const msg = messageOf(e, lang);
    // the database could not be used: locked by another process, or pg_dump/pg_restore failed against it
    if (e instanceof AppError && (e.code === "data_dir_locked" || e.code === "database_tool_failed")) {
      console.error(msg);
      return exit(3);
    }
    if (e instanceof PushError) {
      // the server could not be reached or failed: as a database that cannot be used; a refusal: unusable input
      console.error(msg);
      if (e.detail && typeof e.detail === "object" && "rejected" in e.detail) console.error(JSON.stringify(e.detail.rejected));
      return exit(e.status >= 500 ? 3 : 2);
    }
    if (e instanceof UsageError || isUserError(e)) {
      console.error(msg);
      return exit(2);
    }
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && code.startsWith("ERR_PARSE_ARGS")) {
      console.error(`${(e as Error).message}\n${USAGE}`);
      return exit(2);
    }
    systemError(e);
  },
);
