import { CorrectPageView } from "@/app/_correct/correct-page";
import { correctAction } from "../actions";

export const dynamic = "force-dynamic";

/** 更正数据 for the office: a row of any unit (app/_correct/correct-page.tsx). */
export default async function OfficeCorrectPage({ params, searchParams }: { params: Promise<{ kind: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  // called, not rendered: the guard runs (and refuses) in the page itself
  return CorrectPageView({ side: "office", kind: (await params).kind, sp: await searchParams, action: correctAction });
}
