import Link from "next/link";
import { EXPLANATION_MAX } from "@/lib/explanation-keys";
import { cellText, columnsFor, statusText, targetName } from "@/lib/explain-text";
import { beijingTime, periodLabel, type Lang } from "@/lib/i18n";
import type { ExplainTarget } from "@/lib/scoring/explain";

interface Props {
  lang: Lang;
  target: ExplainTarget;
  period: string;
  from: "todo" | "items";
  found: { key: string; status: string; explainable: boolean; item: Record<string, unknown> };
  current: { text: string; author: string; updated_at: string } | undefined;
  error?: string;
  action: (form: FormData) => Promise<never>;
  cancelHref: string;
}

/** The explanation form (说明迟报原因): the item's facts as its list shows them, then the text. */
export function ExplanationForm({ lang, target, period, from, found, current, error, action, cancelHref }: Props) {
  const en = lang === "en";
  return (
    <section className="card">
      <h1>{en ? "Explain an item" : "说明事项"}</h1>
      <p className="muted">
        {targetName(lang, target)} · {periodLabel(lang, period)} · <span className={`status ${found.status}`}>{statusText(lang, found.status)}</span>
      </p>
      <div className="table-wrap">
        <table className="items">
          <tbody>
            {columnsFor(target).map((c) => (
              <tr key={c.key}>
                <th scope="row">{c[lang]}</th>
                <td>{cellText(lang, c.key, found.item[c.key])}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {error && <p className="error" role="alert">{error}</p>}
      {!found.explainable ? (
        <p className="notice">{en ? "This item is in order (on time, compliant or not yet due): there is nothing to explain." : "该事项没有问题（按时、合规或尚未到期），无需说明。"}</p>
      ) : (
        <form action={action}>
          <input type="hidden" name="lang" value={lang} />
          <input type="hidden" name="target" value={target} />
          <input type="hidden" name="key" value={found.key} />
          <input type="hidden" name="period" value={period} />
          <input type="hidden" name="from" value={from} />
          <label htmlFor="explanation-text">
            {en ? `Why was it late or missing, and what has been done? (at most ${EXPLANATION_MAX} characters)` : `迟报、未报或不合规的原因及已采取的措施（最多 ${EXPLANATION_MAX} 字）`}
          </label>
          <textarea id="explanation-text" name="text" className="explanation" required maxLength={EXPLANATION_MAX} defaultValue={current?.text ?? ""} />
          {current && (
            <p className="muted small">
              {en ? `Current explanation by ${current.author}, ${beijingTime(current.updated_at)}; saving replaces it (the earlier text stays in the audit trail).` : `现有说明由 ${current.author} 于 ${beijingTime(current.updated_at)} 填写；保存将替换它（原文保留在审计记录中）。`}
            </p>
          )}
          <p className="filters">
            <button type="submit">{en ? "Save" : "保存说明"}</button>
            <Link href={cancelHref}>{en ? "Cancel" : "取消"}</Link>
          </p>
        </form>
      )}
    </section>
  );
}
