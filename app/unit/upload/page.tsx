import { UploadListView } from "@/app/_upload/list";
import { requireUnitMember } from "@/lib/auth/guards";

export const dynamic = "force-dynamic";

/** 上传数据 for a unit's head or clerk: files of the unit's own evidence (app/_upload/list.tsx). */
export default async function UnitUploadPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const user = await requireUnitMember("view:uploads", "/unit/upload");
  return <UploadListView sp={await searchParams} user={user} base="/unit/upload" />;
}
