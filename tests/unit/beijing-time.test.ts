import { describe, expect, it } from "vitest";
import { beijingTime } from "@/lib/i18n";

// Moments on pages (inbox, notice timeline, reports, rule and method history) are Beijing time:
// the database writes timestamptz::text in its session's zone, UTC by default, and an office in
// Lanzhou reading "21:30" for a message sent at 05:30 the next morning was misled.
describe("beijingTime", () => {
  it("turns PostgreSQL's UTC text into Beijing time, crossing midnight", () => {
    expect(beijingTime("2026-12-06 21:30:12.345+00")).toBe("2026-12-07 05:30");
    expect(beijingTime("2026-12-06 01:05:00+00")).toBe("2026-12-06 09:05");
  });
  it("reads a text already in another zone, and ISO strings", () => {
    expect(beijingTime("2026-12-06 09:05:00+08")).toBe("2026-12-06 09:05");
    expect(beijingTime("2026-12-06 09:05:00-05")).toBe("2026-12-06 22:05");
    expect(beijingTime("2026-12-06T21:30:00.000Z")).toBe("2026-12-07 05:30");
  });
  it("leaves a text it cannot read as it is, cut to the minute", () => {
    expect(beijingTime("not a time at all")).toBe("not a time at all".slice(0, 16));
  });
});
