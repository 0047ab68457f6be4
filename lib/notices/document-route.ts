import "server-only";
import { getDb } from "@/db";
import { noticeDetail } from "@/db/queries/notices";
import { logAccess } from "@/lib/auth/access";
import { currentUser } from "@/lib/auth/guards";
import { canViewUnit } from "@/lib/auth/access";
import { todayInShanghai } from "@/lib/today";
import { noticePdf } from "./pdf";

/**
 * The notice as a PDF for the office or the addressed unit (drafts for the office only). Without
 * Chromium on the server, it sends the printable page and says so in a header.
 */
export async function serveNoticePdf(idText: string, printPath: string): Promise<Response> {
  const user = await currentUser();
  if (!user) return Response.json({ error: "unauthenticated", message: "请先登录 / sign in first" }, { status: 401 });
  const id = Number(idText);
  if (!Number.isInteger(id)) return Response.json({ error: "not_found" }, { status: 404 });
  const db = await getDb();
  const d = await noticeDetail(db, id, todayInShanghai()).catch(() => undefined);
  const allowed = !!d && canViewUnit(user, d.notice.unit_code) && (user.role === "office" || d.notice.issued_at !== null);
  await logAccess(db, user, "pdf:notice", d?.notice.unit_code ?? null, allowed);
  if (!d || !allowed) return Response.json({ error: "not_found", message: "没有该通报 / no such notice" }, { status: 404 });
  const pdf = await noticePdf(d.notice, d.issuedDate);
  if (!pdf) {
    return new Response(null, { status: 303, headers: { location: printPath, "x-wenxiao-pdf": "unavailable: Chromium is not installed on the server; this is the printable page" } });
  }
  return new Response(new Uint8Array(pdf), {
    headers: { "content-type": "application/pdf", "content-disposition": `inline; filename="notice-${id}.pdf"` },
  });
}
