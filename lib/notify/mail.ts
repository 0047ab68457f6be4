import "server-only";
import nodemailer from "nodemailer";
import type { Sql } from "@/db/client";
import { env } from "@/lib/env";

/**
 * Inbox messages by e-mail, when an SMTP server is configured (WENXIAO_SMTP_URL): every message not
 * yet mailed goes to its user's address, Chinese first, then the English text when it has one.
 * Without SMTP the in-app inbox is the only channel. The daily reminders job calls this, and so does
 * every workflow step that writes messages (mailSoon), so a notice issued or a report returned is
 * mailed within seconds rather than the next working morning.
 *
 * A message is claimed (mailed_at set) before it is sent and released if sending fails, so two
 * callers at once (the job and a step, or two app instances) never send it twice.
 */
export async function mailPendingMessages(db: Sql, smtpUrl: string | undefined, from: string): Promise<number> {
  if (!smtpUrl) return 0;
  const pending = await db.query<{ id: number; email: string; title: string; body: string; title_en: string | null; body_en: string | null; link: string | null }>(
    `SELECT i.id, u.email, i.title, i.body, i.title_en, i.body_en, i.link FROM inbox i JOIN users u ON u.username = i.username
     WHERE i.mailed_at IS NULL AND u.email IS NOT NULL AND u.email <> '' ORDER BY i.id LIMIT 1000`,
  );
  if (pending.length === 0) return 0;
  const transport = nodemailer.createTransport(smtpUrl);
  let sent = 0;
  try {
    for (const m of pending) {
      const [claimed] = await db.query<{ id: number }>(`UPDATE inbox SET mailed_at = now() WHERE id = $1 AND mailed_at IS NULL RETURNING id`, [m.id]);
      if (!claimed) continue;
      const english = m.title_en ? `\n\n${m.title_en}\n${m.body_en ?? ""}` : "";
      try {
        await transport.sendMail({ from, to: m.email, subject: `【问效】${m.title}`, text: `${m.body}${english}${m.link ? `\n\n${m.link}` : ""}` });
      } catch (e) {
        await db.query(`UPDATE inbox SET mailed_at = NULL WHERE id = $1`, [m.id]);
        throw e;
      }
      sent++;
    }
  } finally {
    transport.close();
  }
  return sent;
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * After a step that wrote inbox messages: mails them in the background when SMTP is configured, one
 * run at a time in this process. Never throws: a failure is logged, and the messages stay pending
 * for the next run (the reminders job's at the latest). The promise is for tests; callers don't wait.
 */
export function mailSoon(db: Sql): Promise<number> {
  const { WENXIAO_SMTP_URL, WENXIAO_MAIL_FROM } = env();
  if (!WENXIAO_SMTP_URL) return Promise.resolve(0);
  const run = queue.then(() => mailPendingMessages(db, WENXIAO_SMTP_URL, WENXIAO_MAIL_FROM)).catch((e: unknown) => {
    console.error("mail:", e instanceof Error ? e.message : e);
    return 0;
  });
  queue = run;
  return run;
}
