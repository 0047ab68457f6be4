import { AppShell } from "@/components/AppShell";
import { JointCase } from "@/components/JointCase";
import { requireCaseAccess } from "@/lib/auth/joint-access";
import { getDb } from "@/lib/db";
import { langOf } from "@/lib/i18n";
import { unitNamer } from "@/lib/unit-names";

export const dynamic = "force-dynamic";

/**
 * 联合奖惩案件 for a unit's head or clerk: a case their unit or one of its agencies initiated or
 * implements (lib/joint/timeline.ts); any other is a 404, logged. The office is sent to its own address.
 */
export default async function UnitJointCasePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const id = decodeURIComponent((await params).id);
  const lang = langOf((await searchParams).lang);
  const { user, timeline } = await requireCaseAccess("unit", id, `/unit/joint/cases/${encodeURIComponent(id)}`);
  const name = await unitNamer(await getDb(), lang);
  const codes = [...timeline.initiatingUnits, ...timeline.implementingUnits, ...timeline.events.flatMap((e) => (e.unit ? [e.unit] : []))];
  return (
    <AppShell lang={lang} user={user}>
      <JointCase lang={lang} timeline={timeline} unitName={Object.fromEntries(codes.map((c) => [c, name(c)]))} back="/unit/obligations" />
    </AppShell>
  );
}
