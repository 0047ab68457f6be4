import type { Lang } from "@/lib/i18n";
import type { StoredSummary, UploadStatus } from "@/lib/ingest/upload";

const STATUS: Record<UploadStatus, { zh: string; en: string; tone: string }> = {
  checking: { zh: "检查中", en: "checking", tone: "not_due" },
  checked: { zh: "已检查，待导入", en: "checked, not imported", tone: "not_due" },
  committing: { zh: "导入中", en: "importing", tone: "not_due" },
  committed: { zh: "已导入", en: "imported", tone: "on_time" },
  failed: { zh: "失败", en: "failed", tone: "late" },
  discarded: { zh: "已放弃", en: "discarded", tone: "not_due" },
};

export function UploadStatusBadge({ lang, status }: { lang: Lang; status: UploadStatus }) {
  return <span className={`status ${STATUS[status].tone}`}>{STATUS[status][lang]}</span>;
}

/** An import's counts (a dry run's or a commit's), each row a word and a number. */
export function SummaryCounts({ lang, s, dryRun }: { lang: Lang; s: StoredSummary; dryRun: boolean }) {
  const en = lang === "en";
  const nf = new Intl.NumberFormat(en ? "en-US" : "zh-CN");
  const rows: [string, number][] = [
    [en ? "Rows read" : "读取行数", s.rows],
    [dryRun ? (en ? "New rows (would be added)" : "新增（将添加）") : en ? "New rows added" : "新增", s.inserted],
    [dryRun ? (en ? "Changed rows (would be updated)" : "变更（将更新）") : en ? "Changed rows updated" : "变更", s.updated],
    [en ? "Unchanged" : "无变化", s.unchanged],
    [en ? "Superseded by a later row of the same key" : "被文件中同一主键的后续行取代", s.superseded],
    [en ? "Rejected (not imported)" : "未通过（不导入）", s.rejectedCount],
  ];
  return (
    <table className="compact" style={{ maxWidth: "36em" }}>
      <tbody>
        {rows.map(([label, n]) => (
          <tr key={label}>
            <th scope="row">{label}</th>
            <td className="num">{nf.format(n)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
