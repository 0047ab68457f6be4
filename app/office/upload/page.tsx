import { UploadListView } from "@/app/_upload/list";
import { requireOffice } from "@/lib/auth/guards";

export const dynamic = "force-dynamic";

/** 上传数据 for the office: files of any unit's evidence (app/_upload/list.tsx). */
export default async function OfficeUploadPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const user = await requireOffice("view:uploads", "/office/upload");
  return <UploadListView sp={await searchParams} user={user} base="/office/upload" />;
}
