import { deadlineTableSql } from "@/lib/calendar";
import { env } from "@/lib/env";

/**
 * The deadlines of the joint-measures cycle (docs/design/joint-cycle.md §2), in working days of the
 * shipped calendar (lib/calendar: deadline(d, n) is the n-th working day strictly after d; 0 is the
 * day itself). Each has its default, the seed's own wording (quoted from ../shared/seeds/, the
 * traditional characters as published, their pinyin glosses left out) and a setting that overrides it.
 * Where a seed says only "规定时限"/"及时", the default is ours and says so.
 */
export interface JointDeadline {
  key: JointDeadlineKey;
  /** the environment setting that overrides the default (lib/env.ts) */
  setting: `WENXIAO_JOINT_${string}_DAYS`;
  defaultDays: number;
  /** from which date to which */
  zh: string;
  en: string;
  /** the seed passage, and where it is */
  seed: string;
  source: string;
}

export type JointDeadlineKey = "push" | "receipt" | "notification" | "objection" | "withdrawal" | "repair" | "review" | "transfer";

export const JOINT_DEADLINES: readonly JointDeadline[] = [
  {
    key: "push",
    setting: "WENXIAO_JOINT_PUSH_DAYS",
    defaultDays: 7,
    zh: "认定日期 → 推送日期",
    en: "listing → push to the implementing unit",
    // the seeds fix no push deadline; the 双公示 limit is the nearest one they give (default chosen, documented)
    seed: "在作出行政決定之日起7個工作日內上網公開并歸集至省、市(州)信用信息共享平臺",
    source: "003 (五); 000 第17條",
  },
  {
    key: "receipt",
    setting: "WENXIAO_JOINT_RECEIPT_DAYS",
    defaultDays: 3,
    zh: "推送日期 → 接收（响应）日期",
    en: "push → receipt (response)",
    seed: "建立守信聯合激勵和失信聯合懲戒的發起與響應機制……實施部門負責對有關主體采取相應的聯合激勵和聯合懲戒措施",
    source: "004 三(三)1, 三(三)4 實現發起響應、信息推送、執行反饋; 000 第16條",
  },
  {
    key: "notification",
    setting: "WENXIAO_JOINT_NOTIFICATION_DAYS",
    defaultDays: 0,
    zh: "告知日期不晚于认定日期",
    en: "notification on or before the listing",
    seed: "在認定決定前,應當告知當事人作出決定的事由、依據和當事人依法享有的權利",
    source: "003 (八)",
  },
  {
    key: "objection",
    setting: "WENXIAO_JOINT_OBJECTION_DAYS",
    defaultDays: 15,
    zh: "异议提出日期 → 办结日期（未填办理期限时）",
    en: "objection filed → resolved (when it has no due date of its own)",
    seed: "信息提供單位應盡快核實并反饋。聯合懲戒措施在信息核實期間暫不執行",
    source: "001 四(五); 003 (八) 在規定時限內反饋結果",
  },
  {
    key: "withdrawal",
    setting: "WENXIAO_JOINT_WITHDRAWAL_DAYS",
    defaultDays: 3,
    zh: "异议成立 / 修复通过 → 撤销措施、移出名单",
    en: "objection upheld / repair approved → measures withdrawn, subject removed",
    seed: "經核實有誤的信息應及時更正或撤銷",
    source: "001 四(五); 003 (十一) 及時將其移出嚴重失信主體",
  },
  {
    key: "repair",
    setting: "WENXIAO_JOINT_REPAIR_DAYS",
    defaultDays: 10,
    zh: "修复受理日期 → 决定日期",
    en: "repair accepted → decided",
    seed: "予以受理的,應當在規定期限內核實,并將核實結果告知申請人",
    source: "004 三(三)7",
  },
  {
    key: "review",
    setting: "WENXIAO_JOINT_REVIEW_DAYS",
    defaultDays: 0,
    zh: "重点关注有效期届满 → 复核（退出或重新认定）",
    en: "key-attention validity ended → reviewed (ended or listed anew)",
    seed: "認定部門(單位)應通過適當方式,向重點關注名單主體發出警示并提示重點關注有效期",
    source: "001 四(六)",
  },
  {
    key: "transfer",
    setting: "WENXIAO_JOINT_TRANSFER_DAYS",
    defaultDays: 10,
    zh: "重点关注期内的处罚决定 → 转入黑名单",
    en: "penalty during key-attention validity → black listing",
    seed: "重點關注名單主體有效期內發生嚴重失信行為的,應按照“黑名單”認定標準,及時轉入“黑名單”",
    source: "001 四(六)",
  },
];

/** The working days in force for each deadline: the setting when given, else the default. */
export function jointDeadlineDays(): Record<JointDeadlineKey, number> {
  const e = env();
  return Object.fromEntries(JOINT_DEADLINES.map((d) => [d.key, (e[d.setting as keyof typeof e] as number | undefined) ?? d.defaultDays])) as Record<JointDeadlineKey, number>;
}

/**
 * A CTE `name (date, deadline)` for the days whose deadline can fall in the period [$1, $2): the
 * days from a margin before $1 (n working days never span more than 2n + 30 calendar days, the
 * longest holiday included) to $2. n = 0: the day itself.
 */
export function jointDeadlineCte(name: string, n: number): string {
  const from = `($1::date - ${2 * n + 30})`;
  if (n === 0) return `${name} AS (SELECT date, date AS deadline FROM calendar_days WHERE date >= ${from} AND date < $2::date)`;
  return `${name} AS (${deadlineTableSql(n, { from, to: "$2::date" })})`;
}
