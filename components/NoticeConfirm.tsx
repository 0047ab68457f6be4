import Link from "next/link";
import { ruleNames } from "@/components/NoticeParts";
import type { ClosePreview } from "@/lib/notices/close";
import type { ApprovalPreview, ApproverSwitchPreview, IssuePreview } from "@/lib/notices/confirm";
import { formatDate, numberFormat, periodLabel, type Lang } from "@/lib/i18n";

/**
 * The confirmation panels of the notice steps that cannot be taken back (the pattern of
 * components/AccountList.tsx DisablePanel): what will happen, said from the same figures the step
 * uses (lib/notices/confirm.ts, closePreview), then the form that does it, and a way back.
 */
type FormAction = (form: FormData) => Promise<void>;

function Buttons({ lang, label, cancelHref }: { lang: Lang; label: string; cancelHref: string }) {
  return (
    <>
      <button type="submit">{label}</button>
      <Link href={cancelHref}>{lang === "en" ? "Cancel" : "取消"}</Link>
    </>
  );
}

/** Closing a period before it has ended: on partial data, with the reason, which every draft shows. */
export function EarlyClosePanel({ lang, preview, cancelHref, action }: { lang: Lang; preview: ClosePreview; cancelHref: string; action: FormAction }) {
  const en = lang === "en";
  const label = periodLabel(lang, preview.period);
  const nf = numberFormat(lang);
  return (
    <section className="card" aria-labelledby="confirm-title" id="confirm">
      <h2 id="confirm-title">{en ? `Close ${label} early?` : `提前关闭${label}？`}</h2>
      <p className="error" role="note">
        {en
          ? `${label} has not ended: it closes normally from ${formatDate(lang, preview.periodEnds)}. Closing it as of ${formatDate(lang, preview.asOf)} drafts notices from partial data.`
          : `${label}尚未结束，${formatDate(lang, preview.periodEnds)}起方可正常关闭。以 ${formatDate(lang, preview.asOf)} 为评价日关闭，将以不完整的数据生成通报草稿。`}
      </p>
      <ul>
        <li>
          {preview.drafts.length === 0
            ? en
              ? "By the rules in force, no unit would get a new draft."
              : "按现行通报规则，不会为任何单位生成新的草稿。"
            : en
              ? `By the rules in force, ${preview.drafts.length} unit(s) get a draft (listed below).`
              : `按现行通报规则，将为以下 ${preview.drafts.length} 个单位生成通报草稿。`}
          {preview.existing > 0 && (en ? ` ${preview.existing} unit(s) already have a notice for this period and get none.` : `已有通报的 ${preview.existing} 个单位不再重复生成。`)}
        </li>
        <li>
          {en
            ? "A unit that gets a draft now gets no second one when the period is closed again after its end, even if its final figures differ."
            : "本次生成草稿的单位，期间结束后再次关闭时不会再生成第二份，即使最终数据不同。"}
        </li>
        <li>
          {en
            ? "The reason is recorded in the audit log and shown on every draft this close makes."
            : "提前关闭的原因记入审计日志，并显示在本次生成的每份草稿上。"}
        </li>
      </ul>
      {preview.drafts.length > 0 && (
        <div className="table-wrap">
          <table className="compact">
            <thead>
              <tr>
                <th scope="col">{en ? "Unit" : "单位"}</th>
                <th scope="col">{en ? "Provisional score" : "暂定得分"}</th>
                <th scope="col">{en ? "Rank" : "排名"}</th>
                <th scope="col">{en ? "Rules hit" : "触发规则"}</th>
              </tr>
            </thead>
            <tbody>
              {preview.drafts.map((d) => (
                <tr key={`${d.group}-${d.code}`}>
                  <th scope="row">{d.name}</th>
                  <td className="num">{d.score === null ? "—" : nf.format(d.score)}</td>
                  <td className="num">{d.rank ?? "—"}</td>
                  <td className="small">{ruleNames(lang, d.rules)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form action={action} className="login-form">
        <input type="hidden" name="lang" value={lang} />
        <input type="hidden" name="period" value={preview.period} />
        <input type="hidden" name="asOf" value={preview.asOf} />
        <input type="hidden" name="early" value="1" />
        <label>
          {en ? "Why close early (required)" : "提前关闭的原因（必填）"}
          <textarea name="reason" rows={3} maxLength={500} required />
        </label>
        <div className="filters">
          <Buttons lang={lang} label={en ? "Close early and draft notices" : "确认提前关闭并生成草稿"} cancelHref={cancelHref} />
        </div>
      </form>
    </section>
  );
}

/** Switching between one and two approvers: what it means for the notices on their way. */
export function ApproversPanel({ lang, preview, required, cancelHref, action }: { lang: Lang; preview: ApproverSwitchPreview; required: boolean; cancelHref: string; action: FormAction }) {
  const en = lang === "en";
  if (required === preview.twoNeeded) {
    return (
      <section className="card" id="confirm">
        <p className="muted">
          {required ? (en ? "Two approvers are already required." : "目前已是两人审批。") : en ? "One approver already suffices." : "目前已是一人审批。"} <Link href={cancelHref}>{en ? "Back" : "返回"}</Link>
        </p>
      </section>
    );
  }
  return (
    <section className="card" aria-labelledby="confirm-title" id="confirm">
      <h2 id="confirm-title">{required ? (en ? "Require two approvers?" : "改为两人审批？") : en ? "Let one approver suffice?" : "改为一人审批？"}</h2>
      <ul>
        {required ? (
          <>
            <li>{en ? "From now on a notice is issued only after two different office members have approved it." : "此后每份通报须由两名不同的办公室人员先后审批，方可印发。"}</li>
            <li>{en ? `${preview.drafts} draft(s) will need two approvals.` : `现有 ${preview.drafts} 份草稿将须两人审批。`}</li>
            <li>{en ? `${preview.approved} notice(s) already approved stay approved and can be issued.` : `已审批待印发的 ${preview.approved} 份通报不受影响，仍可直接印发。`}</li>
          </>
        ) : (
          <>
            <li>{en ? "From now on one office member's approval is enough to issue a notice." : "此后一名办公室人员审批即可印发通报。"}</li>
            <li>{en ? `${preview.drafts} draft(s) will need one approval.` : `现有 ${preview.drafts} 份草稿一人审批即可。`}</li>
            <li>
              {en
                ? `${preview.approvedOnce} notice(s) approved once still need their second approval, by someone else.`
                : `已有一人审批的 ${preview.approvedOnce} 份通报，仍须另一人完成第二次审批。`}
            </li>
          </>
        )}
        <li>{en ? "The change is recorded in the audit log." : "此项设置的变更记入审计日志。"}</li>
      </ul>
      <form action={action} className="filters">
        <input type="hidden" name="lang" value={lang} />
        <input type="hidden" name="required" value={required ? "1" : "0"} />
        <input type="hidden" name="confirm" value="1" />
        <Buttons lang={lang} label={required ? (en ? "Require two approvers" : "确认改为两人审批") : en ? "Let one approver suffice" : "确认改为一人审批"} cancelHref={cancelHref} />
      </form>
    </section>
  );
}

/** Approving: approved (ready to issue) or approved once (a second person must approve), or why not. */
export function ApprovePanel({ lang, id, preview, cancelHref, action }: { lang: Lang; id: number; preview: ApprovalPreview; cancelHref: string; action: FormAction }) {
  const en = lang === "en";
  if (preview.outcome === "refused") {
    return (
      <section className="card" id="confirm">
        <p className="error" role="alert">{en ? preview.message.en : preview.message.zh}</p>
        <p><Link href={cancelHref}>{en ? "Back" : "返回"}</Link></p>
      </section>
    );
  }
  return (
    <section className="card" aria-labelledby="confirm-title" id="confirm">
      <h2 id="confirm-title">{en ? "Approve this notice?" : "审批通过此通报？"}</h2>
      <ul>
        {preview.outcome === "approved_once" ? (
          <li>{en ? "Two approvers are required: yours is the first approval; another office member must approve before it can be issued." : "本办公室要求两人审批：您的审批为第一人审批，还须另一名办公室人员审批后方可印发。"}</li>
        ) : preview.firstApprover ? (
          <li>{en ? `This is the second approval (the first by ${preview.firstApprover}): the notice can then be issued.` : `这是第二人审批（第一人：${preview.firstApprover}），审批后即可印发。`}</li>
        ) : (
          <li>{en ? "One approval suffices: the notice can then be issued." : "一人审批即可：审批后即可印发。"}</li>
        )}
        <li>{en ? "Your approval is recorded in the notice's timeline and the audit log; editing the draft afterwards needs a new approval." : "审批记入办理过程和审计日志；审批后如再修改草稿，须重新审批。"}</li>
      </ul>
      <form action={action} className="filters">
        <input type="hidden" name="lang" value={lang} />
        <input type="hidden" name="id" value={id} />
        <input type="hidden" name="confirm" value="1" />
        <Buttons lang={lang} label={en ? "Approve" : "确认审批通过"} cancelHref={cancelHref} />
      </form>
    </section>
  );
}

/** Issuing: the 文号 it takes and the rectification deadline, and that the text is frozen. */
export function IssuePanel({ lang, id, preview, cancelHref, action }: { lang: Lang; id: number; preview: IssuePreview; cancelHref: string; action: FormAction }) {
  const en = lang === "en";
  return (
    <section className="card" aria-labelledby="confirm-title" id="confirm">
      <h2 id="confirm-title">{en ? "Issue this notice?" : "印发此通报？"}</h2>
      <ul>
        <li>
          {en ? "It takes the notice number " : "将占用文号 "}
          <strong className="issue-number">{preview.number}</strong>
          {en ? " (numbered in order within the year: a number taken is never given back or used again)." : "（按年度顺序编号，占用后不可收回、不可重复使用）。"}
        </li>
        <li>
          {en
            ? `Issued on ${formatDate(lang, preview.issueDate)}; rectification due ${formatDate(lang, preview.rectificationDue)} (${preview.deadlineWorkdays} working days).`
            : `印发日期 ${formatDate(lang, preview.issueDate)}；整改期限 ${preview.deadlineWorkdays} 个工作日，至 ${formatDate(lang, preview.rectificationDue)}。`}
        </li>
        <li>
          {en
            ? `The addressee (${preview.addressees}) sees it at once and answers with rectification reports.`
            : `主送单位（${preview.addressees}）随即可以查看，并报送整改报告。`}
        </li>
        <li>
          {en
            ? "Its text, figures and list of items are frozen: a mistake is corrected only by a correction notice, which takes a new number."
            : "通报正文、数字和问题清单随即冻结，不可再修改；如有错误，只能另行起草更正通报（占用新的文号）。"}
        </li>
      </ul>
      <form action={action} className="filters">
        <input type="hidden" name="lang" value={lang} />
        <input type="hidden" name="id" value={id} />
        <input type="hidden" name="number" value={preview.number} />
        <Buttons lang={lang} label={en ? `Issue as ${preview.number}` : `确认印发（${preview.number}）`} cancelHref={cancelHref} />
      </form>
    </section>
  );
}

/** Making an issued notice public: who will see what, or the personal data that stops it. */
export function PublicPanel({ lang, id, personalData, cancelHref, action }: { lang: Lang; id: number; personalData: string[]; cancelHref: string; action: FormAction }) {
  const en = lang === "en";
  if (personalData.length > 0) {
    return (
      <section className="card" id="confirm">
        <p className="error" role="alert">
          {en
            ? `The notice contains personal data (${personalData.join(", ")}) and cannot be made public; draft a correction without it.`
            : `通报含有个人信息（${personalData.join("、")}），不能公开；请起草更正通报去除后再公开。`}
        </p>
        <p><Link href={cancelHref}>{en ? "Back" : "返回"}</Link></p>
      </section>
    );
  }
  return (
    <section className="card" aria-labelledby="confirm-title" id="confirm">
      <h2 id="confirm-title">{en ? "Show this notice on the public page?" : "在公示页面公开此通报？"}</h2>
      <ul>
        <li>{en ? "Its number, title, addressee and full text appear on the public notices page, for anyone to read." : "通报的文号、标题、主送单位和全文将在公示页面的通报栏目公开，任何人均可查看。"}</li>
        <li>{en ? "It can be withdrawn from the page later, but what was read or copied meanwhile cannot be taken back." : "之后可以取消公开，但公开期间已被查看或转载的内容无法收回。"}</li>
        <li>{en ? "The step is recorded in the notice's timeline and the audit log." : "此操作记入办理过程和审计日志。"}</li>
      </ul>
      <form action={action} className="filters">
        <input type="hidden" name="lang" value={lang} />
        <input type="hidden" name="id" value={id} />
        <input type="hidden" name="public" value="1" />
        <input type="hidden" name="confirm" value="1" />
        <Buttons lang={lang} label={en ? "Make public" : "确认公开"} cancelHref={cancelHref} />
      </form>
    </section>
  );
}

/** On a draft made by an early close: that, and the office's reason. */
export function EarlyCloseNote({ lang, reason, asOf }: { lang: Lang; reason: string; asOf: string }) {
  const en = lang === "en";
  return (
    <p className="notice" role="note">
      <strong>{en ? "Closed early" : "提前关闭"}</strong>
      {en
        ? ` — drafted from partial data as of ${formatDate(lang, asOf)}, before the period ended. Reason: ${reason}`
        : `：本通报草稿在期间结束前以截至 ${formatDate(lang, asOf)} 的不完整数据生成。原因：${reason}`}
    </p>
  );
}
