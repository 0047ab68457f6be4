import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listNotices, publicNotices, PUBLIC_NOTICE_PAGE_SIZE } from "@/lib/notices/queries";
import { freshDatabase, type TestDatabase } from "../helpers/db";
import { insertRegions } from "../helpers/fixtures";

// The public /notices list: paged in SQL, 20 a page, newest first or oldest first, only public notices;
// and the office's list sorted by a column, in SQL.
let db: TestDatabase;

beforeAll(async () => {
  db = await freshDatabase();
  await insertRegions(db, 1);
  // 45 issued notices a day apart (seq n issued on day n, each of another month), every fifth not public
  for (let n = 1; n <= 45; n++) {
    await db.query(
      `INSERT INTO notices (period, grp, unit_code, rules, rules_version, as_of, figures, worst_items, status, title, body, addressees, year, seq, number, issued_by, issued_at, rectification_due, is_public)
       VALUES ($5, 'region', '620100', '{score_below_line}', 1, '2024-04-30', '{}', '[]', 'issued', $1, '正文', '兰州市', 2024, $2::int, $3, 'office', timestamptz '2024-05-01 10:00+08' + $2::int * interval '1 day', '2024-05-31', $4)`,
      [`通报 ${n}`, n, `甘信用办通〔2024〕${n}号`, n % 5 !== 0, `${2020 + Math.floor((n - 1) / 12)}-${String(((n - 1) % 12) + 1).padStart(2, "0")}`],
    );
  }
});
afterAll(() => db.drop());

describe("the public notices list", () => {
  it("pages the public notices 20 at a time, newest first, and counts them all", async () => {
    expect(PUBLIC_NOTICE_PAGE_SIZE).toBe(20);
    const first = await publicNotices(db);
    expect([first.total, first.pages, first.page, first.notices.length]).toEqual([36, 2, 1, 20]);
    expect(first.notices.slice(0, 3).map((n) => n.title)).toEqual(["通报 44", "通报 43", "通报 42"]);
    expect(first.notices[0]!.issued).toBe("2024-06-14");
    const second = await publicNotices(db, { page: 2 });
    expect(second.notices.length).toBe(16);
    expect(second.notices.at(-1)!.title).toBe("通报 1");
    // no notice twice, none left out, none that is not public
    const all = [...first.notices, ...second.notices].map((n) => Number(n.title.split(" ")[1]));
    expect(new Set(all).size).toBe(36);
    expect(all.some((n) => n % 5 === 0)).toBe(false);
  });

  it("sorts oldest first on asking, and gives the last page past the end", async () => {
    const oldest = await publicNotices(db, { dir: "asc" });
    expect(oldest.notices.slice(0, 3).map((n) => n.title)).toEqual(["通报 1", "通报 2", "通报 3"]);
    const past = await publicNotices(db, { page: 99 });
    expect([past.page, past.pages, past.notices.length]).toEqual([2, 2, 16]);
  });
});

describe("the office's notice list", () => {
  it("sorts by period, issue date or deadline, either way, the default order breaking ties", async () => {
    const periods = async (sort: Parameters<typeof listNotices>[1]["sort"]) => (await listNotices(db, { sort })).notices.map((n) => n.period);
    expect((await periods({ column: "period", dir: "asc" })).slice(0, 3)).toEqual(["2020-01", "2020-02", "2020-03"]);
    expect((await periods({ column: "period", dir: "desc" })).slice(0, 2)).toEqual(["2023-09", "2023-08"]);
    expect((await listNotices(db, { sort: { column: "issued", dir: "asc" } })).notices[0]!.number).toBe("甘信用办通〔2024〕1号");
    // every deadline is the same: the default order (newest period first) decides
    expect((await periods({ column: "due", dir: "asc" })).slice(0, 2)).toEqual(["2023-09", "2023-08"]);
    expect((await listNotices(db, { sort: { column: "period", dir: "asc" } })).total).toBe(45);
  });
});
