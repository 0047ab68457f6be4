import { UploadDetailView } from "@/app/_upload/detail";
import { requireUnitMember } from "@/lib/auth/guards";
import { commitAction, discardAction } from "../actions";

export const dynamic = "force-dynamic";

/** An uploaded file, for the unit that uploaded it (app/_upload/detail.tsx; another unit's is a 404). */
export default async function UnitUploadDetailPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const { id } = await params;
  const user = await requireUnitMember("view:upload", `/unit/upload/${id}`);
  return <UploadDetailView raw={id} sp={await searchParams} user={user} base="/unit/upload" actions={{ commit: commitAction, discard: discardAction }} />;
}
