import "server-only";
import type { Sql } from "@/db/client";
import type { Lang } from "@/lib/i18n";
import { evidenceVersion } from "@/lib/scoring/evidence-version";

/**
 * Units' names in both languages, looked up when a page is drawn: the score documents, publications
 * and the CLI keep the Chinese `name` (CONTRACT §5), and an English page shows `name_en` where the
 * office has given one, the Chinese name otherwise.
 */
export interface UnitName {
  zh: string;
  en: string | null;
}
export type UnitNames = ReadonlyMap<string, UnitName>;
/** code (and the name a document already carries, for a unit since renamed or removed) → the name to show */
export type NameOf = (code: string, fallback?: string | null) => string;

// one lookup per database, remembered until the evidence version moves: every import (units included)
// bumps it in its transaction, so a renamed unit shows from the first request after the commit
const cache = new WeakMap<Sql, { version: number; names: Promise<UnitNames> }>();

export async function unitNames(db: Sql): Promise<UnitNames> {
  const version = await evidenceVersion(db);
  const hit = cache.get(db);
  if (hit && hit.version === version) return hit.names;
  const names = db
    .query<{ code: string; name: string; name_en: string | null }>(`SELECT code, name, name_en FROM units`)
    .then((rows) => new Map(rows.map((r) => [r.code, { zh: r.name, en: r.name_en }])));
  cache.set(db, { version, names });
  names.catch(() => {
    if (cache.get(db)?.names === names) cache.delete(db); // a failed lookup is not remembered
  });
  return names;
}

/**
 * The name to show in `lang`: on an English page the unit's English name when it has one; otherwise
 * the Chinese name the caller already has (a published document's, as it was published), else the
 * stored one, else the code.
 */
export function nameOf(names: UnitNames, lang: Lang): NameOf {
  return (code, fallback) => {
    const n = names.get(code);
    if (lang === "en" && n?.en) return n.en;
    return fallback || n?.zh || code;
  };
}

/**
 * One unit's name in both languages, read now (inside a transaction too): for a text written once in
 * Chinese and English, such as an inbox message — English falls back to the Chinese name, then the code.
 */
export async function unitNameInBoth(db: Sql, code: string): Promise<{ zh: string; en: string }> {
  const [u] = await db.query<{ name: string; name_en: string | null }>(`SELECT name, name_en FROM units WHERE code = $1`, [code]);
  return { zh: u?.name ?? code, en: u?.name_en || u?.name || code };
}

/** A page's lookup in one call: `const name = await unitNamer(db, lang)`. */
export async function unitNamer(db: Sql, lang: Lang): Promise<NameOf> {
  return nameOf(await unitNames(db), lang);
}

/** A row that names its unit by `unit_code` (an account, a notice) with `unit_name` in the page's language. */
export function withUnitName<T extends { unit_code: string | null; unit_name: string | null }>(row: T, name: NameOf): T {
  return row.unit_code ? { ...row, unit_name: name(row.unit_code, row.unit_name) } : row;
}

/** Item rows (lib/scoring/explain.ts) with their unit's `unit_name` in the page's language. */
export function withItemNames(items: readonly Record<string, unknown>[], name: NameOf): Record<string, unknown>[] {
  return items.map((i) => {
    const code = i.unit_code ?? i.implementing_unit;
    return typeof code === "string" ? { ...i, unit_name: name(code, typeof i.unit_name === "string" ? i.unit_name : null) } : i;
  });
}

/** Copies of rows with `name` shown in the page's language (the rows themselves, e.g. a stored document, stay as they are). */
export function withNames<T extends { code: string; name: string }>(rows: readonly T[], name: NameOf): T[] {
  return rows.map((r) => ({ ...r, name: name(r.code, r.name) }));
}
