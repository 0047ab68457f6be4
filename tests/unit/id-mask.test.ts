import { describe, expect, it } from "vitest";
import { maySeeFullIdNumbers } from "@/lib/auth/personal-data";
import type { SessionUser } from "@/lib/auth/users";
import { idNumberCheckChar, ID_NUMBER_PATTERN } from "@/lib/codes";
import { displaySubjectCode, isPersonalCode, maskIdNumber, maskIdNumbersIn, maskSubjectCodes } from "@/lib/codes/mask";
import { OFFICE, clerk, head } from "../helpers/actors";

const withCheck = (first17: string) => first17 + idNumberCheckChar(first17)!;
const PERSON = withCheck("62010219800101123"); // a valid ID number of 城关区
const PERSON_X = "11010519491231002X";
const COMPANY = "91350100M000100Y43"; // a valid unified social credit code

describe("masking an ID number", () => {
  it("shows the first 6 and the last 4 characters with 8 asterisks between", () => {
    expect(maskIdNumber(PERSON)).toBe(`620102********${PERSON.slice(14)}`);
    expect(maskIdNumber(PERSON_X)).toBe("110105********002X");
    expect(maskIdNumber("11010519491231002x")).toBe("110105********002x");
    expect(maskIdNumber(` ${PERSON_X}\t`)).toBe("110105********002X");
    expect(maskIdNumber(PERSON_X).match(ID_NUMBER_PATTERN)).toBeNull();
  });

  it("masks malformed values harder, and never tells their length", () => {
    // a wrong check character is still a person's number
    expect(maskIdNumber("110105194912310021")).toBe("110105********0021");
    // too long: still 8 asterisks, so at most 10 characters show
    expect(maskIdNumber("1101051949123100211")).toBe("110105********0211");
    // one digit short, or a first-generation 15-digit number: 3 and 2 only
    expect(maskIdNumber("11010519491231002")).toBe("110********02");
    expect(maskIdNumber("110105491231002")).toBe("110********02");
    // short values: nothing of them
    expect(maskIdNumber("11010519491")).toBe("********");
    expect(maskIdNumber("x")).toBe("********");
    expect(maskIdNumber("")).toBe("");
    expect(maskIdNumber("   ")).toBe("");
  });

  it("changes nothing when masking a masked value", () => {
    for (const v of [PERSON, PERSON_X, "1101051949123100211", "11010519491231002", "110105491231002", "123", "身份证号码缺失"]) {
      const once = maskIdNumber(v);
      expect(maskIdNumber(once)).toBe(once);
    }
  });
});

describe("which subject codes are a natural person's", () => {
  it("masks a natural person's code, valid or not", () => {
    expect(displaySubjectCode(PERSON, "natural")).toBe(maskIdNumber(PERSON));
    expect(displaySubjectCode("110105194912310021", "natural")).toBe("110105********0021");
    expect(displaySubjectCode("11010519491231", "natural")).toBe("110********31");
    // even a credit code filed under a natural person: the type says it is a person's
    expect(isPersonalCode(COMPANY, "natural")).toBe(true);
  });

  it("leaves a legal person's credit code alone, even a mistyped one", () => {
    expect(displaySubjectCode(COMPANY, "legal")).toBe(COMPANY);
    expect(displaySubjectCode("91350100M000100Y44", "legal")).toBe("91350100M000100Y44");
    expect(displaySubjectCode("", "legal")).toBe("");
  });

  it("masks an ID number whatever type it was filed under", () => {
    expect(displaySubjectCode(PERSON_X, "legal")).toBe("110105********002X");
    expect(displaySubjectCode(`个体户 ${PERSON_X}`, "legal")).not.toContain(PERSON_X);
    expect(displaySubjectCode(PERSON_X, "partnership")).toBe("110105********002X");
  });

  it("without a type (cases), shows only a valid credit code", () => {
    expect(displaySubjectCode(COMPANY, null)).toBe(COMPANY);
    expect(displaySubjectCode(COMPANY)).toBe(COMPANY);
    expect(displaySubjectCode(PERSON)).toBe(maskIdNumber(PERSON));
    expect(displaySubjectCode("91350100M000100Y44")).toBe("913501********0Y44");
    expect(displaySubjectCode("11010519491231")).toBe("110********31");
  });

  it("masks the rows of an item list, and leaves rows without a subject code as they are", () => {
    const coverage: Record<string, unknown> = { unit_code: "A1", expected: 10 };
    const rows = maskSubjectCodes<Record<string, unknown>>([
      { record_id: "r1", subject_type: "natural", subject_code: PERSON_X },
      { record_id: "r2", subject_type: "legal", subject_code: COMPANY },
      { case_id: "c1", subject_code: PERSON },
      { case_id: "c2", subject_code: COMPANY },
      coverage,
      { record_id: "r3", subject_type: "natural", subject_code: null },
    ]);
    expect(rows.map((r) => r.subject_code)).toEqual(["110105********002X", COMPANY, maskIdNumber(PERSON), COMPANY, undefined, null]);
    expect(rows[4]).toBe(coverage);
    expect(JSON.stringify(rows).match(ID_NUMBER_PATTERN)).toBeNull();
  });
});

describe("masking a stored value (audit rows)", () => {
  it("masks subject codes by the rule and any ID number inside a text, and keeps everything else", () => {
    const after = { record_id: "r1", subject_type: "natural", subject_code: "11010519491231", subject_name: "某", published_date: null, flags: ["subject_code_invalid"], n: 3 };
    expect(maskIdNumbersIn(after)).toEqual({ ...after, subject_code: "110********31" });
    expect(maskIdNumbersIn({ subject_type: "legal", subject_code: COMPANY })).toEqual({ subject_type: "legal", subject_code: COMPANY });
    expect(maskIdNumbersIn([{ note: `当事人 ${PERSON_X}、${PERSON}` }, 7, null])).toEqual([{ note: `当事人 110105********002X、${maskIdNumber(PERSON)}` }, 7, null]);
    expect(maskIdNumbersIn("共 1234567890 条")).toBe("共 1234567890 条");
  });
});

describe("who may ask for full ID numbers", () => {
  it("the office for any unit, a unit's head and clerk for their own unit only", () => {
    expect(maySeeFullIdNumbers(OFFICE, "620100")).toBe(true);
    expect(maySeeFullIdNumbers(head("620100"), "620100")).toBe(true);
    expect(maySeeFullIdNumbers(clerk("620100"), "620100")).toBe(true);
    expect(maySeeFullIdNumbers(head("620200"), "620100")).toBe(false);
    expect(maySeeFullIdNumbers(clerk("620200"), "620100")).toBe(false);
  });

  it("nobody else: a clerk without a unit, a role this rule does not name", () => {
    expect(maySeeFullIdNumbers({ username: "c", name: "c", role: "clerk", unitCode: null }, "620100")).toBe(false);
    const viewer = { username: "v", name: "v", role: "viewer", unitCode: "620100" } as unknown as SessionUser;
    expect(maySeeFullIdNumbers(viewer, "620100")).toBe(false);
  });
});
