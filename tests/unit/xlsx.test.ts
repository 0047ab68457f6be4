import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { xlsx } from "@/lib/xlsx";

async function read(bytes: Uint8Array<ArrayBuffer>): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes.buffer);
  expect(wb.worksheets).toHaveLength(1);
  return wb.worksheets[0]!;
}

const values = (ws: ExcelJS.Worksheet, r: number) => (ws.getRow(r).values as unknown[]).slice(1);

describe("the XLSX writer", () => {
  it("writes a title across the columns, a bold frozen header with filters, text and date cells", async () => {
    const ws = await read(
      xlsx({
        name: "公示及时率 & <x>",
        title: "兰州市（620100）· 2026",
        header: ["编号", "决定日期", "说明"],
        rows: [
          ["r1", "2024-02-29", "A & B <c> \"d\""],
          ["r2", "", "  前后空格  "],
          ["r3", "not a date", "回车\r换行\n制表\t控制\u0001字符"],
        ],
        dateColumns: new Set([1]),
      }),
    );
    expect(ws.name).toBe("公示及时率 & <x>");
    expect(ws.getCell(1, 1).text).toBe("兰州市（620100）· 2026");
    expect(ws.getCell(1, 1).font?.size).toBe(13);
    expect(ws.model.merges).toEqual(["A1:C1"]);
    expect(values(ws, 2)).toEqual(["编号", "决定日期", "说明"]);
    expect(ws.getRow(2).font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 2 });
    expect(ws.autoFilter).toBe("A2:C2");
    expect(values(ws, 3)).toEqual(["r1", new Date("2024-02-29T00:00:00Z"), 'A & B <c> "d"']);
    expect(ws.getCell(3, 2).numFmt).toBe("yyyy-mm-dd");
    // an empty text is a blank cell; spaces, line ends and tabs are kept, characters XML cannot hold dropped
    expect(values(ws, 4)).toEqual(["r2", undefined, "  前后空格  "]);
    expect(values(ws, 5)).toEqual(["r3", "not a date", "回车\r换行\n制表\t控制字符"]);
    expect(ws.rowCount).toBe(5);
    expect(ws.getColumn(1).width).toBe(18);
    expect(ws.getColumn(2).width).toBe(12);
  });

  it("names columns past Z as a spreadsheet does, and writes a sheet with no rows", async () => {
    const header = Array.from({ length: 30 }, (_, i) => `h${i}`);
    const ws = await read(xlsx({ name: "x", title: "t", header, rows: [header.map((h) => `${h}v`)], dateColumns: new Set() }));
    expect(ws.getCell("AD3").value).toBe("h29v");
    expect(ws.getCell("AA2").value).toBe("h26");
    expect(ws.autoFilter).toBe("A2:AD2");
    const empty = await read(xlsx({ name: "x", title: "t", header: ["a"], rows: [], dateColumns: new Set() }));
    expect(empty.rowCount).toBe(2);
  });
});
