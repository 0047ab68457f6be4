import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Connection } from "@/db/client";
import { monthlySummary } from "@/lib/notices/summary";
import { freshDatabase } from "../helpers/db";
import { insertRows, insertUnits, record } from "../helpers/fixtures";

let db: Connection & { drop(): Promise<void> };

beforeAll(async () => {
  db = await freshDatabase();
  await insertUnits(db, ["620100", "620200"]);
  await insertRows(db, "records", [
    record("a", "620100", "2024-03-01", "2024-03-04", "2024-03-04"),
    record("b", "620200", "2024-03-01", null, null),
    record("c", "620200", "2024-03-01", null, null),
    record("d", "620200", "2024-03-01", "2024-03-02", "2024-03-02"),
  ]);
});

afterAll(async () => {
  await db?.drop();
});

describe("the monthly summary notice", () => {
  it("lists every unit with its late-report rate and names those above half", async () => {
    const s = await monthlySummary(db, "2024-03", "2024-04-30");
    expect(s.rows.map((r) => [r.code, r.records, r.published_on_time, r.late_rate])).toEqual([
      ["620100", 1, 1, 0],
      ["620200", 3, 1, 0.666667],
    ]);
    expect(s.named.map((r) => r.code)).toEqual(["620200"]);
    expect(s.escalated).toEqual([]);
  });
});
