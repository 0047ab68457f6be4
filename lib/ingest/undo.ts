import "server-only";
import type { Sql } from "@/db/client";
import { CalendarNotLoadedError, deadline } from "@/lib/calendar";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { tell } from "@/lib/inbox/messages";
import { bumpEvidenceVersion } from "@/lib/scoring/evidence-version";
import { ENTITY_UNITS } from "@/lib/scoring/sql";
import { todayInShanghai } from "@/lib/today";
import { scopeCtes, visibleSql, viewerUnit, type BatchRow, type Viewer } from "./history";
import { analyzeWhenStale, lockKind } from "./import";
import { KINDS, type ImportKind, type KindSpec } from "./kinds";

/**
 * Undoing an import batch (issue 10 §2): in one transaction, the rows it inserted are deleted and the
 * rows it changed get back the values — and the batch — they had before it, from the audit rows the
 * import wrote (lib/ingest/import.ts: `before` and `before_batch_id`). Refused, naming the rows, when
 * a later batch has changed a row this batch wrote (its values are no longer this batch's to take
 * back), or when other stored rows still refer to a row it would delete (feedback on an obligation it
 * inserted, say). Audited (the batch: who, when, reason, counts; each restored row: before and after),
 * the evidence version bumped so every score reflects it at once; published snapshots are untouched.
 *
 * Who: the office (and the system: the CLI) any batch; a unit head or clerk a batch of their own unit
 * — every unit its rows name is one of theirs — within WENXIAO_UNDO_WORKING_DAYS working days of it.
 */
export const REASON_MAX = 500;
/** rows named in a refusal: enough to find them, not a wall of text */
const NAMED = 10;

export interface UndoPlan {
  batchId: number;
  kind: ImportKind;
  /** rows the batch inserted (and nobody changed since): deleted */
  remove: number;
  /** rows the batch changed: given back their previous values */
  restore: number;
  /** why it cannot be undone (empty: it can) */
  refusals: { code: string; zh: string; en: string }[];
}

export interface UndoResult {
  batchId: number;
  kind: ImportKind;
  removed: number;
  restored: number;
}

const refusal = (code: string, zh: string, en: string) => ({ code, zh, en });

/** What the undo reads of a batch, and whether it is the actor's unit's own (`own`) and the day it was imported. */
type UndoBatchRow = Pick<BatchRow, "id" | "kind" | "status" | "file_name" | "file_sha256" | "actor" | "inserted" | "updated" | "unit_codes" | "started_at"> & { own: boolean; day: string };

/**
 * What undoing the batch would do, and whatever stands in the way, without changing anything: the
 * confirmation panel shows it. Throws 404 when the actor may not see the batch.
 */
export async function undoPlan(db: Sql, actor: Viewer, batchId: number, today = todayInShanghai()): Promise<UndoPlan> {
  return db.transaction(async (tx) => {
    const batch = await batchFor(tx, actor, batchId, false);
    return plan(tx, actor, batch, today);
  });
}

/** Undoes the batch, or refuses (AppError, 409/422) with the reasons in both languages. */
export async function undoBatch(db: Sql, actor: Viewer, batchId: number, reason: string, today = todayInShanghai()): Promise<UndoResult> {
  const why = reason.trim();
  if (why === "") throw AppError.invalid("请填写撤销原因", "give the reason for the undo");
  if (why.length > REASON_MAX) throw AppError.invalid(`撤销原因不能超过 ${REASON_MAX} 个字符`, `the reason is limited to ${REASON_MAX} characters`);
  const result = await db.transaction(async (tx) => {
    const batch = await batchFor(tx, actor, batchId, true);
    // the batch's rows stay as they are while we work: no import of the kind meanwhile
    if (batch.kind !== "calendar") await lockKind(tx, batch.kind);
    const p = await plan(tx, actor, batch, today);
    if (p.refusals.length > 0) {
      throw new AppError("undo_refused", `无法撤销批次 #${batch.id}：${p.refusals.map((r) => r.zh).join("；")}`, `batch #${batch.id} cannot be undone: ${p.refusals.map((r) => r.en).join("; ")}`, 409);
    }
    const spec = KINDS[batch.kind];
    const restored = await restoreChanged(tx, spec, batch.id, actor.username);
    const removed = await removeInserted(tx, spec, batch.id);
    if (restored !== p.restore || removed !== p.remove) {
      // cannot happen under the kind's lock; if it does, nothing is kept
      throw new Error(`undo of batch ${batch.id}: planned ${p.restore}/${p.remove}, did ${restored}/${removed}`);
    }
    await tx.query(`UPDATE import_batches SET status = 'undone', undone_at = clock_timestamp(), undone_by = $2, undo_reason = $3 WHERE id = $1`, [batch.id, actor.username, why]);
    await tx.query(`INSERT INTO audit_log (actor, action, entity, entity_key, batch_id, after) VALUES ($1, 'undo', $2, $3, $4, $5::jsonb)`, [
      actor.username,
      batch.kind,
      String(batch.id),
      batch.id,
      JSON.stringify({ reason: why, removed, restored, file: batch.file_name, sha256: batch.file_sha256, imported_by: batch.actor, imported_at: batch.started_at }),
    ]);
    await tellUndone(tx, actor, batch, why, { removed, restored });
    // last, as an import does: the new version is visible with the change or not at all
    await bumpEvidenceVersion(tx);
    return { batchId: batch.id, kind: batch.kind, removed, restored };
  });
  // fresh planner statistics for the table just changed (lib/ingest/import.ts says why)
  await analyzeWhenStale(db, KINDS[result.kind].table, result.removed + result.restored);
  return result;
}

// ---------------------------------------------------------------------------------------------

/** The batch, locked when `lock`, if the actor may see it; 404 otherwise (nothing about it leaks). */
async function batchFor(tx: Sql, actor: Viewer, batchId: number, lock: boolean): Promise<UndoBatchRow> {
  const scope = viewerUnit(actor);
  const notFound = AppError.notFound(`没有编号为 ${batchId} 的导入批次`, `there is no import batch ${batchId}`);
  if (scope === "none") throw notFound;
  if (lock) await tx.query(`SELECT 1 FROM import_batches WHERE id = $1 FOR UPDATE`, [batchId]);
  const [row] = await tx.query<UndoBatchRow>(
    `${scopeCtes("$1")}
     SELECT b.id, b.kind, b.status, b.file_name, b.file_sha256, b.actor, b.inserted, b.updated, b.unit_codes,
       to_char(b.started_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS') AS started_at,
       to_char(b.started_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS day,
       -- a unit's own batch: every unit its rows name is one of the unit's (and it names one)
       ($1::text IS NOT NULL AND cardinality(b.unit_codes) > 0 AND b.unit_codes <@ (SELECT codes FROM viewer_units)) AS own
     FROM import_batches b WHERE b.id = $3 AND ${visibleSql("$1", "$2")}`,
    [scope.unit, actor.username, batchId],
  );
  if (!row) throw notFound;
  return row;
}

async function plan(tx: Sql, actor: Viewer, batch: UndoBatchRow, today: string): Promise<UndoPlan> {
  const refusals: UndoPlan["refusals"] = [];
  const out = (remove = 0, restore = 0): UndoPlan => ({ batchId: batch.id, kind: batch.kind, remove, restore, refusals });
  if (batch.status === "undone") {
    refusals.push(refusal("already_undone", "该批次已撤销", "the batch has already been undone"));
    return out();
  }
  if (batch.status !== "done") {
    refusals.push(refusal("not_done", "该批次尚未完成导入", "the batch has not finished"));
    return out();
  }
  if (batch.kind === "calendar") {
    refusals.push(refusal("calendar", "工作日历的导入不能撤销：请导入更正后的日期", "a calendar import cannot be undone: import the corrected days instead"));
    return out();
  }
  if (actor.role === "unit_head" || actor.role === "clerk") {
    if (!batch.own) {
      refusals.push(refusal("not_own", "该批次含有其他单位的数据，只能由领导小组办公室撤销", "the batch holds other units' rows: only the office can undo it"));
    } else {
      const n = env().WENXIAO_UNDO_WORKING_DAYS;
      const last = await lastUndoDay(tx, batch.day, n);
      if (last instanceof AppError) refusals.push(refusal("calendar_not_loaded", last.zh, last.en));
      else if (today > last) {
        refusals.push(
          refusal(
            "too_late",
            `本单位只能在导入后 ${n} 个工作日内撤销（截至 ${last}），该批次导入于 ${batch.day}：请联系领导小组办公室`,
            `a unit can undo its import within ${n} working days (until ${last}); this one was imported on ${batch.day}: ask the office`,
          ),
        );
      }
    }
  }
  const spec = KINDS[batch.kind];
  const [counts] = await tx.query<{ restore: number; restore_here: number; remove: number; unknown_before: number }>(
    `WITH ${restoreCte(spec)}
     SELECT (SELECT count(*)::int FROM restore) AS restore,
            (SELECT count(*)::int FROM restore r JOIN ${spec.table} t ON ${keyMatch(spec, "t", "r")} WHERE t.batch_id = $1) AS restore_here,
            (SELECT count(*)::int FROM ${spec.table} t WHERE t.batch_id = $1 AND NOT EXISTS (SELECT 1 FROM restore r WHERE ${keyMatch(spec, "r", "t")})) AS remove,
            (SELECT count(*)::int FROM restore WHERE restore_batch IS NULL) AS unknown_before`,
    [batch.id],
  );
  const c = counts!;
  if (c.restore !== batch.updated) {
    refusals.push(refusal("audit_incomplete", `审计日志中该批次的修改记录（${c.restore} 条）与其修改数（${batch.updated}）不符，无法恢复原值`, `the audit log holds ${c.restore} of the batch's ${batch.updated} changes: the previous values cannot be restored`));
  }
  // evidence rows always carry a batch; a change audited before migration 0024 did not record it
  if (c.unknown_before > 0 && spec.table !== "units") {
    refusals.push(refusal("no_previous_batch", `该批次修改的 ${c.unknown_before} 行导入于记录来源批次之前，无法恢复其来源`, `${c.unknown_before} of the rows it changed were audited before their previous batch was recorded: their provenance cannot be restored`));
  }
  // rows this batch wrote that a later batch has changed since (and that were not given back to it)
  const later = await tx.query<{ key: string; batch: number | null }>(
    `WITH ${restoreCte(spec)}
     SELECT key, batch FROM (
       SELECT r.entity_key AS key, t.batch_id AS batch FROM restore r LEFT JOIN ${spec.table} t ON ${keyMatch(spec, "t", "r")} WHERE t.batch_id IS DISTINCT FROM $1
       UNION
       SELECT a.entity_key, t.batch_id FROM audit_log a CROSS JOIN LATERAL jsonb_populate_record(NULL::${spec.table}, a.before) p
         JOIN ${spec.table} t ON ${keyMatch(spec, "t", "p")}
       WHERE a.before_batch_id = $1 AND a.action = 'update' AND a.entity = $2 AND a.batch_id <> $1 AND t.batch_id IS DISTINCT FROM $1
     ) x ORDER BY key`,
    [batch.id, batch.kind],
  );
  // a changed row that no longer carries the batch, an inserted row that no longer does: changed later
  // (counted, so a change audited before migration 0024, without its previous batch, is caught too)
  const changedLater = c.restore - c.restore_here + Math.max(0, batch.inserted - c.remove);
  if (changedLater > 0 || later.length > 0) {
    const n = Math.max(later.length, changedLater);
    const named = later.slice(0, NAMED);
    const list = (lang: "zh" | "en") =>
      named.map((l) => (l.batch === null ? (lang === "zh" ? `${l.key}（已不存在）` : `${l.key} (no longer stored)`) : lang === "zh" ? `${l.key}（批次 #${l.batch}）` : `${l.key} (batch #${l.batch})`)).join(lang === "zh" ? "、" : ", ");
    const more = (lang: "zh" | "en") => (n > named.length ? (lang === "zh" ? `${named.length ? " " : ""}等共 ${n} 行` : `${named.length ? " and more, " : ""}${n} rows in all`) : "");
    refusals.push(
      refusal(
        "changed_later",
        `之后的批次已修改了本批次写入的数据：${list("zh")}${more("zh")}。请先撤销之后的批次`,
        `later batches have changed rows this batch wrote: ${list("en")}${more("en")}. Undo the later batches first`,
      ),
    );
  }
  refusals.push(...(await dependents(tx, spec, batch.id)));
  return out(c.remove, c.restore);
}

/** The last day a unit may undo a batch of `day`: n working days after it; the calendar's error when it does not reach that far. */
async function lastUndoDay(tx: Sql, day: string, n: number): Promise<string | AppError> {
  try {
    return await tx.transaction((t) => deadline(t, day, n));
  } catch (e) {
    if (e instanceof CalendarNotLoadedError) return e;
    throw e;
  }
}

/**
 * `restore`: the rows the batch changed, as they were before it (the audit row's `before`, typed by
 * the table's own row type), with the batch that had written them and the audit's key text.
 */
function restoreCte(spec: KindSpec): string {
  return `restore AS (
    SELECT p.*, a.before_batch_id AS restore_batch, a.entity_key
    FROM audit_log a CROSS JOIN LATERAL jsonb_populate_record(NULL::${spec.table}, a.before) p
    WHERE a.batch_id = $1 AND a.action = 'update' AND a.entity = '${spec.kind}')`;
}

const keyMatch = (spec: KindSpec, a: string, b: string) => spec.key.map((k) => `${a}.${k} = ${b}.${k}`).join(" AND ");
const keyText = (spec: KindSpec, alias: string) => `concat_ws('|', ${spec.key.map((k) => `${alias}.${k}`).join(", ")})`;

/**
 * Stored rows of other kinds that refer to a row the undo would delete, with no other row left to
 * refer to (the references each kind's import checks, lib/ingest/kinds.ts), and, for units, the
 * accounts and notices of a unit it would delete.
 */
async function dependents(tx: Sql, spec: KindSpec, batchId: number): Promise<UndoPlan["refusals"]> {
  const doomed = `(SELECT ${spec.key.map((k) => `t.${k}`).join(", ")} FROM ${spec.table} t WHERE t.batch_id = $1 AND NOT EXISTS (SELECT 1 FROM audit_log a CROSS JOIN LATERAL jsonb_populate_record(NULL::${spec.table}, a.before) p WHERE a.batch_id = $1 AND a.action = 'update' AND a.entity = '${spec.kind}' AND ${keyMatch(spec, "p", "t")}))`;
  const found: { kind: string; key: string }[] = [];
  for (const other of Object.values(KINDS)) {
    if (other.kind === "calendar") continue;
    for (const ref of other.references) {
      if (ref.table !== spec.table) continue;
      const target = ref.targetColumns;
      const refers = (alias: string) =>
        ref.list ? `${alias}.${target[0]} = ANY(string_to_array(s.${ref.fields[0]}, ';'))` : ref.fields.map((f, i) => `${alias}.${target[i]} = s.${f}`).join(" AND ");
      const rows = await tx.query<{ key: string }>(
        `WITH doomed AS MATERIALIZED ${doomed}
         SELECT ${keyText(other, "s")} AS key FROM ${other.table} s
         WHERE EXISTS (SELECT 1 FROM doomed d WHERE ${refers("d")})
           AND NOT EXISTS (SELECT 1 FROM ${spec.table} t WHERE ${refers("t")} AND NOT EXISTS (SELECT 1 FROM doomed d WHERE ${keyMatch(spec, "d", "t")}))
           ${other.table === spec.table ? `AND NOT EXISTS (SELECT 1 FROM doomed d WHERE ${keyMatch(spec, "d", "s")})` : ""}
         ORDER BY 1 LIMIT ${NAMED + 1}`,
        [batchId],
      );
      for (const r of rows) if (!found.some((f) => f.kind === other.kind && f.key === r.key)) found.push({ kind: other.kind, key: r.key });
    }
  }
  if (spec.table === "units") {
    const rows = await tx.query<{ kind: string; key: string }>(
      `WITH doomed AS MATERIALIZED ${doomed}
       SELECT 'users' AS kind, username AS key FROM users WHERE unit_code IN (SELECT code FROM doomed)
       UNION ALL SELECT 'notices', id::text FROM notices WHERE unit_code IN (SELECT code FROM doomed)
       ORDER BY 1, 2 LIMIT ${NAMED + 1}`,
      [batchId],
    );
    found.push(...rows);
  }
  if (found.length === 0) return [];
  const named = found.slice(0, NAMED);
  const list = named.map((f) => `${f.kind} ${f.key}`).join(", ");
  const more = found.length > NAMED ? { zh: " 等", en: " and more" } : { zh: "", en: "" };
  return [
    refusal(
      "still_referenced",
      `本批次新增的数据仍被其他数据引用：${list}${more.zh}。请先撤销或更正这些数据`,
      `rows this batch inserted are still referred to by other rows: ${list}${more.en}. Undo or correct those first`,
    ),
  ];
}

/** Gives the changed rows their previous values and batch back, each audited (before: as the batch left it). */
async function restoreChanged(tx: Sql, spec: KindSpec, batchId: number, actor: string): Promise<number> {
  const cols = spec.columns.map((c) => c.name);
  await tx.query(
    `WITH ${restoreCte(spec)}
     INSERT INTO audit_log (actor, action, entity, entity_key, batch_id, before, after, before_batch_id)
     SELECT $2, 'undo:restore', '${spec.kind}', r.entity_key, $1,
       jsonb_build_object(${cols.map((c) => `'${c}', t.${c}`).join(", ")}),
       jsonb_build_object(${cols.map((c) => `'${c}', r.${c}`).join(", ")}, 'batch_id', r.restore_batch), t.batch_id
     FROM restore r JOIN ${spec.table} t ON ${keyMatch(spec, "t", "r")}`,
    [batchId, actor],
  );
  const touch = spec.table === "units" ? ", updated_at = now()" : "";
  // the key is the row's identity, the same before and after: only the other columns are set
  const values = cols.filter((c) => !spec.key.includes(c));
  const [n] = await tx.query<{ n: number }>(
    `WITH ${restoreCte(spec)},
     u AS (UPDATE ${spec.table} t SET ${values.map((c) => `${c} = r.${c}`).join(", ")}, batch_id = r.restore_batch${touch}
           FROM restore r WHERE ${keyMatch(spec, "t", "r")} AND t.batch_id = $1 RETURNING 1)
     SELECT count(*)::int AS n FROM u`,
    [batchId],
  );
  return n?.n ?? 0;
}

/** Deletes the rows the batch inserted: those that still carry it and that it did not merely change. */
async function removeInserted(tx: Sql, spec: KindSpec, batchId: number): Promise<number> {
  // after restoreChanged, the rows still carrying the batch are exactly the ones it inserted
  const [n] = await tx.query<{ n: number }>(`WITH d AS (DELETE FROM ${spec.table} WHERE batch_id = $1 RETURNING 1) SELECT count(*)::int AS n FROM d`, [batchId]);
  return n?.n ?? 0;
}

/**
 * The inbox: the heads of the ranked units whose figures the batch's rows count toward; and the
 * office, when a unit undid it.
 */
async function tellUndone(tx: Sql, actor: Viewer, batch: UndoBatchRow, reason: string, n: { removed: number; restored: number }): Promise<void> {
  const heads = await tx.query<{ code: string }>(
    `WITH RECURSIVE ${ENTITY_UNITS}
     SELECT DISTINCT r.code FROM ranked r JOIN entity_units e ON e.grp = r.grp AND e.entity = r.code WHERE e.unit_code = ANY($1::text[]) ORDER BY 1`,
    [batch.unit_codes],
  );
  const text = {
    kind: "import_undone",
    title: `导入批次 #${batch.id} 已撤销`,
    titleEn: `Import batch #${batch.id} undone`,
    body: `${actor.username} 撤销了 ${batch.started_at} 导入的批次 #${batch.id}（${batch.kind}，文件 ${batch.file_name}）：删除 ${n.removed} 行，恢复 ${n.restored} 行原值。原因：${reason}`,
    bodyEn: `${actor.username} undid batch #${batch.id} (${batch.kind}, file ${batch.file_name}) imported at ${batch.started_at}: ${n.removed} rows removed, ${n.restored} rows given back their previous values. Reason: ${reason}`,
  };
  const units = heads.map((h) => h.code);
  if (units.length > 0) await tell(tx, { unitHeads: units }, { ...text, link: `/unit/imports/${batch.id}` });
  if (actor.role === "unit_head" || actor.role === "clerk") await tell(tx, { office: true }, { ...text, link: `/office/imports/${batch.id}` });
}
