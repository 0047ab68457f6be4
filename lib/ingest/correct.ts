import "server-only";
import { createHash } from "node:crypto";
import type { Sql } from "@/db/client";
import { isPersonalCode, maskIdNumber } from "@/lib/codes/mask";
import { AppError } from "@/lib/errors";
import type { Lang } from "@/lib/i18n";
import { fieldDocs } from "./fields";
import { viewerUnit, type Viewer } from "./history";
import { importRows, tryLockKind } from "./import";
import { KINDS, type KindSpec } from "./kinds";
import { REASON_MAX } from "./undo";
import { inScopeSql, isUnitKind, OWNER, ScopeError, UNIT_KINDS, type UnitKind } from "./scope";
import { parseDate } from "./values";

/**
 * Correcting one stored row in the browser (issue 10 §2): a unit's head or clerk a row of their own
 * unit or its agencies (lib/ingest/scope.ts), the office any unit's. The corrected row goes through the
 * import as a batch of one (channel "form", lib/ingest/import.ts), so it is checked, audited (before
 * and after), provenanced and undone (lib/ingest/undo.ts) like any other batch; the reason is the
 * batch's note. The key is never changed: it names the row (a new row is an upload). A correction that
 * changes nothing stores nothing. A value a file would store flagged — an unreadable date, a value not
 * in the kind's list — is refused on the form instead, next to its field: a person typing it can fix it.
 */
export const CORRECTABLE_KINDS = UNIT_KINDS;
export type CorrectableKind = UnitKind;
export const isCorrectableKind = isUnitKind;

export interface CorrectionField {
  field: string;
  labelZh: string;
  labelEn: string;
  input: "text" | "date" | "number" | "select" | "month";
  options?: { id: string; zh: string; en: string }[];
  key: boolean;
  required: boolean;
  /** the stored value as the form shows it ('' for none); a masked ID number shows as '' */
  value: string;
  /** the stored value is a natural person's ID number, shown masked: the input starts empty, and empty keeps it */
  masked?: string;
}

export interface CorrectionView {
  kind: CorrectableKind;
  /** the row's key, field by field (the address names the row by it) */
  key: Record<string, string>;
  fields: CorrectionField[];
  /** the unit the row belongs to (lib/ingest/scope.ts OWNER) */
  owner: string;
  /** the batch that last wrote the row */
  batchId: number | null;
  /** a fingerprint of the stored row: a save refuses if it changed since the check */
  version: string;
}

export interface FieldMessage {
  /** the field the message is about; null for the row as a whole */
  field: string | null;
  zh: string;
  en: string;
}

export interface Change {
  field: string;
  before: string;
  after: string;
}

export type CorrectionOutcome =
  | { outcome: "invalid"; errors: FieldMessage[] }
  | { outcome: "unchanged" }
  | { outcome: "confirm"; changes: Change[]; version: string }
  | { outcome: "saved"; changes: Change[]; batchId: number };

export interface CorrectionInput {
  kind: CorrectableKind;
  key: Record<string, string>;
  /** the form's values by field (key fields, if sent, must equal the stored key) */
  values: Record<string, string>;
  reason: string;
  /** "check": what would change (nothing stored); "save": store it, as confirmed for `version` */
  step: "check" | "save";
  version?: string;
}

/** The fields of a kind the form shows: those of its template (what a file has), not the derived ones (flags, compliant). */
function formFields(spec: KindSpec): string[] {
  return Object.keys(spec.headers);
}

function columnType(spec: KindSpec, field: string) {
  return spec.columns.find((c) => c.name === field)?.type ?? "text";
}

/** A stored value as the form shows and compares it. */
function formValue(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (Array.isArray(v)) return v.join(";");
  if (typeof v === "string") return v;
  return typeof v === "number" || typeof v === "boolean" ? String(v) : JSON.stringify(v);
}

const humanize = (field: string) => field.charAt(0).toUpperCase() + field.slice(1).replace(/_/g, " ");

/**
 * The stored row named by `key`, if it exists and `viewer` may correct it: the office any row, a unit's
 * head or clerk a row of their unit or its agencies; undefined otherwise (the page answers 404 to both).
 */
export async function loadCorrection(db: Sql, viewer: Viewer, kind: string, key: Record<string, string | undefined>): Promise<CorrectionView | undefined> {
  if (!isCorrectableKind(kind)) return undefined;
  const found = await storedRow(db, viewer, kind, key, false);
  if (!found) return undefined;
  const spec = KINDS[kind];
  const docs = new Map(fieldDocs(kind).map((d) => [d.field, d]));
  const subjectType = typeof found.row.subject_type === "string" ? found.row.subject_type : null;
  const fields = formFields(spec).map((field): CorrectionField => {
    const doc = docs.get(field)!;
    const type = columnType(spec, field);
    const value = formValue(found.row[field]);
    const masked = field === "subject_code" && value !== "" && isPersonalCode(value, subjectType) ? maskIdNumber(value) : undefined;
    return {
      field,
      labelZh: doc.header,
      labelEn: humanize(field),
      input: doc.values ? "select" : field === "period" ? "month" : type === "date" ? "date" : type === "int" ? "number" : "text",
      ...(doc.values ? { options: doc.values.map((v) => ({ id: v.id, zh: v.names[0] ?? v.id, en: v.id.replace(/_/g, " ") })) } : {}),
      key: doc.key,
      required: doc.required,
      value: masked ? "" : value,
      ...(masked ? { masked } : {}),
    };
  });
  return { kind, key: found.key, fields, owner: found.owner, batchId: found.batchId, version: found.version };
}

interface Stored {
  key: Record<string, string>;
  row: Record<string, unknown>;
  owner: string;
  batchId: number | null;
  version: string;
}

/** The row by its key, within the viewer's scope; `lock`: FOR UPDATE (inside the correction's transaction). */
async function storedRow(db: Sql, viewer: Viewer, kind: CorrectableKind, raw: Record<string, string | undefined>, lock: boolean): Promise<Stored | undefined> {
  const spec = KINDS[kind];
  const scope = viewerUnit(viewer);
  if (scope === "none") return undefined;
  const key: Record<string, string> = {};
  for (const k of spec.key) {
    const v = (raw[k] ?? "").trim();
    if (v === "" || v.length > 200) return undefined;
    // a date in the key that is not one names no row (and must not reach the cast)
    if (columnType(spec, k) === "date" && parseDate(v) !== v) return undefined;
    key[k] = v;
  }
  const cols = formFields(spec);
  const params: unknown[] = spec.key.map((k) => key[k]);
  const where = spec.key.map((k, i) => `s.${k} = $${i + 1}::${columnType(spec, k) === "date" ? "date" : "text"}`).join(" AND ");
  params.push(scope.unit);
  const unitParam = `$${params.length}`;
  const [row] = await db.query<Record<string, unknown> & { wx_owner: string | null; wx_batch: number | null }>(
    `SELECT ${cols.map((c) => `s.${c}`).join(", ")}, ${OWNER[kind].unit} AS wx_owner, s.batch_id AS wx_batch
     FROM ${spec.table} s WHERE ${where}
       AND (${unitParam}::text IS NULL OR ${inScopeSql(`${unitParam}::text`, OWNER[kind].unit)})${lock ? " FOR UPDATE OF s" : ""}`,
    params,
  );
  if (!row) return undefined;
  const { wx_owner, wx_batch, ...values } = row;
  const version = createHash("sha256").update(JSON.stringify(cols.map((c) => formValue(values[c])))).digest("hex").slice(0, 16);
  return { key, row: values, owner: wx_owner ?? "", batchId: wx_batch, version };
}

/** Thrown inside the transaction to roll it back with what the caller is to be told. */
class Rollback extends Error {
  constructor(readonly outcome: CorrectionOutcome) {
    super("rollback");
  }
}

/**
 * Checks a correction (`step` "check": what would change, after a dry run of the import that is rolled
 * back) or saves it as confirmed (`step` "save": the import of one row, channel form, the reason its
 * note). Refusals by field come back as "invalid", nothing stored; a row the viewer may not correct is
 * a 404 (AppError).
 */
export async function correctRow(db: Sql, viewer: Viewer, input: CorrectionInput, lang: Lang = "zh"): Promise<CorrectionOutcome> {
  const spec = KINDS[input.kind];
  const reason = input.reason.trim();
  const errors: FieldMessage[] = [];
  if (reason === "") errors.push({ field: "reason", zh: "请填写更正原因", en: "give the reason for the correction" });
  else if (reason.length > REASON_MAX) errors.push({ field: "reason", zh: `更正原因不能超过 ${REASON_MAX} 个字符`, en: `the reason is limited to ${REASON_MAX} characters` });
  try {
    return await db.transaction(async (tx) => {
      // the kind's lock first, as an import takes it, then the row: no deadlock with an import running;
      // while a file of the kind is being imported the form says so rather than wait for it
      if (!(await tryLockKind(tx, input.kind))) {
        return { outcome: "invalid", errors: [{ field: null, zh: "正在导入同类数据，请稍后再提交更正", en: "data of this kind is being imported right now: submit the correction again in a moment" }] };
      }
      const stored = await storedRow(tx, viewer, input.kind, input.key, true);
      if (!stored) throw AppError.notFound("没有这条数据，或无权更正", "no such row, or not yours to correct");
      if (input.step === "save" && input.version !== stored.version) {
        return {
          outcome: "invalid",
          errors: [{ field: null, zh: "这条数据在您确认之后已被修改，请核对后重新提交", en: "the row has changed since you checked the correction: review it and submit again" }],
        };
      }
      const { row, changes, fieldErrors } = corrected(spec, stored, input.values);
      errors.push(...fieldErrors);
      if (errors.length > 0) return { outcome: "invalid", errors };
      if (changes.length === 0) return { outcome: "unchanged" };
      const keyText = spec.key.map((k) => stored.key[k]).join("|");
      const json = JSON.stringify(row);
      let result;
      try {
        result = await importRows(
          tx,
          input.kind,
          { name: `更正 ${keyText}`, sha256: createHash("sha256").update(json).digest("hex"), bytes: Buffer.byteLength(json), rows: [{ rowNo: 1, values: row }] },
          {
            actor: viewer.username,
            lang,
            channel: "form",
            note: reason,
            ...(viewer.role === "office" || viewer.role === "system" || viewer.unitCode === null ? {} : { scope: viewer.unitCode, outOfScope: "refuse" as const }),
          },
        );
      } catch (e) {
        // the row would move to a unit outside the viewer's: said at the field that names the unit
        if (e instanceof ScopeError) throw new Rollback({ outcome: "invalid", errors: e.rows.map((r) => ({ field: r.field, zh: r.zh, en: r.en })) });
        throw e;
      }
      if (result.rejections.length > 0) {
        throw new Rollback({ outcome: "invalid", errors: result.rejections.flatMap((r) => r.errors.map((m) => ({ field: fieldOf(m.zh, spec), zh: m.zh, en: m.en }))) });
      }
      if (input.step === "check") throw new Rollback({ outcome: "confirm", changes, version: stored.version });
      return { outcome: "saved", changes, batchId: result.batchId };
    });
  } catch (e) {
    if (e instanceof Rollback) return e.outcome;
    throw e;
  }
}

/** The field a message of the importer names first ("unit_code：…"), if it is one of the form's. */
function fieldOf(message: string, spec: KindSpec): string | null {
  const m = /^([a-z_]+)[：:]/.exec(message);
  return m && m[1]! in spec.headers ? m[1]! : null;
}

/**
 * The row as corrected (the stored values, the form's over them; the key always the stored one), the
 * fields it changes, and what the form may not store.
 */
function corrected(spec: KindSpec, stored: Stored, sent: Record<string, string>): { row: Record<string, string>; changes: Change[]; fieldErrors: FieldMessage[] } {
  const fieldErrors: FieldMessage[] = [];
  const fields = formFields(spec);
  const before = Object.fromEntries(fields.map((f) => [f, formValue(stored.row[f])]));
  const row: Record<string, string> = { ...before };
  for (const f of fields) {
    const v = sent[f];
    if (v === undefined) continue;
    if (spec.key.includes(f)) {
      if (v.trim() !== before[f]) fieldErrors.push({ field: f, zh: `${f}：更正不能改变数据的主键（新的数据请上传）`, en: `${f}: a correction cannot change the row's key (upload a new row instead)` });
      continue;
    }
    // a masked ID number left empty keeps the stored one
    if (f === "subject_code" && v.trim() === "" && before[f] !== "" && isPersonalCode(before[f]!, typeof stored.row.subject_type === "string" ? stored.row.subject_type : null)) continue;
    row[f] = v.trim();
  }
  const { row: converted, errors } = spec.convert(row);
  for (const e of errors) fieldErrors.push({ field: e.field, zh: e.zh, en: e.en });
  // what a file would store flagged is refused here, where the person typing it can fix it
  const flags = Array.isArray(converted.flags) ? converted.flags : [];
  for (const f of fields) {
    if (!flags.includes(`${f}_invalid`)) continue;
    const raw = row[f] ?? "";
    const values = spec.values?.[f];
    if (values) {
      const allowed = Object.entries(values).map(([id, names]) => `${names[0] ?? id}（${id}）`).join("、");
      const allowedEn = Object.keys(values).join(", ");
      fieldErrors.push({ field: f, zh: `${f}：“${raw}”不是允许的值，应为 ${allowed} 之一`, en: `${f}: "${raw}" is not an allowed value; one of ${allowedEn}` });
    } else if (columnType(spec, f) === "date") {
      fieldErrors.push({ field: f, zh: `${f}：无法识别的日期“${raw}”（应为 YYYY-MM-DD）`, en: `${f}: unreadable date "${raw}" (expected YYYY-MM-DD)` });
    } else if (f === "percent") {
      fieldErrors.push({ field: f, zh: `${f}：应为 0–100 的整数，实为“${raw}”`, en: `${f}: must be an integer from 0 to 100, got "${raw}"` });
    }
  }
  // what changes: the stored value against the one the import would store
  const changes: Change[] = [];
  for (const f of fields) {
    const after = spec.key.includes(f) ? before[f]! : formValue(converted[f]);
    if (after !== before[f]) changes.push({ field: f, before: displayed(stored, f, before[f]!), after: displayed(stored, f, after) });
  }
  return { row, changes, fieldErrors };
}

/** A value as the confirmation shows it: an ID number masked, as everywhere. */
function displayed(stored: Stored, field: string, value: string): string {
  if (field !== "subject_code" || value === "") return value;
  return isPersonalCode(value, typeof stored.row.subject_type === "string" ? stored.row.subject_type : null) ? maskIdNumber(value) : value;
}

/** Of `units`, those whose rows `viewer` may correct: any for the office, a unit's own and its agencies' for its people. */
export async function correctableUnits(db: Sql, viewer: Viewer, units: string[]): Promise<Set<string>> {
  const scope = viewerUnit(viewer);
  if (scope === "none" || units.length === 0) return new Set();
  if (scope.unit === null) return new Set(units);
  const rows = await db.query<{ code: string }>(`SELECT c AS code FROM unnest($2::text[]) c WHERE ${inScopeSql("$1::text", "c")}`, [scope.unit, units]);
  return new Set(rows.map((r) => r.code));
}

/**
 * The correction form's fields as the action receives them: `kind`, the key as `k_<field>`, the values
 * as `v_<field>`, `reason`, `step` and (for a save) the `version` the check answered. Undefined for a
 * kind no unit delivers (the action answers 404).
 */
export function correctionFromForm(form: Record<string, unknown>): CorrectionInput | undefined {
  const kind = typeof form.kind === "string" ? form.kind : "";
  if (!isCorrectableKind(kind)) return undefined;
  const str = (v: unknown) => (typeof v === "string" ? v : "");
  const key: Record<string, string> = {};
  const values: Record<string, string> = {};
  for (const [name, v] of Object.entries(form)) {
    if (name.startsWith("k_")) key[name.slice(2)] = str(v);
    else if (name.startsWith("v_")) values[name.slice(2)] = str(v);
  }
  const step = form.step === "save" ? "save" : "check";
  return { kind, key, values, reason: str(form.reason), step, ...(step === "save" ? { version: str(form.version) } : {}) };
}
