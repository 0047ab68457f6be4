import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publishPeriod } from "@/lib/publication/publish";
import { periodStanding } from "@/lib/publication/public-read";
import { QueryReader } from "@/lib/web/query";
import { loadUnitDetail } from "@/lib/unit-page";
import { OFFICE, head } from "../helpers/actors";
import { freshDatabase, rollbackEach, type TestDatabase } from "../helpers/db";
import { insertRows, insertUnits, record } from "../helpers/fixtures";

// 兰州 (620100, agency A1) and 嘉峪关 (620200, agency A3) with records in 2024-03 and 2024-04.
let db: TestDatabase;
const tx = rollbackEach(() => db);

beforeAll(async () => {
  db = await freshDatabase();
  await insertUnits(db, ["620100", "620200", "A1", "A3"]);
  await insertRows(db, "records", [
    record("m1", "A1", "2024-03-01", "2024-03-05", "2024-03-05"),
    record("m2", "A3", "2024-03-01", null, null),
    record("a1", "A1", "2024-04-01", "2024-04-02", "2024-04-02"),
  ]);
});

afterAll(async () => {
  await db?.drop();
});

const paths = { base: "/unit/620100", exportBase: "/unit/export" };
async function unitPage(period: string, asOf: string) {
  const page = await loadUnitDetail(tx(), "620100", new QueryReader({ period, asOf }), paths, true, head("620100"));
  if (page === "bad address") throw new Error(`bad address: ${period} ${asOf}`);
  return page;
}

describe("the standing of a unit's figures (暂定 / 已发布)", () => {
  it("is provisional for a month not published, on the unit page and for the office heading", async () => {
    await publishPeriod(tx(), { period: "2024-03", asOf: "2024-04-30", actor: OFFICE });
    const page = await unitPage("2024-04", "2024-05-31");
    expect(page!.standing).toEqual({ status: "provisional", reason: "unpublished" });
    expect(page!.entity.rank).toBe(1);
    expect((await periodStanding(tx(), "2024-04", "2024-05-31")).standing.status).toBe("provisional");
  });

  it("is published for a published month, with the published version's score and rank, also after the evidence changed", async () => {
    const v1 = await publishPeriod(tx(), { period: "2024-03", asOf: "2024-04-30", actor: OFFICE });
    const published = v1.document.groups.region.find((e) => e.code === "620100")!;
    // a correction after publication: the live figures move, the published ones do not
    await tx().query(`UPDATE records SET published_date = NULL, received_date = NULL WHERE record_id = 'm1'`);
    const page = await unitPage("2024-03", "2024-05-31");
    expect(page!.standing).toMatchObject({ status: "published", version: 1, as_of: "2024-04-30" });
    expect([page!.entity.score, page!.entity.rank]).toEqual([published.score, published.rank]);
    // the unit sees its peers as published
    expect(page!.peers.map((e) => e.code)).toEqual(v1.document.groups.region.map((e) => e.code));
    const office = await periodStanding(tx(), "2024-03", "2024-05-31");
    expect(office.standing.status).toBe("published");
    expect(office.publication!.version).toBe(1);
  });

  it("is provisional when evaluated before the published evaluation date", async () => {
    await publishPeriod(tx(), { period: "2024-03", asOf: "2024-04-30", actor: OFFICE });
    const page = await unitPage("2024-03", "2024-04-15");
    expect(page!.standing).toEqual({ status: "provisional", reason: "before_publication", publishedAsOf: "2024-04-30" });
  });
});
