import fs from "node:fs";
import path from "node:path";

/**
 * A figure a test measured, for docs/reliability.md (scripts/reliability.ts writes the page from
 * them; nobody types a figure by hand). Appended as one JSON line to WENXIAO_FIGURES, when set.
 */
export function recordFigure(key: string, value: Record<string, unknown>): void {
  const file = process.env.WENXIAO_FIGURES;
  if (!file) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.appendFileSync(file, JSON.stringify({ key, at: new Date().toISOString(), database: process.env.DATABASE_URL || process.env.WENXIAO_E2E_PG ? "postgres" : "pglite", ...value }) + "\n");
}
