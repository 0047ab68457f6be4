import "server-only";
import type { Sql } from "@/db/client";
import { AppError } from "@/lib/errors";

export { ensureOfficialCalendar, renumberWorkdays } from "./official";

export class CalendarNotLoadedError extends AppError {
  constructor(readonly year: number) {
    super(
      "calendar_not_loaded",
      `${year} 年的工作日历未加载（请用 import calendar 导入当年国务院公布的放假安排）`,
      `calendar for ${year} not loaded (import that year's official schedule with \`import calendar\`)`,
      422,
    );
  }
}

/**
 * SQL for the deadline of every loaded day: the n-th working day strictly after it (CONTRACT §4).
 * Only days whose deadline is inside the loaded calendar with no missing day between get one;
 * `seq` (the day's position in the table) detects a gap between two loaded years.
 */
export function deadlineTableSql(n: number, days?: { from: string; to: string }): string {
  if (!Number.isInteger(n) || n < 0) throw new Error(`bad working-day count ${n}`);
  // `days` (SQL expressions): only the days in [from, to), and as deadlines only the days up to the
  // last one any of them can reach — a period's few hundred rows, not every loaded year's. Both sides
  // then number their rows from `from`, so seq differences (and gaps) are as over the whole table;
  // workday_index never decreases with the date, so the bound cuts only a tail of days.
  const d = days ? ` WHERE date >= ${days.from} AND date < ${days.to}` : "";
  const w = days ? ` WHERE date >= ${days.from} AND workday_index <= (SELECT max(workday_index) FROM calendar_days WHERE date < ${days.to}) + ${n}` : "";
  return `SELECT d.date, w.date AS deadline
    FROM (SELECT date, workday_index, row_number() OVER (ORDER BY date) AS seq FROM calendar_days${d}) d
    JOIN (SELECT date, is_workday, workday_index, row_number() OVER (ORDER BY date) AS seq FROM calendar_days${w}) w
      ON w.is_workday AND w.workday_index = d.workday_index + ${n}
    WHERE w.seq - d.seq = w.date - d.date`;
}

/** Years present in the calendar table. */
export async function loadedYears(sql: Sql): Promise<number[]> {
  const rows = await sql.query<{ y: number }>(
    `SELECT DISTINCT extract(year FROM date)::int AS y FROM calendar_days ORDER BY 1`,
  );
  return rows.map((r) => r.y);
}

export async function assertLoaded(sql: Sql, date: string): Promise<void> {
  const [row] = await sql.query<{ ok: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM calendar_days WHERE date = $1::date) AS ok`,
    [date],
  );
  if (!row?.ok) throw new CalendarNotLoadedError(Number(date.slice(0, 4)));
}

/** deadline(d, n): the n-th working day strictly after d. */
export async function deadline(sql: Sql, date: string, n: number): Promise<string> {
  assertIsoDate(date);
  await assertLoaded(sql, date);
  const rows = await sql.query<{ date: string; gapless: boolean }>(
    `SELECT w.date, (w.date - d.date) = (SELECT count(*) FROM calendar_days g WHERE g.date > d.date AND g.date <= w.date) AS gapless
     FROM calendar_days d
     JOIN calendar_days w ON w.is_workday AND w.workday_index = d.workday_index + $2
     WHERE d.date = $1::date`,
    [date, n],
  );
  const hit = rows[0];
  if (!hit || !hit.gapless) {
    // the deadline runs past the last loaded day or across a year that is missing
    const [next] = await sql.query<{ y: number }>(
      `SELECT min(y)::int AS y FROM generate_series(extract(year FROM $1::date)::int + 1, 9999) AS y
       WHERE NOT EXISTS (SELECT 1 FROM calendar_days WHERE extract(year FROM date) = y)`,
      [date],
    );
    throw new CalendarNotLoadedError(next?.y ?? Number(date.slice(0, 4)) + 1);
  }
  return hit.date;
}

export interface CalendarDay {
  date: string;
  isWorkday: boolean;
}

export async function calendarRange(sql: Sql, from: string, to: string): Promise<CalendarDay[]> {
  assertIsoDate(from);
  assertIsoDate(to);
  await assertLoaded(sql, from);
  await assertLoaded(sql, to);
  const rows = await sql.query<{ date: string; is_workday: boolean; n: number }>(
    `SELECT date, is_workday FROM calendar_days WHERE date BETWEEN $1::date AND $2::date ORDER BY date`,
    [from, to],
  );
  const expected = Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000) + 1;
  if (rows.length !== expected) {
    const have = new Set(rows.map((r) => r.date.slice(0, 4)));
    for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) {
      if (!have.has(String(y))) throw new CalendarNotLoadedError(y);
    }
  }
  return rows.map((r) => ({ date: r.date, isWorkday: r.is_workday }));
}

export function assertIsoDate(value: string): void {
  if (!isIsoDate(value)) {
    throw new AppError("bad_date", `日期格式应为 YYYY-MM-DD：${value}`, `date must be YYYY-MM-DD: ${value}`);
  }
}

export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const t = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === value;
}
