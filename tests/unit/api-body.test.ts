import { describe, expect, it } from "vitest";
import { bodyFormat, jsonErrorOffset, parseRows, readBody } from "@/lib/api/body";

/** The push API's body: its type, its size limit while it streams, and where bad JSON goes wrong. */
describe("jsonErrorOffset", () => {
  const at = (text: string) => {
    expect(() => {
      JSON.parse(text);
    }, text).toThrow();
    return jsonErrorOffset(text);
  };

  it("finds where JSON.parse stopped", () => {
    expect(at(`[{"a": 1},\n {"b": }]`)).toBe(18);
    expect(at(`[{"a": 1} {"b": 2}]`)).toBe(10); // a missing comma
    expect(at(`[{"a": "x\ny"}]`)).toBe(9); // a raw line break inside a string
    expect(at(`[1, 2,]`)).toBe(6);
    expect(at(`{"a": tru}`)).toBe(6);
    expect(at(`[1] x`)).toBe(4); // something after the value
    expect(at(`[{"a": "open`)).toBe(12); // the text ends inside a string
  });

  it("says -1 for valid JSON, escapes included", () => {
    expect(jsonErrorOffset(`[{"a": "q\\"uote", "b": -1.5e3, "c": [true, false, null]}]`)).toBe(-1);
  });
});

describe("bodyFormat", () => {
  it("takes JSON and NDJSON by media type, charset or not; refuses the rest with 415", () => {
    expect(bodyFormat("application/json; charset=utf-8")).toBe("json");
    expect(bodyFormat("Application/X-NDJSON")).toBe("ndjson");
    expect(bodyFormat("application/jsonl")).toBe("ndjson");
    for (const t of ["text/csv", "", null, "multipart/form-data; boundary=x"]) expect(() => bodyFormat(t), String(t)).toThrow(expect.objectContaining({ status: 415 }));
  });
});

describe("parseRows", () => {
  it("numbers rows as a file would, blank NDJSON lines left out, values as the import reads them", () => {
    const rows = parseRows("stats", "ndjson", Buffer.from(`{"unit_code":"620100","expected":10,"collected":null}\n\n{"unit_code":"620200","period":"2024-03"}\r\n`));
    expect(rows).toEqual([
      { rowNo: 1, values: { unit_code: "620100", expected: "10", collected: "" } },
      { rowNo: 2, values: { unit_code: "620200", period: "2024-03" } },
    ]);
  });

  it("refuses text that is not UTF-8, and a row that is not an object, naming it", () => {
    expect(() => parseRows("records", "json", Buffer.from([0x5b, 0xff, 0x5d]))).toThrow(expect.objectContaining({ status: 400, en: "the request body is not valid UTF-8 text" }));
    expect(() => parseRows("records", "json", Buffer.from(`[{"record_id":"R1"}, 5]`))).toThrow(expect.objectContaining({ status: 400, en: "row 2 must be a JSON object" }));
  });
});

describe("readBody", () => {
  it("stops reading past the limit, whatever Content-Length says", async () => {
    const body = new ReadableStream<Uint8Array>({
      pull(c) {
        c.enqueue(new Uint8Array(1024)); // never ends by itself: only the limit stops it
      },
    });
    const request = new Request("http://localhost/", { method: "POST", body, headers: { "content-length": "10" }, duplex: "half" } as RequestInit);
    await expect(readBody(request, 64 * 1024)).rejects.toMatchObject({ status: 413 });
    expect((await readBody(new Request("http://localhost/", { method: "POST", body: "[]" }), 10)).toString()).toBe("[]");
  });
});
