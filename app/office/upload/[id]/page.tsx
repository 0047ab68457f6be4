import { UploadDetailView } from "@/app/_upload/detail";
import { requireOffice } from "@/lib/auth/guards";
import { commitAction, discardAction } from "../actions";

export const dynamic = "force-dynamic";

/** An uploaded file, for the office (app/_upload/detail.tsx). */
export default async function OfficeUploadDetailPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const { id } = await params;
  const user = await requireOffice("view:upload", `/office/upload/${id}`);
  return <UploadDetailView raw={id} sp={await searchParams} user={user} base="/office/upload" actions={{ commit: commitAction, discard: discardAction }} />;
}
