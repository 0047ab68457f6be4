import { customType } from "drizzle-orm/pg-core";

// Text keys compared byte-wise: COLLATE "C" halves the cost of unique indexes (shared/PERFORMANCE.md)
// and keeps ordering of codes identical on every server locale.
export const key = customType<{ data: string; driverData: string }>({
  dataType: () => 'text COLLATE "C"',
});

// Dates travel as 'YYYY-MM-DD' strings on both drivers (see db/client.ts parsers).
export const day = customType<{ data: string; driverData: string }>({
  dataType: () => "date",
});

// Attachment bytes as bytea: postgres.js returns a Buffer and PGlite a Uint8Array; both bind either.
export const bytes = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => "bytea",
});
