import type { ChangeReason, VersionChange } from "@/lib/publication/publish";
import { formatDate, numberFormat, type Lang } from "@/lib/i18n";

/**
 * The units whose score or rank a new version changes, and why: on the public correction note and on
 * the office's confirmation before it publishes. The reasons come from the publication's plan
 * (lib/publication/publish.ts planPublication).
 */
export function reasonText(lang: Lang, reason: ChangeReason, asOfBefore: string | undefined, asOfAfter: string): string {
  const en = lang === "en";
  switch (reason) {
    case "evidence":
      return en ? "corrected evidence (it differs even as of the earlier evaluation date)" : "数据更正（按原评价日重新计算亦不同）";
    case "evaluation_date":
      return asOfBefore
        ? en
          ? `evaluation date moved from ${formatDate(lang, asOfBefore)} to ${formatDate(lang, asOfAfter)}`
          : `评价日由 ${formatDate(lang, asOfBefore)} 改为 ${formatDate(lang, asOfAfter)}`
        : en
          ? "another evaluation date"
          : "评价日变更";
    case "rank_only":
      return en ? "score unchanged; rank moved with other units' scores" : "得分未变，因其他单位得分变化而排名变动";
    case "method":
      return en ? "the scoring method changed (minimum sample)" : "评价方法调整（最小样本量）";
  }
}

const GROUP = { zh: { region: "市州", department: "省直部门" }, en: { region: "Region", department: "Department" } } as const;

export function VersionChangesTable({ lang, changes, names, asOfBefore, asOfAfter }: { lang: Lang; changes: VersionChange[]; names: Map<string, string>; asOfBefore?: string; asOfAfter: string }) {
  const en = lang === "en";
  const nf = numberFormat(lang);
  const cols = en ? ["Unit", "Group", "Score before", "Score after", "Rank before", "Rank after", "Why"] : ["单位", "组别", "原得分", "新得分", "原排名", "新排名", "原因"];
  return (
    <div className="table-wrap">
      <table className="compact">
        <thead>
          <tr>{cols.map((c) => <th key={c} scope="col">{c}</th>)}</tr>
        </thead>
        <tbody>
          {changes.map((c) => (
            <tr key={`${c.group}-${c.code}`}>
              <th scope="row">{c.name ?? names.get(c.code) ?? c.code}</th>
              <td>{GROUP[lang][c.group]}</td>
              <td className="num">{c.score_before === null ? "—" : nf.format(c.score_before)}</td>
              <td className="num">{c.score_after === null ? "—" : nf.format(c.score_after)}</td>
              <td className="num">{c.rank_before ?? "—"}</td>
              <td className="num">{c.rank_after ?? "—"}</td>
              <td className="small">{c.reasons ? c.reasons.map((r) => reasonText(lang, r, asOfBefore, asOfAfter)).join(en ? "; " : "；") : "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
