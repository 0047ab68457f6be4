import { statusText, targetName } from "@/lib/explain-text";
import { beijingTime, type Lang } from "@/lib/i18n";
import type { ExplainTarget } from "@/lib/scoring/explain";

interface Row {
  target: string;
  item_key: string;
  status: string | null;
  text: string;
  author: string;
  updated_at: string;
}

/** A notice's 单位说明: the addressed unit's explanations of the items of its annex, newest first. */
export function NoticeExplanations({ lang, items, total, issued }: { lang: Lang; items: Row[]; total: number; issued: boolean }) {
  const en = lang === "en";
  return (
    <section className="card" aria-labelledby="explanations">
      <h2 id="explanations">{en ? "The unit's explanations" : "单位说明"}</h2>
      <p className="muted small">
        {issued
          ? en
            ? "Explanations the unit gave of items of this notice's annex."
            : "被通报单位对本通报附件所列事项作出的说明。"
          : en
            ? "Explanations the unit gave of its problem items of the notice's period (the annex is frozen when the notice is issued)."
            : "被通报单位对本期问题事项作出的说明（附件清单在印发时固定）。"}
      </p>
      {items.length === 0 ? (
        <p className="muted">{en ? "No explanations yet." : "暂无说明。"}</p>
      ) : (
        <>
          <div className="table-wrap">
            <table className="items">
              <thead>
                <tr>
                  <th scope="col">{en ? "List" : "问题类别"}</th>
                  <th scope="col">{en ? "Item" : "事项"}</th>
                  {issued && <th scope="col">{en ? "Status" : "状态"}</th>}
                  <th scope="col">{en ? "Explanation" : "说明"}</th>
                  <th scope="col">{en ? "By, when" : "填写人、时间"}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((e) => (
                  <tr key={`${e.target}|${e.item_key}`}>
                    <td>{targetName(lang, e.target as ExplainTarget)}</td>
                    <td className="code">{e.item_key}</td>
                    {issued && <td>{e.status && <span className={`status ${e.status}`}>{statusText(lang, e.status)}</span>}</td>}
                    <td className="pre-line">{e.text}</td>
                    <td>{e.author} · {beijingTime(e.updated_at)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {total > items.length && <p className="muted small">{en ? `The ${items.length} latest of ${total}.` : `共 ${total} 条，显示最新的 ${items.length} 条。`}</p>}
        </>
      )}
    </section>
  );
}
