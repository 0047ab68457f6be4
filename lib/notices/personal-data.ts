import "server-only";
import type { Sql } from "@/db/client";
import { ID_NUMBER_PATTERN } from "@/lib/codes";
import { maskIdNumber } from "@/lib/codes/mask";

/**
 * What in a text would identify a natural person on a public page (PIPL): an ID number (any 18-digit
 * run shaped like one), a mainland mobile number, or the name of a natural person the evidence knows
 * (the structured data, not a guess at which words are names). Returns what was found, masked.
 */
export async function personalDataIn(db: Sql, text: string): Promise<string[]> {
  const found: string[] = [];
  for (const m of text.matchAll(ID_NUMBER_PATTERN)) found.push(maskIdNumber(m[0]));
  for (const m of text.matchAll(/(?<!\d)1[3-9]\d{9}(?!\d)/g)) found.push(`${m[0].slice(0, 3)}****${m[0].slice(7)}`);
  const names = await db.query<{ name: string }>(
    `SELECT DISTINCT subject_name AS name FROM records
     WHERE subject_type = 'natural' AND length(subject_name) >= 2 AND strpos($1, subject_name) > 0
     ORDER BY 1 LIMIT 20`,
    [text],
  );
  for (const { name } of names) found.push(`${name.slice(0, 1)}${"*".repeat(name.length - 1)}`);
  return found;
}
