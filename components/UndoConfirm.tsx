import Link from "next/link";
import { numberFormat, type Lang } from "@/lib/i18n";
import { kindName } from "@/lib/ingest/history-text";
import { REASON_MAX, type UndoPlan } from "@/lib/ingest/undo";

type FormAction = (form: FormData) => Promise<void>;

/**
 * Undoing an import, confirmed (the pattern of components/NoticeConfirm.tsx): how many rows will be
 * removed and how many given back their previous values, said from the same plan the undo carries out
 * (lib/ingest/undo.ts undoPlan); or, when something stands in the way, what it is and no button.
 * The reason is required and goes into the audit log and the messages.
 */
export function UndoPanel({ lang, plan, reason, cancelHref, action }: { lang: Lang; plan: UndoPlan; reason: string; cancelHref: string; action: FormAction }) {
  const en = lang === "en";
  const nf = numberFormat(lang, 0);
  const id = plan.batchId;
  if (plan.refusals.length > 0) {
    return (
      <section className="card" aria-labelledby="confirm-title" id="confirm">
        <h2 id="confirm-title">{en ? `Batch #${id} cannot be undone` : `批次 #${id} 无法撤销`}</h2>
        <ul className="error" role="note">
          {plan.refusals.map((r) => <li key={r.code} data-refusal={r.code}>{en ? r.en : r.zh}</li>)}
        </ul>
        <p><Link href={cancelHref}>{en ? "Back" : "返回"}</Link></p>
      </section>
    );
  }
  return (
    <section className="card" aria-labelledby="confirm-title" id="confirm">
      <h2 id="confirm-title">{en ? `Undo import batch #${id}?` : `撤销导入批次 #${id}？`}</h2>
      <ul>
        <li data-remove={plan.remove}>
          {en
            ? `${nf.format(plan.remove)} row(s) this batch inserted (${kindName(lang, plan.kind)}) will be deleted.`
            : `删除本批次新增的 ${nf.format(plan.remove)} 行（${kindName(lang, plan.kind)}）。`}
        </li>
        <li data-restore={plan.restore}>
          {en
            ? `${nf.format(plan.restore)} row(s) this batch changed will get back the values they had before it.`
            : `恢复本批次修改的 ${nf.format(plan.restore)} 行为修改前的值。`}
        </li>
        <li>
          {en
            ? "Scores change at once; published rankings are snapshots and stay as they are. The undo is recorded in the audit trail with your reason, and the units concerned are told."
            : "得分随即更新；已发布的排名是快照，不受影响。撤销连同原因记入审计日志，并通知相关单位。"}
        </li>
        <li>
          {en
            ? "It cannot be taken back itself: to store the rows again, import the file again."
            : "撤销本身不能再撤回：如需恢复这些数据，请重新导入该文件。"}
        </li>
      </ul>
      <form action={action} className="login-form">
        <input type="hidden" name="lang" value={lang} />
        <input type="hidden" name="id" value={id} />
        <input type="hidden" name="confirm" value="1" />
        <label>
          {en ? "Reason (required)" : "撤销原因（必填）"}
          <textarea name="reason" rows={3} maxLength={REASON_MAX} defaultValue={reason} required />
        </label>
        <div className="filters">
          <button type="submit">{en ? `Undo batch #${id}` : `确认撤销批次 #${id}`}</button>
          <Link href={cancelHref}>{en ? "Cancel" : "取消"}</Link>
        </div>
      </form>
    </section>
  );
}
