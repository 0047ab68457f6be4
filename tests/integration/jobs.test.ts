import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OFFICE } from "../helpers/actors";
import { openPostgres } from "@/db/client";
import { JOBS, jobByName, jobContext } from "@/jobs";
import { jobHistory, JOB_RUNS_PAGE_SIZE, runJob } from "@/lib/jobs/runner";
import { cronOf, describeTime, nextRun, nowInShanghai } from "@/lib/jobs/schedule";
import { approve, issue } from "@/lib/notices/lifecycle";
import { saveRules } from "@/lib/notices/rules";
import { freshDatabase, isPostgres, withRollback, type TestDatabase } from "../helpers/db";
import { insertRows, insertUnits, obligation, record } from "../helpers/fixtures";

let db: TestDatabase;
const office = { username: "office", name: "办公室", role: "office" as const, unitCode: null };

beforeAll(async () => {
  db = await freshDatabase();
  await insertUnits(db, ["620100", "D1", "A1"]);
  await insertRows(db, "users", [{ username: "head-620100", display_name: "兰州市负责人", password_hash: "x", role: "unit_head", unit_code: "620100", email: "head@lanzhou.example" }]);
  await insertRows(db, "records", [record("r1", "A1", "2026-09-01", null, null)]);
  await insertRows(db, "cases", [obligation("C1", "M1", "A1", "D1", "2026-10-12"), obligation("C2", "M1", "A1", "D1", "2026-09-30")]);
  await saveRules(db, [{ id: "publication_late_over_half", floor: 0.5 }], OFFICE);
});

afterAll(async () => {
  await db?.drop();
});

describe("scheduled jobs", () => {
  it("close the month before on the first working day of a month only, once", async () => {
    await withRollback(db, async (tx) => {
      const job = jobByName("close-period")!;
      // 2026-10-01..07 are the National Day holidays: the first working day of October is the 8th
      expect(await job.runKey(jobContext(tx, "2026-10-01"))).toBeUndefined();
      expect(await job.runKey(jobContext(tx, "2026-10-08"))).toBe("close:2026-09");
      const first = await runJob(job, jobContext(tx, "2026-10-08"), "schedule");
      expect(first).toMatchObject({ outcome: "ok", counts: { period: "2026-09", drafts: 2, created: 2 } });
      const second = await runJob(job, jobContext(tx, "2026-10-08"), "schedule");
      expect(second.outcome).toBe("skipped");
      const runs = await tx.query<{ outcome: string }>(`SELECT outcome FROM job_runs WHERE job = 'close-period'`);
      expect(runs).toEqual([{ outcome: "ok" }]);
    });
  });

  it("remind unit users of what falls due within 2 working days, on working days", async () => {
    await withRollback(db, async (tx) => {
      // September closed by its job, as on the first working day of October
      await runJob(jobByName("close-period")!, jobContext(tx, "2026-10-08"), "schedule");
      const [n] = await tx.query<{ id: number }>(`SELECT id FROM notices WHERE unit_code = '620100'`);
      await approve(tx, office, n!.id);
      // 15 working days from 2026-09-10 end on 10-08 (after the National Day holidays): overdue on 10-09
      await issue(tx, office, n!.id, "2026-09-10");
      const job = jobByName("reminders")!;
      expect(await job.runKey(jobContext(tx, "2026-10-03"))).toBeUndefined();
      // a local SMTP server on loopback receives the mailed reminders
      const received: string[] = [];
      const smtp = new SMTPServer({
        authOptional: true,
        disabledCommands: ["STARTTLS"],
        onData(stream, session, done) {
          let text = "";
          stream.on("data", (c: Buffer) => (text += c.toString("utf8")));
          stream.on("end", () => {
            received.push(`${session.envelope.rcptTo.map((r) => r.address).join(",")}\n${text}`);
            done();
          });
        },
      });
      await new Promise<void>((r) => smtp.listen(0, "127.0.0.1", r));
      const port = (smtp.server.address() as { port: number }).port;
      const r = await runJob(job, { ...jobContext(tx, "2026-10-09"), mail: { smtpUrl: `smtp://127.0.0.1:${port}`, from: "wenxiao@example.org" } }, "schedule");
      await new Promise<void>((res) => smtp.close(() => res()));
      expect(r.outcome).toBe("ok");
      // the notice's issue was told too (lib/notices/lifecycle.ts), and waits to be mailed with them
      expect(r.counts.mailed).toBe(3);
      expect(received).toHaveLength(3);
      expect(received.every((m) => m.startsWith("head@lanzhou.example"))).toBe(true);
      const inbox = await tx.query<{ username: string; title: string }>(`SELECT username, title FROM inbox ORDER BY id`);
      expect(inbox.map((m) => m.title)).toEqual(["收到通报 甘信用办通〔2026〕1号", "通报 甘信用办通〔2026〕1号 整改已逾期", "联合奖惩措施待反馈"]);
      expect(inbox.every((m) => m.username === "head-620100")).toBe(true);
      expect((await runJob(job, jobContext(tx, "2026-10-09"), "schedule")).outcome).toBe("skipped");
      expect(await tx.query(`SELECT 1 FROM inbox`)).toHaveLength(3);
    });
  });

  it("record errors instead of throwing, and run by hand whenever asked", async () => {
    await withRollback(db, async (tx) => {
      const failing = { ...JOBS[0]!, name: "failing", runKey: async () => "k", run: async () => { throw new Error("boom"); } };
      expect(await runJob(failing, jobContext(tx), "schedule")).toMatchObject({ outcome: "error", error: "boom" });
      const manual1 = await runJob(jobByName("audit-retention")!, jobContext(tx), "manual");
      const manual2 = await runJob(jobByName("audit-retention")!, jobContext(tx), "manual");
      expect([manual1.outcome, manual2.outcome]).toEqual(["ok", "ok"]);
    });
  });

  it("run each job once when two schedulers share the database", async () => {
    // two instances: on PostgreSQL two separate connection pools; on PGlite one process, as deployed.
    // Not rolled back, as it needs both to commit: its rescore run is nothing another test looks at.
    const other = isPostgres() ? openPostgres(process.env.DATABASE_URL!.replace(/\/[^/]*$/, `/${(await db.query<{ d: string }>(`SELECT current_database() AS d`))[0]!.d}`), 2) : db;
    try {
      const job = jobByName("rescore")!;
      const results = await Promise.all([runJob(job, jobContext(db, "2026-10-09"), "schedule"), runJob(job, jobContext(other, "2026-10-09"), "schedule")]);
      expect(results.map((r) => r.outcome).sort()).toEqual(["ok", "skipped"]);
      expect(await db.query(`SELECT 1 FROM job_runs WHERE job = 'rescore'`)).toHaveLength(1);
    } finally {
      if (other !== db) await other.close();
    }
  });
});

describe("the jobs page's words", () => {
  it("say when a job runs and when it runs next, from the official calendar", async () => {
    const reminders = jobByName("reminders")!.time;
    const close = jobByName("close-period")!.time;
    const rescore = jobByName("rescore")!.time;
    expect(describeTime(reminders, "zh")).toBe("每个工作日 08:00");
    expect(describeTime(close, "en")).toBe("the first working day of each month at 06:00");
    expect(cronOf(rescore)).toBe("0 2 * * *");
    // 2026-10-01..07 is the National Day holiday; 2026-11-01 is a Sunday
    expect(await nextRun(db, reminders, { date: "2026-10-01", time: "09:00" })).toBe("2026-10-08 08:00");
    expect(await nextRun(db, reminders, { date: "2026-10-08", time: "07:59" })).toBe("2026-10-08 08:00");
    expect(await nextRun(db, reminders, { date: "2026-10-09", time: "08:00" })).toBe("2026-10-10 08:00"); // a Saturday worked in lieu
    expect(await nextRun(db, close, { date: "2026-10-08", time: "05:00" })).toBe("2026-10-08 06:00");
    expect(await nextRun(db, close, { date: "2026-10-08", time: "07:00" })).toBe("2026-11-02 06:00");
    expect(await nextRun(db, rescore, { date: "2026-10-08", time: "02:30" })).toBe("2026-10-09 02:00");
    expect(nowInShanghai(new Date("2026-11-23T18:30:00Z"))).toEqual({ date: "2026-11-24", time: "02:30" });
  });

  it("tell a run's result in a sentence in both languages, and page the history", async () => {
    await withRollback(db, async (tx) => {
      // runs left by the other cases (one file, one database) are not this case's concern
      await tx.query(`DELETE FROM job_runs`);
      const r = await runJob(jobByName("rescore")!, jobContext(tx, "2026-10-09"), "manual");
      expect(r.outcome).toBe("ok");
      expect(jobByName("rescore")!.summary(r.counts, "zh")).toMatch(/^2026-10：\d+ 个单位已计分，其中 \d+ 个低于 60 分$/);
      expect(jobByName("rescore")!.summary(r.counts, "en")).toMatch(/^2026-10: \d+ units scored, \d+ below 60$/);
      for (let i = 0; i < JOB_RUNS_PAGE_SIZE; i++) await runJob(jobByName("audit-retention")!, jobContext(tx, "2026-10-09"), "manual");
      const all = await jobHistory(tx, {});
      expect(all.total).toBe(JOB_RUNS_PAGE_SIZE + 1);
      expect(all.runs).toHaveLength(JOB_RUNS_PAGE_SIZE);
      expect(all.pages).toBe(2);
      const second = await jobHistory(tx, { page: 2 });
      expect(second.runs.map((x) => x.job)).toEqual(["rescore"]);
      expect((await jobHistory(tx, { page: 99 })).page).toBe(2);
      expect((await jobHistory(tx, { job: "rescore" })).total).toBe(1);
      const audit = jobByName("audit-retention")!;
      expect(audit.summary(all.runs[0]!.counts, "zh")).toMatch(/^审计日志 [\d,]+ 条（最早 .+），访问日志 [\d,]+ 条/);
    });
  });
});
