import { Pager } from "@/components/Pager";
import { AppShell } from "@/components/AppShell";
import { getDb } from "@/lib/db";
import { JOBS, jobByName, jobOverview } from "@/jobs";
import { requireOffice } from "@/lib/auth/guards";
import { langOf, withLang, type Lang } from "@/lib/i18n";
import { jobHistory, type JobRun } from "@/lib/jobs/runner";
import { describeTime } from "@/lib/jobs/schedule";
import { BadAddress } from "@/components/BadAddress";
import { QueryReader } from "@/lib/web/query";
import { runJobAction } from "./actions";

export const dynamic = "force-dynamic";

const OUTCOME = {
  zh: { ok: "成功", error: "失败", running: "运行中" },
  en: { ok: "done", error: "failed", running: "running" },
} as const;
const TRIGGER = { zh: { schedule: "定时", manual: "手动" }, en: { schedule: "scheduled", manual: "by hand" } } as const;

/** The scheduled jobs: when each runs in words, its next and latest run, "run now", and the history, paged. */
export default async function JobsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const sp = await searchParams;
  const lang = langOf(sp.lang);
  const en = lang === "en";
  const user = await requireOffice("view:jobs", "/office/jobs");
  const db = await getDb();
  const overview = await jobOverview(db);
  const q = new QueryReader(sp);
  const filter = q.oneOf("job", Object.fromEntries(JOBS.map((j) => [j.name, j.title])));
  const wanted = q.page();
  const history = await jobHistory(db, { page: wanted, job: filter });
  q.pageWithin("page", wanted, history.pages);
  if (!q.ok) {
    return (
      <AppShell lang={lang} user={user}>
        <BadAddress {...q.view("/office/jobs")} />
      </AppShell>
    );
  }
  const href = (q: Record<string, string | number | undefined>) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries({ job: filter, ...q })) if (v !== undefined && v !== "") params.set(k, String(v));
    const query = params.toString();
    return withLang(lang, `/office/jobs${query ? `?${query}` : ""}`);
  };
  return (
    <AppShell lang={lang} user={user}>
      <section className="card">
        <h1>{en ? "Scheduled jobs" : "定时任务"}</h1>
        <p className="muted">
          {en
            ? "Times are Beijing time; working days follow the official calendar. Each run is recorded; with several app instances each job still runs once per day (or period)."
            : "时间为北京时间，工作日以官方日历为准。每次运行均有记录；多个实例同时运行时，每项任务每天（或每期）只执行一次。"}
        </p>
        {sp.ran && jobByName(sp.ran) && (
          <p className="notice" role="status">
            {en ? `Ran “${jobByName(sp.ran)!.title.en}” by hand: ` : `已手动运行“${jobByName(sp.ran)!.title.zh}”：`}
            {sp.outcome === "ok" ? OUTCOME[lang].ok : OUTCOME[lang].error}
            {en ? " (see its line below)." : "（详见下方记录）。"}
          </p>
        )}
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{en ? "Job" : "任务"}</th>
                <th scope="col">{en ? "Runs" : "运行时间"}</th>
                <th scope="col">{en ? "Next run" : "下次运行"}</th>
                <th scope="col">{en ? "Latest run" : "最近一次"}</th>
                <th scope="col"></th>
              </tr>
            </thead>
            <tbody>
              {overview.map(({ job, next, last }) => (
                <tr key={job.name}>
                  <th scope="row">{job.title[lang]}</th>
                  <td>{describeTime(job.time, lang)}</td>
                  <td>{next ?? (en ? "— (calendar not loaded)" : "—（日历未载入）")}</td>
                  <td className="small">{last ? <RunText lang={lang} run={last} /> : en ? "never run yet" : "尚未运行"}</td>
                  <td>
                    <form action={runJobAction}>
                      <input type="hidden" name="lang" value={lang} />
                      <input type="hidden" name="job" value={job.name} />
                      <button type="submit" className="secondary">{en ? "Run now" : "立即运行"}</button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section className="card">
        <h2>{en ? "History" : "运行记录"}</h2>
        <form className="filters" action="/office/jobs">
          {en && <input type="hidden" name="lang" value="en" />}
          <label>
            {en ? "Job" : "任务"}
            <select name="job" defaultValue={filter ?? ""}>
              <option value="">{en ? "all" : "全部"}</option>
              {JOBS.map((j) => <option key={j.name} value={j.name}>{j.title[lang]}</option>)}
            </select>
          </label>
          <button type="submit" className="secondary">{en ? "Show" : "查看"}</button>
        </form>
        {history.total === 0 ? (
          <p className="muted">{en ? "No run yet: the jobs run at the times above, or when you press “Run now”." : "尚无运行记录：任务将在上述时间自动运行，也可点击“立即运行”。"}</p>
        ) : (
          <>
            <p className="muted">{en ? `${history.total} runs` : `共 ${history.total} 次`}</p>
            <div className="table-wrap">
              <table className="items">
                <thead>
                  <tr>
                    <th scope="col">{en ? "Job" : "任务"}</th>
                    <th scope="col">{en ? "How" : "方式"}</th>
                    <th scope="col">{en ? "Started" : "开始"}</th>
                    <th scope="col">{en ? "Finished" : "结束"}</th>
                    <th scope="col">{en ? "Result" : "结果"}</th>
                  </tr>
                </thead>
                <tbody>
                  {history.runs.map((r) => (
                    <tr key={r.id}>
                      <td>{jobByName(r.job)?.title[lang] ?? r.job}</td>
                      <td>{TRIGGER[lang][r.trigger]}</td>
                      <td>{r.started_at}</td>
                      <td>{r.finished_at ?? "—"}</td>
                      <td><RunText lang={lang} run={r} withTime={false} /></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pager lang={lang} page={history.page} pages={history.pages} href={(n) => href({ page: n })} />
          </>
        )}
      </section>
    </AppShell>
  );
}

/** A run in words: its outcome, what it did (the job's own sentence) or why it failed. */
function RunText({ lang, run, withTime = true }: { lang: Lang; run: JobRun; withTime?: boolean }) {
  const job = jobByName(run.job);
  const status = run.outcome === "ok" ? "on_time" : run.outcome === "error" ? "late" : "not_due";
  return (
    <>
      <span className={`status ${status}`}>{OUTCOME[lang][run.outcome]}</span>
      {withTime && <> {run.finished_at ?? run.started_at}</>}
      {run.outcome === "ok" && job && <div>{job.summary(run.counts, lang)}</div>}
      {run.error && <div>{run.error}</div>}
    </>
  );
}
