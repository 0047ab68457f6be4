import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Connection } from "@/db/client";
import { calendarRange, deadline, loadedYears } from "@/lib/calendar";
import { freshDatabase } from "../helpers/db";

let db: Connection & { drop(): Promise<void> };

beforeAll(async () => {
  db = await freshDatabase();
});

afterAll(async () => {
  await db?.drop();
});

describe("the shipped official calendar", () => {
  it("has every year from 2016 to 2026", async () => {
    const years = await loadedYears(db);
    for (let y = 2016; y <= 2026; y++) expect(years).toContain(y);
  });

  it("crosses the 2024 make-up Sunday and the National Day week", async () => {
    // 09-29 (Sun) is a make-up working day, 10-01..07 are off, 10-12 (Sat) is a make-up working day
    expect(await deadline(db, "2024-09-27", 1)).toBe("2024-09-29");
    expect(await deadline(db, "2024-09-27", 2)).toBe("2024-09-30");
    expect(await deadline(db, "2024-09-27", 3)).toBe("2024-10-08");
    expect(await deadline(db, "2024-09-27", 7)).toBe("2024-10-12");
  });

  it("counts strictly after the given day, from a holiday too", async () => {
    expect(await deadline(db, "2024-03-01", 7)).toBe("2024-03-12");
    expect(await deadline(db, "2024-10-03", 1)).toBe("2024-10-08");
    expect(await deadline(db, "2024-03-01", 0)).toBe("2024-03-01");
  });

  it("knows 2026's Spring Festival and its make-up days", async () => {
    // 2026: 02-14 (Sat) and 02-28 (Sat) are make-up working days; 02-15..23 are off
    const days = await calendarRange(db, "2026-02-13", "2026-02-28");
    const work = days.filter((d) => d.isWorkday).map((d) => d.date);
    expect(work).toEqual(["2026-02-13", "2026-02-14", "2026-02-24", "2026-02-25", "2026-02-26", "2026-02-27", "2026-02-28"]);
    expect(await deadline(db, "2026-02-13", 2)).toBe("2026-02-24");
  });

  it("says plainly when a year is not loaded", async () => {
    await expect(deadline(db, "2027-03-01", 7)).rejects.toThrow("calendar for 2027 not loaded");
    await expect(deadline(db, "2026-12-28", 7)).rejects.toThrow("calendar for 2027 not loaded");
    await expect(calendarRange(db, "2026-12-01", "2027-01-31")).rejects.toThrow("calendar for 2027 not loaded");
  });
});
