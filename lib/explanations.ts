import "server-only";
import type { Connection, Sql } from "@/db/client";
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { EXPLANATION_MAX, KEY_FIELDS, PROBLEM_STATUSES, explanationTarget, itemKey, todoItemRef, type ExplanationTarget, type ItemNote } from "@/lib/explanation-keys";
import { maskSubjectCodes } from "@/lib/codes/mask";
import type { Lang } from "@/lib/i18n";
import { tell } from "@/lib/inbox/messages";
import { unitNamer, withItemNames } from "@/lib/unit-names";
import { itemsSql, type ExplainTarget } from "@/lib/scoring/explain";
import { parsePeriod } from "@/lib/scoring/period";
import type { Group } from "@/lib/scoring/score";
import { ENTITY_UNITS, RECORD_DEADLINES } from "@/lib/scoring/sql";
import { todayInShanghai } from "@/lib/today";

/**
 * Explanations of late and missing items (说明迟报原因, issue 10 §2): a unit's head or clerk attaches a
 * short text to a problem item of their own unit's lists — a record published or collected late or
 * not at all, a non-compliant record, a catalogue item collected short, an obligation answered late
 * or not at all, a violation. One current text per unit, list and item: saving again replaces it, and
 * the audit trail keeps every earlier text (before and after). The office reads them on the unit's
 * page and on a notice's review page; explaining an item of an issued notice's annex tells the office.
 */

export interface Explanation {
  unit_code: string;
  target: ExplanationTarget;
  item_key: string;
  period: string;
  text: string;
  author: string;
  created_at: string;
  updated_at: string;
}

/** A problem item of a unit's list, as the list shows it, with what an explanation is filed under. */
export interface ExplainableItem {
  target: ExplanationTarget;
  key: string;
  /** the month the item belongs to */
  month: string;
  status: string;
  explainable: boolean;
  item: Record<string, unknown>;
}

const COLUMNS = `unit_code, target, item_key, period, text, author, created_at::text, updated_at::text`;

/** The item's key in SQL over a list's own columns (`alias.column`) or an annex item's JSON (`json`). */
function keySql(target: ExplanationTarget, column: (f: string) => string): string {
  const fields = KEY_FIELDS[target];
  return fields.length === 1 ? column(fields[0]!) : `concat_ws('|', ${fields.map(column).join(", ")})`;
}

/** The unit's own group: the lists of a region or a department (an agency has none of its own). */
async function groupOf(sql: Sql, unitCode: string): Promise<Group | undefined> {
  const [u] = await sql.query<{ type: string }>(`SELECT type FROM units WHERE code = $1`, [unitCode]);
  return u?.type === "region" ? "region" : u?.type === "department" ? "department" : undefined;
}

/**
 * One item of the unit's list `target` in `period` (as its page lists it, as of `asOf`), found by its
 * exact key; undefined when the unit's list has no such item.
 */
export async function findItem(sql: Sql, q: { unitCode: string; target: ExplainTarget; key: string; period: string; asOf: string }): Promise<ExplainableItem | undefined> {
  const group = await groupOf(sql, q.unitCode);
  if (!group) return undefined;
  const period = parsePeriod(q.period);
  const filed = explanationTarget(q.target);
  const [item] = await sql.query<Record<string, unknown>>(
    `WITH RECURSIVE ${ENTITY_UNITS}, ${RECORD_DEADLINES},
       params AS (SELECT $1::date, $2::date, $3::date, $4::text[], $5::text, $6::text),
       mine AS (SELECT DISTINCT unit_code FROM entity_units WHERE grp = $5 AND entity = $6),
       items AS (${itemsSql(q.target)})
     SELECT * FROM items i WHERE ${keySql(filed, (f) => `i.${f}::text COLLATE "C"`)} = $7 LIMIT 1`,
    [period.start, period.end, q.asOf, period.months, group, q.unitCode, q.key],
  );
  if (!item) return undefined;
  const status = String(item.status);
  return { target: filed, key: q.key, month: await monthOf(sql, filed, item), status, explainable: PROBLEM_STATUSES.includes(status), item };
}

/** The month an item belongs to: its decision's, its statistics', its obligation's due date's (CONTRACT §4). */
async function monthOf(sql: Sql, target: ExplanationTarget, item: Record<string, unknown>): Promise<string> {
  if (target === "coverage") return String(item.period);
  if (target === "feedback_timeliness") return String(item.due_date).slice(0, 7);
  if (target === "violations") {
    const [c] = await sql.query<{ m: string }>(
      `SELECT to_char(due_date, 'YYYY-MM') AS m FROM cases WHERE case_id = $1 AND measure_code = $2 AND implementing_unit = $3`,
      [item.case_id, item.measure_code, item.implementing_unit],
    );
    return c!.m;
  }
  return String(item.decision_date).slice(0, 7);
}

/**
 * What the explanation form shows (/unit/explain): the item as its list shows it (ID numbers masked,
 * the unit named in the page's language) and its current explanation; undefined when the unit's list
 * has no such item.
 */
export async function explanationForm(
  sql: Sql,
  unitCode: string,
  q: { target: ExplainTarget; key: string; period: string },
  lang: Lang,
  asOf: string = todayInShanghai(),
): Promise<{ found: ExplainableItem; current: Explanation | undefined } | undefined> {
  const found = await findItem(sql, { unitCode, ...q, asOf });
  if (!found) return undefined;
  const [item] = withItemNames(maskSubjectCodes([found.item]), await unitNamer(sql, lang));
  return { found: { ...found, item: item! }, current: await getExplanation(sql, unitCode, q.target, q.key) };
}

/** The text as stored: trimmed, line breaks kept (as \n), not empty, at most EXPLANATION_MAX characters, no other control characters. */
export function checkText(raw: string): string {
  const text = raw.replace(/\r\n?/g, "\n").trim();
  if (text === "") throw AppError.invalid("请填写说明", "write the explanation");
  const length = [...text].length;
  if (length > EXPLANATION_MAX) {
    throw AppError.invalid(`说明最多 ${EXPLANATION_MAX} 个字（现有 ${length} 个），请精简`, `the explanation is limited to ${EXPLANATION_MAX} characters (it has ${length}): shorten it`);
  }
  // eslint-disable-next-line no-control-regex -- finding them is the point
  if (/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/.test(text)) {
    throw AppError.invalid("说明含有不可见的控制字符，请删除后重新填写", "the explanation contains invisible control characters: remove them and try again");
  }
  return text;
}

/** The explanation of one item of the unit's, if any. */
export async function getExplanation(sql: Sql, unitCode: string, target: ExplainTarget, key: string): Promise<Explanation | undefined> {
  const [row] = await sql.query<Explanation>(`SELECT ${COLUMNS} FROM item_explanations WHERE unit_code = $1 AND target = $2 AND item_key = $3`, [unitCode, explanationTarget(target), key]);
  return row;
}

export interface SaveExplanationInput {
  target: ExplainTarget;
  key: string;
  /** the period of the list the item was shown in (a month, quarter or year) */
  period: string;
  text: string;
}

/**
 * Adds or replaces the explanation of a problem item of the actor's own unit, audited with the text
 * before and after; the office is told when the item is in an issued notice's annex. Only a unit's
 * head or clerk explains, and only items of their own unit's lists (anything else reads as not found).
 */
export async function saveExplanation(
  db: Connection,
  actor: Actor,
  input: SaveExplanationInput,
  asOf: string = todayInShanghai(),
): Promise<{ replaced: boolean; notices: number[] }> {
  if ((actor.role !== "unit_head" && actor.role !== "clerk") || !actor.unitCode) {
    throw AppError.forbidden("只有本单位负责人或联络员可以说明本单位的事项", "only the unit's head or clerks may explain its items");
  }
  const unitCode = actor.unitCode;
  const text = checkText(input.text);
  const found = await findItem(db, { unitCode, target: input.target, key: input.key, period: input.period, asOf });
  if (!found) throw AppError.notFound(`本单位${input.period}的清单中没有事项“${input.key}”`, `your unit's list for ${input.period} has no item "${input.key}"`);
  if (!found.explainable) {
    throw AppError.invalid("该事项没有问题（按时、合规或尚未到期），无需说明", "this item is in order (on time, compliant or not yet due): there is nothing to explain");
  }
  return db.transaction(async (tx) => {
    const [before] = await tx.query<Explanation>(
      `SELECT ${COLUMNS} FROM item_explanations WHERE unit_code = $1 AND target = $2 AND item_key = $3 FOR UPDATE`,
      [unitCode, found.target, found.key],
    );
    await tx.query(
      `INSERT INTO item_explanations (unit_code, target, item_key, period, text, author) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (unit_code, target, item_key) DO UPDATE SET text = EXCLUDED.text, author = EXCLUDED.author, period = EXCLUDED.period, updated_at = now()`,
      [unitCode, found.target, found.key, found.month, text, actor.username],
    );
    await tx.query(
      `INSERT INTO audit_log (actor, action, entity, entity_key, before, after) VALUES ($1, 'explain', 'item_explanations', $2, $3::jsonb, $4::jsonb)`,
      [
        actor.username,
        `${unitCode}|${found.target}|${found.key}`,
        before ? JSON.stringify({ text: before.text, author: before.author, updated_at: before.updated_at }) : null,
        JSON.stringify({ text, author: actor.username, period: found.month, status: found.status }),
      ],
    );
    const notices = await issuedNoticesWith(tx, unitCode, found.target, found.key);
    if (notices.length > 0) {
      const shown = text.length > 200 ? `${text.slice(0, 200)}…` : text;
      await tell(tx, { office: true }, {
        kind: "explanation",
        title: `单位说明：${unitCode} 的事项 ${found.key}`,
        body: `${unitCode} 对已印发通报附件中的事项 ${found.key} 作了说明：${shown}`,
        titleEn: `Explanation: ${unitCode}'s item ${found.key}`,
        bodyEn: `${unitCode} explained the item ${found.key} of an issued notice's annex: ${shown}`,
        link: `/office/notices/${notices[0]}`,
      });
    }
    return { replaced: before !== undefined, notices };
  });
}

/** The unit's issued notices whose frozen annex lists the item, newest first. */
async function issuedNoticesWith(sql: Sql, unitCode: string, target: ExplanationTarget, key: string): Promise<number[]> {
  const targets = target === "feedback_timeliness" ? ["feedback_timeliness", "feedback_coverage"] : [target];
  const rows = await sql.query<{ id: number }>(
    `SELECT DISTINCT n.id FROM notices n JOIN notice_annex_items a ON a.notice_id = n.id
     WHERE n.unit_code = $1 AND n.issued_at IS NOT NULL AND a.target = ANY($2::text[]) AND ${keySql(target, (f) => `a.item->>'${f}'`)} = $3
     ORDER BY n.id DESC`,
    [unitCode, targets, key],
  );
  return rows.map((r) => r.id);
}

/** The unit's explanations of items of `period` (a month, quarter or year), newest first. */
export async function explanationsForPeriod(sql: Sql, unitCode: string, period: string): Promise<Explanation[]> {
  return sql.query<Explanation>(
    `SELECT ${COLUMNS} FROM item_explanations WHERE unit_code = $1 AND period = ANY($2::text[]) ORDER BY updated_at DESC, target, item_key`,
    [unitCode, parsePeriod(period).months],
  );
}

/**
 * The 说明 column of a page of a unit's list (lib/unit-page.ts): for each item shown, its explanation
 * if any and whether it may be explained. `target` is the list's; undefined for the to-do list, whose
 * items name their own.
 */
export async function itemNotes(sql: Sql, unitCode: string, target: ExplainTarget | undefined, items: Record<string, unknown>[]): Promise<ItemNote[]> {
  const refs = items.map((i) => (target ? { target: explanationTarget(target), key: itemKey(target, i) } : todoItemRef(i)));
  const rows =
    refs.length === 0
      ? []
      : await sql.query<Explanation>(
          `SELECT ${COLUMNS.split(", ").map((c) => `e.${c}`).join(", ")} FROM item_explanations e
           JOIN unnest($2::text[], $3::text[]) AS r(target, item_key) ON e.target = r.target AND e.item_key = r.item_key COLLATE "C"
           WHERE e.unit_code = $1`,
          [unitCode, refs.map((r) => r.target), refs.map((r) => r.key)],
        );
  const by = new Map(rows.map((r) => [`${r.target}|${r.item_key}`, r]));
  return refs.map((r, n) => {
    const e = by.get(`${r.target}|${r.key}`);
    return { ...r, explainable: PROBLEM_STATUSES.includes(String(items[n]!.status)), text: e?.text ?? null, author: e?.author ?? null, at: e?.updated_at ?? null };
  });
}

export const NOTICE_EXPLANATIONS_MAX = 100;

/**
 * The explanations of a notice's items (the review page's 单位说明): for an issued notice, those of
 * the items its frozen annex lists; for a draft, those of the addressed unit's items of the notice's
 * period (its annex is the period's problem items, and only problem items are explained). Newest first,
 * at most NOTICE_EXPLANATIONS_MAX, with how many there are.
 */
export async function noticeExplanations(
  sql: Sql,
  notice: { id: number; unit_code: string; period: string; issued_at: string | null },
): Promise<{ items: (Explanation & { status: string | null })[]; total: number }> {
  let rows: (Explanation & { status: string | null; total: number })[];
  if (notice.issued_at) {
    const key = `CASE e.target ${Object.entries(KEY_FIELDS)
      .map(([t]) => `WHEN '${t}' THEN ${keySql(t as ExplanationTarget, (f) => `a.item->>'${f}'`)}`)
      .join(" ")} END`;
    rows = await sql.query(
      `WITH matched AS (
         SELECT DISTINCT ON (e.id) ${COLUMNS.split(", ").map((c) => `e.${c}`).join(", ")}, a.status
         FROM notice_annex_items a
         JOIN item_explanations e ON e.unit_code = $2 AND e.target = (CASE WHEN a.target = 'feedback_coverage' THEN 'feedback_timeliness' ELSE a.target END)
         WHERE a.notice_id = $1 AND e.item_key = ${key}
         ORDER BY e.id, a.seq
       )
       SELECT *, count(*) OVER ()::int AS total FROM matched ORDER BY updated_at DESC, target, item_key LIMIT $3`,
      [notice.id, notice.unit_code, NOTICE_EXPLANATIONS_MAX],
    );
  } else {
    rows = await sql.query(
      `SELECT ${COLUMNS}, NULL::text AS status, count(*) OVER ()::int AS total FROM item_explanations
       WHERE unit_code = $1 AND period = ANY($2::text[]) ORDER BY updated_at DESC, target, item_key LIMIT $3`,
      [notice.unit_code, parsePeriod(notice.period).months, NOTICE_EXPLANATIONS_MAX],
    );
  }
  return { items: rows, total: rows[0]?.total ?? 0 };
}
