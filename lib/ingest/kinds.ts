import { isCreditCode, isIdNumber } from "@/lib/codes";
import { enumValue, parseBool, parseCount, parseDate, parseMonth } from "./values";

/** The import kinds of CONTRACT §2–3, their columns, keys and row checks. */
export const IMPORT_KINDS = [
  "units",
  "records",
  "stats",
  "cases",
  "feedback",
  "objections",
  "repairs",
  "measures",
  "receipts",
  "notifications",
  "credit_checks",
  "tasks",
  "progress",
  "calendar",
] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export function isImportKind(s: string): s is ImportKind {
  return (IMPORT_KINDS as readonly string[]).includes(s);
}

export type PgType = "text" | "date" | "int" | "bool" | "text[]";
export type Value = string | number | boolean | null | string[];

export interface FieldError {
  field: string;
  code: string;
  zh: string;
  en: string;
}

export interface Converted {
  row: Record<string, Value>;
  errors: FieldError[];
}

/** A reference from staged rows to rows that must already exist (or arrive in the same file). */
export interface Reference {
  /** the fields of the staged row, in the order of `targetColumns` */
  fields: string[];
  table: string;
  targetColumns: string[];
  /** a units file may name parents that arrive in the same file */
  sameFile?: boolean;
  /** the value is a ';'-separated list of codes, each of which must exist */
  list?: boolean;
  zh: string;
  en: string;
}

export interface KindSpec {
  kind: ImportKind;
  table: string;
  /**
   * The alias table: canonical field → the other headers that mean exactly that field, the Chinese
   * header of the templates first, then other Chinese names, the names provincial 双公示 exports use
   * (国家标准 field names) and English variants. A header belongs to one field of a kind at most
   * (tests/unit/header-aliases.test.ts); English is matched without regard to case, spaces or hyphens.
   */
  headers: Record<string, string[]>;
  /**
   * Columns of common exports that carry nothing this kind stores (a 双公示 file's 许可内容, 处罚类别 …):
   * accepted and left out, so such a file imports as exported. Any other unknown column is an error.
   */
  ignored?: string[];
  /** the allowed values of the enumerated fields: identifier → the Chinese names accepted for it */
  values?: Record<string, Record<string, string[]>>;
  /** headers a file must have; the others may be absent (read as empty) */
  requiredHeaders: string[];
  key: string[];
  /**
   * `keep`: an optional column whose absence must not erase what is stored. Staged NULL means "the file
   * does not say" (keep the stored value), an empty string "the file says empty" (store NULL). A keep
   * column of another type than text is staged as text (a date as its ISO text) and cast back when stored.
   * `notNull`: a keep text column that is NOT NULL stores '' when cleared (a case with no end_reason).
   */
  columns: { name: string; type: PgType; keep?: boolean; notNull?: boolean }[];
  references: Reference[];
  /**
   * Fields that describe the row's group rather than the row (a case's dates on each of its obligation
   * rows): rows of a file in one group that disagree on them are stored with `flag`, never reconciled.
   */
  agree?: { by: string; fields: string[]; flag: string };
  /**
   * Flags computed in SQL over the values the row will store, `{column}` standing for each: the checks
   * that involve a keep column, whose value a file without the column leaves as it is stored.
   */
  sqlFlags?: { flag: string; when: string }[];
  convert(values: Record<string, string>): Converted;
}

// ---------- field helpers ----------

class Row {
  row: Record<string, Value> = {};
  errors: FieldError[] = [];
  flags: string[] = [];
  constructor(readonly v: Record<string, string>) {}

  text(field: string): string {
    const s = this.v[field] ?? "";
    this.row[field] = s;
    return s;
  }
  /** a part of the key, or a unit the row is attributed to: without it the row is rejected */
  required(field: string): string {
    const s = this.text(field);
    if (s === "") this.reject(field, "missing", "不能为空", "is required");
    return s;
  }
  requiredDate(field: string): string | null {
    const raw = this.v[field] ?? "";
    const iso = parseDate(raw);
    this.row[field] = iso ?? null;
    if (raw === "") this.reject(field, "missing", "日期不能为空", "date is required");
    else if (!iso) this.reject(field, "bad_date", `无法识别的日期“${raw}”（应为 YYYY-MM-DD）`, `unreadable date "${raw}" (expected YYYY-MM-DD)`);
    return iso ?? null;
  }
  /** an optional date that cannot be read is stored as empty and flagged, never guessed */
  optionalDate(field: string): string | null {
    const raw = this.v[field] ?? "";
    if (raw === "") {
      this.row[field] = null;
      return null;
    }
    const iso = parseDate(raw);
    this.row[field] = iso ?? null;
    if (!iso) this.flags.push(`${field}_invalid`);
    return iso ?? null;
  }
  /**
   * An optional date of a `keep` column (kinds.ts KindSpec.columns): a file without the column keeps the
   * stored date (null), an empty cell clears it (''), and so does an unreadable date, flagged.
   */
  keepDate(field: string): string | null {
    const raw = this.v[field];
    if (raw === undefined) {
      this.row[field] = null;
      return null;
    }
    const iso = raw === "" ? undefined : parseDate(raw);
    this.row[field] = iso ?? "";
    if (raw !== "" && !iso) this.flags.push(`${field}_invalid`);
    return iso ?? null;
  }
  count(field: string): number | null {
    const raw = this.v[field] ?? "";
    const n = parseCount(raw);
    this.row[field] = n ?? null;
    if (n === undefined) {
      this.reject(field, "bad_count", `应为非负整数，实为“${raw}”`, `must be a non-negative integer, got "${raw}"`);
    }
    return n ?? null;
  }
  enumeration(field: string, values: Record<string, string[]>, allowEmpty = false): string {
    const raw = this.v[field] ?? "";
    const id = enumValue(raw, values);
    this.row[field] = id;
    if (raw === "" && !allowEmpty) this.flags.push(`${field}_missing`);
    else if (raw !== "" && !Object.hasOwn(values, id)) this.flags.push(`${field}_invalid`); // own keys only: "__proto__" is no kind
    return id;
  }
  /** a month, YYYY-MM: without it the row is rejected (its period is part of the key) */
  month(field: string): string | null {
    const raw = this.v[field] ?? "";
    const month = parseMonth(raw);
    this.row[field] = month ?? null;
    if (!month) this.reject(field, "bad_period", `应为 YYYY-MM，实为“${raw}”`, `must be YYYY-MM, got "${raw}"`);
    return month ?? null;
  }
  reject(field: string, code: string, zh: string, en: string) {
    this.errors.push({ field, code, zh: `${field}：${zh}`, en: `${field}: ${en}` });
  }
  done(): Converted {
    this.row.flags = this.flags;
    return { row: this.row, errors: this.errors };
  }
}

// 个体工商户 carry a unified social credit code (92…) like any organisation (GB 32100-2015)
const SUBJECT_TYPES = { legal: ["法人及非法人组织", "法人", "非法人组织", "个体工商户"], natural: ["自然人"] };
const RECORD_KINDS = { license: ["行政许可", "许可"], penalty: ["行政处罚", "处罚"] };
const LIST_TYPES = { red: ["红名单"], black: ["黑名单"], key_attention: ["重点关注名单", "重点关注"] };
const RESULTS = { executed: ["已执行", "执行"], not_applicable: ["不适用"], suspended: ["暂停", "暂停执行", "中止"] };
const OUTCOMES = { upheld: ["异议成立", "成立", "维持"], rejected: ["异议不成立", "不成立", "驳回"] };
const REPAIR_OUTCOMES = { approved: ["修复成功", "同意", "通过"], rejected: ["不予修复", "驳回", "不通过"] };
const TASK_STATUSES = { not_started: ["未开始"], in_progress: ["进行中", "推进中"], done: ["已完成", "完成"] };
const UNIT_TYPES = { region: ["地区"], department: ["部门"], agency: ["机构", "单位"] };
const WORKDAY = { "1": ["是", "工作日"], "0": ["否", "休息日"] };
const LIST_LEVELS = { national: ["全国基础清单", "全国", "全国性"], province: ["省补充清单", "省级", "省级补充清单", "地方补充清单"] };
const MANDATORY = { "1": ["强制性", "是", "强制"], "0": ["推荐性", "否", "推荐"] };
const END_REASONS = { list_exit: ["移出名单", "移出"], term_expired: ["期限届满", "到期"], repaired: ["信用修复", "修复"], objection_upheld: ["异议成立"] };

/** `a` before `b`, both read: the row is stored and flagged `flag` (dates are ISO text, compared as such). */
function flagBefore(r: Row, a: string | null, b: string | null, flag: string) {
  if (a && b && a < b) r.flags.push(flag);
}

/** A subject is a legal person (credit code) or a natural person (ID number); the other code is not valid for it. */
function checkSubjectCode(r: Row, typeField: string | undefined, codeField: string) {
  const code = r.text(codeField);
  if (code === "") {
    r.flags.push(`${codeField}_missing`);
    return;
  }
  const type = typeField ? (r.row[typeField] as string) : undefined;
  const ok =
    type === "legal" ? isCreditCode(code) : type === "natural" ? isIdNumber(code) : isCreditCode(code) || isIdNumber(code);
  if (!ok) r.flags.push(`${codeField}_invalid`);
}

function textFlag(r: Row, field: string) {
  if (r.text(field) === "") r.flags.push(`${field}_missing`);
}

const unitRef = (field: string): Reference => ({
  fields: [field],
  table: "units",
  targetColumns: ["code"],
  zh: `${field}：单位“{value}”不存在（请先导入 units）`,
  en: `${field}: unit "{value}" does not exist (import it with units first)`,
});

const obligationRef: Reference = {
  fields: ["case_id", "measure_code", "implementing_unit"],
  table: "cases",
  targetColumns: ["case_id", "measure_code", "implementing_unit"],
  zh: "case_id/measure_code/implementing_unit：联合奖惩义务“{value}”不存在（请先导入 cases）",
  en: 'case_id/measure_code/implementing_unit: obligation "{value}" does not exist (import it with cases first)',
};

const CASE_ID = ["案件编号", "联合奖惩编号", "case_no"];
const MEASURE_CODE = ["措施编码", "惩戒措施编码", "measure"];
const IMPLEMENTING_UNIT = ["实施部门", "实施单位编码", "实施部门编码"];

const caseRef: Reference = {
  fields: ["case_id"],
  table: "cases",
  targetColumns: ["case_id"],
  zh: "case_id：案件“{value}”不存在（请先导入 cases）",
  en: 'case_id: case "{value}" does not exist (import it with cases first)',
};

// ---------- the kinds ----------

const UNIT_CODE_ZH = ["单位编码", "决定机关编码", "机关编码"];

export const KINDS: Record<ImportKind, KindSpec> = {
  units: {
    kind: "units",
    table: "units",
    headers: {
      code: ["编码", "单位编码", "unit_code"],
      name: ["名称", "单位名称", "unit_name"],
      name_en: ["英文名称", "english_name"],
      type: ["类型", "单位类型", "unit_type"],
      parent_code: ["上级编码", "上级单位编码", "parent"],
      region_code: ["所属地区", "所属地区编码", "region"],
      line_code: ["所属条线", "所属条线编码", "line"],
    },
    values: { type: UNIT_TYPES },
    requiredHeaders: ["code", "name", "type"],
    key: ["code"],
    columns: [
      { name: "code", type: "text" },
      { name: "name", type: "text" },
      { name: "name_en", type: "text", keep: true },
      { name: "type", type: "text" },
      { name: "parent_code", type: "text" },
      { name: "region_code", type: "text" },
      { name: "line_code", type: "text" },
    ],
    references: ["parent_code", "region_code", "line_code"].map((f) => ({
      ...unitRef(f),
      sameFile: true,
      zh: `${f}：单位“{value}”不存在（既不在库中，也不在本文件中）`,
      en: `${f}: unit "{value}" does not exist (neither stored nor in this file)`,
    })),
    convert(v) {
      const r = new Row(v);
      const code = r.required("code");
      r.required("name");
      // English name: a file without the column keeps the stored one (null); with it, an empty cell clears it ("")
      r.row.name_en = v.name_en === undefined ? null : v.name_en;
      const type = enumValue(v.type ?? "", UNIT_TYPES);
      r.row.type = type;
      if (!Object.hasOwn(UNIT_TYPES, type)) {
        r.reject("type", "bad_type", `应为 region、department 或 agency，实为“${v.type ?? ""}”`, `must be region, department or agency, got "${v.type ?? ""}"`);
      }
      const parent = v.parent_code ?? "";
      r.row.parent_code = parent === "" ? null : parent;
      if (parent !== "" && parent === code) r.reject("parent_code", "self_parent", "不能是自身", "cannot be the unit itself");
      // a region's own evidence counts for itself; a department is its own line (CONTRACT §3)
      const region = v.region_code ?? "";
      r.row.region_code = region !== "" ? region : type === "region" ? code : null;
      const line = v.line_code ?? "";
      r.row.line_code = line !== "" ? line : type === "department" ? code : null;
      return { row: r.row, errors: r.errors };
    },
  },

  records: {
    kind: "records",
    table: "records",
    headers: {
      record_id: ["行政相对人记录编号", "记录编号", "record_no"],
      kind: ["类别", "信息类别", "record_kind"],
      // 决定机关 first: the template names the deciding unit as CONTRACT §3 does
      unit_code: ["决定机关编码", ...UNIT_CODE_ZH.filter((h) => h !== "决定机关编码"), "deciding_unit"],
      subject_type: ["主体类型", "行政相对人类别"],
      subject_code: ["统一社会信用代码/身份证号", "统一社会信用代码", "证件号码", "行政相对人代码_1", "credit_code"],
      subject_name: ["主体名称", "行政相对人名称"],
      decision_no: ["决定文书号", "行政许可决定文书号", "行政处罚决定书文号", "决定书文号", "decision_number"],
      decision_date: ["决定日期", "许可决定日期", "处罚决定日期"],
      published_date: ["公示日期", "公示时间", "publication_date"],
      received_date: ["归集日期", "归集时间", "collection_date"],
    },
    // the other columns of the national 双公示 data standard: what was licensed or imposed, validity,
    // the deciding and reporting bodies by name or credit code (attribution is by the unit code above)
    ignored: [
      "行政许可决定文书名称", "许可类别", "许可证书名称", "许可编号", "许可内容", "有效期自", "有效期至", "许可机关",
      "许可机关统一社会信用代码", "当前状态", "违法行为类型", "违法事实", "处罚依据", "处罚类别", "处罚内容", "罚款金额",
      "没收违法所得、没收非法财物的金额", "暂扣或吊销证照名称及编号", "处罚有效期", "公示截止期", "处罚机关",
      "处罚机关统一社会信用代码", "数据来源单位", "数据来源单位统一社会信用代码", "法定代表人", "法定代表人证件类型",
      "法定代表人证件号码", "证件类型", "行政相对人代码_2", "行政相对人代码_3", "行政相对人代码_4", "行政相对人代码_5",
      "行政相对人代码_6", "备注",
    ],
    values: { kind: RECORD_KINDS, subject_type: SUBJECT_TYPES },
    requiredHeaders: ["record_id", "kind", "unit_code", "subject_type", "subject_code", "subject_name", "decision_no", "decision_date"],
    key: ["record_id"],
    columns: [
      { name: "record_id", type: "text" },
      { name: "kind", type: "text" },
      { name: "unit_code", type: "text" },
      { name: "subject_type", type: "text" },
      { name: "subject_code", type: "text" },
      { name: "subject_name", type: "text" },
      { name: "decision_no", type: "text" },
      { name: "decision_date", type: "date" },
      { name: "published_date", type: "date" },
      { name: "received_date", type: "date" },
      { name: "compliant", type: "bool" },
      { name: "flags", type: "text[]" },
    ],
    references: [unitRef("unit_code")],
    convert(v) {
      const r = new Row(v);
      r.required("record_id");
      r.required("unit_code");
      const decided = r.requiredDate("decision_date");
      r.enumeration("kind", RECORD_KINDS);
      r.enumeration("subject_type", SUBJECT_TYPES);
      checkSubjectCode(r, "subject_type", "subject_code");
      textFlag(r, "subject_name");
      textFlag(r, "decision_no");
      const published = r.optionalDate("published_date");
      if (published && decided && published < decided) r.flags.push("published_before_decision");
      r.optionalDate("received_date");
      // compliance is the contract's three rules; an unreadable received_date is noted but not one of them
      r.row.compliant = r.flags.every((f) => f === "received_date_invalid");
      return r.done();
    },
  },

  stats: {
    kind: "stats",
    table: "stats",
    headers: {
      unit_code: UNIT_CODE_ZH,
      catalog_item: ["目录项", "信息目录项", "catalogue_item"],
      period: ["期间", "统计期间", "统计月份", "month"],
      expected: ["应归集数", "应归集数量", "应归集条数"],
      collected: ["已归集数", "已归集数量", "已归集条数"],
    },
    requiredHeaders: ["unit_code", "catalog_item", "period", "expected", "collected"],
    key: ["unit_code", "catalog_item", "period"],
    columns: [
      { name: "unit_code", type: "text" },
      { name: "catalog_item", type: "text" },
      { name: "period", type: "text" },
      { name: "expected", type: "int" },
      { name: "collected", type: "int" },
      { name: "flags", type: "text[]" },
    ],
    references: [unitRef("unit_code")],
    convert(v) {
      const r = new Row(v);
      r.required("unit_code");
      r.required("catalog_item");
      r.month("period");
      const expected = r.count("expected");
      const collected = r.count("collected");
      if (expected !== null && collected !== null && collected > expected) r.flags.push("collected_exceeds_expected");
      return r.done();
    },
  },

  cases: {
    kind: "cases",
    table: "cases",
    headers: {
      case_id: ["案件编号", "联合奖惩编号", "case_no"],
      initiating_unit: ["发起部门", "发起单位编码", "发起部门编码"],
      subject_code: ["统一社会信用代码/身份证号", "统一社会信用代码", "主体代码", "credit_code"],
      subject_name: ["主体名称", "行政相对人名称"],
      list_type: ["名单类型"],
      area: ["重点领域", "领域"],
      measure_code: ["措施编码", "惩戒措施编码", "measure"],
      implementing_unit: ["实施部门", "实施单位编码", "实施部门编码"],
      pushed_date: ["推送日期", "推送时间"],
      due_date: ["反馈期限", "截止日期", "反馈截止日期"],
      listed_date: ["认定日期", "列入日期", "列入名单日期", "认定时间"],
      term_end: ["惩戒期限截止日期", "惩戒期限至", "惩戒截止日期", "措施期限截止日期"],
      valid_until: ["重点关注有效期至", "有效期至", "有效期截止日期"],
      ended_date: ["退出日期", "移出日期", "移出名单日期"],
      end_reason: ["退出原因", "移出原因"],
    },
    values: { list_type: LIST_TYPES, end_reason: END_REASONS },
    requiredHeaders: ["case_id", "initiating_unit", "subject_code", "subject_name", "list_type", "area", "measure_code", "implementing_unit", "pushed_date", "due_date"],
    key: ["case_id", "measure_code", "implementing_unit"],
    columns: [
      { name: "case_id", type: "text" },
      { name: "measure_code", type: "text" },
      { name: "implementing_unit", type: "text" },
      { name: "initiating_unit", type: "text" },
      { name: "subject_code", type: "text" },
      { name: "subject_name", type: "text" },
      { name: "list_type", type: "text" },
      { name: "area", type: "text" },
      { name: "pushed_date", type: "date" },
      { name: "due_date", type: "date" },
      { name: "listed_date", type: "date", keep: true },
      { name: "term_end", type: "date", keep: true },
      { name: "valid_until", type: "date", keep: true },
      { name: "ended_date", type: "date", keep: true },
      { name: "end_reason", type: "text", keep: true, notNull: true },
      { name: "flags", type: "text[]" },
    ],
    references: [unitRef("initiating_unit"), unitRef("implementing_unit")],
    agree: { by: "case_id", fields: ["listed_date", "term_end", "valid_until", "ended_date", "end_reason"], flag: "case_fields_disagree" },
    sqlFlags: [
      { flag: "valid_until_before_listed", when: "{valid_until} < {listed_date}" },
      { flag: "ended_before_pushed", when: "{ended_date} < {pushed_date}" },
    ],
    convert(v) {
      const r = new Row(v);
      r.required("case_id");
      r.required("measure_code");
      r.required("implementing_unit");
      r.required("initiating_unit");
      checkSubjectCode(r, undefined, "subject_code");
      textFlag(r, "subject_name");
      r.enumeration("list_type", LIST_TYPES);
      textFlag(r, "area");
      const pushed = r.requiredDate("pushed_date");
      const due = r.requiredDate("due_date");
      if (pushed && due && due < pushed) r.flags.push("due_before_pushed");
      // the case's listing and end: a file without these columns keeps what an earlier file said (their
      // consistency is checked on the values kept, sqlFlags)
      for (const f of ["listed_date", "term_end", "valid_until", "ended_date"]) r.keepDate(f);
      // end_reason keeps too; an unknown reason is flagged and cleared like an unreadable date, so no
      // stored value ever depends on a flag that a later file without the column would not repeat
      if (v.end_reason === undefined) r.row.end_reason = null;
      else if (!Object.hasOwn(END_REASONS, r.enumeration("end_reason", END_REASONS, true))) r.row.end_reason = "";
      return r.done();
    },
  },

  feedback: {
    kind: "feedback",
    table: "feedback",
    headers: {
      case_id: ["案件编号", "联合奖惩编号", "case_no"],
      measure_code: ["措施编码", "惩戒措施编码", "measure"],
      implementing_unit: ["实施部门", "实施单位编码", "实施部门编码"],
      feedback_date: ["反馈日期", "反馈时间"],
      result: ["执行结果", "反馈结果"],
      note: ["备注", "说明"],
    },
    values: { result: RESULTS },
    requiredHeaders: ["case_id", "measure_code", "implementing_unit", "feedback_date", "result"],
    key: ["case_id", "measure_code", "implementing_unit", "feedback_date"],
    columns: [
      { name: "case_id", type: "text" },
      { name: "measure_code", type: "text" },
      { name: "implementing_unit", type: "text" },
      { name: "feedback_date", type: "date" },
      { name: "result", type: "text" },
      { name: "note", type: "text" },
      { name: "flags", type: "text[]" },
    ],
    references: [obligationRef],
    convert(v) {
      const r = new Row(v);
      r.required("case_id");
      r.required("measure_code");
      r.required("implementing_unit");
      r.requiredDate("feedback_date");
      r.enumeration("result", RESULTS);
      r.text("note");
      return r.done();
    },
  },

  objections: {
    kind: "objections",
    table: "objections",
    headers: {
      objection_id: ["异议编号", "objection_no"],
      case_id: ["案件编号", "联合奖惩编号", "case_no"],
      filed_date: ["提出日期", "受理日期"],
      resolved_date: ["办结日期"],
      outcome: ["处理结果", "结果"],
      due_date: ["办理期限", "异议办理期限", "办结期限"],
      withdrawn_date: ["撤销措施日期", "撤销日期", "措施撤销日期"],
    },
    values: { outcome: OUTCOMES },
    requiredHeaders: ["objection_id", "case_id", "filed_date"],
    key: ["objection_id"],
    columns: [
      { name: "objection_id", type: "text" },
      { name: "case_id", type: "text" },
      { name: "filed_date", type: "date" },
      { name: "resolved_date", type: "date" },
      { name: "outcome", type: "text" },
      { name: "due_date", type: "date", keep: true },
      { name: "withdrawn_date", type: "date", keep: true },
      { name: "flags", type: "text[]" },
    ],
    references: [caseRef],
    sqlFlags: [{ flag: "withdrawn_before_filed", when: "{withdrawn_date} < {filed_date}" }],
    convert(v) {
      const r = new Row(v);
      r.required("objection_id");
      r.required("case_id");
      const filed = r.requiredDate("filed_date");
      const resolved = r.optionalDate("resolved_date");
      if (filed && resolved && resolved < filed) r.flags.push("resolved_before_filed");
      r.enumeration("outcome", OUTCOMES, true);
      if (resolved && r.row.outcome === "") r.flags.push("outcome_missing");
      r.keepDate("due_date");
      r.keepDate("withdrawn_date");
      return r.done();
    },
  },

  repairs: {
    kind: "repairs",
    table: "repairs",
    headers: {
      repair_id: ["修复编号", "repair_no"],
      case_id: ["案件编号", "联合奖惩编号", "case_no"],
      unit_code: ["受理单位编码", ...UNIT_CODE_ZH],
      applied_date: ["申请日期"],
      completed_date: ["完成日期", "办结日期", "决定日期"],
      outcome: ["处理结果", "结果"],
      accepted_date: ["受理日期"],
      removed_date: ["移出名单日期", "移出日期"],
    },
    values: { outcome: REPAIR_OUTCOMES },
    requiredHeaders: ["repair_id", "case_id", "unit_code", "applied_date"],
    key: ["repair_id"],
    columns: [
      { name: "repair_id", type: "text" },
      { name: "case_id", type: "text" },
      { name: "unit_code", type: "text" },
      { name: "applied_date", type: "date" },
      { name: "completed_date", type: "date" },
      { name: "outcome", type: "text" },
      { name: "accepted_date", type: "date", keep: true },
      { name: "removed_date", type: "date", keep: true },
      { name: "flags", type: "text[]" },
    ],
    references: [caseRef, unitRef("unit_code")],
    sqlFlags: [{ flag: "removed_before_completed", when: "{removed_date} < {completed_date}" }],
    convert(v) {
      const r = new Row(v);
      r.required("repair_id");
      r.required("case_id");
      r.required("unit_code");
      const applied = r.requiredDate("applied_date");
      const completed = r.optionalDate("completed_date");
      if (applied && completed && completed < applied) r.flags.push("completed_before_applied");
      r.enumeration("outcome", REPAIR_OUTCOMES, true);
      r.keepDate("accepted_date");
      r.keepDate("removed_date");
      return r.done();
    },
  },

  measures: {
    kind: "measures",
    table: "measures",
    headers: {
      measure_code: MEASURE_CODE,
      name: ["措施名称", "措施内容", "measure_name"],
      legal_basis: ["设定依据", "法律依据", "政策依据"],
      list_level: ["清单级别", "清单层级", "清单类别"],
      list_type: ["名单类型", "措施类型"],
      mandatory: ["措施性质", "是否强制性措施", "是否强制"],
      effective_from: ["施行日期", "生效日期", "实施日期"],
      effective_to: ["废止日期", "失效日期"],
    },
    values: { list_level: LIST_LEVELS, list_type: LIST_TYPES, mandatory: MANDATORY },
    requiredHeaders: ["measure_code", "name", "list_level", "list_type", "mandatory", "effective_from"],
    key: ["measure_code", "effective_from"],
    columns: [
      { name: "measure_code", type: "text" },
      { name: "effective_from", type: "date" },
      { name: "effective_to", type: "date" },
      { name: "name", type: "text" },
      { name: "legal_basis", type: "text" },
      { name: "list_level", type: "text" },
      { name: "list_type", type: "text" },
      { name: "mandatory", type: "text" },
      { name: "flags", type: "text[]" },
    ],
    references: [],
    convert(v) {
      const r = new Row(v);
      r.required("measure_code");
      const from = r.requiredDate("effective_from");
      textFlag(r, "name");
      r.text("legal_basis");
      r.enumeration("list_level", LIST_LEVELS);
      r.enumeration("list_type", LIST_TYPES);
      r.enumeration("mandatory", MANDATORY);
      // effective_to is the first day out of force: one before effective_from is a typing error
      flagBefore(r, r.optionalDate("effective_to"), from, "effective_to_before_from");
      return r.done();
    },
  },

  receipts: {
    kind: "receipts",
    table: "receipts",
    headers: {
      case_id: CASE_ID,
      measure_code: MEASURE_CODE,
      implementing_unit: IMPLEMENTING_UNIT,
      received_date: ["接收日期", "响应日期", "签收日期", "接收时间"],
    },
    requiredHeaders: ["case_id", "measure_code", "implementing_unit", "received_date"],
    key: ["case_id", "measure_code", "implementing_unit"],
    columns: [
      { name: "case_id", type: "text" },
      { name: "measure_code", type: "text" },
      { name: "implementing_unit", type: "text" },
      { name: "received_date", type: "date" },
      { name: "flags", type: "text[]" },
    ],
    references: [obligationRef],
    convert(v) {
      const r = new Row(v);
      r.required("case_id");
      r.required("measure_code");
      r.required("implementing_unit");
      r.requiredDate("received_date");
      return r.done();
    },
  },

  notifications: {
    kind: "notifications",
    table: "notifications",
    headers: {
      case_id: CASE_ID,
      notified_date: ["告知日期", "告知时间", "送达日期"],
      method: ["告知方式", "送达方式"],
    },
    requiredHeaders: ["case_id", "notified_date"],
    key: ["case_id"],
    columns: [
      { name: "case_id", type: "text" },
      { name: "notified_date", type: "date" },
      { name: "method", type: "text" },
      { name: "flags", type: "text[]" },
    ],
    references: [caseRef],
    convert(v) {
      const r = new Row(v);
      r.required("case_id");
      r.requiredDate("notified_date");
      r.text("method");
      return r.done();
    },
  },

  credit_checks: {
    kind: "credit_checks",
    table: "credit_checks",
    headers: {
      unit_code: UNIT_CODE_ZH,
      period: ["期间", "统计期间", "统计月份", "month"],
      licences: ["行政许可决定数", "许可决定数", "行政许可数", "licenses"],
      checked: ["事前查询信用数", "查询信用数", "信用查询数", "已查询数"],
    },
    requiredHeaders: ["unit_code", "period", "licences", "checked"],
    key: ["unit_code", "period"],
    columns: [
      { name: "unit_code", type: "text" },
      { name: "period", type: "text" },
      { name: "licences", type: "int" },
      { name: "checked", type: "int" },
      { name: "flags", type: "text[]" },
    ],
    references: [unitRef("unit_code")],
    convert(v) {
      const r = new Row(v);
      r.required("unit_code");
      r.month("period");
      const licences = r.count("licences");
      const checked = r.count("checked");
      if (licences !== null && checked !== null && checked > licences) r.flags.push("checked_exceeds_licences");
      return r.done();
    },
  },

  tasks: {
    kind: "tasks",
    table: "tasks",
    headers: {
      task_id: ["任务编号", "task_no"],
      title: ["任务名称", "任务内容"],
      lead_unit: ["牵头单位编码", "牵头单位"],
      cooperating_units: ["配合单位编码", "配合单位"],
      due_date: ["完成时限", "截止日期"],
      target: ["目标", "工作目标"],
    },
    requiredHeaders: ["task_id", "title", "lead_unit", "due_date"],
    key: ["task_id"],
    columns: [
      { name: "task_id", type: "text" },
      { name: "title", type: "text" },
      { name: "lead_unit", type: "text" },
      { name: "cooperating_units", type: "text" },
      { name: "due_date", type: "date" },
      { name: "target", type: "text" },
      { name: "flags", type: "text[]" },
    ],
    references: [
      unitRef("lead_unit"),
      { ...unitRef("cooperating_units"), list: true },
    ],
    convert(v) {
      const r = new Row(v);
      r.required("task_id");
      textFlag(r, "title");
      r.required("lead_unit");
      // 配合单位 are written with ; 、 , or spaces between codes
      r.row.cooperating_units = (v.cooperating_units ?? "").split(/[;；,，、\s]+/).filter(Boolean).join(";");
      r.requiredDate("due_date");
      r.text("target");
      return r.done();
    },
  },

  progress: {
    kind: "progress",
    table: "progress",
    headers: {
      task_id: ["任务编号", "task_no"],
      unit_code: ["单位编码", "报送单位编码"],
      report_date: ["报送日期"],
      status: ["进展状态", "状态"],
      percent: ["完成比例", "完成百分比"],
      note: ["进展情况", "备注"],
    },
    values: { status: TASK_STATUSES },
    requiredHeaders: ["task_id", "unit_code", "report_date", "status"],
    key: ["task_id", "unit_code", "report_date"],
    columns: [
      { name: "task_id", type: "text" },
      { name: "unit_code", type: "text" },
      { name: "report_date", type: "date" },
      { name: "status", type: "text" },
      { name: "percent", type: "int" },
      { name: "note", type: "text" },
      { name: "flags", type: "text[]" },
    ],
    references: [
      {
        fields: ["task_id"],
        table: "tasks",
        targetColumns: ["task_id"],
        zh: "task_id：任务“{value}”不存在（请先导入 tasks）",
        en: 'task_id: task "{value}" does not exist (import it with tasks first)',
      },
      unitRef("unit_code"),
    ],
    convert(v) {
      const r = new Row(v);
      r.required("task_id");
      r.required("unit_code");
      r.requiredDate("report_date");
      r.enumeration("status", TASK_STATUSES);
      const raw = (v.percent ?? "").replace(/%$/, "");
      const pct = raw === "" ? undefined : parseCount(raw);
      r.row.percent = pct !== undefined && pct <= 100 ? pct : null;
      if (raw !== "" && (pct === undefined || pct > 100)) r.flags.push("percent_invalid");
      r.text("note");
      return r.done();
    },
  },

  calendar: {
    kind: "calendar",
    table: "calendar_days",
    headers: { date: ["日期"], is_workday: ["是否工作日", "工作日"] },
    values: { is_workday: WORKDAY },
    requiredHeaders: ["date", "is_workday"],
    key: ["date"],
    columns: [
      { name: "date", type: "date" },
      { name: "is_workday", type: "bool" },
    ],
    references: [],
    convert(v) {
      const r = new Row(v);
      r.requiredDate("date");
      const raw = v.is_workday ?? "";
      const b = parseBool(raw);
      r.row.is_workday = b ?? null;
      if (b === undefined) r.reject("is_workday", "bad_bool", `应为 1 或 0，实为“${raw}”`, `must be 1 or 0, got "${raw}"`);
      return { row: r.row, errors: r.errors };
    },
  },
};

/** What a header maps to when its column is known but not stored (KindSpec.ignored): read.ts leaves it out. */
export const IGNORED_COLUMN = "#ignored";

/** A header as the alias table compares it: no BOM or outer spaces; English in lower case with _ for spaces and hyphens. */
export function normalizeHeader(header: string): string {
  const h = header.trim().replace(/^\uFEFF/, "").trim();
  return /^[A-Za-z][A-Za-z0-9 _-]*$/.test(h) ? h.toLowerCase().replace(/[\s-]+/g, "_") : h;
}

/**
 * Maps a header cell to its canonical field through the kind's alias table (KindSpec.headers), or to
 * IGNORED_COLUMN for a known column this kind does not store; undefined for an unknown column.
 */
export function headerMapFor(spec: KindSpec): (header: string) => string | undefined {
  const map = new Map<string, string>();
  for (const h of spec.ignored ?? []) map.set(normalizeHeader(h), IGNORED_COLUMN);
  for (const [field, aliases] of Object.entries(spec.headers)) {
    map.set(field, field);
    for (const h of aliases) map.set(normalizeHeader(h), field);
  }
  return (header) => {
    const h = normalizeHeader(header);
    // "decision_date [决定日期]" as the contract writes it is accepted too
    const bracket = /^([A-Za-z_]+)\s*[[（(【].*[\]）)】]$/.exec(h);
    return map.get(h) ?? (bracket ? map.get(bracket[1]!.toLowerCase()) : undefined);
  };
}
