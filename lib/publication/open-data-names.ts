import type { UnitNames } from "@/lib/unit-names";

/**
 * A version published since the JSON carries `name_en` is served as stored. One published before has
 * each entry's `name_en` (units.name_en now; null when the office has given none) added right after its
 * `name` when served, and nothing else of the stored bytes changes (the stored JSON came from
 * JSON.stringify, so parsing and writing it again gives the same text).
 */
export function withEnglishNames(body: string, names: UnitNames): string {
  if (body.includes('"name_en":')) return body;
  const doc = JSON.parse(body) as { groups?: Record<string, Record<string, unknown>[]> };
  for (const entries of Object.values(doc.groups ?? {})) {
    entries.forEach((e, i) => {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(e)) {
        out[k] = v;
        if (k === "name") out.name_en = names.get(String(e.code))?.en ?? null;
      }
      entries[i] = out;
    });
  }
  return JSON.stringify(doc);
}
