/**
 * Check characters of the two subject codes a record carries: the unified social credit code of a
 * legal person (GB 32100-2015) and the resident ID number of a natural person (GB 11643-1999).
 */

// 31 characters: digits and capitals without I, O, Z, S, V
const CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
// 3^i mod 31 for the first 17 positions
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character for the first 17 characters of a credit code, or undefined if they are not valid. */
export function creditCodeCheckChar(first17: string): string | undefined {
  if (first17.length !== 17) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CREDIT_CHARS.indexOf(first17[i]!);
    if (v < 0) return undefined;
    sum += v * CREDIT_WEIGHTS[i]!;
  }
  return CREDIT_CHARS[(31 - (sum % 31)) % 31];
}

export function isCreditCode(s: string): boolean {
  return s.length === 18 && creditCodeCheckChar(s.slice(0, 17)) === s[17];
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = "10X98765432";

export function idNumberCheckChar(first17: string): string | undefined {
  if (!/^\d{17}$/.test(first17)) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11];
}

/** An 18-digit resident ID number with a real birth date and a correct check character (X upper case). */
export function isIdNumber(s: string): boolean {
  if (!/^\d{17}[\dX]$/.test(s)) return false;
  const y = Number(s.slice(6, 10));
  const m = Number(s.slice(10, 12));
  const d = Number(s.slice(12, 14));
  const birth = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || y > 2100 || birth.getUTCMonth() !== m - 1 || birth.getUTCDate() !== d) return false;
  return idNumberCheckChar(s.slice(0, 17)) === s[17];
}

/** Anything shaped like an ID number, valid or not: what must never appear on a public page. */
export function looksLikeIdNumber(s: string): boolean {
  return /^\d{17}[\dXx]$/.test(s);
}

/** Finds ID-number-shaped sequences inside a text (for scanning public output). */
export const ID_NUMBER_PATTERN = /(?<!\d)\d{17}[\dXx](?!\d)/g;
