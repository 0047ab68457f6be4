import "server-only";
import nodemailer from "nodemailer";
import type { Sql } from "@/db/client";

/**
 * Reminders by e-mail, when an SMTP server is configured (WENXIAO_SMTP_URL): every inbox message not
 * yet mailed goes to its user's address. Without SMTP the in-app inbox is the only channel.
 */
export async function mailPendingMessages(db: Sql, smtpUrl: string | undefined, from: string): Promise<number> {
  if (!smtpUrl) return 0;
  const pending = await db.query<{ id: number; email: string; title: string; body: string; link: string | null }>(
    `SELECT i.id, u.email, i.title, i.body, i.link FROM inbox i JOIN users u ON u.username = i.username
     WHERE i.mailed_at IS NULL AND u.email IS NOT NULL AND u.email <> '' ORDER BY i.id LIMIT 1000`,
  );
  if (pending.length === 0) return 0;
  const transport = nodemailer.createTransport(smtpUrl);
  let sent = 0;
  try {
    for (const m of pending) {
      await transport.sendMail({ from, to: m.email, subject: `【问效】${m.title}`, text: `${m.body}${m.link ? `\n\n${m.link}` : ""}` });
      await db.query(`UPDATE inbox SET mailed_at = now() WHERE id = $1`, [m.id]);
      sent++;
    }
  } finally {
    transport.close();
  }
  return sent;
}
