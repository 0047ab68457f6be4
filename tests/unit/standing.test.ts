import { describe, expect, it } from "vitest";
import { standingLabel, standingNote, standingOf } from "@/lib/publication/standing";

const v2 = { version: 2, as_of: "2026-10-20", published_at: "2026-10-21T02:00:00.000Z" };

describe("standingOf: 暂定 or 已发布", () => {
  it("is provisional while the period has no publication", () => {
    const s = standingOf(undefined, "2026-12-01");
    expect(s).toEqual({ status: "provisional", reason: "unpublished" });
    expect(standingLabel("zh", s)).toBe("暂定");
    expect(standingLabel("en", s)).toBe("provisional");
    expect(standingNote("zh", s)).toContain("尚未发布");
  });

  it("is provisional when evaluated before the published evaluation date", () => {
    const s = standingOf(v2, "2026-10-19");
    expect(s).toEqual({ status: "provisional", reason: "before_publication", publishedAsOf: "2026-10-20" });
    expect(standingLabel("zh", s)).toBe("暂定");
    expect(standingNote("en", s)).toContain("2026-10-20");
  });

  it("is published, as the latest version, on and after the published evaluation date", () => {
    for (const asOf of ["2026-10-20", "2026-12-31"]) {
      const s = standingOf(v2, asOf);
      expect(s).toEqual({ status: "published", version: 2, as_of: "2026-10-20", published_at: v2.published_at });
      expect(standingLabel("zh", s)).toBe("已发布（第 2 版）");
      expect(standingLabel("en", s)).toBe("published (version 2)");
      expect(standingLabel("zh", s)).not.toContain("暂定");
    }
  });
});
