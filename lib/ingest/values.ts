/** Normalisers for cell values as units type them (Excel exports, hand-kept sheets). */

/** Accepts 2024-03-05, 2024/3/5, 2024.3.5, 20240305 and 2024年3月5日; returns ISO or undefined. */
export function parseDate(raw: string): string | undefined {
  const s = raw.trim();
  const m =
    /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]00:00(?::00(?:\.0+)?)?Z?)?$/.exec(s) ??
    /^(\d{4})(\d{2})(\d{2})$/.exec(s) ??
    /^(\d{4})年(\d{1,2})月(\d{1,2})日$/.exec(s);
  if (!m) return undefined;
  const iso = `${m[1]}-${m[2]!.padStart(2, "0")}-${m[3]!.padStart(2, "0")}`;
  const t = Date.parse(`${iso}T00:00:00Z`);
  if (Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== iso) return undefined;
  return iso;
}

/** A month period 'YYYY-MM' (also 2024/3, 2024年3月). */
export function parseMonth(raw: string): string | undefined {
  const s = raw.trim();
  const m = /^(\d{4})[-/.](\d{1,2})$/.exec(s) ?? /^(\d{4})年(\d{1,2})月$/.exec(s) ?? /^(\d{4})(\d{2})$/.exec(s);
  if (!m) return undefined;
  const month = Number(m[2]);
  if (month < 1 || month > 12) return undefined;
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

/** Maps a Chinese or English enum value to its identifier, or returns it unchanged (flagged later). */
export function enumValue(raw: string, values: Record<string, string[]>): string {
  const s = raw.trim();
  const lower = s.toLowerCase();
  for (const [id, aliases] of Object.entries(values)) {
    if (lower === id || aliases.includes(s)) return id;
  }
  return s;
}
