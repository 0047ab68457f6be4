import "server-only";
import type { Sql } from "@/db/client";
import { FULL_ID_NUMBERS, idNumberView, maySeeFullIdNumbers, type IdNumberView } from "@/lib/auth/personal-data";
import type { SessionUser } from "@/lib/auth/users";
import { hasSubjectCodes } from "@/lib/explain-text";
import { workingPeriod } from "@/lib/publication/working-period";
import { dataMonths, monthlyTrend, periodChoices, provisionalScores } from "@/lib/scoring/provisional";
import { TARGETS } from "@/lib/export-items";
import type { Lang } from "@/lib/i18n";
import { compareWithPrevious } from "@/lib/publication/publish";
import { figuresForStanding, periodStanding } from "@/lib/publication/public-read";
import type { Standing } from "@/lib/publication/standing";
import { TARGET_STATUSES } from "@/lib/scoring/item-status";
import { todayInShanghai } from "@/lib/today";
import { QueryReader } from "@/lib/web/query";
import { cachedExplain, SORTABLE, type ExplainTarget, type ItemSort } from "@/lib/scoring/explain";
import { cachedTodoList, TO_DO_SORTABLE, TO_DO_STATUSES } from "@/lib/scoring/todo";
import type { PublishedEntity } from "@/lib/publication/publish";
import type { ExplainResult } from "@/lib/scoring/explain";
import type { Group } from "@/lib/scoring/score";
import { unitNamer, withItemNames, withNames } from "@/lib/unit-names";
import { itemNotes } from "@/lib/explanations";
import type { ItemNote } from "@/lib/explanation-keys";
import { correctableUnits } from "@/lib/ingest/correct";
import { correctionPath, correctionTarget } from "@/lib/ingest/correct-link";

const PAGE_SIZE = 50;

export const UNIT_VIEWS = ["todo", "items"] as const;
export type UnitView = (typeof UNIT_VIEWS)[number];

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
  /**
   * "todo": the unit's late and missing items of every list with a deadline (lib/scoring/todo.ts), the
   * page's default; "items": the items behind one indicator (`target`)
   */
  view: UnitView;
  target: ExplainTarget;
  status?: string;
  /** the search text (`q`): only items whose number contains it */
  search?: string;
  /** the chosen order (`sort`, `dir`); undefined: the list's default */
  sort?: ItemSort;
  /** the columns the list shown can be sorted by */
  sortable: readonly string[];
  page: number;
  pageSize: number;
  items: ExplainResult;
  trend: { months: string[]; values: (number | null)[] };
  showTodo: boolean;
  /** how the list shows ID numbers, and whether the viewer may ask for them in full (`?ids=full`) */
  idNumbers: { view: IdNumberView; mayAsk: boolean };
  /** 暂定 or 已发布: whether the score and rank shown are the published ones (lib/publication/standing.ts) */
  standing: Standing;
  /** the minimum sample the figures shown were judged by */
  minSample: number;
  /** where an item's import batch is shown (its 来源 link): the office's or the unit's import history */
  batchBase: string;
  /** each item's explanation (说明), in the order of `items.items` (lib/explanations.ts) */
  notes: ItemNote[];
  /** the explanation form's address, on the unit's own view only (its head and clerks explain) */
  explainBase?: string;
  /** each item's correction page (更正), in the order of `items.items`, where the viewer may correct its row */
  corrections: (string | null)[];
}


/**
 * Everything a unit page shows, for the office's view of any unit and a unit's own view (`unitView`:
 * what to do about each item, and peers only as published). `viewer` has passed the page's guard;
 * ID numbers are masked unless they ask (`?ids=full`) and may (logged).
 */
export async function loadUnitDetail(
  db: Sql,
  code: string,
  q: QueryReader,
  paths: { base: string; exportBase: string },
  unitView: boolean,
  viewer: SessionUser,
): Promise<UnitDetailData | "bad address" | undefined> {
  const showTodo = unitView;
  const lang = q.lang;
  const months = await dataMonths(db);
  const periods = periodChoices(months);
  const { period, asOf, target, status, ids, view, search, sort } = readItemQuery(q, periods, await workingPeriod(db, months), true);
  const page = q.page();
  if (!q.ok) return "bad address";
  if (!period) return undefined;
  const { current, previous } = await provisionalScores(db, period, asOf);
  // published: the score and rank shown are the version's, exactly as the public sees them
  const { standing, publication } = await periodStanding(db, period, asOf);
  const live = compareWithPrevious(current.groups, previous.groups);
  const group: Group | undefined = live.region.some((e) => e.code === code) ? "region" : live.department.some((e) => e.code === code) ? "department" : undefined;
  if (!group) return undefined;
  const shown = figuresForStanding(live, publication);
  const groups = shown[group].some((e) => e.code === code) ? shown : live;
  const entity = groups[group].find((e) => e.code === code)!;
  // a list without subject codes (coverage) shows no ID number, so asking for them there is no view
  // the to-do list shows no subject codes
  const idNumbers =
    view === "items" && hasSubjectCodes(target)
      ? await idNumberView(db, viewer, code, ids, "view", `${paths.base} ${target} ${period} as of ${asOf}${status ? ` ${status}` : ""}${search ? ` search ${search}` : ""} page ${page}`)
      : "masked";
  const slice = { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE };
  const items =
    view === "todo"
      ? await cachedTodoList(db, { period, asOf, group, entity: code, status, search, sort, ...slice })
      : await cachedExplain(db, { period, asOf, group, entity: code, target, status, search, sort, daysLate: true, ...slice, idNumbers });
  // past the last page is said, with a link to the last page, not shown as an empty list
  q.pageWithin("page", page, Math.max(1, Math.ceil(items.total / PAGE_SIZE)));
  if (!q.ok) return "bad address";
  // the 12 months up to the evaluation date: later months have nothing due yet
  const last12 = months.filter((m) => m <= asOf.slice(0, 7)).slice(-12);
  const trend = await monthlyTrend(db, last12, asOf, group);
  // a unit sees other units only as far as it is public: the period's published ranking, if any
  let peers = groups[group];
  if (showTodo && !publication) peers = [entity];
  // names in the page's language (the scores and items carry the stored Chinese names)
  const name = await unitNamer(db, lang);
  const notes = await itemNotes(db, code, view === "todo" ? undefined : target, items.items);
  // the rows behind the page's items that the viewer may correct (lib/ingest/correct.ts)
  const targets = items.items.map((i) => correctionTarget(i, target, view === "todo"));
  const mayCorrect = await correctableUnits(db, viewer, [...new Set(targets.flatMap((t) => (t ? [t.unit] : [])))]);
  const correctBase = unitView ? "/unit/correct" : "/office/correct";
  const corrections = targets.map((t) => (t && mayCorrect.has(t.unit) ? correctionPath(correctBase, t) : null));
  return {
    lang,
    base: paths.base,
    exportBase: paths.exportBase,
    period,
    asOf,
    periods,
    group,
    entity: { ...entity, name: name(entity.code, entity.name) },
    peers: withNames(peers, name),
    rankedCount: groups[group].filter((x) => x.rank !== null).length,
    view,
    target,
    status,
    search,
    sort,
    sortable: view === "todo" ? TO_DO_SORTABLE : SORTABLE[target],
    page,
    pageSize: PAGE_SIZE,
    items: { ...items, items: withItemNames(items.items, name) },
    trend: { months: last12, values: trend.byEntity.get(code)?.values ?? last12.map(() => null) },
    showTodo,
    idNumbers: { view: idNumbers, mayAsk: maySeeFullIdNumbers(viewer, code) },
    standing,
    minSample: (publication ? publication.document.min_sample : current.min_sample) ?? 0,
    batchBase: unitView ? "/unit/imports" : "/office/imports",
    notes,
    ...(unitView ? { explainBase: "/unit/explain" } : {}),
    corrections,
  };
}

/**
 * Reads the export parameters and finds the unit's group; undefined when the unit is not ranked.
 * ID numbers are masked unless `viewer` asks (`ids=full`) and may (logged as `export:id-numbers`).
 */
export async function exportParams(db: Sql, code: string, url: URL, viewer: SessionUser) {
  const q = new QueryReader(url.searchParams);
  const months = await dataMonths(db);
  const periods = periodChoices(months);
  const { period, asOf, target, status, ids, search, sort } = readItemQuery(q, periods, await workingPeriod(db, months), false);
  const format = q.oneOf("format", ["csv", "xlsx"] as const, "csv")!;
  // a mistaken address is a 400 naming the mistake, never another list than the one asked for
  q.check();
  if (!period) return undefined;
  const { current } = await provisionalScores(db, period, asOf);
  const group: Group | undefined = current.groups.region.some((e) => e.code === code) ? "region" : current.groups.department.some((e) => e.code === code) ? "department" : undefined;
  if (!group) return undefined;
  const lang: Lang = q.lang;
  const idNumbers = hasSubjectCodes(target) ? await idNumberView(db, viewer, code, ids, "export", url.pathname + url.search) : "masked";
  return { period, asOf, group, entity: code, target, status, search, sort, lang, format, idNumbers };
}

/**
 * The parameters of a unit's item list, shared by its page and its export: period (`fallback` when the
 * address names none: the month at work), evaluation date, view, indicator, status, search, order, ID
 * numbers. The page opens on the to-do list unless the address names an indicator or a status (the
 * addresses of the item lists keep their meaning) or `view=items`; an export is always of an item list.
 */
function readItemQuery(q: QueryReader, periods: string[], fallback: string | undefined, page: boolean) {
  const period = q.period("period", periods, fallback);
  const asOf = q.asOf("asOf", period, todayInShanghai());
  const asked = q.oneOf("indicator", TARGETS);
  const target: ExplainTarget = asked ?? "publication_timeliness";
  const view: UnitView = page ? q.oneOf("view", UNIT_VIEWS, asked || q.has("status") ? "items" : "todo")! : "items";
  if (view === "todo" && asked) q.problem("indicator", asked, "待办清单包含所有指标，不按指标筛选：请去掉“指标”或“视图”", 'the to-do list covers every indicator: leave out "indicator" or "view"');
  const status = q.oneOf("status", view === "todo" ? TO_DO_STATUSES : TARGET_STATUSES[target]);
  const search = q.text("q", 100);
  const column = q.oneOf("sort", view === "todo" ? TO_DO_SORTABLE : SORTABLE[target]);
  const dir = q.oneOf("dir", ["asc", "desc"] as const, column === "days_late" ? "desc" : "asc")!;
  const sort: ItemSort | undefined = column ? { column, dir } : undefined;
  const ids = q.oneOf(FULL_ID_NUMBERS.param, [FULL_ID_NUMBERS.value]);
  return { period, asOf, view, target, status, search, sort, ids };
}
