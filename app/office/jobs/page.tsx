import { AppShell } from "@/components/AppShell";
import { getDb } from "@/lib/db";
import { JOBS } from "@/jobs";
import { requireOffice } from "@/lib/auth/guards";
import { langOf } from "@/lib/i18n";
import { jobHistory } from "@/lib/jobs/runner";
import { runJobAction } from "./actions";

export const dynamic = "force-dynamic";

const NAMES: Record<string, { zh: string; en: string }> = {
  reminders: { zh: "到期提醒与逾期升级（每个工作日 8:00）", en: "Reminders and escalation (working days, 08:00)" },
  "close-period": { zh: "关闭上月并生成通报草稿（每月第一个工作日 6:00）", en: "Close last month and draft notices (first working day, 06:00)" },
  rescore: { zh: "重算本月得分（每晚 2:00）", en: "Rescore the open month (nightly, 02:00)" },
  "audit-retention": { zh: "审计日志保存检查（每天 3:30）", en: "Audit-log retention check (daily, 03:30)" },
};

export default async function JobsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const sp = await searchParams;
  const lang = langOf(sp.lang);
  const user = await requireOffice("view:jobs", "/office/jobs");
  const runs = await jobHistory(await getDb());
  const en = lang === "en";
  return (
    <AppShell lang={lang} user={user} path="/office/jobs">
      <section className="card">
        <h1>{en ? "Scheduled jobs" : "定时任务"}</h1>
        <p className="muted">{en ? "Times are Beijing time. Each run is recorded; a job runs once per day or period even with several app instances." : "时间为北京时间。每次运行均有记录；多个实例同时运行时，每项任务每天（或每期）只执行一次。"}</p>
        {sp.ran && <p className="notice" role="status">{sp.ran}: {sp.outcome}</p>}
        <table>
          <tbody>
            {JOBS.map((j) => (
              <tr key={j.name}>
                <th scope="row">{NAMES[j.name]?.[lang] ?? j.name}</th>
                <td><code>{j.schedule}</code></td>
                <td>
                  <form action={runJobAction}><input type="hidden" name="lang" value={lang} /><input type="hidden" name="job" value={j.name} /><button type="submit" className="secondary">{en ? "Run now" : "立即运行"}</button></form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="card">
        <h2>{en ? "History" : "运行记录"}</h2>
        <div className="table-wrap">
          <table className="items">
            <thead>
              <tr><th>{en ? "Job" : "任务"}</th><th>{en ? "Key" : "批次"}</th><th>{en ? "How" : "方式"}</th><th>{en ? "Started" : "开始"}</th><th>{en ? "Finished" : "结束"}</th><th>{en ? "Outcome" : "结果"}</th><th>{en ? "Counts" : "数量"}</th></tr>
            </thead>
            <tbody>
              {runs.map((r) => (
                <tr key={r.id}>
                  <td>{r.job}</td>
                  <td>{r.run_key}</td>
                  <td>{r.trigger}</td>
                  <td>{r.started_at.slice(0, 19)}</td>
                  <td>{r.finished_at?.slice(0, 19) ?? "—"}</td>
                  <td><span className={`status ${r.outcome === "ok" ? "on_time" : r.outcome === "error" ? "late" : "not_due"}`}>{r.outcome}</span>{r.error && <> {r.error}</>}</td>
                  <td className="small">{JSON.stringify(r.counts)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </AppShell>
  );
}
