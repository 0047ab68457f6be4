import { IMPORT_KINDS, KINDS, type ImportKind, type KindSpec } from "./kinds";

/**
 * What each import kind and each of its fields means, for the people who fill them in: the templates'
 * second sheet (lib/ingest/templates.ts), the /templates page and the README's alias table. The
 * headers, keys and allowed values come from the kinds themselves (lib/ingest/kinds.ts), so the
 * documentation cannot drift from what the importer accepts.
 */
export interface KindInfo {
  zh: string;
  en: string;
  /** what the kind is for and who delivers it */
  purposeZh: string;
  purposeEn: string;
}

export const KIND_INFO: Record<ImportKind, KindInfo> = {
  units: {
    zh: "单位",
    en: "Units",
    purposeZh: "地区、部门和机构的编码与层级（领导小组办公室维护）。其他各类数据都用这里的单位编码。",
    purposeEn: "The codes and hierarchy of regions, departments and agencies (kept by the office). Every other kind names units by these codes.",
  },
  records: {
    zh: "双公示记录",
    en: "Publication records (双公示)",
    purposeZh: "行政许可和行政处罚决定，含决定日期、公示日期和归集日期：计算公示及时率、归集及时率和合规率。",
    purposeEn: "Administrative licences and penalties with their decision, publication and collection dates: publication and collection timeliness, compliance.",
  },
  stats: {
    zh: "归集统计",
    en: "Collection statistics",
    purposeZh: "每个单位、目录项和月份的应归集数与已归集数：计算归集率。",
    purposeEn: "Expected and collected records per unit, catalogue item and month: coverage.",
  },
  cases: {
    zh: "联合奖惩",
    en: "Joint measures",
    purposeZh: "发起部门推送给实施部门的联合奖惩措施，每个实施部门的每项措施一行，含反馈期限。",
    purposeEn: "Joint measures pushed by an initiating unit to implementing units, one row per measure and implementing unit, with its feedback deadline.",
  },
  feedback: {
    zh: "执行反馈",
    en: "Execution feedback",
    purposeZh: "实施部门对联合奖惩措施的执行反馈：计算反馈及时率、反馈覆盖率和违规反馈。",
    purposeEn: "Implementing units' feedback on joint measures: feedback timeliness and coverage, violations.",
  },
  objections: {
    zh: "异议",
    en: "Objections",
    purposeZh: "对联合奖惩案件提出的异议及办理结果；核实期间执行措施属于违规。",
    purposeEn: "Objections to joint-measure cases and their outcome; executing a measure while one is pending is a violation.",
  },
  repairs: {
    zh: "信用修复",
    en: "Credit repair",
    purposeZh: "信用修复申请、受理、修复决定（完成日期）和移出名单的日期及办理结果。",
    purposeEn: "Credit repair applications with their acceptance, decision (completed date) and removal-from-list dates, and the outcome.",
  },
  measures: {
    zh: "措施清单",
    en: "Measure lists",
    purposeZh: "全国基础清单和省补充清单中的联合奖惩措施：名称、设定依据、名单类型、强制性或推荐性，按施行日期分版本（领导小组办公室维护）。",
    purposeEn: "The joint measures of the national base list and the province's supplementary list: name, legal basis, list type, mandatory or recommended, versioned by effective date (kept by the office).",
  },
  receipts: {
    zh: "响应",
    en: "Receipts",
    purposeZh: "实施部门接收推送的联合奖惩措施的日期（响应），与执行反馈分开报送。",
    purposeEn: "The day an implementing unit received a pushed joint measure (its response), reported apart from its feedback.",
  },
  notifications: {
    zh: "告知",
    en: "Notifications",
    purposeZh: "发起部门在认定前告知当事人的日期和方式，每个案件一行。",
    purposeEn: "When and how the initiating unit informed the subject before the decision, one row per case.",
  },
  credit_checks: {
    zh: "应查必查",
    en: "Credit checks",
    purposeZh: "每个单位每月作出的行政许可决定数及其中事前查询信用的数量：计算应查必查率。",
    purposeEn: "Licence decisions per unit and month, and how many of them checked the subject's credit first: the credit check rate.",
  },
  tasks: {
    zh: "任务分工",
    en: "Plan tasks",
    purposeZh: "实施方案的任务：牵头单位、配合单位、完成时限和目标（领导小组办公室维护）。",
    purposeEn: "The implementation plan's tasks: lead and cooperating units, due date and target (kept by the office).",
  },
  progress: {
    zh: "任务进展",
    en: "Task progress",
    purposeZh: "各单位对任务进展的报送。",
    purposeEn: "Units' reports on the progress of plan tasks.",
  },
  calendar: {
    zh: "工作日调整",
    en: "Working-day calendar",
    purposeZh: "对内置法定节假日日历的调整，如录入新一年国务院办公厅公布的放假和调休安排（领导小组办公室维护）。",
    purposeEn: "Overrides of the shipped holiday calendar, such as a new year's State Council schedule of holidays and make-up working days (kept by the office).",
  },
};

export interface FieldDoc {
  field: string;
  /** the template's header */
  header: string;
  /** the column must be in the file */
  required: boolean;
  /** part of the row's key: a row with the same key replaces the stored one */
  key: boolean;
  formatZh: string;
  formatEn: string;
  /** allowed values: identifier and the Chinese names accepted for it (the first is the one the templates use) */
  values?: { id: string; names: string[] }[];
  /** every other header accepted for the field */
  aliases: string[];
}

const DATE = { zh: "日期，YYYY-MM-DD（也接受 2026/3/5、2026年3月5日）", en: "date, YYYY-MM-DD (2026/3/5 and 2026年3月5日 are read too)" };
const UNIT = { zh: "本系统的单位编码（见“单位”）", en: "a unit code of this system (see units)" };
const TEXT = { zh: "文字", en: "text" };
const COUNT = { zh: "非负整数", en: "a non-negative integer" };
// the optional dates added to kinds that existed before (KindSpec.columns `keep`)
const KEEP_DATE = {
  zh: "日期，YYYY-MM-DD，可空；文件中没有此列时保留已存的日期，有此列而留空则清除",
  en: "date, YYYY-MM-DD, may be empty; a file without the column keeps the stored date, an empty cell clears it",
};

/** Formats that differ from the column's type alone. */
const FORMATS: Record<string, { zh: string; en: string }> = {
  "units.code": { zh: "单位编码；地区用 GB/T 2260 行政区划代码（如 620100）", en: "the unit's code; a region's is its GB/T 2260 code (e.g. 620100)" },
  "units.name_en": { zh: "英文名称，可空；文件中没有此列时保留已存的英文名称", en: "English name, may be empty; a file without the column keeps the stored one" },
  "units.parent_code": { zh: "上级地区的单位编码，可空", en: "the parent region's unit code, may be empty" },
  "units.region_code": { zh: "所属地区的单位编码；地区可空（即其本身）", en: "the unit code of the region it counts toward; empty for a region (itself)" },
  "units.line_code": { zh: "所属条线（部门）的单位编码；部门可空（即其本身）", en: "the unit code of the department (line) it counts toward; empty for a department (itself)" },
  "records.record_id": { zh: "记录编号，在全省唯一", en: "the record's number, unique in the deployment" },
  "records.subject_code": {
    zh: "法人及非法人组织填 18 位统一社会信用代码（GB 32100-2015），自然人填 18 位身份证号（GB 11643-1999）",
    en: "an 18-character unified social credit code (GB 32100-2015) for an organisation, an 18-character ID number (GB 11643-1999) for a natural person",
  },
  "records.published_date": { zh: `${DATE.zh}；尚未公示的留空`, en: `${DATE.en}; empty while not published` },
  "records.received_date": { zh: `${DATE.zh}；尚未归集的留空`, en: `${DATE.en}; empty while not collected` },
  "stats.period": { zh: "月份，YYYY-MM", en: "month, YYYY-MM" },
  "cases.subject_code": { zh: "统一社会信用代码或身份证号（18 位）", en: "unified social credit code or ID number (18 characters)" },
  "objections.resolved_date": { zh: `${DATE.zh}；未办结的留空`, en: `${DATE.en}; empty while pending` },
  "repairs.completed_date": { zh: `${DATE.zh}，即修复决定的日期；未办结的留空`, en: `${DATE.en}, the day of the decision; empty while pending` },
  "repairs.accepted_date": { zh: `${KEEP_DATE.zh}；未受理的留空`, en: `${KEEP_DATE.en}; empty while not accepted` },
  "repairs.removed_date": { zh: `${KEEP_DATE.zh}；尚未移出名单的留空`, en: `${KEEP_DATE.en}; empty while still listed` },
  "cases.listed_date": { zh: `${KEEP_DATE.zh}；认定（列入名单）决定的日期，案件的每一行相同`, en: `${KEEP_DATE.en}; the day of the listing decision, the same on every row of a case` },
  "cases.term_end": { zh: `${KEEP_DATE.zh}；惩戒期限的最后一天，案件的每一行相同`, en: `${KEEP_DATE.en}; the last day of the measures' term, the same on every row of a case` },
  "cases.valid_until": { zh: `${KEEP_DATE.zh}；重点关注名单的有效期至，案件的每一行相同`, en: `${KEEP_DATE.en}; the last day a key-attention listing is valid, the same on every row of a case` },
  "cases.ended_date": { zh: `${KEEP_DATE.zh}；案件退出（移出名单、期限届满、信用修复、异议成立）的日期，未退出的留空`, en: `${KEEP_DATE.en}; the day the case ended (list exit, term expired, repaired, objection upheld), empty while it has not` },
  "cases.end_reason": { zh: "下列值之一，未退出的留空；文件中没有此列时保留已存的值", en: "one of the values below, empty while the case has not ended; a file without the column keeps the stored value" },
  "objections.due_date": { zh: `${KEEP_DATE.zh}；留空则为提出日期加系统设置的办理期限`, en: `${KEEP_DATE.en}; when empty, the filed date plus the configured handling time` },
  "objections.withdrawn_date": { zh: `${KEEP_DATE.zh}；异议成立后撤销措施的日期`, en: `${KEEP_DATE.en}; the day the measures were withdrawn after the objection was upheld` },
  "measures.measure_code": { zh: "措施编码，与联合奖惩（cases）中的措施编码一致", en: "the measure's code, as cases name it" },
  "measures.effective_from": { zh: `${DATE.zh}；同一措施按施行日期分版本`, en: `${DATE.en}; a measure has one version per effective date` },
  "measures.effective_to": { zh: `${DATE.zh}；不再施行的第一天，仍在施行的留空`, en: `${DATE.en}; the first day it is no longer in force, empty while in force` },
  "credit_checks.period": { zh: "月份，YYYY-MM", en: "month, YYYY-MM" },
  "credit_checks.checked": { zh: "非负整数，不大于行政许可决定数", en: "a non-negative integer, not more than the licence decisions" },
  "tasks.cooperating_units": { zh: "单位编码，多个用 ; 、 或逗号分隔，可空", en: "unit codes separated by ; 、 or commas, may be empty" },
  "progress.percent": { zh: "0–100 的整数（可带 %），可空", en: "an integer 0–100 (a % sign is allowed), may be empty" },
  "calendar.date": { zh: "日期，YYYY-MM-DD", en: "date, YYYY-MM-DD" },
};

const UNIT_FIELDS = new Set(["unit_code", "initiating_unit", "implementing_unit", "lead_unit"]);

function formatOf(spec: KindSpec, field: string): { zh: string; en: string } {
  const own = FORMATS[`${spec.kind}.${field}`];
  if (own) return own;
  if (spec.values?.[field]) return { zh: "下列值之一（英文标识或中文名称）", en: "one of the values below (identifier or Chinese name)" };
  if (UNIT_FIELDS.has(field)) return UNIT;
  const type = spec.columns.find((c) => c.name === field)?.type;
  if (type === "date") return DATE;
  if (type === "int") return COUNT;
  return TEXT;
}

/** The documented fields of a kind, in the template's column order. */
export function fieldDocs(kind: ImportKind): FieldDoc[] {
  const spec = KINDS[kind];
  return Object.entries(spec.headers).map(([field, aliases]) => {
    const format = formatOf(spec, field);
    const values = spec.values?.[field];
    return {
      field,
      header: aliases[0] ?? field,
      required: spec.requiredHeaders.includes(field),
      key: spec.key.includes(field),
      formatZh: format.zh,
      formatEn: format.en,
      ...(values ? { values: Object.entries(values).map(([id, names]) => ({ id, names })) } : {}),
      aliases: aliases.slice(1),
    };
  });
}

/** Every kind with its documentation, in the order of IMPORT_KINDS. */
export const documentedKinds = () => IMPORT_KINDS.map((kind) => ({ kind, info: KIND_INFO[kind], fields: fieldDocs(kind), ignored: KINDS[kind].ignored ?? [] }));
