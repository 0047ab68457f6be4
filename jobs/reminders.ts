import { deadline } from "@/lib/calendar";
import { tell } from "@/lib/inbox/messages";
import type { Job } from "@/lib/jobs/runner";
import { escalateOverdue } from "@/lib/notices/lifecycle";
import { mailPendingMessages } from "@/lib/notify/mail";
import { ENTITY_UNITS } from "@/lib/scoring/sql";

/**
 * Every working day: reminders in each unit user's inbox (and by e-mail when SMTP is configured) of obligations and rectifications due within
 * 2 working days or overdue, then the overdue notices' reminder and escalation steps.
 */
export const reminders: Job = {
  name: "reminders",
  title: { zh: "到期提醒与逾期升级", en: "Reminders and escalation" },
  time: { days: "workdays", hour: 8, minute: 0 },
  async runKey({ db, today }) {
    const [d] = await db.query<{ w: boolean | null }>(`SELECT is_workday AS w FROM calendar_days WHERE date = $1`, [today]);
    return d?.w ? `reminders:${today}` : undefined;
  },
  async run({ db, today, actor, mail }) {
    const soon = await deadline(db, today, 2);
    let messages = 0;
    // rectifications
    const notices = await db.query<{ id: number; number: string; unit_code: string; rectification_due: string }>(
      `SELECT id, number, unit_code, rectification_due FROM notices WHERE status = 'issued' AND rectification_due <= $1::date`,
      [soon],
    );
    for (const n of notices) {
      const overdue = n.rectification_due < today;
      messages += await tell(db, { unit: n.unit_code }, {
        kind: "rectification",
        title: overdue ? `通报 ${n.number} 整改已逾期` : `通报 ${n.number} 整改即将到期`,
        body: overdue ? `整改期限为 ${n.rectification_due}，已逾期，请尽快报送整改报告。` : `整改期限为 ${n.rectification_due}，请按时报送整改报告。`,
        titleEn: overdue ? `Notice ${n.number}: rectification overdue` : `Notice ${n.number}: rectification due soon`,
        bodyEn: overdue ? `The rectification deadline was ${n.rectification_due}: submit the report as soon as possible.` : `The rectification deadline is ${n.rectification_due}: submit the report on time.`,
        link: `/unit/notices/${n.id}`,
      });
    }
    // obligations without feedback, per ranked unit (its agencies' obligations included)
    const due = await db.query<{ entity: string; soon: number; overdue: number }>(
      `WITH RECURSIVE ${ENTITY_UNITS}
       SELECT e.entity, count(*) FILTER (WHERE c.due_date >= $1::date AND c.due_date <= $2::date)::int AS soon,
              count(*) FILTER (WHERE c.due_date < $1::date)::int AS overdue
       FROM cases c JOIN entity_units e ON e.unit_code = c.implementing_unit
       WHERE NOT EXISTS (SELECT 1 FROM feedback f WHERE f.case_id = c.case_id AND f.measure_code = c.measure_code AND f.implementing_unit = c.implementing_unit)
         AND c.due_date >= $1::date - 90
       GROUP BY e.entity HAVING count(*) FILTER (WHERE c.due_date <= $2::date) > 0`,
      [today, soon],
    );
    for (const d of due) {
      messages += await tell(db, { unit: d.entity }, {
        kind: "feedback",
        title: "联合奖惩措施待反馈",
        body: `${d.soon} 项措施将在 2 个工作日内到期，${d.overdue} 项已逾期未反馈（近 90 天）。`,
        titleEn: "Joint measures awaiting feedback",
        bodyEn: `${d.soon} measures fall due within 2 working days and ${d.overdue} are overdue without feedback (last 90 days).`,
        link: "/unit?indicator=feedback_timeliness&status=missing",
      });
    }
    const escalation = await escalateOverdue(db, actor, today);
    const mailed = await mailPendingMessages(db, mail?.smtpUrl, mail?.from ?? "");
    return { messages, mailed, notices: notices.length, units_with_feedback_due: due.length, ...escalation };
  },
  summary(c, lang) {
    const v = (k: string) => { const x = c[k]; return typeof x === "number" ? String(x) : "0"; };
    return lang === "en"
      ? `${v("messages")} reminders (${v("mailed")} e-mailed): ${v("notices")} rectifications due or overdue, ${v("units_with_feedback_due")} units with feedback due; ${v("reminded")} overdue notices reminded, ${v("escalated")} escalated`
      : `发送提醒 ${v("messages")} 条（邮件 ${v("mailed")} 封）：整改将到期或逾期的通报 ${v("notices")} 份，有措施待反馈的单位 ${v("units_with_feedback_due")} 个；逾期通报提醒 ${v("reminded")} 份、升级 ${v("escalated")} 份`;
  },
};
