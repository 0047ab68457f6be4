import "server-only";
import type { Sql } from "@/db/client";

/**
 * A counter of committed changes to the evidence and the calendar, kept in `settings`. Every
 * transaction that changes them bumps it, so a new value becomes visible exactly when (and only if)
 * the change commits, in commit order: the row lock taken by the bump orders concurrent writers.
 * Batch ids cannot serve: an import that started earlier (lower id) may commit later.
 */
export async function evidenceVersion(db: Sql): Promise<number> {
  const [row] = await db.query<{ value: string }>(`SELECT value FROM settings WHERE key = 'evidence_version'`);
  return row ? Number(row.value) : 0;
}

/**
 * Call inside the changing transaction, as late as possible: it locks the counter's row until the
 * transaction ends, so other writers wait on it only for the commit itself.
 */
export async function bumpEvidenceVersion(tx: Sql): Promise<void> {
  await tx.query(
    `INSERT INTO settings (key, value) VALUES ('evidence_version', '1')
     ON CONFLICT (key) DO UPDATE SET value = (settings.value::bigint + 1)::text, updated_at = now()`,
  );
}
