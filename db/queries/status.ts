import type { Sql } from "@/db/client";

export interface SystemStatus {
  firstYear: number | null;
  lastYear: number | null;
  units: number;
  records: number;
}

/** Counts only: nothing here identifies a subject. */
export async function systemStatus(sql: Sql): Promise<SystemStatus> {
  const [row] = await sql.query<{ first_year: number | null; last_year: number | null; units: number; records: number }>(
    `SELECT (SELECT extract(year FROM min(date))::int FROM calendar_days) AS first_year,
            (SELECT extract(year FROM max(date))::int FROM calendar_days) AS last_year,
            (SELECT count(*)::int FROM units) AS units,
            (SELECT count(*)::int FROM records) AS records`,
  );
  return { firstYear: row?.first_year ?? null, lastYear: row?.last_year ?? null, units: row?.units ?? 0, records: row?.records ?? 0 };
}
