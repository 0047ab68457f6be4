import "server-only";
import official from "chinese-days/dist/chinese-days.json";
import type { Sql } from "@/db/client";
import { bumpEvidenceVersion } from "@/lib/scoring/evidence-version";

/**
 * The State Council's published holiday schedules ship with the app (the chinese-days package
 * holds every year's 国务院办公厅 notice): public holidays are days off, make-up days (调休) are working
 * days, every other day follows the weekend rule.
 */
const holidays = Object.keys(official.holidays).sort();
const makeupWorkdays = Object.keys(official.workdays).sort();
const years = [...new Set(holidays.map((d) => Number(d.slice(0, 4))))].sort((a, b) => a - b);

export const OFFICIAL_FIRST_YEAR = years[0] ?? 2004;
export const OFFICIAL_LAST_YEAR = years[years.length - 1] ?? 2026;

/** Loads any shipped year that is not in the table yet; never touches days already stored (overrides stay). */
export async function ensureOfficialCalendar(sql: Sql): Promise<void> {
  const [state] = await sql.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM calendar_days WHERE date BETWEEN $1::date AND $2::date`,
    [`${OFFICIAL_FIRST_YEAR}-01-01`, `${OFFICIAL_LAST_YEAR}-12-31`],
  );
  const expected = daysBetween(`${OFFICIAL_FIRST_YEAR}-01-01`, `${OFFICIAL_LAST_YEAR}-12-31`) + 1;
  if (state && state.n === expected) return;
  await sql.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO calendar_days (date, is_workday, source)
       SELECT d::date,
              CASE WHEN d::date = ANY($3::date[]) THEN false
                   WHEN d::date = ANY($4::date[]) THEN true
                   ELSE extract(isodow FROM d) < 6 END,
              'official'
       FROM generate_series($1::date, $2::date, interval '1 day') AS d
       ON CONFLICT (date) DO NOTHING`,
      [`${OFFICIAL_FIRST_YEAR}-01-01`, `${OFFICIAL_LAST_YEAR}-12-31`, holidays, makeupWorkdays],
    );
    await renumberWorkdays(tx);
    await bumpEvidenceVersion(tx);
  });
}

/** Recomputes the running working-day index after any change to the table. */
export async function renumberWorkdays(sql: Sql): Promise<void> {
  await sql.query(
    `UPDATE calendar_days c SET workday_index = s.idx
     FROM (SELECT date, (count(*) FILTER (WHERE is_workday) OVER (ORDER BY date))::int AS idx FROM calendar_days) s
     WHERE c.date = s.date AND c.workday_index IS DISTINCT FROM s.idx`,
  );
}

function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}
