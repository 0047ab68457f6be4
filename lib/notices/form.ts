/**
 * The document form of a notice (GB/T 9704-2012 党政机关公文格式). Form 2 — 发文机关标志 on one line,
 * 主送 once, dates written 2026年10月20日, the annex, page numbers and the 版记 — is what new drafts and
 * newly issued notices take. Notices issued before it have doc_form null: they are frozen and keep
 * form 1 (components/NoticeDocumentLegacy.tsx), byte for byte. No database here: pages use it too.
 */
export const DOC_FORM = 2;

/** A title longer than this does not fit the document's title lines; editing refuses it. */
export const TITLE_MAX = 60;
export const COPIES_TO_MAX = 200;

/** The form a notice is printed in: its own once issued (null: form 1), else the current one. */
export function documentForm(n: { doc_form: number | null; issued_at: string | null }): number {
  return n.doc_form ?? (n.issued_at ? 1 : DOC_FORM);
}

/** Whether the notice has an annex: every notice but those issued in form 1. */
export function hasAnnex(n: { doc_form: number | null; issued_at: string | null }): boolean {
  return documentForm(n) >= 2;
}
