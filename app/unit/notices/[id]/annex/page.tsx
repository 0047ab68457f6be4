import { NoticeAnnexPage } from "@/app/_documents/annex-page";

export const dynamic = "force-dynamic";

/** A notice's annex: the full list of problems, a section and a page at a time. */
export default async function AnnexPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const [{ id }, sp] = await Promise.all([params, searchParams]);
  return <NoticeAnnexPage base="/unit/notices" id={id} sp={sp} />;
}
