import Link from "next/link";
import { VersionChangesTable } from "@/components/VersionChanges";
import type { PublicationPlan } from "@/lib/publication/publish";
import { formatDate, periodLabel, type Lang } from "@/lib/i18n";
import type { NameOf } from "@/lib/unit-names";

type FormAction = (form: FormData) => Promise<void>;

/**
 * Publishing, confirmed: what the new version will be and, for a correction, exactly the units it
 * changes and why; then the reason and the button. A republication that changes nothing is refused
 * here already (and by publishPeriod).
 */
export function PublishConfirm({ lang, plan, note, noteEn = "", cancelHref, action, name }: { lang: Lang; plan: PublicationPlan; note: string; noteEn?: string; cancelHref: string; action: FormAction; name: NameOf }) {
  const en = lang === "en";
  const label = periodLabel(lang, plan.period);
  const ranked = (g: "region" | "department") => plan.groups[g].filter((e) => e.rank !== null).length;
  const names = new Map([...plan.groups.region, ...plan.groups.department].map((e) => [e.code, name(e.code, e.name)]));
  const changes = plan.changes.map((c) => ({ ...c, name: name(c.code, c.name) }));
  if (plan.unchanged) {
    return (
      <section className="card" aria-labelledby="confirm-title" id="confirm">
        <h2 id="confirm-title">{en ? "Nothing changed" : "数据无变化，无需重新发布"}</h2>
        <p>
          {en
            ? `Every figure of ${label} as of ${formatDate(lang, plan.as_of)} is the same as in the published version ${plan.previous!.version}: a new version would say nothing new, so it is not published.`
            : `${label}以 ${formatDate(lang, plan.as_of)} 为评价日的各项数据，与已发布的第 ${plan.previous!.version} 版完全相同，发布新版本没有任何更正内容，因此不予发布。`}
        </p>
        <p><Link href={cancelHref}>{en ? "Back" : "返回"}</Link></p>
      </section>
    );
  }
  const correction = plan.previous !== null;
  return (
    <section className="card" aria-labelledby="confirm-title" id="confirm">
      <h2 id="confirm-title">{en ? `Publish version ${plan.version} of ${label}?` : `发布${label}第 ${plan.version} 版排名？`}</h2>
      <ul>
        <li>
          {en
            ? `Evaluated as of ${formatDate(lang, plan.as_of)}; ranked: ${ranked("region")} cities and prefectures, ${ranked("department")} departments.`
            : `评价日 ${formatDate(lang, plan.as_of)}；参与排名：市州 ${ranked("region")} 个，省直部门 ${ranked("department")} 个。`}
        </li>
        <li>
          {en
            ? "The snapshot cannot be changed or withdrawn: it appears at once on the public page and as open data (CSV and JSON); a mistake is corrected only by publishing a new version."
            : "快照发布后不可修改、不可撤回，立即在公示页面和开放数据（CSV、JSON）中公开；如有错误，只能发布新版本更正。"}
        </li>
        {correction && (
          <li>
            {en
              ? `It corrects version ${plan.previous!.version} (evaluated as of ${formatDate(lang, plan.previous!.as_of)}), which stays downloadable; the public page shows the reason and the units below.`
              : `本版更正第 ${plan.previous!.version} 版（评价日 ${formatDate(lang, plan.previous!.as_of)}），原版本仍可查阅下载；公示页面将公开更正原因和下列单位。`}
          </li>
        )}
        {plan.calendar_changed && <li>{en ? "The working-day calendar has changed since the version before." : "工作日历自上一版发布以来有调整。"}</li>}
      </ul>
      {correction && (
        <>
          <h3>{en ? `Units whose score or rank changes (${plan.changes.length})` : `得分或排名将变化的单位（${plan.changes.length} 个）`}</h3>
          {plan.changes.length > 0 ? (
            <VersionChangesTable lang={lang} changes={changes} names={names} asOfBefore={plan.previous!.as_of} asOfAfter={plan.as_of} />
          ) : (
            <p className="muted">{en ? "No score or rank changes; only the figures behind them do." : "各单位得分和排名均不变，仅其背后的指标数据有变化。"}</p>
          )}
        </>
      )}
      <form action={action} className="login-form">
        <input type="hidden" name="lang" value={lang} />
        <input type="hidden" name="period" value={plan.period} />
        <input type="hidden" name="asOf" value={plan.as_of} />
        <input type="hidden" name="version" value={plan.version} />
        <input type="hidden" name="fingerprint" value={plan.fingerprint} />
        <label>
          {correction ? (en ? "Reason for the correction (required; shown on the public page)" : "更正原因（必填，将在公示页面公开）") : en ? "Note (optional)" : "说明（可选）"}
          <textarea name="note" rows={3} maxLength={500} defaultValue={note} required={correction} />
        </label>
        <label>
          {/* one language per field: each reader sees the note in theirs (English pages fall back to the Chinese note) */}
          {en ? "The same in English (optional; shown on English pages)" : "英文说明（可选，在英文页面显示）"}
          <textarea name="noteEn" rows={2} maxLength={500} defaultValue={noteEn} lang="en" />
        </label>
        <div className="filters">
          <button type="submit">{en ? `Publish version ${plan.version}` : `确认发布第 ${plan.version} 版`}</button>
          <Link href={cancelHref}>{en ? "Cancel" : "取消"}</Link>
        </div>
      </form>
    </section>
  );
}
