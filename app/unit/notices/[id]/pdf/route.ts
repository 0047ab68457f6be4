import { serveNoticePdf } from "@/lib/notices/document-route";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return serveNoticePdf(id, `/unit/notices/${id}/print`);
}
