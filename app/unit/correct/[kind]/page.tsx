import { CorrectPageView } from "@/app/_correct/correct-page";
import { correctAction } from "../actions";

export const dynamic = "force-dynamic";

/** 更正数据 for a unit's head or clerk: a row of the unit or its agencies (app/_correct/correct-page.tsx); any other is a 404. */
export default async function UnitCorrectPage({ params, searchParams }: { params: Promise<{ kind: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  // called, not rendered: the guard runs (and refuses) in the page itself
  return CorrectPageView({ side: "unit", kind: (await params).kind, sp: await searchParams, action: correctAction });
}
