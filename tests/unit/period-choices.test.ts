import { describe, expect, it } from "vitest";
import { periodChoices } from "@/lib/scoring/provisional";

describe("the periods a dashboard offers", () => {
  it("offers nothing without data", () => {
    expect(periodChoices([])).toEqual([]);
  });

  it("lists months newest first, then the quarters and years they fall in, newest first", () => {
    expect(periodChoices(["2024-01", "2024-02", "2024-04"])).toEqual(["2024-04", "2024-02", "2024-01", "2024-Q2", "2024-Q1", "2024"]);
  });

  it("puts each month in its quarter, across years", () => {
    expect(periodChoices(["2023-03", "2023-06", "2023-09", "2023-12", "2024-01"])).toEqual([
      "2024-01",
      "2023-12",
      "2023-09",
      "2023-06",
      "2023-03",
      "2024-Q1",
      "2023-Q4",
      "2023-Q3",
      "2023-Q2",
      "2023-Q1",
      "2024",
      "2023",
    ]);
    expect(periodChoices(["2024-04", "2024-05", "2024-06", "2024-07", "2024-10", "2024-12"]).slice(6)).toEqual(["2024-Q4", "2024-Q3", "2024-Q2", "2024"]);
  });

  it("names each quarter and year once and leaves its input alone", () => {
    const months = ["2024-01", "2024-02", "2024-03"];
    expect(periodChoices(months)).toEqual(["2024-03", "2024-02", "2024-01", "2024-Q1", "2024"]);
    expect(months).toEqual(["2024-01", "2024-02", "2024-03"]);
  });
});
