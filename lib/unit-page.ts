import "server-only";
import type { Sql } from "@/db/client";
import { FULL_ID_NUMBERS, idNumberView, maySeeFullIdNumbers, type IdNumberView } from "@/lib/auth/personal-data";
import type { SessionUser } from "@/lib/auth/users";
import { hasSubjectCodes } from "@/lib/explain-text";
import { dataMonths, monthlyTrend, periodChoices, provisionalScores } from "@/lib/scoring/provisional";
import { TARGETS } from "@/lib/export-items";
import { isoOrToday, type Lang } from "@/lib/i18n";
import { compareWithPrevious, latestPublication } from "@/lib/publication/publish";
import { explain, type ExplainTarget } from "@/lib/scoring/explain";
import type { PublishedEntity } from "@/lib/publication/publish";
import type { ExplainResult } from "@/lib/scoring/explain";
import type { Group } from "@/lib/scoring/score";

const PAGE_SIZE = 50;

/** Everything a unit page shows: the data the UnitDetail component renders. */
export interface UnitDetailData {
  lang: Lang;
  /** the page's own path, for links that change one parameter */
  base: string;
  exportBase: string;
  period: string;
  asOf: string;
  periods: string[];
  group: Group;
  entity: PublishedEntity;
  peers: PublishedEntity[];
  /** how many units of the group are ranked (provisionally) */
  rankedCount: number;
  target: ExplainTarget;
  status?: string;
  page: number;
  pageSize: number;
  items: ExplainResult;
  trend: { months: string[]; values: (number | null)[] };
  showTodo: boolean;
  /** how the list shows ID numbers, and whether the viewer may ask for them in full (`?ids=full`) */
  idNumbers: { view: IdNumberView; mayAsk: boolean };
}


/**
 * Everything a unit page shows, for the office's view of any unit and a unit's own view (`unitView`:
 * what to do about each item, and peers only as published). `viewer` has passed the page's guard;
 * ID numbers are masked unless they ask (`?ids=full`) and may (logged).
 */
export async function loadUnitDetail(
  db: Sql,
  code: string,
  sp: Record<string, string | undefined>,
  lang: Lang,
  paths: { base: string; exportBase: string },
  unitView: boolean,
  viewer: SessionUser,
): Promise<UnitDetailData | undefined> {
  const showTodo = unitView;
  const months = await dataMonths(db);
  const periods = periodChoices(months);
  const period = sp.period && periods.includes(sp.period) ? sp.period : periods[0];
  if (!period) return undefined;
  const asOf = isoOrToday(sp.asOf);
  const { current, previous } = await provisionalScores(db, period, asOf);
  const groups = compareWithPrevious(current.groups, previous.groups);
  const group: Group | undefined = groups.region.some((e) => e.code === code) ? "region" : groups.department.some((e) => e.code === code) ? "department" : undefined;
  if (!group) return undefined;
  const entity = groups[group].find((e) => e.code === code)!;
  const target: ExplainTarget = TARGETS.includes(sp.indicator as ExplainTarget) ? (sp.indicator as ExplainTarget) : "publication_timeliness";
  const page = Math.max(1, Number(sp.page) || 1);
  const status = sp.status || undefined;
  // a list without subject codes (coverage) shows no ID number, so asking for them there is no view
  const idNumbers = hasSubjectCodes(target)
    ? await idNumberView(db, viewer, code, sp[FULL_ID_NUMBERS.param], "view", `${paths.base} ${target} ${period} as of ${asOf}${status ? ` ${status}` : ""} page ${page}`)
    : "masked";
  const items = await explain(db, { period, asOf, group, entity: code, target, status, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE, idNumbers });
  // the 12 months up to the evaluation date: later months have nothing due yet
  const last12 = months.filter((m) => m <= asOf.slice(0, 7)).slice(-12);
  const trend = await monthlyTrend(db, last12, asOf, group);
  // a unit sees other units only as far as it is public: the period's published ranking, if any
  let peers = groups[group];
  if (showTodo) {
    const published = await latestPublication(db, period);
    peers = published ? published.document.groups[group] : [entity];
  }
  return {
    lang,
    base: paths.base,
    exportBase: paths.exportBase,
    period,
    asOf,
    periods,
    group,
    entity,
    peers,
    rankedCount: groups[group].filter((x) => x.rank !== null).length,
    target,
    status,
    page,
    pageSize: PAGE_SIZE,
    items,
    trend: { months: last12, values: trend.byEntity.get(code)?.values ?? last12.map(() => null) },
    showTodo,
    idNumbers: { view: idNumbers, mayAsk: maySeeFullIdNumbers(viewer, code) },
  };
}

/**
 * Reads the export parameters and finds the unit's group; undefined when the unit is not ranked.
 * ID numbers are masked unless `viewer` asks (`ids=full`) and may (logged as `export:id-numbers`).
 */
export async function exportParams(db: Sql, code: string, url: URL, viewer: SessionUser) {
  const sp = Object.fromEntries(url.searchParams.entries());
  const months = await dataMonths(db);
  const periods = periodChoices(months);
  const period = sp.period && periods.includes(sp.period) ? sp.period : periods[0];
  if (!period) return undefined;
  const asOf = isoOrToday(sp.asOf);
  const { current } = await provisionalScores(db, period, asOf);
  const group: Group | undefined = current.groups.region.some((e) => e.code === code) ? "region" : current.groups.department.some((e) => e.code === code) ? "department" : undefined;
  if (!group) return undefined;
  const target: ExplainTarget = TARGETS.includes(sp.indicator as ExplainTarget) ? (sp.indicator as ExplainTarget) : "publication_timeliness";
  const lang: Lang = sp.lang === "en" ? "en" : "zh";
  const format: "csv" | "xlsx" = sp.format === "xlsx" ? "xlsx" : "csv";
  const idNumbers = hasSubjectCodes(target) ? await idNumberView(db, viewer, code, sp[FULL_ID_NUMBERS.param], "export", url.pathname + url.search) : "masked";
  return { period, asOf, group, entity: code, target, status: sp.status || undefined, lang, format, idNumbers };
}
