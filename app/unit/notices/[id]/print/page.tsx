import { NoticePrintPage } from "@/app/_documents/notice-print";

export const dynamic = "force-dynamic";

/** The printable page of a notice (the browser's print gives the same layout as the PDF). */
export default async function PrintNoticePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const [{ id }, sp] = await Promise.all([params, searchParams]);
  return <NoticePrintPage base="/unit/notices" id={id} lang={sp.lang} />;
}
