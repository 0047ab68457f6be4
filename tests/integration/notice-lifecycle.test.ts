import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OFFICE } from "../helpers/actors";
import type { Connection } from "@/db/client";
import type { SessionUser } from "@/lib/auth/users";
import { closePeriod } from "@/lib/notices/close";
import { approve, checkAttachment, correct, editDraft, escalateOverdue, getNotice, issue, reviewReport, setPublic, setSecondApproverRequired, submitReport, timeline, workdaysOverdue } from "@/lib/notices/lifecycle";
import { saveRules } from "@/lib/notices/rules";
import { freshDatabase } from "../helpers/db";
import { insertRegions, insertRows, record } from "../helpers/fixtures";

let db: Connection & { drop(): Promise<void> };
const office: SessionUser = { username: "office", name: "办公室", role: "office", unitCode: null };
const office2: SessionUser = { username: "office-2", name: "办公室二", role: "office", unitCode: null };
const head = (code: string): SessionUser => ({ username: `head-${code}`, name: code, role: "unit_head", unitCode: code });
const ids: Record<string, number> = {};

beforeAll(async () => {
  db = await freshDatabase();
  const regions = await insertRegions(db, 12);
  // every region late on its only record: everyone gets a draft
  await insertRows(db, "records", regions.map((c) => record(`r${c}`, c, "2024-03-01", null, null)));
  await saveRules(db, [{ id: "publication_late_over_half", floor: 0.5 }], OFFICE);
  await closePeriod(db, { period: "2024-03", asOf: "2024-04-30", actor: OFFICE });
  for (const n of await db.query<{ id: number; unit_code: string }>(`SELECT id, unit_code FROM notices`)) ids[n.unit_code] = n.id;
});

afterAll(async () => {
  await db?.drop();
});

describe("a notice's life", () => {
  it("goes draft → approved → issued → returned → resubmitted → accepted, with a timeline", async () => {
    const id = ids["620100"]!;
    await expect(issue(db, office, id, "2024-05-06")).rejects.toThrow(/approved before/);
    await editDraft(db, office, id, { title: "关于兰州市2024年3月社会信用工作情况的通报", body: "兰州市：请整改。", addressees: "兰州市人民政府", deadlineWorkdays: 10 });
    await expect(approve(db, head("620100"), id)).rejects.toThrow(/only the office/);
    expect(await approve(db, office, id)).toBe("approved");
    // issued on Monday 2024-05-06: ten working days later, counting Saturday 05-11 (a make-up working day), is 05-17
    const { number, rectificationDue } = await issue(db, office, id, "2024-05-06");
    expect(number).toBe("甘信用办通〔2024〕1号");
    expect(rectificationDue).toBe("2024-05-17");
    await expect(editDraft(db, office, id, { title: "x", body: "y", addressees: "z", deadlineWorkdays: 10 })).rejects.toThrow(/only a draft/);
    await expect(db.query(`UPDATE notices SET body = 'changed' WHERE id = $1`, [id])).rejects.toThrow(/cannot be changed/);

    await expect(submitReport(db, head("620200"), id, { body: "整改", attachments: [] })).rejects.toThrow(/not addressed to your unit/);
    const r1 = await submitReport(db, head("620100"), id, { body: "已补报全部记录。", attachments: [{ fileName: "整改报告.pdf", data: Buffer.from("%PDF-1.4 test") }] });
    await expect(submitReport(db, head("620100"), id, { body: "again", attachments: [] })).rejects.toThrow(/still being reviewed/);
    await expect(reviewReport(db, office, r1, { accept: false, note: "" })).rejects.toThrow(/say why/);
    await reviewReport(db, office, r1, { accept: false, note: "缺少迟报原因说明" });
    const r2 = await submitReport(db, head("620100"), id, { body: "已补报全部记录，并说明迟报原因。", attachments: [] });
    await reviewReport(db, office, r2, { accept: true, note: "同意" });
    expect((await getNotice(db, id)).status).toBe("rectified");
    expect((await timeline(db, id)).map((e) => e.kind)).toEqual(["edited", "approved", "issued", "report_submitted", "returned", "report_submitted", "accepted"]);
    await setPublic(db, office, id, true);
    expect((await getNotice(db, id)).is_public).toBe(true);
  });

  it("needs two different approvers when the office asks for it", async () => {
    await setSecondApproverRequired(db, office, true);
    const id = ids["620200"]!;
    expect(await approve(db, office, id)).toBe("approved_once");
    await expect(approve(db, office, id)).rejects.toThrow(/someone else/);
    expect(await approve(db, office2, id)).toBe("approved");
    expect((await getNotice(db, id)).approved_by).toBe("office, office-2");
    await setSecondApproverRequired(db, office, false);
  });

  it("numbers notices per year without gaps or duplicates, however many are issued at once", async () => {
    const rest = Object.entries(ids).filter(([c]) => c !== "620100").map(([, id]) => id);
    for (const id of rest) if ((await getNotice(db, id)).status === "draft") await approve(db, office, id);
    const issued = await Promise.all(rest.map((id) => issue(db, office, id, "2024-05-07")));
    const seqs = issued.map((i) => Number(/〕(\d+)号/.exec(i.number)![1])).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: rest.length }, (_, i) => i + 2));
    const next = await correct(db, office, ids["620300"]!);
    await approve(db, office, next);
    expect((await issue(db, office, next, "2025-01-06")).number).toBe("甘信用办通〔2025〕1号");
    expect((await getNotice(db, next)).refers_to).toBe(ids["620300"]);
  });

  it("reminds and then escalates an overdue notice, once", async () => {
    const id = ids["620400"]!;
    const n = await getNotice(db, id);
    // due 2024-05-27 (15 working days after 05-07, with Saturday 05-11); 05-29 is two working days late, 06-04 six
    expect(n.rectification_due).toBe("2024-05-27");
    expect(await workdaysOverdue(db, n, "2024-05-29")).toBe(2);
    const first = await escalateOverdue(db, office, "2024-05-29");
    expect(first.reminded).toBe(11);
    expect(first.escalated).toBe(0);
    expect(await escalateOverdue(db, office, "2024-05-29")).toEqual({ reminded: 0, escalated: 0 });
    expect(await escalateOverdue(db, office, "2024-06-04")).toEqual({ reminded: 0, escalated: 11 });
    expect((await timeline(db, id)).map((e) => e.kind).slice(-2)).toEqual(["reminded", "escalated"]);
  });

  it("checks attachments' size and type", () => {
    expect(checkAttachment({ fileName: "a.png", data: Buffer.from([0x89, 0x50, 0x4e, 0x47, 1]) })).toBe("image/png");
    expect(() => checkAttachment({ fileName: "a.exe", data: Buffer.from("MZ") })).toThrow(/unsupported/);
    expect(() => checkAttachment({ fileName: "a.pdf", data: Buffer.from("not a pdf") })).toThrow(/not what its name says/);
    expect(() => checkAttachment({ fileName: "a.txt", data: Buffer.alloc(0) })).toThrow(/empty/);
    expect(() => checkAttachment({ fileName: "a.txt", data: Buffer.alloc(5 * 1024 * 1024 + 1) })).toThrow(/5 MB/);
  });
});
