import "server-only";
import type { Sql } from "@/db/client";

export interface InboxMessage {
  id: number;
  at: string;
  title: string;
  body: string;
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
    `SELECT id, at::text, title, body, link, read_at::text FROM inbox WHERE username = $1 ORDER BY id DESC LIMIT $2 OFFSET $3`,
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
