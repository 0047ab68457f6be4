import { getTableColumns, getTableName, type Table } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as schema from "@/db/schema";
import { KINDS } from "@/lib/ingest/kinds";

// Columns the import fills itself rather than from the file's columns: provenance, timestamps and
// the calendar's derived working-day index (lib/ingest/import.ts, lib/calendar/official.ts).
const MANAGED = new Set(["batch_id", "updated_at", "source", "workday_index"]);

// the SQL type drizzle declares → the staging type an import kind names
const staged = (sqlType: string) =>
  sqlType.replace(' COLLATE "C"', "").replace(/^integer$/, "int").replace(/^boolean$/, "bool");

const tables = (Object.values(schema) as unknown[]).filter((t): t is Table => typeof t === "object" && t !== null && Symbol.for("drizzle:Name") in t);

describe("import kinds and the schema", () => {
  it.each(Object.values(KINDS).map((k) => [k.kind, k] as const))("%s lists every column of its table, with its type", (_kind, spec) => {
    const table = tables.find((t) => getTableName(t) === spec.table);
    expect(table, `table ${spec.table}`).toBeDefined();
    const fromSchema = Object.values(getTableColumns(table!))
      .filter((c) => !MANAGED.has(c.name))
      .map((c) => `${c.name}:${staged(c.getSQLType())}`)
      .sort();
    const fromKind = spec.columns.map((c) => `${c.name}:${c.type}`).sort();
    // a column added to db/schema without its import column (or the reverse) fails here
    expect(fromKind).toEqual(fromSchema);
  });
});
