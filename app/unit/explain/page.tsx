import Link from "next/link";
import { notFound } from "next/navigation";
import { AppShell } from "@/components/AppShell";
import { BadAddress } from "@/components/BadAddress";
import { ExplanationForm } from "@/components/ExplanationForm";
import { requireUnitMember } from "@/lib/auth/guards";
import { getDb } from "@/lib/db";
import { explanationForm } from "@/lib/explanations";
import { TARGETS } from "@/lib/export-items";
import { langOf, withLang } from "@/lib/i18n";
import { QueryReader } from "@/lib/web/query";
import { explainAction } from "./actions";

export const dynamic = "force-dynamic";

/**
 * /unit/explain?target=&key=&period=: a unit's head or clerk explains one problem item of their own
 * unit's list (说明迟报原因): the item's facts, its current explanation, the text. The office and
 * other units' items are refused (404, logged).
 */
export default async function ExplainPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const sp = await searchParams;
  const lang = langOf(sp.lang);
  const user = await requireUnitMember("explain:item", "/unit/explain");
  const q = new QueryReader(sp);
  const target = q.oneOf("target", TARGETS);
  const key = q.text("key", 300);
  const period = q.periodKey("period");
  const from = q.oneOf("from", ["todo", "items"] as const, "items")!;
  if (!target) q.problem("target", "", "缺少要说明的清单（target）", "the list of the item (target) is missing");
  if (!key) q.problem("key", "", "缺少要说明的事项（key）", "the item (key) is missing");
  if (!period) q.problem("period", "", "缺少期间（period）", "the period is missing");
  if (!q.ok || !target || !key || !period) {
    return (
      <AppShell lang={lang} user={user}>
        <BadAddress {...q.view("/unit")} />
      </AppShell>
    );
  }
  const form = await explanationForm(await getDb(), user.unitCode, { target, key, period }, lang);
  if (!form) notFound();
  const back = withLang(lang, `/unit?${new URLSearchParams({ period, ...(from === "items" ? { indicator: target } : {}) }).toString()}`);
  return (
    <AppShell lang={lang} user={user}>
      <p><Link href={back}>← {lang === "en" ? "Back to the list" : "返回清单"}</Link></p>
      <ExplanationForm lang={lang} target={target} period={period} from={from} found={form.found} current={form.current} error={sp.error} action={explainAction} cancelHref={back} />
    </AppShell>
  );
}
