import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OFFICE } from "../helpers/actors";
import type { Sql } from "@/db/client";
import type { SessionUser } from "@/lib/auth/users";
import { closePeriod } from "@/lib/notices/close";
import { approve, correct, editDraft, escalateOverdue, getNotice, issue, reviewReport, setPublic, setSecondApproverRequired, submitReport, timeline, workdaysOverdue } from "@/lib/notices/lifecycle";
import { checkAttachment } from "@/lib/notices/report-files";
import { saveRules } from "@/lib/notices/rules";
import { freshDatabase, withRollback, type TestDatabase } from "../helpers/db";
import { insertRegions, insertRows, record } from "../helpers/fixtures";

let db: TestDatabase;
const office: SessionUser = { username: "office", name: "办公室", role: "office", unitCode: null };
const office2: SessionUser = { username: "office-2", name: "办公室二", role: "office", unitCode: null };
const head = (code: string): SessionUser => ({ username: `head-${code}`, name: code, role: "unit_head", unitCode: code });
let ids: Record<string, number>;

/** Twelve regions, every one late on its only March record: March closed, everyone has a draft. Their ids by unit. */
async function draftMarch(sql: Sql): Promise<Record<string, number>> {
  const regions = await insertRegions(sql, 12);
  await insertRows(sql, "records", regions.map((c) => record(`r${c}`, c, "2024-03-01", null, null)));
  await saveRules(sql, [{ id: "publication_late_over_half", floor: 0.5 }], OFFICE);
  await closePeriod(sql, { period: "2024-03", asOf: "2024-04-30", actor: OFFICE });
  const byUnit: Record<string, number> = {};
  for (const n of await sql.query<{ id: number; unit_code: string }>(`SELECT id, unit_code FROM notices`)) byUnit[n.unit_code] = n.id;
  return byUnit;
}

// The drafts are the file's; each test takes them on from there and is rolled back after, but for
// the one that issues notices concurrently, which needs commits and so a database of its own.
beforeAll(async () => {
  db = await freshDatabase();
  ids = await draftMarch(db);
});

afterAll(async () => {
  await db?.drop();
});

describe("a notice's life", () => {
  it("goes draft → approved → issued → returned → resubmitted → accepted, with a timeline", async () => {
    await withRollback(db, async (tx) => {
      const id = ids["620100"]!;
      await expect(issue(tx, office, id, "2024-05-06")).rejects.toThrow(/approved before/);
      await editDraft(tx, office, id, { title: "关于兰州市2024年3月社会信用工作情况的通报", body: "兰州市：请整改。", addressees: "兰州市人民政府", deadlineWorkdays: 10 });
      await expect(approve(tx, head("620100"), id)).rejects.toThrow(/only the office/);
      expect(await approve(tx, office, id)).toBe("approved");
      // issued on Monday 2024-05-06: ten working days later, counting Saturday 05-11 (a make-up working day), is 05-17
      const { number, rectificationDue } = await issue(tx, office, id, "2024-05-06");
      expect(number).toBe("甘信用办通〔2024〕1号");
      expect(rectificationDue).toBe("2024-05-17");
      await expect(editDraft(tx, office, id, { title: "x", body: "y", addressees: "z", deadlineWorkdays: 10 })).rejects.toThrow(/only a draft/);
      await expect(tx.query(`UPDATE notices SET body = 'changed' WHERE id = $1`, [id])).rejects.toThrow(/cannot be changed/);

      await expect(submitReport(tx, head("620200"), id, { body: "整改", attachments: [] })).rejects.toThrow(/not addressed to your unit/);
      const r1 = await submitReport(tx, head("620100"), id, { body: "已补报全部记录。", attachments: [{ fileName: "整改报告.pdf", data: Buffer.from("%PDF-1.4 test") }] });
      await expect(submitReport(tx, head("620100"), id, { body: "again", attachments: [] })).rejects.toThrow(/still being reviewed/);
      await expect(reviewReport(tx, office, r1, { accept: false, note: "" })).rejects.toThrow(/say why/);
      await reviewReport(tx, office, r1, { accept: false, note: "缺少迟报原因说明" });
      const r2 = await submitReport(tx, head("620100"), id, { body: "已补报全部记录，并说明迟报原因。", attachments: [] });
      await reviewReport(tx, office, r2, { accept: true, note: "同意" });
      expect((await getNotice(tx, id)).status).toBe("rectified");
      expect((await timeline(tx, id)).map((e) => e.kind)).toEqual(["edited", "approved", "issued", "report_submitted", "returned", "report_submitted", "accepted"]);
      await setPublic(tx, office, id, true);
      expect((await getNotice(tx, id)).is_public).toBe(true);
    });
  });

  it("needs two different approvers when the office asks for it", async () => {
    await withRollback(db, async (tx) => {
      await setSecondApproverRequired(tx, office, true);
      const id = ids["620200"]!;
      expect(await approve(tx, office, id)).toBe("approved_once");
      await expect(approve(tx, office, id)).rejects.toThrow(/someone else/);
      expect(await approve(tx, office2, id)).toBe("approved");
      expect((await getNotice(tx, id)).approved_by).toBe("office, office-2");
      await setSecondApproverRequired(tx, office, false);
    });
  });

  it("numbers notices per year without gaps or duplicates, however many are issued at once", async () => {
    // issuing at once needs commits on separate connections: a database of its own, drafted as the file's
    const own = await freshDatabase();
    try {
      const ownIds = await draftMarch(own);
      // 兰州市's notice first, as number 1
      await approve(own, office, ownIds["620100"]!);
      await issue(own, office, ownIds["620100"]!, "2024-05-06");
      const rest = Object.entries(ownIds).filter(([c]) => c !== "620100").map(([, id]) => id);
      for (const id of rest) if ((await getNotice(own, id)).status === "draft") await approve(own, office, id);
      const issued = await Promise.all(rest.map((id) => issue(own, office, id, "2024-05-07")));
      const seqs = issued.map((i) => Number(/〕(\d+)号/.exec(i.number)![1])).sort((a, b) => a - b);
      expect(seqs).toEqual(Array.from({ length: rest.length }, (_, i) => i + 2));
      const next = await correct(own, office, ownIds["620300"]!);
      await approve(own, office, next);
      expect((await issue(own, office, next, "2025-01-06")).number).toBe("甘信用办通〔2025〕1号");
      expect((await getNotice(own, next)).refers_to).toBe(ownIds["620300"]);
    } finally {
      await own.drop();
    }
  });

  it("reminds and then escalates an overdue notice, once", async () => {
    await withRollback(db, async (tx) => {
      // every notice but 兰州市's issued on 2024-05-07 and left without a report
      for (const [code, id] of Object.entries(ids)) {
        if (code === "620100") continue;
        await approve(tx, office, id);
        await issue(tx, office, id, "2024-05-07");
      }
      const id = ids["620400"]!;
      const n = await getNotice(tx, id);
      // due 2024-05-27 (15 working days after 05-07, with Saturday 05-11); 05-29 is two working days late, 06-04 six
      expect(n.rectification_due).toBe("2024-05-27");
      expect(await workdaysOverdue(tx, n, "2024-05-29")).toBe(2);
      const first = await escalateOverdue(tx, office, "2024-05-29");
      expect(first.reminded).toBe(11);
      expect(first.escalated).toBe(0);
      expect(await escalateOverdue(tx, office, "2024-05-29")).toEqual({ reminded: 0, escalated: 0 });
      expect(await escalateOverdue(tx, office, "2024-06-04")).toEqual({ reminded: 0, escalated: 11 });
      expect((await timeline(tx, id)).map((e) => e.kind).slice(-2)).toEqual(["reminded", "escalated"]);
    });
  });

  it("checks attachments' size and type (in detail: notice-workflow.test.ts)", () => {
    expect(checkAttachment({ fileName: "a.png", data: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1]) })).toBe("image/png");
    expect(() => checkAttachment({ fileName: "a.exe", data: Buffer.from([0x4d, 0x5a, 0, 0xff]) })).toThrow(/unsupported/);
    expect(() => checkAttachment({ fileName: "a.pdf", data: Buffer.from("not a pdf") })).toThrow(/its name should end in \.txt/);
    expect(() => checkAttachment({ fileName: "a.txt", data: Buffer.alloc(0) })).toThrow(/empty/);
    expect(() => checkAttachment({ fileName: "a.txt", data: Buffer.alloc(5 * 1024 * 1024 + 1) })).toThrow(/larger than 5 MB/);
  });
});
