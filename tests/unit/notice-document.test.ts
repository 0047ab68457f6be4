import fs from "node:fs";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { NoticeDocument } from "@/components/NoticeDocument";
import { documentDate, groupDigits } from "@/lib/document-dates";
import { findingLines, findings, periodInText } from "@/lib/notices/findings";
import { documentForm } from "@/lib/notices/form";
import { LEGACY_NOTICE } from "./fixtures/legacy-notice";

const none = { numerator: 0, denominator: 0, rate: null };
const figures = (over: Partial<Record<string, { numerator: number; denominator: number; rate: number | null }>>, violations = 0) => ({
  violations,
  indicators: { publication_timeliness: none, collection_timeliness: none, compliance: none, coverage: none, feedback_timeliness: none, feedback_coverage: none, ...over },
});

describe("dates and numbers as a document writes them", () => {
  it("writes 2026年10月20日 in Chinese and 20 October 2026 in English, without leading zeros", () => {
    expect(documentDate("zh", "2026-10-20")).toBe("2026年10月20日");
    expect(documentDate("zh", "2026-11-03")).toBe("2026年11月3日");
    expect(documentDate("en", "2026-10-20")).toBe("20 October 2026");
    expect(documentDate("en", "2026-01-05")).toBe("5 January 2026");
    // a timestamp is read by its date part, never shifted by a time zone
    expect(documentDate("zh", "2026-12-31 23:30:00+08")).toBe("2026年12月31日");
    expect(() => documentDate("zh", "2026-13-01")).toThrow(/not a date/);
    expect(() => documentDate("zh", "notadate")).toThrow(/not a date/);
  });

  it("groups digits by three with a space (1 090), leaving small numbers as they are", () => {
    expect(groupDigits(1090)).toBe("1 090");
    expect(groupDigits(173)).toBe("173");
    expect(groupDigits(1234567)).toBe("1 234 567");
    expect(groupDigits(0)).toBe("0");
  });
});

describe("存在的主要问题", () => {
  it("states each finding with the unit's figures for the period, worst first, not the rule's text", () => {
    const text = findings(
      "2026-09",
      figures({ publication_timeliness: { numerator: 917, denominator: 1090, rate: 0.8413 }, compliance: { numerator: 1080, denominator: 1090, rate: 0.99 }, coverage: { numerator: 400, denominator: 400, rate: 1 } }, 2),
    );
    expect(text).toEqual(["9月应公示 1 090 条，迟报 173 条，迟报率 15.9%", "9月报送记录 1 090 条，不合规 10 条，不合规率 0.9%", "9月在异议核实期间仍执行联合惩戒措施 2 次（应暂停执行）"]);
    expect(findingLines(text)[0]).toBe("（一）9月应公示 1 090 条，迟报 173 条，迟报率 15.9%。");
    expect(text.join("")).not.toMatch(/低于|rule/);
  });

  it("names quarters and years in the text, and says nothing when nothing went wrong", () => {
    expect(periodInText("2026-Q3")).toBe("第三季度");
    expect(periodInText("2026")).toBe("全年");
    expect(findings("2026-Q3", figures({ coverage: { numerator: 300, denominator: 400, rate: 0.75 } }))).toEqual(["第三季度应归集 400 条，已归集 300 条，归集率 75.0%"]);
    expect(findings("2026-09", figures({ compliance: { numerator: 5, denominator: 5, rate: 1 } }))).toEqual([]);
  });
});

describe("the notice document", () => {
  it("prints a notice issued before form 2 byte for byte as it was issued", () => {
    expect(documentForm(LEGACY_NOTICE)).toBe(1);
    const html = renderToStaticMarkup(createElement(NoticeDocument, { notice: LEGACY_NOTICE, issuedDate: "2026-10-20", deadline: "2026-11-10", annex: null }));
    expect(html).toBe(fs.readFileSync("tests/unit/fixtures/legacy-notice.html", "utf8"));
  });

  it("prints form 2: issuer on one line, 主送 once, the deadline as a date, the annex and the 版记", () => {
    const draft = { ...LEGACY_NOTICE, status: "draft", number: null, issued_at: null, rectification_due: null, doc_form: 2, copies_to: "省发展改革委" };
    const annex = {
      total: 1,
      shown: 1,
      sections: [{ section: { target: "publication_timeliness" as const, statuses: ["missing"], zh: "未按期公示的双公示记录", en: "" }, total: 1, items: [{ record_id: "R-0000000000000000000000000000000001", status: "missing" }] }],
    };
    const html = renderToStaticMarkup(createElement(NoticeDocument, { notice: draft, issuedDate: null, deadline: "2026-11-03", annex }));
    expect(html).toMatch(/<div class="org title-font" style="font-size:24.4pt">甘肃省社会信用体系建设领导小组办公室<\/div>/);
    expect(html).toContain("white-space: nowrap");
    // the old body's own salutation line is dropped: 主送 appears once
    expect(html.split("定西市：").length - 1).toBe(1);
    expect(html).toContain("整改期限：2026年11月3日前。");
    expect(html).toContain("附件：问题清单");
    expect(html).toContain('<div class="annex-label">附件</div>');
    expect(html).toContain("R-0000000000000000000000000000000001");
    expect(html).toContain("抄送：省发展改革委。");
    expect(html).toContain("（印发日期）");
    expect(html).toContain("草稿 · 未印发");
  });

  it("says so when the printed annex is bounded", () => {
    const draft = { ...LEGACY_NOTICE, issued_at: null, doc_form: 2 };
    const annex = { total: 2500, shown: 2000, sections: [{ section: { target: "compliance" as const, statuses: ["non_compliant"], zh: "不合规的双公示记录", en: "" }, total: 2500, items: [{ record_id: "x", status: "non_compliant" }] }] };
    const html = renderToStaticMarkup(createElement(NoticeDocument, { notice: draft, issuedDate: null, annex }));
    expect(html).toContain("本附件共 2 500 条，因篇幅所限印出前 2 000 条");
  });
});
