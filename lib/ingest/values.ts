/** Normalisers for cell values as units type them (Excel exports, hand-kept sheets). */

// dates of credit work: a year outside these is a typing error (and year 0 does not exist for PostgreSQL)
const MIN_YEAR = 1900;
const MAX_YEAR = 2100;

/** Accepts 2024-03-05, 2024/3/5, 2024.3.5, 20240305 and 2024年3月5日; returns ISO or undefined. */
export function parseDate(raw: string): string | undefined {
  const s = raw.trim();
  // the common case, checked without regular expressions or Date objects (millions of rows)
  if (s.length === 10 && s.charCodeAt(4) === 45 && s.charCodeAt(7) === 45) {
    const y = digits(s, 0, 4);
    const mo = digits(s, 5, 7);
    const d = digits(s, 8, 10);
    return y >= MIN_YEAR && y <= MAX_YEAR && mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo) ? s : undefined;
  }
  const m =
    /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]00:00(?::00(?:\.0+)?)?Z?)?$/.exec(s) ??
    /^(\d{4})(\d{2})(\d{2})$/.exec(s) ??
    /^(\d{4})年(\d{1,2})月(\d{1,2})日$/.exec(s);
  if (!m) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (y < MIN_YEAR || y > MAX_YEAR || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return undefined;
  return `${m[1]}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

function digits(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** A month period 'YYYY-MM' (also 2024/3, 2024年3月). */
export function parseMonth(raw: string): string | undefined {
  const s = raw.trim();
  const m = /^(\d{4})[-/.](\d{1,2})$/.exec(s) ?? /^(\d{4})年(\d{1,2})月$/.exec(s) ?? /^(\d{4})(\d{2})$/.exec(s);
  if (!m) return undefined;
  const month = Number(m[2]);
  const year = Number(m[1]);
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12) return undefined;
  return `${m[1]}-${String(month).padStart(2, "0")}`;
}

/** A non-negative integer (Excel may write 12.0 or 1,234). */
export function parseCount(raw: string): number | undefined {
  const s = raw.trim().replace(/,/g, "");
  if (!/^\d+(\.0+)?$/.test(s)) return undefined;
  const n = Number(s);
  return Number.isSafeInteger(n) && n <= 2_147_483_647 ? n : undefined;
}

export function parseBool(raw: string): boolean | undefined {
  const s = raw.trim().toLowerCase();
  if (["1", "true", "yes", "y", "是", "工作日", "上班"].includes(s)) return true;
  if (["0", "false", "no", "n", "否", "休息日", "休息", "节假日"].includes(s)) return false;
  return undefined;
}

const lookups = new WeakMap<Record<string, string[]>, Map<string, string>>();

/** Maps a Chinese or English enum value to its identifier, or returns it unchanged (flagged later). */
export function enumValue(raw: string, values: Record<string, string[]>): string {
  let lookup = lookups.get(values);
  if (!lookup) {
    lookup = new Map();
    for (const [id, aliases] of Object.entries(values)) {
      lookup.set(id, id);
      for (const a of aliases) lookup.set(a, id);
    }
    lookups.set(values, lookup);
  }
  const s = raw.trim();
  return lookup.get(s) ?? lookup.get(s.toLowerCase()) ?? s;
}
