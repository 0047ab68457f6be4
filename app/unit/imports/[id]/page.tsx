import { BatchPageView } from "@/app/_imports/batch-page";
import { undoImportAction } from "../actions";

export const dynamic = "force-dynamic";

/** One import batch of the unit; another unit's is a 404, logged (app/_imports/batch-page.tsx). */
export default async function UnitImportPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  // called, not rendered: the guard runs (and refuses) in the page itself
  return BatchPageView({ side: "unit", raw: (await params).id, sp: await searchParams, undoImportAction });
}
