import ExcelJS from "exceljs";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Connection } from "@/db/client";
import { reloadEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { closePeriod } from "@/lib/notices/close";
import { approve, issue, reviewReport, submitReport } from "@/lib/notices/lifecycle";
import { listNotices, NOTICE_PAGE_SIZE, reportAttachment } from "@/lib/notices/queries";
import { ACCEPT, checkAttachment, fileTooLarge, limitsText, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS, tooManyFiles } from "@/lib/notices/report-files";
import { saveRules } from "@/lib/notices/rules";
import { mailPendingMessages, mailSoon } from "@/lib/notify/mail";
import { readMultipart } from "@/lib/web/multipart";
import { OFFICE, clerk, head } from "../helpers/actors";
import { freshDatabase, withRollback, type TestDatabase } from "../helpers/db";
import { docxBytes, ofdBytes, pdfOfSize, zipBytes } from "../helpers/files";
import { insertRegions, insertRows, record } from "../helpers/fixtures";

/**
 * The rectification workflow (issue 9, items 1, 2 and 7): what a report may carry (limits, kinds by
 * content), the upload read as it streams, the inbox messages at each step (and their mail), the
 * lists' "awaiting review" and "returned" filters, and an attachment read back for download.
 */
let db: TestDatabase;
/** the drafted notices by unit */
let ids: Record<string, number>;
const A = "620100";
const B = "620200";
/** the 4.9 MB of a scanned page, as the form promises to take it */
const MB49 = Math.floor(4.9 * 1024 * 1024);

beforeAll(async () => {
  db = await freshDatabase();
  // three units, each late on its only March record: each gets a draft
  const regions = await insertRegions(db, 3);
  await insertRows(db, "records", regions.map((c) => record(`r${c}`, c, "2024-03-01", null, null)));
  await saveRules(db, [{ id: "publication_late_over_half", floor: 0.5 }], OFFICE);
  await closePeriod(db, { period: "2024-03", asOf: "2024-04-30", actor: OFFICE });
  ids = {};
  for (const n of await db.query<{ id: number; unit_code: string }>(`SELECT id, unit_code FROM notices`)) ids[n.unit_code] = n.id;
  // and more drafts than a page of the list holds: copies of 兰州市's for earlier months
  await db.query(
    `INSERT INTO notices (period, grp, unit_code, rules, rules_version, as_of, figures, worst_items, title, body, addressees, deadline_workdays)
     SELECT to_char(date '2024-02-01' - make_interval(months => g), 'YYYY-MM'), grp, unit_code, rules, rules_version, as_of, figures, worst_items, title, body, addressees, deadline_workdays
     FROM notices, generate_series(0, $2::int - 1) g WHERE id = $1`,
    [ids[A], NOTICE_PAGE_SIZE + 2],
  );
  const user = (username: string, role: string, unit: string | null, email: string | null, active = true) => ({ username, display_name: username, password_hash: "x", role, unit_code: unit, email, active });
  await insertRows(db, "users", [
    user("office", "office", null, "office@xyb.example"),
    user("office-2", "office", null, null),
    user("office-gone", "office", null, "gone@xyb.example", false),
    user(`head-${A}`, "unit_head", A, "head@lanzhou.example"),
    user(`clerk-${A}`, "clerk", A, "clerk@lanzhou.example"),
    user(`clerk-${A}-gone`, "clerk", A, "old@lanzhou.example", false),
    user(`head-${B}`, "unit_head", B, "head@jiayuguan.example"),
  ]);
});

afterAll(async () => {
  await db?.drop();
});

/** A notice of unit `code`, approved and issued on Monday 2024-05-06 (due 2024-05-24 after 15 working days). */
async function issued(tx: Connection, code = A): Promise<{ id: number; number: string; due: string }> {
  await approve(tx, OFFICE, ids[code]!);
  const { number, rectificationDue } = await issue(tx, OFFICE, ids[code]!, "2024-05-06");
  return { id: ids[code]!, number, due: rectificationDue };
}

interface Message {
  username: string;
  kind: string;
  title: string;
  body: string;
  title_en: string;
  body_en: string;
  link: string;
}

async function messagesSince(tx: Connection, id: number): Promise<Message[]> {
  return tx.query<Message>(`SELECT username, kind, title, body, title_en, body_en, link FROM inbox WHERE id > $1 ORDER BY username, id`, [id]);
}

async function lastMessage(tx: Connection): Promise<number> {
  return (await tx.query<{ id: number | null }>(`SELECT max(id)::int AS id FROM inbox`))[0]?.id ?? 0;
}

const refusal = (run: () => unknown): AppError => {
  try {
    run();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error("not refused");
};

describe("what a report may carry", () => {
  it("takes PDF, JPEG, PNG, Word, Excel, OFD and UTF-8 text by their content, with the type sent back on download", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("整改台账").addRow(["记录编号", "补报日期"]);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    const cases: [string, Buffer, string][] = [
      ["扫描件.pdf", pdfOfSize(4096), "application/pdf"],
      ["现场照片.JPG", Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46]), "image/jpeg"],
      ["截图.png", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), "image/png"],
      ["整改说明.docx", docxBytes(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
      ["整改台账.xlsx", xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
      ["盖章件.ofd", ofdBytes(), "application/ofd"],
      ["说明.txt", Buffer.from("已补报全部迟报记录。\r\n\t附表见后。", "utf8"), "text/plain; charset=utf-8"],
      ["带BOM.txt", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("整改", "utf8")]), "text/plain; charset=utf-8"],
    ];
    for (const [fileName, data, type] of cases) expect(checkAttachment({ fileName, data }), fileName).toBe(type);
  });

  it("refuses by content whatever the name says, with the reason in both languages", () => {
    const exe = Buffer.concat([Buffer.from("MZ"), Buffer.from([0x90, 0, 3, 0, 0, 0, 4, 0, 0xff, 0xff])]);
    const cases: [string, Buffer, RegExp, RegExp][] = [
      ["程序.pdf", exe, /内容不是 PDF/, /its content is not PDF/],
      ["压缩包.docx", zipBytes({ "a.txt": "x" }), /压缩包不是 Word、Excel 或 OFD 文档/, /an archive that is not a Word, Excel or OFD document/],
      ["宏.docx", zipBytes({ "[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>", "word/vbaProject.bin": "x" }), /含宏的文档不予接收/, /documents with macros/],
      ["坏文本.txt", Buffer.from([0x41, 0xc3, 0x28]), /UTF-8 文本/, /UTF-8 text/],
      ["控制字符.txt", Buffer.from("a\u0000b"), /UTF-8 文本/, /UTF-8 text/],
      ["GIF.png", Buffer.from("GIF89a\u0001\u0000\u0001\u0000"), /^/, /^/],
      // the right content under another kind's name: the name would mislead whoever opens it
      ["照片.jpg", pdfOfSize(2048), /内容是PDF，文件名应以 \.pdf 结尾/, /is a PDF by its content: its name should end in \.pdf/],
      ["说明.pdf", docxBytes(), /内容是Word 文档（\.docx），文件名应以 \.docx 结尾/, /its name should end in \.docx/],
      ["无扩展名", pdfOfSize(2048), /文件名应以 \.pdf 结尾/, /should end in \.pdf/],
      ["空.pdf", Buffer.alloc(0), /是空文件/, /is empty/],
      ["换行\n.pdf", pdfOfSize(2048), /文件名无效/, /file name is invalid/],
    ];
    for (const [fileName, data, zh, en] of cases) {
      const e = refusal(() => checkAttachment({ fileName, data }));
      expect(e.text("zh"), fileName).toMatch(zh);
      expect(e.text("en"), fileName).toMatch(en);
      expect([400, 415]).toContain(e.status);
    }
  });

  it("takes a file up to 5 MB and refuses one byte more, saying so (413)", () => {
    expect(checkAttachment({ fileName: "恰好.pdf", data: pdfOfSize(MAX_ATTACHMENT_BYTES) })).toBe("application/pdf");
    const e = refusal(() => checkAttachment({ fileName: "太大.pdf", data: pdfOfSize(MAX_ATTACHMENT_BYTES + 1) }));
    expect(e.status).toBe(413);
    expect(e.text("zh")).toBe("附件“太大.pdf”超过 5 MB（每个附件的上限），报告未报送；请压缩或拆分后重试");
    expect(e.text("en")).toMatch(/^attachment "太大\.pdf" is larger than 5 MB \(the limit per file\)/);
  });

  it("says on the form exactly the limits that are enforced", () => {
    expect(MAX_ATTACHMENTS).toBe(5);
    expect(MAX_ATTACHMENT_BYTES).toBe(5 * 1024 * 1024);
    expect(limitsText("zh")).toBe("最多 5 个文件，每个不超过 5 MB；可用 PDF、JPEG 图片、PNG 图片、Word 文档（.docx）、Excel 表格（.xlsx）、OFD 版式文件、文本（UTF-8），按文件内容核验类型。");
    expect(limitsText("en")).toBe(
      "Up to 5 files of at most 5 MB each: PDF, JPEG image, PNG image, Word document (.docx), Excel workbook (.xlsx), OFD document, text (UTF-8). The kind is checked from the file's content.",
    );
    expect(ACCEPT).toBe(".pdf,.jpg,.jpeg,.png,.docx,.xlsx,.ofd,.txt");
  });

  it("stores a 4.9 MB scan with four other files at once, byte for byte; refuses a sixth file and an over-long text", async () => {
    await withRollback(db, async (tx) => {
      const { id } = await issued(tx);
      const files = [
        { fileName: "整改报告（扫描件）.pdf", data: pdfOfSize(MB49) },
        { fileName: "整改台账.docx", data: docxBytes() },
        { fileName: "盖章件.ofd", data: ofdBytes() },
        { fileName: "说明.txt", data: Buffer.from("补报说明", "utf8") },
        { fileName: "第二份扫描件.pdf", data: pdfOfSize(MB49, 2) },
      ];
      await expect(submitReport(tx, head(A), id, { body: "已整改。", attachments: [...files, { fileName: "第六个.txt", data: Buffer.from("x") }] })).rejects.toThrow(/at most 5 attachments/);
      await expect(submitReport(tx, head(A), id, { body: "长".repeat(20_001), attachments: [] })).rejects.toThrow(/limited to 20000 characters/);
      const report = await submitReport(tx, head(A), id, { body: "已整改。", attachments: files });
      const stored = await tx.query<{ id: number; file_name: string; bytes: number }>(`SELECT id, file_name, bytes FROM report_attachments WHERE report_id = $1 ORDER BY id`, [report]);
      expect(stored.map((s) => [s.file_name, s.bytes])).toEqual(files.map((f) => [f.fileName, f.data.length]));
      for (const [i, s] of stored.entries()) {
        const back = await reportAttachment(tx, id, s.id);
        expect(back?.data.equals(files[i]!.data), s.file_name).toBe(true);
        expect(back?.unit_code).toBe(A);
      }
      // an attachment is read back only through its own notice
      expect(await reportAttachment(tx, ids[B]!, stored[0]!.id)).toBeUndefined();
    });
  });
});

describe("the upload, read as it streams", () => {
  const LIMITS = { files: MAX_ATTACHMENTS, fileBytes: MAX_ATTACHMENT_BYTES, fields: 4, fieldBytes: 64 * 1024, bodyBytes: 26 * 1024 * 1024, tooManyFiles, fileTooLarge };
  const upload = (fields: Record<string, string | File | File[]>, headers?: Record<string, string>) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) form.append(k, x);
    return readMultipart(new Request("http://localhost/unit/notices/1/report", { method: "POST", body: form, headers }), LIMITS);
  };
  const failure = async (p: Promise<unknown>): Promise<AppError> => {
    try {
      await p;
    } catch (e) {
      if (e instanceof AppError) return e;
      throw e;
    }
    throw new Error("not refused");
  };

  it("reads the text and five files of 4.9 MB, with their Chinese names, and skips an empty file input", async () => {
    const scans = Array.from({ length: 5 }, (_, i) => new File([new Uint8Array(pdfOfSize(MB49, i + 1))], `扫描件（第${i + 1}页）.pdf`, { type: "application/pdf" }));
    const { fields, files } = await upload({ body: "已整改，详见附件。", attachments: scans });
    expect(fields).toEqual({ body: "已整改，详见附件。" });
    expect(files.map((f) => [f.field, f.fileName, f.data.length])).toEqual(scans.map((s) => ["attachments", s.name, MB49]));
    expect(files[2]!.data.equals(pdfOfSize(MB49, 3))).toBe(true);
    const none = await upload({ body: "无附件", attachments: new File([], "") });
    expect(none.files).toEqual([]);
  });

  it("refuses a file over 5 MB (413, naming it), a sixth file, a body over its cap, and what is not a form", async () => {
    const big = await failure(upload({ body: "x", attachments: [new File(["ok"], "小.txt"), new File([new Uint8Array(MAX_ATTACHMENT_BYTES + 1)], "整改扫描件.pdf")] }));
    expect([big.status, big.text("zh")]).toEqual([413, fileTooLarge("整改扫描件.pdf").text("zh")]);
    const six = await failure(upload({ body: "x", attachments: Array.from({ length: 6 }, (_, i) => new File(["x"], `${i}.txt`)) }));
    expect([six.status, six.text("en")]).toEqual([400, "at most 5 attachments"]);
    const capped = await failure(
      readMultipart(new Request("http://localhost/", { method: "POST", body: (() => { const f = new FormData(); f.append("a", new File([new Uint8Array(2048)], "a.pdf")); return f; })() }), { ...LIMITS, bodyBytes: 1024 }),
    );
    expect(capped.status).toBe(413);
    const text = await failure(readMultipart(new Request("http://localhost/", { method: "POST", body: "body=x", headers: { "content-type": "application/x-www-form-urlencoded" } }), LIMITS));
    expect(text.status).toBe(415);
  });
});

describe("inbox messages as the workflow moves", () => {
  it("issuing tells the unit's head and active clerks, in both languages, with the notice's page", async () => {
    await withRollback(db, async (tx) => {
      const since = await lastMessage(tx);
      const { id, number, due } = await issued(tx);
      expect(due).toBe("2024-05-24");
      const [{ title }] = (await tx.query<{ title: string }>(`SELECT title FROM notices WHERE id = $1`, [id])) as [{ title: string }];
      const m = await messagesSince(tx, since);
      // the inactive clerk, the office and other units hear nothing
      expect(m.map((x) => x.username)).toEqual([`clerk-${A}`, `head-${A}`]);
      expect(m[0]).toEqual({
        username: `clerk-${A}`,
        kind: "notice",
        title: `收到通报 ${number}`,
        body: `领导小组办公室印发了《${title}》（${number}），请对照问题清单整改，于 2024-05-24 前报送整改报告。`,
        title_en: `Notice ${number} received`,
        // a unit without an English name is named in Chinese; the Chinese title stays out of the English text
        body_en: `The office issued notice ${number} to 市620100 on its credit work in March 2024: rectify the listed items and submit the rectification report by 2024-05-24.`,
        link: `/unit/notices/${id}`,
      });
    });
  });

  it("names the unit in English in the English text when it has an English name", async () => {
    await withRollback(db, async (tx) => {
      await tx.query(`UPDATE units SET name_en = 'Lanzhou' WHERE code = $1`, [A]);
      let since = await lastMessage(tx);
      const { id, number } = await issued(tx);
      let m = await messagesSince(tx, since);
      expect(m[0]!.body_en).toBe(`The office issued notice ${number} to Lanzhou on its credit work in March 2024: rectify the listed items and submit the rectification report by 2024-05-24.`);
      expect(m[0]!.body).toContain("市620100");
      since = await lastMessage(tx);
      await submitReport(tx, clerk(A), id, { body: "已补报。", attachments: [] });
      m = await messagesSince(tx, since);
      expect(m[0]).toMatchObject({
        title: "市620100报送了整改报告，待审核",
        title_en: "Lanzhou submitted a rectification report to review",
        body_en: `Lanzhou submitted its rectification report on notice ${number}: accept it, or return it with your reasons.`,
      });
      expect(m[0]!.body_en).not.toContain("市620100");
    });
  });

  it("a report arriving tells every active office account; returning and accepting tell the unit", async () => {
    await withRollback(db, async (tx) => {
      const { id, number } = await issued(tx);
      let since = await lastMessage(tx);
      const first = await submitReport(tx, clerk(A), id, { body: "已补报。", attachments: [{ fileName: "说明.txt", data: Buffer.from("补报说明") }] });
      let m = await messagesSince(tx, since);
      expect(m.map((x) => x.username)).toEqual(["office", "office-2"]);
      expect(m[0]).toMatchObject({
        title: "市620100报送了整改报告，待审核",
        body: `市620100就通报 ${number} 报送了整改报告（附件 1 个），请审核：验收通过或写明理由退回。`,
        title_en: "市620100 submitted a rectification report to review",
        body_en: `市620100 submitted its rectification report on notice ${number} (1 attachment): accept it, or return it with your reasons.`,
        link: `/office/notices/${id}`,
      });

      since = await lastMessage(tx);
      await reviewReport(tx, OFFICE, first, { accept: false, note: "缺少迟报原因说明。", today: "2024-05-20" });
      m = await messagesSince(tx, since);
      expect(m.map((x) => x.username)).toEqual([`clerk-${A}`, `head-${A}`]);
      expect(m[1]).toMatchObject({
        title: `整改报告被退回：${number}`,
        body: `领导小组办公室退回了通报 ${number} 的整改报告，理由：缺少迟报原因说明。请于 2024-05-24 前重新报送。`,
        title_en: `Rectification report returned: ${number}`,
        body_en: `The office returned your rectification report on notice ${number}: 缺少迟报原因说明. Resubmit by 2024-05-24.`,
        link: `/unit/notices/${id}`,
      });

      const second = await submitReport(tx, head(A), id, { body: "已补充说明。", attachments: [] });
      since = await lastMessage(tx);
      // returned again after the deadline: the message says it has passed
      await reviewReport(tx, OFFICE, second, { accept: false, note: "仍缺附表", today: "2024-05-27" });
      m = await messagesSince(tx, since);
      expect(m[0]!.body).toBe(`领导小组办公室退回了通报 ${number} 的整改报告，理由：仍缺附表。整改期限 2024-05-24 已过，请尽快重新报送。`);
      expect(m[0]!.body_en).toBe(`The office returned your rectification report on notice ${number}: 仍缺附表. The deadline (2024-05-24) has passed: resubmit as soon as possible.`);

      const third = await submitReport(tx, head(A), id, { body: "附表已补。", attachments: [] });
      since = await lastMessage(tx);
      await reviewReport(tx, OFFICE, third, { accept: true, note: "" });
      m = await messagesSince(tx, since);
      expect(m.map((x) => [x.username, x.title, x.body])).toEqual([
        [`clerk-${A}`, `整改已验收：${number}`, `领导小组办公室验收通过了通报 ${number} 的整改报告，该通报整改完毕。`],
        [`head-${A}`, `整改已验收：${number}`, `领导小组办公室验收通过了通报 ${number} 的整改报告，该通报整改完毕。`],
      ]);
      expect(m[0]!.body_en).toBe(`The office accepted your rectification report on notice ${number}; the notice is closed.`);
      // nobody else heard of it
      expect(await tx.query(`SELECT DISTINCT username FROM inbox ORDER BY username`)).toEqual([{ username: `clerk-${A}` }, { username: `head-${A}` }, { username: "office" }, { username: "office-2" }]);
    });
  });

  it("no message when a step is refused", async () => {
    await withRollback(db, async (tx) => {
      const { id } = await issued(tx);
      const since = await lastMessage(tx);
      await expect(submitReport(tx, head(B), id, { body: "x", attachments: [] })).rejects.toThrow(/not addressed to your unit/);
      await expect(submitReport(tx, head(A), id, { body: "x", attachments: [{ fileName: "a.pdf", data: Buffer.from("no") }] })).rejects.toThrow(/should end in \.txt/);
      expect(await messagesSince(tx, since)).toEqual([]);
    });
  });

  it("mails each message once, Chinese then English, when SMTP is configured — also when two senders run at once", async () => {
    const received: { to: string; text: string }[] = [];
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      onData(stream, session, done) {
        let text = "";
        stream.on("data", (c: Buffer) => (text += c.toString("utf8")));
        stream.on("end", () => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address).join(","), text });
          done();
        });
      },
    });
    await new Promise<void>((r) => smtp.listen(0, "127.0.0.1", r));
    const url = `smtp://127.0.0.1:${(smtp.server.address() as { port: number }).port}`;
    try {
      await withRollback(db, async (tx) => {
        const { number } = await issued(tx);
        // the job and a step's mailSoon at once: each message claimed by one of them
        process.env.WENXIAO_SMTP_URL = url;
        reloadEnv();
        const [a, b] = await Promise.all([mailPendingMessages(tx, url, "wenxiao@example.org"), mailSoon(tx)]);
        expect(a + b).toBe(2);
        expect(received.map((m) => m.to).sort()).toEqual(["clerk@lanzhou.example", "head@lanzhou.example"]);
        const mail = decodeMail(received.find((m) => m.to === "head@lanzhou.example")!.text);
        expect(mail.subject).toBe(`【问效】收到通报 ${number}`);
        // Chinese first, then the English text, then the page
        expect(mail.text).toMatch(new RegExp(`^领导小组办公室印发了《.+》（${number}），请对照问题清单整改，于 2024-05-24 前报送整改报告。\n\nNotice ${number} received\nThe office issued notice ${number} to .+ on its credit work in March 2024: .+\n\n/unit/notices/${ids[A]}\n?$`));
        expect(await tx.query(`SELECT count(*)::int AS n FROM inbox WHERE mailed_at IS NULL`)).toEqual([{ n: 0 }]);
        expect(await mailSoon(tx)).toBe(0);
        expect(received).toHaveLength(2);
        // the office account without an address is told in the inbox only
        await submitReport(tx, head(A), ids[A]!, { body: "已整改。", attachments: [] });
        expect(await mailSoon(tx)).toBe(1);
        expect(received.at(-1)!.to).toBe("office@xyb.example");
      });
    } finally {
      delete process.env.WENXIAO_SMTP_URL;
      reloadEnv();
      await new Promise<void>((r) => smtp.close(() => r()));
    }
  });
});

/** The subject and text of a mail as the SMTP server received it (nodemailer's base64 or quoted-printable). */
function decodeMail(raw: string): { subject: string; text: string } {
  const [head = "", ...rest] = raw.split(/\r?\n\r?\n/);
  const unfolded = head.replace(/\r?\n[ \t]+/g, " ");
  const subject = (/^Subject: (.*)$/m.exec(unfolded)?.[1] ?? "")
    .split(/\s+/)
    .map((w) => {
      const m = /^=\?UTF-8\?([BQ])\?(.*)\?=$/i.exec(w);
      if (!m) return w;
      return m[1]!.toUpperCase() === "B" ? Buffer.from(m[2]!, "base64").toString("utf8") : qp(m[2]!.replace(/_/g, " "));
    })
    .join("");
  const body = rest.join("\n\n");
  const encoding = /^Content-Transfer-Encoding: (\S+)/im.exec(unfolded)?.[1]?.toLowerCase();
  const text = encoding === "base64" ? Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8") : encoding === "quoted-printable" ? qp(body.replace(/=\r?\n/g, "")) : body;
  return { subject, text: text.replace(/\r\n/g, "\n") };
}

function qp(s: string): string {
  return Buffer.from(s.replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16))), "latin1").toString("utf8");
}

describe("the notice lists", () => {
  it("filter, in SQL, the reports awaiting review and the returned ones; the unit's list says by when to resubmit", async () => {
    await withRollback(db, async (tx) => {
      const a = await issued(tx, A);
      const b = await issued(tx, B);
      await issued(tx, "620300");
      const ra = await submitReport(tx, head(A), a.id, { body: "A 的报告", attachments: [] });
      const rb = await submitReport(tx, head(B), b.id, { body: "B 的报告", attachments: [] });
      await reviewReport(tx, OFFICE, rb, { accept: false, note: "请补充" });
      const awaiting = await listNotices(tx, { status: "awaiting_review" });
      expect(awaiting.notices.map((n) => n.unit_code)).toEqual([A]);
      expect(awaiting.total).toBe(1);
      const returned = await listNotices(tx, { status: "returned" });
      expect(returned.notices.map((n) => [n.unit_code, n.report_status, n.rectification_due])).toEqual([[B, "returned", "2024-05-24"]]);
      // the unit's own list carries what its page shows as "returned — resubmit by 27 May 2024"
      expect((await listNotices(tx, { unitCode: B, issuedOnly: true })).notices.map((n) => [n.status, n.report_status])).toEqual([["issued", "returned"]]);
      // resubmitted: awaiting review again, no longer returned
      await submitReport(tx, head(B), b.id, { body: "B 的第二份报告", attachments: [] });
      expect((await listNotices(tx, { status: "awaiting_review" })).notices.map((n) => n.unit_code).sort()).toEqual([A, B]);
      expect((await listNotices(tx, { status: "returned" })).total).toBe(0);
      // accepted: neither
      await reviewReport(tx, OFFICE, ra, { accept: true, note: "" });
      expect((await listNotices(tx, { status: "awaiting_review" })).notices.map((n) => n.unit_code)).toEqual([B]);
      expect((await listNotices(tx, { status: "rectified" })).notices.map((n) => n.unit_code)).toEqual([A]);
      expect((await listNotices(tx, { status: "issued" })).notices.map((n) => n.unit_code).sort()).toEqual([B, "620300"]);
      // combined with the unit and period filters
      expect((await listNotices(tx, { status: "awaiting_review", unitCode: A })).total).toBe(0);
      expect((await listNotices(tx, { status: "awaiting_review", period: "2024-04" })).total).toBe(0);
    });
  });

  it("pages the list in SQL, 50 a page, and keeps a page past the end on the last one", async () => {
    const first = await listNotices(db, {});
    expect([first.total, first.pages, first.page, first.notices.length]).toEqual([NOTICE_PAGE_SIZE + 5, 2, 1, NOTICE_PAGE_SIZE]);
    // newest period first: March 2024's three, then February, January …
    expect(first.notices.slice(0, 4).map((n) => n.period)).toEqual(["2024-03", "2024-03", "2024-03", "2024-02"]);
    const second = await listNotices(db, { page: 2 });
    expect(second.notices).toHaveLength(5);
    expect(new Set([...first.notices, ...second.notices].map((n) => n.id)).size).toBe(NOTICE_PAGE_SIZE + 5);
    expect((await listNotices(db, { unitCode: B })).total).toBe(1);
    expect((await listNotices(db, { page: 99 })).page).toBe(2);
    expect((await listNotices(db, { status: "draft", page: 0 })).page).toBe(1);
  });
});
