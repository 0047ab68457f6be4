import fs from "node:fs";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Connection, Sql } from "@/db/client";
import { importFile } from "@/lib/ingest/import";
import type { ImportKind } from "@/lib/ingest/kinds";
import { evidenceVersion } from "@/lib/scoring/cache";
import { scorePeriod, type ScoreDocument } from "@/lib/scoring/score";
import { freshDatabase, isPostgres, withRollback, type TestDatabase } from "../helpers/db";
import { csv, tempDir, writeText } from "../helpers/files";

// Issue 7: the provisional-score cache must see every committed change to evidence or calendar,
// whatever order imports start and commit in.
// Each test starts from the file's database (calendar and units) and is rolled back after, but for
// those about concurrent imports, which need commits: they build the same in a database of their own.
let db: TestDatabase;
let dir: string;
let cachedScore: typeof import("@/lib/scoring/cache").cachedScore;

const PERIOD = "2024-03";
const AS_OF = "2024-04-30";
const RECORD_HEADER = ["record_id", "kind", "unit_code", "subject_type", "subject_code", "subject_name", "decision_no", "decision_date", "published_date", "received_date"];
// decided on Friday 2024-03-01: with the official calendar the 7-working-day deadline is 03-12
const rec = (id: string, unit = "A1") => [id, "license", unit, "legal", "91350100M000100Y43", "某公司", `许〔2024〕${id}号`, "2024-03-01", "2024-03-12", "2024-03-06"];
const recordsFile = (name: string, ids: string[], unit?: string) => writeText(dir, name, csv([RECORD_HEADER, ...ids.map((id) => rec(id, unit))]));
const statsFile = (name: string, unit: string, expected: number, collected: number) =>
  writeText(dir, name, csv([["unit_code", "catalog_item", "period", "expected", "collected"], [unit, "X", PERIOD, String(expected), String(collected)]]));

const run = (conn: Connection, kind: ImportKind, file: string) => importFile(conn, kind, file, { actor: "test" });
const lanzhou = (doc: ScoreDocument) => doc.groups.region.find((e) => e.code === "620100")!;
const count = async (conn: Sql, table: string) => (await conn.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]!.n;

/** The connection, with its transactions' SQL passed through `intercept` (which may hold a statement back). */
function intercepted(conn: Connection, intercept: (text: string) => Promise<void>): Connection {
  return {
    ...conn,
    transaction: (fn) =>
      conn.transaction((tx) => {
        const wrapped: Sql = {
          ...tx,
          async query<T>(text: string, params?: unknown[]) {
            await intercept(text);
            return tx.query<T>(text, params);
          },
        };
        return fn(wrapped);
      }),
  };
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** The units of the file's fixture, imported (the calendar comes with the database). */
async function importUnits(conn: Connection) {
  await run(
    conn,
    "units",
    writeText(dir, "units.csv", csv([
      ["code", "name", "type", "parent_code", "region_code", "line_code"],
      ["620000", "甘肃省", "region", "", "", ""],
      ["620100", "兰州市", "region", "620000", "", ""],
      ["620200", "嘉峪关市", "region", "620000", "", ""],
      ["D1", "省市场监管局", "department", "", "620000", ""],
      ["A1", "兰州市市场监管局", "agency", "", "620100", "D1"],
      ["A2", "嘉峪关市市场监管局", "agency", "", "620200", "D1"],
    ])),
  );
}

beforeAll(async () => {
  db = await freshDatabase();
  dir = tempDir();
  await importUnits(db);
});

beforeEach(async () => {
  // The score cache lives in its module, keyed by the evidence version, which a rolled-back test
  // (or a test's own database) takes back to numbers another test may have cached: a fresh module,
  // so an empty cache, for each test, as a new process would have.
  vi.resetModules();
  ({ cachedScore } = await import("@/lib/scoring/cache"));
});

afterAll(async () => {
  await db?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("the evidence version", () => {
  it("is set once the calendar and units are loaded", async () => {
    // ensureOfficialCalendar (freshDatabase) and the units import each bumped it
    expect(await evidenceVersion(db)).toBe(2);
  });

  it("changes when an import commits, and cached scores follow it", async () => {
    await withRollback(db, async (tx) => {
      const v0 = await evidenceVersion(tx);
      const before = await cachedScore(tx, PERIOD, AS_OF);
      expect(lanzhou(before).indicators.publication_timeliness.denominator).toBe(0);

      await run(tx, "records", recordsFile("first.csv", ["F1", "F2"]));
      const v1 = await evidenceVersion(tx);
      expect(v1).toBe(v0 + 1);
      const after = await cachedScore(tx, PERIOD, AS_OF);
      expect(lanzhou(after).indicators.publication_timeliness).toMatchObject({ numerator: 2, denominator: 2 });
      expect(after).toEqual(await scorePeriod(tx, PERIOD, AS_OF));

      // an import that changes nothing is still an import: a new version, the same (fresh) scores
      await run(tx, "records", recordsFile("first.csv", ["F1", "F2"]));
      expect(await evidenceVersion(tx)).toBe(v1 + 1);
      expect(await cachedScore(tx, PERIOD, AS_OF)).toEqual(after);
    });
  });

  it("scores a period once when many ask for it at the same moment", async () => {
    await withRollback(db, async (tx) => {
      await run(tx, "records", recordsFile("burst.csv", ["B1", "B2"]));
      const docs = await Promise.all(Array.from({ length: 8 }, () => cachedScore(tx, PERIOD, AS_OF)));
      // one scoring, shared: the very same document, not eight equal ones
      expect(new Set(docs).size).toBe(1);
      expect(lanzhou(docs[0]!).indicators.publication_timeliness).toMatchObject({ numerator: 2, denominator: 2 });
    });
  });

  it("is bumped inside the import's transaction, as its last statement", async () => {
    await withRollback(db, async (tx) => {
      const v0 = await evidenceVersion(tx);
      const statements: string[] = [];
      let inside = -1;
      const conn = intercepted(tx, async (text) => {
        statements.push(text);
      });
      const watched: Connection = {
        ...conn,
        transaction: (fn) =>
          conn.transaction(async (inner) => {
            const result = await fn(inner);
            inside = await evidenceVersion(inner);
            return result;
          }),
      };
      await run(watched, "stats", statsFile("stats-1.csv", "A1", 10, 8));
      expect(inside).toBe(v0 + 1);
      expect(statements.at(-2)).toMatch(/INSERT INTO settings .*'evidence_version'/s);
      expect(statements.at(-1)).toMatch(/FROM settings WHERE key = 'evidence_version'/);
      expect(await evidenceVersion(tx)).toBe(v0 + 1);
    });
  });

  if (isPostgres()) {
    it("orders overlapping imports by commit: the one that started first and commits last still invalidates the cache", async () => {
      const own = await freshDatabase();
      try {
        await importUnits(own);
        // Import A (records) starts first and does all its work, then is held just before its bump;
        // import B (stats, another kind so the per-kind lock does not serialise them) runs whole and
        // commits; the dashboards score in between; then A commits.
        const atBump = deferred();
        const gate = deferred();
        const slow = intercepted(own, async (text) => {
          if (text.includes("'evidence_version'")) {
            atBump.resolve();
            await gate.promise;
          }
        });
        const v0 = await evidenceVersion(own);
        const a = run(slow, "records", recordsFile("a.csv", ["OA1", "OA2", "OA3"], "A2"));
        await atBump.promise;

        const b = await run(own, "stats", statsFile("stats-b.csv", "A2", 10, 5));
        expect(await evidenceVersion(own)).toBe(v0 + 1);
        const between = await cachedScore(own, PERIOD, AS_OF);
        const jyg = between.groups.region.find((e) => e.code === "620200")!;
        expect(jyg.indicators.coverage).toMatchObject({ numerator: 5, denominator: 10 });
        expect(jyg.indicators.publication_timeliness.denominator).toBe(0); // A not committed yet

        gate.resolve();
        const { batchId: aBatch } = await a;
        expect(aBatch).toBeLessThan(b.batchId); // A started first (the old key, max(id), stays at B's id)
        expect(await evidenceVersion(own)).toBe(v0 + 2);

        const after = await cachedScore(own, PERIOD, AS_OF);
        expect(after).not.toEqual(between);
        expect(after.groups.region.find((e) => e.code === "620200")!.indicators.publication_timeliness).toMatchObject({ numerator: 3, denominator: 3 });
        expect(after).toEqual(await scorePeriod(own, PERIOD, AS_OF));
      } finally {
        await own.drop();
      }
    });

    it("gives concurrent imports distinct versions even when both bump at once", async () => {
      const own = await freshDatabase();
      try {
        await importUnits(own);
        const v0 = await evidenceVersion(own);
        await Promise.all([
          run(own, "records", recordsFile("c1.csv", ["C1"])),
          run(own, "stats", statsFile("stats-c.csv", "A1", 12, 9)),
          run(own, "units", writeText(dir, "units-c.csv", csv([["code", "name", "type", "parent_code", "region_code", "line_code"], ["A9", "某局", "agency", "", "620100", "D1"]]))),
        ]);
        expect(await evidenceVersion(own)).toBe(v0 + 3);
      } finally {
        await own.drop();
      }
    });
  } else {
    it("on one connection (PGlite), an import run after another always leaves a newer version and fresh scores", async () => {
      await withRollback(db, async (tx) => {
        // PGlite runs one transaction at a time, so imports cannot overlap; what remains to prove is
        // that each commit moves the key, whichever batch id it got.
        const v0 = await evidenceVersion(tx);
        const b = await run(tx, "stats", statsFile("stats-b.csv", "A2", 10, 5));
        const between = await cachedScore(tx, PERIOD, AS_OF);
        expect(between.groups.region.find((e) => e.code === "620200")!.indicators.coverage).toMatchObject({ numerator: 5, denominator: 10 });
        const a = await run(tx, "records", recordsFile("a.csv", ["OA1", "OA2", "OA3"], "A2"));
        expect(a.batchId).toBeGreaterThan(b.batchId);
        expect(await evidenceVersion(tx)).toBe(v0 + 2);
        const after = await cachedScore(tx, PERIOD, AS_OF);
        expect(after.groups.region.find((e) => e.code === "620200")!.indicators.publication_timeliness).toMatchObject({ numerator: 3, denominator: 3 });
        expect(after).toEqual(await scorePeriod(tx, PERIOD, AS_OF));
      });
    });
  }

  it("is not bumped by an import that fails or is rolled back", async () => {
    await withRollback(db, async (tx) => {
      const v0 = await evidenceVersion(tx);
      const records0 = await count(tx, "records");
      const cached = await cachedScore(tx, PERIOD, AS_OF);

      // a file the import refuses
      await expect(run(tx, "records", writeText(dir, "bad.csv", "record_id,kind\nX1,license\n"))).rejects.toMatchObject({ code: "missing_header" });
      expect(await evidenceVersion(tx)).toBe(v0);

      // an import that did all its work, bump included, and then rolled back
      let inside = -1;
      const aborting: Connection = {
        ...tx,
        transaction: (fn) =>
          tx.transaction(async (inner) => {
            await fn(inner);
            inside = await evidenceVersion(inner);
            throw new Error("rolled back on purpose");
          }),
      };
      await expect(run(aborting, "records", recordsFile("rolled-back.csv", ["RB1", "RB2"]))).rejects.toThrow("rolled back on purpose");
      expect(inside).toBe(v0 + 1);
      expect(await evidenceVersion(tx)).toBe(v0);
      expect(await count(tx, "records")).toBe(records0);
      // the cache still answers from the same entry, which is still right
      expect(await cachedScore(tx, PERIOD, AS_OF)).toBe(cached);
      expect(cached).toEqual(await scorePeriod(tx, PERIOD, AS_OF));
    });
  });

  it("is bumped by a calendar override import, and scores follow the new deadlines", async () => {
    await withRollback(db, async (tx) => {
      // 兰州市 has records published on time, on the official calendar
      await run(tx, "records", recordsFile("first.csv", ["F1", "F2"]));
      const v0 = await evidenceVersion(tx);
      const before = await cachedScore(tx, PERIOD, AS_OF);
      expect(lanzhou(before).indicators.publication_timeliness.numerator).toBeGreaterThan(0);
      // the weekend after 2024-03-01 becomes working days: the deadline moves to 03-08 and records
      // published on 03-12 are now late
      const { summary } = await run(tx, "calendar", writeText(dir, "calendar.csv", csv([["date", "is_workday"], ["2024-03-02", "1"], ["2024-03-03", "1"]])));
      expect(summary).toMatchObject({ updated: 2 });
      expect(await evidenceVersion(tx)).toBe(v0 + 1);
      const after = await cachedScore(tx, PERIOD, AS_OF);
      expect(lanzhou(after).indicators.publication_timeliness.numerator).toBe(0);
      expect(after).toEqual(await scorePeriod(tx, PERIOD, AS_OF));
    });
  });
});
