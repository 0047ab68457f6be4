import "server-only";
import type { Sql } from "@/db/client";

export interface InboxMessage {
  id: number;
  at: string;
  title: string;
  body: string;
  /** the English text, when the message was written in both languages (older ones are Chinese only) */
  title_en: string | null;
  body_en: string | null;
  link: string | null;
  read_at: string | null;
}

export const INBOX_PAGE_SIZE = 50;

/** A user's messages, newest first, a page at a time, with how many there are and how many are unread. */
export async function inboxPage(db: Sql, username: string, page: number): Promise<{ messages: InboxMessage[]; total: number; unread: number }> {
  const [counts] = await db.query<{ total: number; unread: number }>(
    `SELECT count(*)::int AS total, (count(*) FILTER (WHERE read_at IS NULL))::int AS unread FROM inbox WHERE username = $1`,
    [username],
  );
  const messages = await db.query<InboxMessage>(
    `SELECT id, at::text, title, body, title_en, body_en, link, read_at::text FROM inbox WHERE username = $1 ORDER BY id DESC LIMIT $2 OFFSET $3`,
    [username, INBOX_PAGE_SIZE, (Math.max(1, page) - 1) * INBOX_PAGE_SIZE],
  );
  return { messages, total: counts?.total ?? 0, unread: counts?.unread ?? 0 };
}

/** Marks the user's own messages read (all of them, or those up to an id): a write, so only through an action. */
export async function markRead(db: Sql, username: string, upToId?: number): Promise<number> {
  const rows = await db.query<{ id: number }>(
    `UPDATE inbox SET read_at = now() WHERE username = $1 AND read_at IS NULL AND ($2::bigint IS NULL OR id <= $2) RETURNING id`,
    [username, upToId ?? null],
  );
  return rows.length;
}

// ---------------------------------------------------------------------------------------------
// writing messages

/** A message in both languages, with the page it is about. */
export interface MessageText {
  kind: string;
  title: string;
  body: string;
  titleEn: string;
  bodyEn: string;
  link: string | null;
}

/** Who a message goes to: a unit's head and clerks, a unit's heads only, or every office account; active accounts only. */
export type Recipients = { unit: string } | { unitHeads: string } | { office: true };

/**
 * Writes one message to each person concerned, in the caller's transaction (so the message exists
 * exactly when the step it reports does); lib/notify/mail.ts mails it when SMTP is configured.
 * Returns how many were written.
 */
export async function tell(tx: Sql, to: Recipients, m: MessageText): Promise<number> {
  const [who, param] =
    "unit" in to
      ? [`unit_code = $1 AND role IN ('unit_head', 'clerk')`, to.unit]
      : "unitHeads" in to
        ? [`unit_code = $1 AND role = 'unit_head'`, to.unitHeads]
        : [`role = 'office' AND $1::text IS NULL`, null];
  const rows = await tx.query<{ n: number }>(
    `WITH i AS (INSERT INTO inbox (username, kind, title, body, title_en, body_en, link)
       SELECT username, $2, $3, $4, $5, $6, $7 FROM users WHERE active AND ${who} ORDER BY username RETURNING 1)
     SELECT count(*)::int AS n FROM i`,
    [param, m.kind, m.title, m.body, m.titleEn, m.bodyEn, m.link],
  );
  return rows[0]?.n ?? 0;
}
