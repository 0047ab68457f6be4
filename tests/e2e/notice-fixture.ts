import { actionForms, formWithButton, submit } from "./forms";
import { get } from "./http";

/**
 * Issued notices for the tests that need them: a private one (the access matrix and the bypass probes
 * ask for its pages, whose text only the office and the addressed unit may read) and one the office
 * has made public (the crawl reads it on /notices). Made once per server over plain HTTP, as the
 * office would without JavaScript: close 2026-08 (a published month no other test closes), then
 * approve and issue the first draft (private) or the second (public) addressed to none of `avoid` —
 * the units whose people the tests sign in as, so that all of them are foreign to it —, and show the
 * second on the public page. A later call finds them again.
 */
export const FIXTURE_PERIOD = "2026-08";
const FIXTURE_AS_OF = "2026-09-15";
const NUMBER = /甘信用办通〔\d{4}〕\d+号/;

export interface FixtureNotice {
  id: number;
  unitCode: string;
  unitName: string;
  number: string;
}

interface Row {
  id: number;
  unitName: string;
  number: string | undefined;
}

async function rows(base: string, office: string): Promise<Row[]> {
  const html = await (await get(base, `/office/notices?period=${FIXTURE_PERIOD}`, office)).text();
  return [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].flatMap((m) => {
    const link = /<a href="\/office\/notices\/(\d+)">([^<]+)<\/a>/.exec(m[1]!);
    if (!link) return [];
    return [{ id: Number(link[1]), unitName: link[2]!, number: NUMBER.exec(m[1]!)?.[0] }];
  });
}

/** One step of the workflow through its confirmation panel (`?do=…`), as the office confirms it. */
async function step(base: string, path: string, office: string, what: string, button: string): Promise<void> {
  const html = await (await get(base, `${path}?do=${what}`, office)).text();
  const r = await submit(base, path, formWithButton(html, button), office);
  const to = r.headers.get("location") ?? "";
  if (r.status !== 303 || !to.includes("done=1")) throw new Error(`${button} on ${path}: ${r.status} ${to}`);
}

export async function issuedNotice(base: string, office: string, avoid: string[], { public: shown }: { public: boolean }): Promise<FixtureNotice> {
  let list = await rows(base, office);
  if (list.length === 0) {
    const html = await (await get(base, "/office/notices", office)).text();
    const r = await submit(base, "/office/notices", formWithButton(html, "关闭并生成通报草稿"), office, { period: FIXTURE_PERIOD, asOf: FIXTURE_AS_OF });
    if (r.status !== 303) throw new Error(`closing ${FIXTURE_PERIOD}: ${r.status}`);
    list = await rows(base, office);
  }
  const ranked = (await (await get(base, `/open-data/rankings.json?period=${FIXTURE_PERIOD}`)).json()) as { groups: Record<string, { code: string; name: string }[]> };
  const codeOf = new Map(Object.values(ranked.groups).flat().map((e) => [e.name, e.code]));
  const candidates = list.filter((r) => !avoid.includes(codeOf.get(r.unitName) ?? ""));
  const chosen = candidates[shown ? 1 : 0];
  if (!chosen) throw new Error(`closing ${FIXTURE_PERIOD} drafted fewer than two notices for units outside ${avoid.join(", ")}`);
  const page = `/office/notices/${chosen.id}`;
  if (!chosen.number) {
    await step(base, page, office, "approve", "确认审批通过");
    await step(base, page, office, "issue", "确认印发");
  }
  const offered = (html: string) => actionForms(html).some((f) => f.buttons.includes("确认公开"));
  if (shown && offered(await (await get(base, `${page}?do=public`, office)).text())) await step(base, page, office, "public", "确认公开");
  const number = (await rows(base, office)).find((r) => r.id === chosen.id)?.number;
  if (!number) throw new Error("the fixture notice was not issued");
  return { id: chosen.id, unitName: chosen.unitName, unitCode: codeOf.get(chosen.unitName)!, number };
}
