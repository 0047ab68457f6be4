import { NoticeDocument } from "@/components/NoticeDocument";
import { requireNoticeAccess } from "@/lib/auth/guards";

export const dynamic = "force-dynamic";

/** The printable page of a notice (the browser's print gives the same layout as the PDF). */
export default async function PrintNoticePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { detail } = await requireNoticeAccess("print:notice", id, `/unit/notices/${id}/print`);
  return (
    <div style={{ background: "#fff", padding: "24px 0" }}>
      <NoticeDocument notice={detail.notice} issuedDate={detail.issuedDate} />
    </div>
  );
}
