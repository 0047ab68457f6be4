import { notFound } from "next/navigation";
import { NoticeDocument } from "@/components/NoticeDocument";
import { getDb } from "@/db";
import { noticeDetail } from "@/db/queries/notices";
import { canViewUnit, logAccess } from "@/lib/auth/access";
import { requireUser } from "@/lib/auth/guards";
import { todayInShanghai } from "@/lib/today";

/** The printable page of a notice (the browser's print gives the same layout as the PDF). */
export async function PrintableNotice({ id, path }: { id: string; path: string }) {
  const user = await requireUser(path);
  const n = Number(id);
  if (!Number.isInteger(n)) notFound();
  const db = await getDb();
  const d = await noticeDetail(db, n, todayInShanghai()).catch(() => undefined);
  const allowed = !!d && canViewUnit(user, d.notice.unit_code) && (user.role === "office" || d.notice.issued_at !== null);
  await logAccess(db, user, "print:notice", d?.notice.unit_code ?? null, allowed);
  if (!d || !allowed) notFound();
  return (
    <div style={{ background: "#fff", padding: "24px 0" }}>
      <NoticeDocument notice={d.notice} issuedDate={d.issuedDate} />
    </div>
  );
}
