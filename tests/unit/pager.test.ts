import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Pager, pageNumbers } from "@/components/Pager";

describe("numbered pages", () => {
  it("shows the first and last page, two on each side of the current one, and … for the rest", () => {
    expect(pageNumbers(1, 1)).toEqual([1]);
    expect(pageNumbers(1, 5)).toEqual([1, 2, 3, 4, 5]);
    expect(pageNumbers(1, 10)).toEqual([1, 2, 3, null, 10]);
    expect(pageNumbers(5, 10)).toEqual([1, 2, 3, 4, 5, 6, 7, null, 10]);
    expect(pageNumbers(6, 12)).toEqual([1, null, 4, 5, 6, 7, 8, null, 12]);
    expect(pageNumbers(10, 10)).toEqual([1, null, 8, 9, 10]);
    // a gap of one page shows the page instead of …
    expect(pageNumbers(4, 10)).toEqual([1, 2, 3, 4, 5, 6, null, 10]);
  });

  it("links every other page with the list's own address, marks the current one, and has previous and next", () => {
    const html = renderToStaticMarkup(createElement(Pager, { lang: "zh", page: 5, pages: 10, href: (n: number) => `/inbox?status=late&page=${n}`, summary: "第 201–250 条，共 480 条" }));
    expect(html).toContain('href="/inbox?status=late&amp;page=4"');
    expect(html).toContain('href="/inbox?status=late&amp;page=6"');
    expect(html).toContain('href="/inbox?status=late&amp;page=10"');
    expect(html).toContain('aria-current="page">5</span>');
    expect(html).not.toContain("page=5");
    expect(html).toContain("‹ 上一页");
    expect(html).toContain("下一页 ›");
    expect(html).toContain("…");
    expect(html).toContain("第 201–250 条，共 480 条");
    const first = renderToStaticMarkup(createElement(Pager, { lang: "en", page: 1, pages: 3, href: (n: number) => `/x?page=${n}` }));
    expect(first).toContain('aria-label="Pages"');
    expect(first).not.toContain('rel="prev"');
    expect(first).toContain('rel="next"');
    expect(first).toContain("Next ›");
  });

  it("shows nothing for a single page without a summary, and only the summary with one", () => {
    expect(renderToStaticMarkup(createElement(Pager, { lang: "zh", page: 1, pages: 1, href: () => "/" }))).toBe("");
    const one = renderToStaticMarkup(createElement(Pager, { lang: "zh", page: 1, pages: 1, href: () => "/", summary: "共 3 条" }));
    expect(one).toContain("共 3 条");
    expect(one).not.toContain("上一页");
  });
});
