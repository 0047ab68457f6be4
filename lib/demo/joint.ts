import fs from "node:fs";
import { creditCodeCheckChar, idNumberCheckChar } from "@/lib/codes";
import { GIVEN, SURNAMES } from "./gansu";
import { rng } from "./random";

/**
 * The demo's joint-measures cycle (issue 11, docs/design/joint-cycle.md §1): the measure lists, each
 * case's listing and end, receipts, notifications, objections' deadlines and withdrawals, repairs and
 * the credit checks — drawn from a random stream of their own, after the one that drew the demo's
 * records, cases and feedback, so those (and the contract's six indicators over them) are what they
 * were before this file existed. A few cases are written by hand: the deliberate mistakes the README
 * lists (an off-list measure, an execution after a repair, one subject on three key-attention lists,
 * one on a red and a black list, an upheld objection whose measures stayed in force); the 地税局 of
 * every city acknowledge late. The hand-written cases are pushed before July 2026, so no published
 * period (2026-08 onwards, 2026-Q3) counts their obligations: the published figures stay as they were.
 */
export const JOINT_FILES = ["measures", "receipts", "notifications", "repairs", "credit_checks"] as const;
export type JointFile = (typeof JOINT_FILES)[number];

export interface DemoCase {
  caseId: string;
  subject: { code: string; name: string };
  listType: string;
  area: string;
  pushed: string;
  objection?: { id: string; filed: string; resolved: string; outcome: string };
  obligations: { initiator: string; measure: string; impl: string; due: string; feedback: { date: string; result: string; note?: string }[] }[];
}

interface CaseEnd {
  listed: string;
  termEnd: string;
  validUntil: string;
  ended: string;
  reason: "" | "list_exit" | "term_expired" | "repaired" | "objection_upheld";
}

/** Where the deliberate mistakes are (README, "The demo's joint measures"); the tests look them up here. */
export const JOINT_MISTAKES = {
  offList: { caseId: "LH20260690001", unit: "620800-GSJ", measure: "M31" },
  afterRepair: { caseId: "LH20260490002", unit: "621200-ZJJ", repairId: "XF20260490002" },
  lateReceipts: { line: "DSJ" },
  keyAttention: { caseIds: ["LH20260390003", "LH20260490004", "LH20260590005"] },
  redAndBlack: { caseIds: ["LH20260290006", "LH20260690007"] },
  notWithdrawn: { caseId: "LH20260590008", objectionId: "YY20260590008" },
} as const;

/** Demo's national base list (全国基础清单) and Gansu's supplementary list (省补充清单): code, name, basis, type, mandatory. */
const NATIONAL: [string, string, string, string, "1" | "0"][] = [
  ["M01", "限制参与政府采购活动", "《中华人民共和国政府采购法》第二十二条", "black", "1"],
  ["M02", "限制获得政府补贴和社会保障资金支持", "国发〔2016〕33号 （十一）", "black", "1"],
  ["M03", "从严审核行政许可审批项目", "国发〔2016〕33号 （十一）", "black", "1"],
  ["M04", "限制担任企业法定代表人、董事、监事、高级管理人员", "《企业信息公示暂行条例》第十八条", "black", "1"],
  ["M05", "限制参与工程建设项目招标投标", "《中华人民共和国招标投标法实施条例》", "black", "1"],
  ["M06", "限制发行企业债券", "《企业债券管理条例》", "black", "1"],
  ["M07", "限制高消费及非生活和工作必需的消费行为", "《最高人民法院关于限制被执行人高消费及有关消费的若干规定》", "black", "1"],
  ["M08", "限制乘坐飞机、列车软卧等", "法释〔2015〕17号", "black", "1"],
  ["M09", "限制取得认证机构资质", "《中华人民共和国认证认可条例》", "black", "0"],
  ["M10", "列为重点监管对象，提高抽查比例和频次", "国发〔2016〕33号 （十二）", "key_attention", "0"],
  ["M11", "限制参加评先评优", "国发〔2016〕33号 （十二）", "black", "0"],
  ["M12", "限制获得荣誉称号", "国发〔2016〕33号 （十二）", "black", "0"],
  ["M13", "从严审批新增建设项目", "国发〔2016〕33号 （十一）", "black", "1"],
  ["M14", "在融资授信中从严审核", "国发〔2016〕33号 （十二）", "black", "0"],
  ["M15", "限制进入特定行业市场", "国发〔2016〕33号 （十一）", "black", "1"],
  ["M16", "行政审批绿色通道（容缺受理、优先办理）", "国发〔2016〕33号 （五）", "red", "0"],
];
const PROVINCE: [string, string, string, string, "1" | "0"][] = [
  ["M17", "在日常监管中列为重点监管对象，增加检查频次", "甘政发〔2016〕83号", "key_attention", "0"],
  ["M18", "在公共资源交易中给予信用扣分", "甘政发〔2016〕83号", "black", "0"],
  ["M19", "限制参加省级评优评先", "甘政发〔2016〕83号", "black", "0"],
  ["M20", "取消已享受的省级财政专项资金扶持", "甘政发〔2016〕83号", "black", "1"],
  ["M21", "行政审批绿色通道（优先办理、简化程序）", "甘政发〔2016〕83号", "red", "0"],
  ["M22", "在公共资源交易中给予信用加分", "甘政发〔2016〕83号", "red", "0"],
  ["M23", "日常检查中减少检查频次", "甘政发〔2016〕83号", "red", "0"],
  ["M24", "优先安排财政性资金扶持项目", "甘政发〔2016〕83号", "red", "0"],
];

function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
const maxDate = (xs: string[]) => xs.reduce((m, x) => (x > m ? x : m), "");
const csvCell = (s: string | number) => (typeof s === "string" && /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : String(s));
const line = (cells: (string | number)[]) => cells.map(csvCell).join(",") + "\n";

/**
 * Writes the cases (with their listing and end), objections (with deadlines and withdrawals) and the
 * new kinds' files; returns the feedback rows of the hand-written cases, which the caller appends.
 * Deadlines are drawn in calendar days wide of the working-day ones (design §2), so "on time" and
 * "late" hold whatever holidays fall between.
 */
export function writeJointFiles(
  files: Record<"cases" | "objections" | JointFile, string>,
  opts: { seed: number; today: string; cases: DemoCase[]; licences: { unit: string; period: string; licences: number; quality: number }[]; units: Set<string> },
): { feedback: string[][] } {
  const rand = rng(opts.seed + 0x11);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const between = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const today = opts.today;
  const cases: Case[] = [...opts.cases, ...mistakeCases(rand, pick, opts.units)];

  // ---- measure lists: every code the cases use is on a list, except the off-list mistake's
  const measures: string[] = [line(["measure_code", "name", "legal_basis", "list_level", "list_type", "mandatory", "effective_from", "effective_to"])];
  for (const [code, name, basis, type, mandatory] of NATIONAL) {
    if (code === "M03") {
      // revised in 2026: the basis now names the 2019 guidance; the earlier version stops the day before
      measures.push(line([code, name, basis, "national", type, mandatory, "2024-01-01", "2026-03-01"]));
      measures.push(line([code, name, "国办发〔2019〕35号", "national", type, mandatory, "2026-03-01", ""]));
    } else if (code === "M14") {
      // made mandatory from July 2026
      measures.push(line([code, name, basis, "national", type, "0", "2024-01-01", "2026-07-01"]));
      measures.push(line([code, name, basis, "national", type, "1", "2026-07-01", ""]));
    } else if (code === "M09") {
      // announced to leave the list after the demo's last day
      measures.push(line([code, name, basis, "national", type, mandatory, "2024-01-01", "2026-12-01"]));
    } else measures.push(line([code, name, basis, "national", type, mandatory, "2024-01-01", ""]));
  }
  for (const [code, name, basis, type, mandatory] of PROVINCE) measures.push(line([code, name, basis, "province", type, mandatory, "2025-01-01", ""]));
  fs.writeFileSync(files.measures, measures.join(""));

  // ---- each case's listing and end; objections, repairs, notifications, receipts
  const caseRows: string[] = [line(["case_id", "initiating_unit", "subject_code", "subject_name", "list_type", "area", "measure_code", "implementing_unit", "pushed_date", "due_date", "listed_date", "term_end", "valid_until", "ended_date", "end_reason"])];
  const objections: string[] = [line(["objection_id", "case_id", "filed_date", "resolved_date", "outcome", "due_date", "withdrawn_date"])];
  const repairs: string[] = [line(["repair_id", "case_id", "unit_code", "applied_date", "accepted_date", "completed_date", "outcome", "removed_date"])];
  const notifications: string[] = [line(["case_id", "notified_date", "method"])];
  const receipts: string[] = [line(["case_id", "measure_code", "implementing_unit", "received_date"])];
  const extraFeedback: string[][] = [];
  const hand = new Set<string>(Object.values(JOINT_MISTAKES).flatMap((m) => ("caseIds" in m ? [...m.caseIds] : "caseId" in m ? [m.caseId] : [])));
  for (const c of cases) {
    const lastFeedback = maxDate(c.obligations.flatMap((o) => o.feedback.map((f) => f.date)));
    // pushed within the 7 working days after listing, or (one case in twelve) weeks after it
    const listed = c.listed ?? (rand() < 1 / 12 ? addDays(c.pushed, -between(25, 40)) : addDays(c.pushed, -between(1, 5)));
    const end: CaseEnd = { listed, termEnd: "", validUntil: "", ended: "", reason: "" };
    if (c.listType === "black") end.termEnd = addDays(listed, 365 * between(1, 3));
    if (c.listType === "key_attention") end.validUntil = addDays(listed, rand() < 0.1 ? 180 : 365);
    // the end comes after the last feedback, so only the hand-written mistake executes after it
    const after = (lo: number, hi: number) => addDays(lastFeedback > c.pushed ? lastFeedback : c.pushed, between(lo, hi));
    let objection = c.objection ? { ...c.objection, due: "", withdrawn: "" } : undefined;
    if (objection) {
      if (rand() < 0.6) objection.due = addDays(objection.filed, 21);
      if (objection.outcome === "upheld" && !hand.has(c.caseId)) {
        objection.withdrawn = addDays(objection.resolved, rand() < 0.15 ? between(9, 15) : between(0, 2));
        if (objection.withdrawn > today) objection.withdrawn = today;
        end.ended = objection.withdrawn;
        end.reason = "objection_upheld";
      }
    }
    let repair: { id: string; unit: string; applied: string; accepted: string; completed: string; outcome: string; removed: string } | undefined = c.repair;
    if (!end.reason && !hand.has(c.caseId) && c.listType === "black") {
      const r = rand();
      if (r < 0.06) {
        const applied = after(10, 40);
        const accepted = addDays(applied, between(1, 3));
        const completed = addDays(accepted, rand() < 0.15 ? between(20, 30) : between(3, 12));
        const approved = rand() < 0.8;
        repair = { id: `XF${c.caseId.slice(2)}`, unit: c.obligations[0]!.initiator, applied, accepted, completed, outcome: approved ? "approved" : "rejected", removed: approved ? addDays(completed, between(1, 3)) : "" };
        if (applied > today) repair = undefined;
        else if (accepted > today) repair = { ...repair, accepted: "", completed: "", outcome: "", removed: "" };
        else if (completed > today) repair = { ...repair, completed: "", outcome: "", removed: "" };
        else if (repair.removed > today) repair = { ...repair, removed: "" };
        if (repair?.removed) {
          end.ended = repair.removed;
          end.reason = "repaired";
        }
      } else if (r < 0.1) {
        // a short term (six months) that has run out
        end.termEnd = addDays(listed, 182);
        if (end.termEnd <= today && end.termEnd > lastFeedback) {
          end.ended = end.termEnd;
          end.reason = "term_expired";
        }
      }
    }
    if (!end.reason && !hand.has(c.caseId) && c.listType === "red" && rand() < 0.08) {
      const exit = after(30, 120);
      if (exit <= today) {
        end.ended = exit;
        end.reason = "list_exit";
      }
    }
    if (c.end) Object.assign(end, c.end);
    for (const o of c.obligations) {
      caseRows.push(line([c.caseId, o.initiator, c.subject.code, c.subject.name, c.listType, c.area, o.measure, o.impl, c.pushed, o.due, end.listed, end.termEnd, end.validUntil, end.ended, end.reason]));
      if (o.extra) for (const f of o.feedback.slice(o.feedback.length - o.extra)) extraFeedback.push([c.caseId, o.measure, o.impl, f.date, f.result, f.note ?? ""]);
      // 响应: most within the day or two after the push; the 地税局 of every city a fortnight late; a few never
      const late = o.impl.endsWith(`-${JOINT_MISTAKES.lateReceipts.line}`) ? rand() < 0.85 : rand() < 0.06;
      const missing = rand() < (o.feedback.length > 0 ? 0.02 : 0.25);
      if (missing) continue;
      let received = addDays(c.pushed, late ? between(13, 20) : between(0, 2));
      const firstFeedback = o.feedback[0]?.date;
      if (!late && firstFeedback && received > firstFeedback) received = firstFeedback;
      if (received <= today) receipts.push(line([c.caseId, o.measure, o.impl, received]));
    }
    if (objection) objections.push(line([objection.id, c.caseId, objection.filed, objection.resolved, objection.outcome, objection.due, objection.withdrawn]));
    if (repair) repairs.push(line([repair.id, c.caseId, repair.unit, repair.applied, repair.accepted, repair.completed, repair.outcome, repair.removed]));
    // 告知: before the listing decision as a rule; some days after it now and then; a few cases not at all
    const n = rand();
    if (n >= 0.04) {
      const notified = n < 0.1 ? addDays(listed, between(3, 10)) : addDays(listed, -between(0, 5));
      if (notified <= today) notifications.push(line([c.caseId, notified, pick(["书面告知", "书面告知", "短信告知", "公告送达", "电子送达"])]));
    }
    objection = undefined;
  }
  fs.writeFileSync(files.cases, caseRows.join(""));
  fs.writeFileSync(files.objections, objections.join(""));
  fs.writeFileSync(files.repairs, repairs.join(""));
  fs.writeFileSync(files.notifications, notifications.join(""));
  fs.writeFileSync(files.receipts, receipts.join(""));

  // ---- 应查必查: per unit and month, the licences it decided and how many checked the subject's credit first
  const checks: string[] = [line(["unit_code", "period", "licences", "checked"])];
  for (const l of opts.licences) {
    let checked = 0;
    for (let i = 0; i < l.licences; i++) if (rand() < 0.55 + 0.45 * l.quality) checked++;
    checks.push(line([l.unit, l.period, l.licences, checked]));
  }
  fs.writeFileSync(files.credit_checks, checks.join(""));
  return { feedback: extraFeedback };
}

type Case = DemoCase & {
  listed?: string;
  end?: Partial<CaseEnd>;
  repair?: { id: string; unit: string; applied: string; accepted: string; completed: string; outcome: string; removed: string };
  obligations: (DemoCase["obligations"][number] & { extra?: number })[];
};

/** The hand-written cases of JOINT_MISTAKES; their companies and the person are drawn from the joint stream. */
function mistakeCases(rand: () => number, pick: <T>(xs: readonly T[]) => T, units: Set<string>): Case[] {
  const company = () => {
    let first17 = "91620100MA";
    while (first17.length < 17) first17 += "0123456789ABCDEFGHJKLMNPQRTUWXY"[Math.floor(rand() * 31)];
    return first17 + creditCodeCheckChar(first17);
  };
  const ob = (initiator: string, measure: string, impl: string, pushed: string, feedback: { date: string; result: string; note?: string }[]) => {
    if (!units.has(impl) || !units.has(initiator)) throw new Error(`demo: no unit ${impl} or ${initiator}`);
    return { initiator, measure, impl, due: addDays(pushed, 15), feedback, extra: feedback.length };
  };
  const birth = addDays("1965-01-01", Math.floor(rand() * 9000)).replace(/-/g, "");
  const first17 = `620102${birth}${String(Math.floor(rand() * 1000)).padStart(3, "0")}`;
  const person = { code: first17 + idNumberCheckChar(first17), name: pick(SURNAMES.split("")) + pick(GIVEN) };
  const firm = (name: string) => ({ code: company(), name });
  const ka = firm("兰州恒信达商贸有限公司");
  const { offList, afterRepair, keyAttention, redAndBlack, notWithdrawn } = JOINT_MISTAKES;
  return [
    {
      caseId: offList.caseId, subject: firm("平凉市汇通建材有限公司"), listType: "black", area: "税收", pushed: "2026-06-08", listed: "2026-06-03",
      obligations: [ob("GSWJ", "M03", offList.unit, "2026-06-08", [{ date: "2026-06-12", result: "executed" }]), ob("GSWJ", offList.measure, offList.unit, "2026-06-08", [{ date: "2026-06-12", result: "executed", note: "按函件要求限制" }])],
    },
    {
      caseId: afterRepair.caseId, subject: firm("陇南市康源食品有限公司"), listType: "black", area: "食品药品", pushed: "2026-04-13", listed: "2026-04-08",
      obligations: [
        ob("SYJ", "M07", afterRepair.unit, "2026-04-13", [{ date: "2026-04-20", result: "executed" }, { date: "2026-06-22", result: "executed", note: "按原名单继续执行" }]),
        ob("SYJ", "M11", "621200-GSJ", "2026-04-13", [{ date: "2026-04-21", result: "executed" }]),
      ],
      end: { ended: "2026-06-05", reason: "repaired" },
      repair: { id: afterRepair.repairId, unit: "SYJ", applied: "2026-05-18", accepted: "2026-05-20", completed: "2026-06-03", outcome: "approved", removed: "2026-06-05" },
    },
    ...(
      [
        [keyAttention.caseIds[0], "SYJ", "食品药品", "2026-03-09", "620100-SYJ", "M10"],
        [keyAttention.caseIds[1], "HBT", "环境保护", "2026-04-13", "620100-HBT", "M17"],
        [keyAttention.caseIds[2], "AJJ", "安全生产", "2026-05-11", "620100-AJJ", "M10"],
      ] as const
    ).map(([caseId, initiator, area, pushed, impl, measure]): Case => ({
      caseId, subject: ka, listType: "key_attention", area, pushed, listed: addDays(pushed, -4),
      obligations: [ob(initiator, measure, impl, pushed, [{ date: addDays(pushed, 5), result: "executed" }]), ob(initiator, "M17", "620100-GSJ", pushed, [{ date: addDays(pushed, 6), result: "executed" }])],
    })),
    {
      caseId: redAndBlack.caseIds[0], subject: person, listType: "red", area: "劳动保障", pushed: "2026-02-09", listed: "2026-02-03",
      obligations: [ob("RST", "M21", "620100-RST", "2026-02-09", [{ date: "2026-02-13", result: "executed" }])],
    },
    {
      caseId: redAndBlack.caseIds[1], subject: person, listType: "black", area: "金融", pushed: "2026-06-08", listed: "2026-06-03",
      obligations: [ob("FY", "M07", "620100-GSJ", "2026-06-08", [{ date: "2026-06-12", result: "executed" }]), ob("FY", "M08", "620200-GSJ", "2026-06-08", [{ date: "2026-06-15", result: "executed" }])],
    },
    {
      caseId: notWithdrawn.caseId, subject: firm("天水市宏达矿业有限公司"), listType: "black", area: "安全生产", pushed: "2026-05-06", listed: "2026-04-30",
      objection: { id: notWithdrawn.objectionId, filed: "2026-05-20", resolved: "2026-06-05", outcome: "upheld" },
      obligations: [ob("AJJ", "M05", "620500-AJJ", "2026-05-06", [{ date: "2026-05-14", result: "executed" }]), ob("AJJ", "M01", "620500-GSJ", "2026-05-06", [{ date: "2026-05-15", result: "executed" }])],
    },
  ];
}
