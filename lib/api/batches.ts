import "server-only";
import type { Sql } from "@/db/client";
import { AppError } from "@/lib/errors";
import type { Lang } from "@/lib/i18n";
import type { ApiToken } from "./tokens";

/** A batch as `GET /api/v1/batches/<id>` answers it (lib/api/schemas.ts Batch). */
export interface BatchView {
  id: number;
  kind: string;
  unit: string | null;
  status: "running" | "done";
  started_at: string;
  finished_at: string | null;
  summary: {
    rows: number;
    inserted: number;
    updated: number;
    unchanged: number;
    superseded: number;
    rejected: number;
    rejections: { row: number; errors: string[] }[];
  };
}

/**
 * A batch pushed for the token's unit (by any of its tokens); any other batch — another unit's, one
 * from the CLI or an upload — is answered as one that does not exist. The rejections listed are the
 * first 1 000 the import kept, in the language asked for.
 */
export async function getBatch(db: Sql, token: ApiToken, id: number, lang: Lang): Promise<BatchView> {
  const [b] = await db.query<{
    id: number;
    kind: string;
    unit_code: string | null;
    started_at: string;
    finished_at: string | null;
    rows: number;
    inserted: number;
    updated: number;
    unchanged: number;
    superseded: number;
    rejected: number;
    rejections: { row: number; errors: { zh: string; en: string }[] }[];
  }>(
    `SELECT id, kind, unit_code, to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS started_at,
            to_char(finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS finished_at,
            rows, inserted, updated, unchanged, superseded, rejected, rejections
     FROM import_batches WHERE id = $1 AND unit_code = $2`,
    [id, token.unitCode],
  );
  if (!b) throw AppError.notFound(`本单位没有编号为 ${id} 的批次`, `your unit has no batch ${id}`);
  return {
    id: b.id,
    kind: b.kind,
    unit: b.unit_code,
    status: b.finished_at ? "done" : "running",
    started_at: b.started_at,
    finished_at: b.finished_at,
    summary: {
      rows: b.rows,
      inserted: b.inserted,
      updated: b.updated,
      unchanged: b.unchanged,
      superseded: b.superseded,
      rejected: b.rejected,
      rejections: b.rejections.map((r) => ({ row: r.row, errors: r.errors.map((e) => e[lang]) })),
    },
  };
}
