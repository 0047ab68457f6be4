import type { JointDeadlineKey } from "./joint-deadlines";
import type { JointFinding, JointIndicator } from "./joint-indicators";

/**
 * What the methodology page says of each joint-measures rule (lib/scoring/joint.ts): the deadline it is
 * judged by (its working days come from lib/scoring/joint-deadlines.ts and the settings), the unit it is
 * charged to, and the seed passage behind it, quoted as the SQL's comments quote it (../shared/seeds/,
 * the traditional characters as published). Kept beside the rules so a change of one shows in the other.
 */
export interface JointRuleText {
  key: JointIndicator | JointFinding;
  /** the cycle's deadline the rule is judged by; "due_date": the obligation's own; null: none */
  deadline: JointDeadlineKey | "due_date" | null;
  unit: { zh: string; en: string };
  rule: { zh: string; en: string };
  seed: string;
  source: string;
}

const INITIATING = { zh: "发起（认定）单位", en: "the initiating (listing) unit" };
const IMPLEMENTING = { zh: "实施单位", en: "the implementing unit" };

export const JOINT_RULE_TEXTS: readonly JointRuleText[] = [
  {
    key: "push_timeliness",
    deadline: "push",
    unit: INITIATING,
    rule: {
      zh: "每项应推送的措施在认定后规定工作日内推送给实施单位的比例（按每个实施单位的推送计）。文件未规定推送时限，默认采用“双公示”的时限。",
      en: "The share of measures pushed to each implementing unit within the working days after the listing (one push per implementing unit). The documents fix no push deadline: the default is the 双公示 (publication) limit.",
    },
    seed: "在作出行政決定之日起7個工作日內上網公開并歸集至省、市(州)信用信息共享平臺",
    source: "003 (五)",
  },
  {
    key: "receipt_timeliness",
    deadline: "receipt",
    unit: IMPLEMENTING,
    rule: { zh: "推送后规定工作日内确认接收（响应）的比例。", en: "The share of pushes acknowledged (received) within the working days after the push." },
    seed: "建立守信聯合激勵和失信聯合懲戒的發起與響應機制",
    source: "004 三(三)1",
  },
  {
    key: "mandatory_feedback_coverage",
    deadline: "due_date",
    unit: IMPLEMENTING,
    rule: {
      zh: "强制性措施（依法必须联合执行）中，到反馈期限已有反馈的比例；应达到 100%。措施是否强制性，按推送日有效的清单版本确定。",
      en: "Of the mandatory measures (which the law requires to be executed jointly) past their due date, the share with feedback; it must reach 100 %. Whether a measure is mandatory follows the list version in force on the push date.",
    },
    seed: "建立激勵和懲戒措施清單制度；失信懲戒措施實行清單制管理",
    source: "004 三(三)6; 003 (九)",
  },
  {
    key: "mandatory_feedback_timeliness",
    deadline: "due_date",
    unit: IMPLEMENTING,
    rule: { zh: "强制性措施中，在反馈期限内反馈的比例（仅报告，权重 0）。", en: "Of the mandatory measures past their due date, the share answered by it (reported, weight 0)." },
    seed: "建立激勵和懲戒措施清單制度",
    source: "004 三(三)6",
  },
  {
    key: "recommended_feedback_coverage",
    deadline: "due_date",
    unit: IMPLEMENTING,
    rule: { zh: "推荐性措施中，到反馈期限已有反馈的比例（仅报告，权重 0）。", en: "Of the recommended measures past their due date, the share with feedback (reported, weight 0)." },
    seed: "建立激勵和懲戒措施清單制度",
    source: "004 三(三)6",
  },
  {
    key: "objection_timeliness",
    deadline: "objection",
    unit: { zh: "案件的发起单位", en: "the case's initiating unit" },
    rule: {
      zh: "异议在其办理期限内办结的比例；异议未填办理期限的，自提出之日起按规定工作日计算。",
      en: "The share of objections resolved by their deadline: their own due date, else the working days after they were filed.",
    },
    seed: "信息提供單位應盡快核實并反饋。聯合懲戒措施在信息核實期間暫不執行",
    source: "001 四(五)",
  },
  {
    key: "repair_timeliness",
    deadline: "repair",
    unit: { zh: "受理修复申请的单位", en: "the unit that accepted the repair" },
    rule: { zh: "信用修复申请受理后在规定工作日内作出决定的比例。", en: "The share of accepted repair applications decided within the working days." },
    seed: "予以受理的,應當在規定期限內核實,并將核實結果告知申請人",
    source: "004 三(三)7",
  },
  {
    key: "withdrawal_timeliness",
    deadline: "withdrawal",
    unit: { zh: "异议成立的：发起单位；修复通过的：受理修复的单位", en: "after an upheld objection the initiating unit; after an approved repair the repair's unit" },
    rule: {
      zh: "异议成立或修复通过后，在规定工作日内撤销措施、移出名单的比例。",
      en: "The share of upheld objections and approved repairs followed by the measures' withdrawal (the subject's removal) within the working days.",
    },
    seed: "經核實有誤的信息應及時更正或撤銷；及時將其移出嚴重失信主體",
    source: "001 四(五); 003 (十一)",
  },
  {
    key: "notification_timeliness",
    deadline: "notification",
    unit: INITIATING,
    rule: { zh: "认定的案件中，在认定日之前（含当日）告知当事人的比例。", en: "Of the cases listed, the share whose subject was informed on or before the listing." },
    seed: "在認定決定前,應當告知當事人作出決定的事由、依據和當事人依法享有的權利",
    source: "003 (八)",
  },
  {
    key: "credit_check_rate",
    deadline: null,
    unit: { zh: "作出许可决定的单位", en: "the unit deciding the licences" },
    rule: {
      zh: "作出的行政许可中，事先查询了相对人信用状况的比例（按单位、月份的查询数 ÷ 许可数；仅报告，权重 0）。",
      en: "Of the licences decided, the share for which the subject's credit was checked first (checks ÷ licences per unit and month; reported, weight 0).",
    },
    seed: "應查詢行政相對人的信用狀況……做到“應查必查”",
    source: "000 第19條",
  },
  {
    key: "off_list",
    deadline: null,
    unit: IMPLEMENTING,
    rule: {
      zh: "对反馈日不在任何有效清单（全国基础清单、省补充清单）中的措施反馈“已执行”：违规。在联合奖惩评价方法下与异议期间执行一样每起扣分。",
      en: "Feedback \"executed\" on a measure that no list in force (the national base list, the province's supplementary list) had on its date: a violation, deducted like an execution during an objection under the joint-measures method.",
    },
    seed: "在全國失信懲戒措施基礎清單和省失信懲戒措施補充清單外違法違規實施懲戒措施……要依法依規追究責任",
    source: "003 (十九)",
  },
  {
    key: "after_end",
    deadline: null,
    unit: IMPLEMENTING,
    rule: {
      zh: "案件退出（期限届满、修复通过、移出名单）后，或异议成立之日起仍反馈“已执行”：违规，扣分同上。",
      en: "Feedback \"executed\" after the case ended (its term expired, a repair was approved, the subject was removed) or from the day an objection was upheld: a violation, deducted as above.",
    },
    seed: "在規定期限內糾正失信行為、消除不良影響的,不再作為聯合懲戒對象",
    source: "000 第21條; 004 三(三)7",
  },
  {
    key: "red_and_black",
    deadline: null,
    unit: INITIATING,
    rule: { zh: "同一主体同时列入红名单和黑名单：交叉核查问题，列明所涉案件。", en: "One subject on a red and a black list at the same time: a cross-check finding, with the cases behind it." },
    seed: "通過市信用信息共享平臺與各領域“黑名單”進行交叉比對",
    source: "001 二(一)",
  },
  {
    key: "warning_list",
    deadline: null,
    unit: INITIATING,
    rule: {
      zh: "同一主体同时在 3 个以上不同重点领域被列入重点关注名单的，转入“大数据警示名单”：交叉核查问题，列明所涉案件。",
      en: "One subject on key-attention lists in three or more distinct areas at once goes to the big-data warning list: a cross-check finding, with the cases behind it.",
    },
    seed: "將在3個以上不同的重點領域被列入重點關注名單的主體轉入“大數據警示名單”",
    source: "001 四(六)",
  },
  {
    key: "key_attention_unreviewed",
    deadline: "review",
    unit: INITIATING,
    rule: {
      zh: "重点关注有效期届满后规定工作日内既未退出、也未重新认定：交叉核查问题。",
      en: "A key-attention listing neither ended nor renewed within the working days after its validity ran out: a cross-check finding.",
    },
    seed: "認定部門(單位)應通過適當方式,向重點關注名單主體發出警示并提示重點關注有效期",
    source: "001 四(六)",
  },
  {
    key: "key_attention_not_transferred",
    deadline: "transfer",
    unit: INITIATING,
    rule: {
      zh: "重点关注有效期内主体受到行政处罚，规定工作日内未转入黑名单：交叉核查问题。以“受到行政处罚”近似文件所称“严重失信行为”。",
      en: "A key-attention subject penalised during the validity and not moved to the black list within the working days: a cross-check finding. A penalty stands in for the documents' \"serious breach of trust\" (an approximation).",
    },
    seed: "重點關注名單主體有效期內發生嚴重失信行為的,應按照“黑名單”認定標準,及時轉入“黑名單”",
    source: "001 四(六)",
  },
];
