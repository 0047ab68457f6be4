/** A row id as PostgreSQL stores it (serial: 1 … 2^31−1); anything else names no row. */
export function rowId(text: string): number | undefined {
  const id = Number(text);
  return /^\d{1,10}$/.test(text) && id >= 1 && id <= 2_147_483_647 ? id : undefined;
}
