import { AppShell } from "@/components/AppShell";
import { JointCase } from "@/components/JointCase";
import { requireCaseAccess } from "@/lib/auth/joint-access";
import { getDb } from "@/lib/db";
import { langOf } from "@/lib/i18n";
import { unitNamer } from "@/lib/unit-names";

export const dynamic = "force-dynamic";

/** 联合奖惩案件 for the office: any case, from its listing to its exit (lib/joint/timeline.ts); an id that names no case is a 404. */
export default async function OfficeJointCasePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const id = decodeURIComponent((await params).id);
  const lang = langOf((await searchParams).lang);
  const { user, timeline } = await requireCaseAccess("office", id, `/office/joint/cases/${encodeURIComponent(id)}`);
  const name = await unitNamer(await getDb(), lang);
  const codes = [...timeline.initiatingUnits, ...timeline.implementingUnits, ...timeline.events.flatMap((e) => (e.unit ? [e.unit] : []))];
  return (
    <AppShell lang={lang} user={user}>
      <JointCase lang={lang} timeline={timeline} unitName={Object.fromEntries(codes.map((c) => [c, name(c)]))} back="/office" />
    </AppShell>
  );
}
