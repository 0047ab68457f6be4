import ExcelJS from "exceljs";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Sql } from "@/db/client";
import { exportItems } from "@/lib/export-items";
import type { ExplainQuery, ExplainResult } from "@/lib/scoring/explain";

// The export only turns explain()'s items into a file: explain is replaced by canned items chosen to
// need every kind of CSV quoting.
const { explain } = vi.hoisted(() => ({ explain: vi.fn<(sql: unknown, q: ExplainQuery) => Promise<ExplainResult>>() }));
vi.mock("@/lib/scoring/explain", () => ({ explain }));

const ITEMS: Record<string, unknown>[] = [
  {
    record_id: "r1",
    unit_name: "兰州市市场监督管理局",
    kind: "license",
    decision_no: "兰市监〔2024〕1号,补",
    decision_date: "2024-03-01",
    deadline: "2024-03-12",
    published_date: null,
    subject_type: "natural",
    subject_code: "110105********002X",
    flags: ["subject_code_invalid", "published_before_decision"],
    status: "late",
  },
  {
    record_id: "r2",
    unit_name: '某"局"',
    kind: "penalty",
    decision_no: "第一行\n第二行",
    decision_date: "2024-03-02",
    deadline: "2024-03-13",
    published_date: "2024-03-20",
    subject_type: "legal",
    subject_code: "91350100M000100Y43",
    flags: [],
    status: "on_time",
  },
  { record_id: "r3", unit_name: "回车\r在此", kind: "license", decision_no: "plain", decision_date: "2024-03-03", deadline: null, published_date: null, flags: null, status: "not_due" },
];

// the export asks the database only for the units' names (lib/unit-names.ts) and the evidence version
const sql = { query: () => Promise.resolve([{ code: "620100", name: "兰州市", name_en: null, version: 1 }]) } as unknown as Sql;
const query = (over: Partial<Parameters<typeof exportItems>[1]> = {}): Parameters<typeof exportItems>[1] => ({
  period: "2024-03",
  asOf: "2024-04-30",
  group: "region",
  entity: "620100",
  target: "publication_timeliness",
  lang: "zh",
  format: "csv",
  ...over,
});

beforeEach(() => {
  explain.mockReset().mockResolvedValue({ counts: { late: 1, on_time: 1, not_due: 1 }, total: 3, items: ITEMS });
});

/** The raw bytes: Response.text() would drop the BOM. */
async function bytes(r: Response): Promise<Buffer> {
  return Buffer.from(await r.arrayBuffer());
}

describe("the item list as CSV", () => {
  it("asks explain for the whole list without counts, ID numbers masked unless full ones are asked for", async () => {
    await exportItems(sql, query({ status: "late" }));
    expect(explain).toHaveBeenCalledWith(sql, { ...query({ status: "late" }), idNumbers: "masked", limit: 200_000, counts: false });
    await exportItems(sql, query({ idNumbers: "full" }));
    expect(explain).toHaveBeenLastCalledWith(sql, { ...query(), idNumbers: "full", limit: 200_000, counts: false });
  });

  it("is UTF-8 with a BOM, CRLF line ends and a final CRLF, named after what it lists", async () => {
    const r = await exportItems(sql, query());
    expect(r.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(r.headers.get("content-disposition")).toBe('attachment; filename="wenxiao-620100-2024-03-publication_timeliness.csv"');
    const b = await bytes(r);
    expect([...b.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = b.subarray(3).toString("utf8");
    expect(text.endsWith("\r\n")).toBe(true);
    // no bare LF outside the quoted cell that holds one
    expect(text.replace(/"第一行\n第二行"/, "").replace(/\r\n/g, "")).not.toMatch(/\n/);
  });

  it("has the Chinese header and quotes commas, quotes, newlines and carriage returns", async () => {
    const text = (await bytes(await exportItems(sql, query()))).subarray(3).toString("utf8");
    expect(text).toBe(
      [
        "记录编号,决定机关,类别,决定文书号,决定日期,期限,公示日期,主体代码,问题,状态",
        'r1,兰州市市场监督管理局,许可,"兰市监〔2024〕1号,补",2024-03-01,2024-03-12,,110105********002X,主体代码校验错误；公示日期早于决定日期,迟报',
        'r2,"某""局""",处罚,"第一行\n第二行",2024-03-02,2024-03-13,2024-03-20,91350100M000100Y43,,按时',
        'r3,"回车\r在此",许可,plain,2024-03-03,,,,,未到期',
      ].join("\r\n") + "\r\n",
    );
  });

  it("has the English header and texts in English", async () => {
    const text = (await bytes(await exportItems(sql, query({ lang: "en" })))).subarray(3).toString("utf8");
    const [header, first] = text.split("\r\n");
    expect(header).toBe("Record,Deciding unit,Kind,Decision no.,Decided,Deadline,Published,Subject code,Problems,Status");
    expect(first).toBe('r1,兰州市市场监督管理局,licence,"兰市监〔2024〕1号,补",2024-03-01,2024-03-12,,110105********002X,invalid subject code；published before the decision,late');
  });

  it("shows the collection date for collection timeliness", async () => {
    const text = (await bytes(await exportItems(sql, query({ target: "collection_timeliness" })))).subarray(3).toString("utf8");
    expect(text.split("\r\n")[0]).toBe("记录编号,决定机关,类别,决定文书号,决定日期,期限,归集日期,主体代码,问题,状态");
  });

  it("is just the header when there are no items", async () => {
    explain.mockResolvedValue({ counts: {}, total: 0, items: [] });
    const text = (await bytes(await exportItems(sql, query({ target: "violations", lang: "en" })))).subarray(3).toString("utf8");
    expect(text).toBe("Case,Measure,Implementing unit,Feedback,Objection,Filed,Resolved,Subject code,Status\r\n");
  });
});

describe("the item list as XLSX", () => {
  async function workbook(r: Response): Promise<ExcelJS.Workbook> {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await r.arrayBuffer());
    return wb;
  }

  const rowValues = (ws: ExcelJS.Worksheet, n: number) => (ws.getRow(n).values as unknown[]).slice(1);

  it("is a workbook with one sheet named after the indicator, a title row, a bold frozen header with filters and the same cells", async () => {
    const r = await exportItems(sql, query({ format: "xlsx" }));
    expect(r.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(r.headers.get("content-disposition")).toBe('attachment; filename="wenxiao-620100-2024-03-publication_timeliness.xlsx"');
    const wb = await workbook(r);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["公示及时率"]);
    const ws = wb.worksheets[0]!;
    expect(ws.rowCount).toBe(5);
    expect(ws.getCell(1, 1).text).toBe("兰州市（620100）· 2024-03 · 公示及时率 · 评价日期 2024-04-30 · 共 3 条");
    expect(rowValues(ws, 2)).toEqual(["记录编号", "决定机关", "类别", "决定文书号", "决定日期", "期限", "公示日期", "主体代码", "问题", "状态"]);
    expect(ws.getRow(2).font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 2 });
    // dates are date cells
    const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
    // a missing date is a blank cell (the streaming writer writes no empty text)
    expect(rowValues(ws, 3)).toEqual(["r1", "兰州市市场监督管理局", "许可", "兰市监〔2024〕1号,补", day("2024-03-01"), day("2024-03-12"), undefined, "110105********002X", "主体代码校验错误；公示日期早于决定日期", "迟报"]);
    expect(ws.autoFilter).toBe("A2:J2");
    expect(ws.getCell(3, 5).numFmt).toBe("yyyy-mm-dd");
    // text stays text, quotes and line breaks included (no CSV escaping inside a workbook)
    expect(rowValues(ws, 4)[1]).toBe('某"局"');
    expect(rowValues(ws, 4)[3]).toBe("第一行\n第二行");
  });

  it("uses English names and header in English", async () => {
    const wb = await workbook(await exportItems(sql, query({ format: "xlsx", lang: "en", target: "violations" })));
    expect(wb.worksheets.map((w) => w.name)).toEqual(["Violations"]);
    expect(rowValues(wb.worksheets[0]!, 2)).toEqual(["Case", "Measure", "Implementing unit", "Feedback", "Objection", "Filed", "Resolved", "Subject code", "Status"]);
  });
});

describe("CSV cells a spreadsheet will not run", () => {
  it("prefixes text that starts a formula, and leaves numbers alone", async () => {
    const { csvCell } = await import("@/lib/csv");
    expect(csvCell("=HYPERLINK(\"http://evil\",\"x\")")).toBe(`"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(csvCell("+1+1")).toBe("'+1+1");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("\tcmd")).toBe("'\tcmd");
    expect(csvCell("-2.5")).toBe("-2.5");
    expect(csvCell(-2.5)).toBe("-2.5");
    expect(csvCell("兰州市")).toBe("兰州市");
    expect(csvCell(null)).toBe("");
  });
});
