import { isCreditCode } from "./index";

/**
 * How a natural person's ID number is shown: masked by default, in full only to those who correct
 * records and only when they ask (the rule and its log: lib/auth/personal-data.ts). Legal persons'
 * unified social credit codes are not personal data and stay as they are.
 */
export type IdNumberView = "masked" | "full";

const ASTERISKS = "********";
// one ID-number-shaped run anywhere in a value (ID_NUMBER_PATTERN without the global flag's state)
const ID_NUMBER_RUN = /(?<!\d)\d{17}[\dXx](?!\d)/;

/**
 * A natural person's ID number as it is shown by default (GB 11643, 18 characters): the first 6
 * (the issuing area) and the last 4 with 8 asterisks between, 620102********1234 — the birth date
 * is hidden. A malformed value is masked harder, so a typo never shows more of a person: 12 to 17
 * characters keep 3 and 2, fewer keep nothing. Always 8 asterisks, so the length is not told either,
 * and masking a masked value changes nothing.
 */
export function maskIdNumber(value: string): string {
  const s = value.trim();
  if (s === "") return "";
  const [head, tail] = s.length >= 18 ? [6, 4] : s.length >= 12 ? [3, 2] : [0, 0];
  return s.slice(0, head) + ASTERISKS + (tail > 0 ? s.slice(-tail) : "");
}

/**
 * Whether a subject code is, or may be, a natural person's ID number. A natural person's code is,
 * valid or not; so is anything shaped like an ID number, whatever type the source gave it. A legal
 * person's code is not; without a type (cases carry none) only a valid credit code is known to be a
 * legal person's.
 */
export function isPersonalCode(code: string, subjectType?: string | null): boolean {
  if (subjectType === "natural") return true;
  if (ID_NUMBER_RUN.test(code)) return true;
  if (subjectType === "legal") return false;
  return !isCreditCode(code.trim());
}

/** A subject code as a list shows it by default. */
export function displaySubjectCode(code: string, subjectType?: string | null): string {
  return isPersonalCode(code, subjectType) ? maskIdNumber(code) : code;
}

/**
 * Item rows (lib/scoring/explain.ts, notices' worst items) with every `subject_code` that may be a
 * person's masked, judged by the row's `subject_type` when it has one; other rows are returned as
 * they are.
 */
export function maskSubjectCodes<T extends Record<string, unknown>>(rows: T[]): T[] {
  return rows.map((row) => {
    const code = row.subject_code;
    if (typeof code !== "string") return row;
    const type = typeof row.subject_type === "string" ? row.subject_type : null;
    return isPersonalCode(code, type) ? { ...row, subject_code: maskIdNumber(code) } : row;
  });
}

/**
 * A stored value (an audit row's JSON, a document's text) with every ID number in it masked: any
 * ID-number-shaped run in a string, and every `subject_code` of an object by the rule above (so a
 * natural person's malformed number too). Used where there is no full view at all.
 */
export function maskIdNumbersIn(value: unknown): unknown {
  if (typeof value === "string") return value.replace(new RegExp(ID_NUMBER_RUN.source, "g"), (run) => maskIdNumber(run));
  if (Array.isArray(value)) return value.map(maskIdNumbersIn);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  const row = value as Record<string, unknown>;
  for (const [k, v] of Object.entries(row)) {
    out[k] = k === "subject_code" && typeof v === "string" ? displaySubjectCode(v, typeof row.subject_type === "string" ? row.subject_type : null) : maskIdNumbersIn(v);
  }
  return out;
}
