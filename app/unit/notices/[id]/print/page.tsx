import { PrintableNotice } from "@/components/PrintableNotice";

export const dynamic = "force-dynamic";

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <PrintableNotice id={id} path={`/unit/notices/${id}/print`} />;
}
