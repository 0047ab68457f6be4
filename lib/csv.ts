/**
 * One CSV cell (RFC 4180 quoting) that a spreadsheet will not run: text that begins with = + - @ or a
 * tab or carriage return is prefixed with ' (OWASP "CSV injection"), numbers stay numbers.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  let s = typeof value === "string" ? value : typeof value === "number" || typeof value === "boolean" ? String(value) : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(s) && !/^[-+]?\d+(\.\d+)?$/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A CSV line of cells. */
export const csvLine = (cells: unknown[]): string => cells.map(csvCell).join(",");
