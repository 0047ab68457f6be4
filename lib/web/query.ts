import { AppError } from "@/lib/errors";
import { periodLabel, withLang, type Lang } from "@/lib/i18n";

/**
 * Reads a page's or handler's query string and says what is wrong with it, instead of quietly
 * showing something else (issue 9, item 11). Pure: the caller passes what the values are checked
 * against (the periods with data, today, the number of pages), so it runs without a database.
 *
 * Each method returns the value to use — the fallback when the parameter is absent or wrong — and a
 * wrong value becomes a problem { field, value, zh, en } with, where one exists, the value that makes
 * a valid address (`fix`; none: leave the parameter out). `links(path)` gives those valid addresses.
 */
export interface QueryProblem {
  field: string;
  value: string;
  zh: string;
  en: string;
  /** the value that makes the address valid; undefined: drop the parameter */
  fix?: string;
}

export type SearchParams = Record<string, string | string[] | undefined> | URLSearchParams;

/** What each parameter is called in a message. */
const LABEL: Record<string, { zh: string; en: string }> = {
  period: { zh: "期间", en: "period" },
  asOf: { zh: "评价日", en: "evaluation date" },
  page: { zh: "页码", en: "page" },
  status: { zh: "状态", en: "status" },
  job: { zh: "任务", en: "job" },
  version: { zh: "版本", en: "version" },
  indicator: { zh: "指标", en: "indicator" },
  from: { zh: "起始日期", en: "from date" },
  to: { zh: "截止日期", en: "to date" },
  kind: { zh: "类别", en: "kind" },
  role: { zh: "角色", en: "role" },
  unit: { zh: "单位", en: "unit" },
  user: { zh: "用户", en: "user" },
  action: { zh: "操作", en: "action" },
  q: { zh: "搜索", en: "search" },
  view: { zh: "视图", en: "view" },
  sort: { zh: "排序", en: "sort" },
  dir: { zh: "排序方向", en: "sort direction" },
  format: { zh: "格式", en: "format" },
  ids: { zh: "证件号显示", en: "ID numbers" },
  refused: { zh: "仅显示被拒绝", en: "refused only" },
  headers: { zh: "表头", en: "headers" },
  channel: { zh: "导入方式", en: "channel" },
  rpage: { zh: "被拒绝行的页码", en: "page of rejected rows" },
  step: { zh: "待办步骤", en: "step" },
  overdue: { zh: "仅显示逾期", en: "overdue only" },
  fsort: { zh: "问题清单排序", en: "sort of the findings" },
  fdir: { zh: "问题清单排序方向", en: "sort direction of the findings" },
  wpage: { zh: "预警名单的页码", en: "page of the warning list" },
};

export const labelOf = (field: string) => LABEL[field] ?? { zh: field, en: field };

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const PERIOD = /^(\d{4})(?:-(\d{2})|-Q([1-4]))?$/;
const PAGE_MAX = 1_000_000;

const isControl = (c: string) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f;
/** Control characters (NUL and the like) shown as �: they name nothing and must not reach a message raw. */
export const maskControl = (text: string) => [...text].map((c) => (isControl(c) ? "\ufffd" : c)).join("");

/** A real calendar day between 1900 and 2100 (year 0 and 2026-02-30 name no day). */
export function isCalendarDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return y >= 1900 && y <= 2100 && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** 2024-03, 2024-Q1 or 2024, with a month between 01 and 12. */
export function isPeriodKey(text: string): boolean {
  const m = PERIOD.exec(text);
  return !!m && (m[2] === undefined || (Number(m[2]) >= 1 && Number(m[2]) <= 12));
}

/** The first day of a period key (isPeriodKey). */
export function periodStart(key: string): string {
  const m = PERIOD.exec(key)!;
  const month = m[2] ? Number(m[2]) : m[3] ? (Number(m[3]) - 1) * 3 + 1 : 1;
  return `${m[1]}-${String(month).padStart(2, "0")}-01`;
}

/** The values of one parameter's choices, optionally with their names for the message. */
export type Choices<T extends string> = readonly T[] | Readonly<Record<T, { zh: string; en: string }>>;

export class QueryReader {
  readonly problems: QueryProblem[] = [];
  /** the parameters read and accepted, as they will appear in a valid address */
  private readonly kept = new Map<string, string>();
  readonly lang: Lang;

  constructor(private readonly sp: SearchParams) {
    this.lang = this.one("lang") === "en" ? "en" : "zh";
  }

  get ok(): boolean {
    return this.problems.length === 0;
  }

  /** The raw value; a parameter given twice is a problem (which one was meant?). */
  private one(name: string): string | undefined {
    const all = this.sp instanceof URLSearchParams ? this.sp.getAll(name) : ([] as string[]).concat(this.sp[name] ?? []);
    if (all.length > 1) {
      this.add(name, all.join(", "), `“${labelOf(name).zh}”出现了 ${all.length} 次，只能给一个值`, `"${labelOf(name).en}" is given ${all.length} times; give one value`);
      return undefined;
    }
    return all[0];
  }

  private add(field: string, value: string, zh: string, en: string, fix?: string) {
    if (!this.problems.some((p) => p.field === field)) this.problems.push({ field, value: maskControl(value), zh: maskControl(zh), en: maskControl(en), fix });
  }

  private keep(name: string, value: string | undefined) {
    if (value !== undefined) this.kept.set(name, value);
  }

  /** Whether the address names the parameter at all (even blank): how a page tells an explicit choice from its default. */
  has(name: string): boolean {
    return this.sp instanceof URLSearchParams ? this.sp.has(name) : this.sp[name] !== undefined;
  }

  /** Free text (a search, a user name): trimmed, blank is absent, at most `max` characters, no control characters. */
  text(name: string, max = 100): string | undefined {
    const raw = this.one(name);
    const v = raw?.trim();
    if (!v) return undefined;
    const l = labelOf(name);
    if ([...v].some(isControl)) {
      this.add(name, v, `${l.zh}含有控制字符`, `the ${l.en} contains control characters`);
      return undefined;
    }
    if ([...v].length > max) {
      this.add(name, `${[...v].slice(0, 20).join("")}…`, `${l.zh}过长（最多 ${max} 个字符）`, `the ${l.en} is too long (at most ${max} characters)`);
      return undefined;
    }
    this.keep(name, v);
    return v;
  }

  /** One of a fixed set of values; blank is absent (→ `fallback`), anything else is a problem naming the choices. */
  oneOf<T extends string>(name: string, choices: Choices<T>, fallback?: T): T | undefined {
    const raw = this.one(name);
    if (raw === undefined || raw === "") return fallback;
    const values = (Array.isArray(choices) ? choices : Object.keys(choices)) as T[];
    if ((values as string[]).includes(raw)) {
      this.keep(name, raw);
      return raw as T;
    }
    const named = (lang: Lang) =>
      values.map((v) => (Array.isArray(choices) ? v : lang === "en" ? `${v} (${(choices as Record<T, { en: string }>)[v].en})` : `${v}（${(choices as Record<T, { zh: string }>)[v].zh}）`)).join(lang === "en" ? ", " : "、");
    const l = labelOf(name);
    this.add(name, raw, `${l.zh}“${raw}”不存在，可选：${named("zh")}`, `there is no ${l.en} "${raw}"; choose one of: ${named("en")}`);
    return fallback;
  }

  /** A flag: absent, or exactly `value` (refused=1). */
  flag(name: string, value = "1"): boolean {
    return this.oneOf(name, [value]) === value;
  }

  /**
   * A scoring period among `choices` (the periods that have data); absent → `fallback`. A malformed one
   * (2026-13) and one without data (1999-01) are told apart, and the second says which periods there are.
   */
  period(name: string, choices: readonly string[], fallback: string | undefined): string | undefined {
    const raw = this.one(name);
    if (raw === undefined || raw === "") return fallback;
    if (choices.includes(raw)) {
      this.keep(name, raw);
      return raw;
    }
    const l = labelOf(name);
    if (!isPeriodKey(raw)) {
      this.add(name, raw, `${l.zh}“${raw}”无法识别：应写作 2026-03（月）、2026-Q1（季度）或 2026（年度）`, `the ${l.en} "${raw}" is not a period: write 2026-03 (a month), 2026-Q1 (a quarter) or 2026 (a year)`);
      return fallback;
    }
    const months = choices.filter((c) => /^\d{4}-\d{2}$/.test(c)).sort();
    if (months.length > 0 && months.length === choices.length && !/^\d{4}-\d{2}$/.test(raw)) {
      this.add(name, raw, `${l.zh}“${raw}”不是月份：此处只能按月查看（如 2026-10）`, `the ${l.en} "${raw}" is not a month: this page is by month (2026-10, say)`);
      return fallback;
    }
    const first = months[0];
    const last = months.at(-1);
    if (!first || !last) {
      this.add(name, raw, `${l.zh}“${raw}”没有数据：还没有导入任何数据`, `there are no data for the ${l.en} "${raw}": nothing has been imported yet`);
    } else {
      this.add(
        name,
        raw,
        `${l.zh}“${raw}”没有数据：现有数据从${periodLabel("zh", first)}到${periodLabel("zh", last)}`,
        `there are no data for the ${l.en} "${raw}": the data run from ${periodLabel("en", first)} to ${periodLabel("en", last)}`,
      );
    }
    return fallback;
  }

  /** A day (YYYY-MM-DD, a real one); absent → undefined. */
  date(name: string): string | undefined {
    const raw = this.one(name);
    if (raw === undefined || raw === "") return undefined;
    if (isCalendarDate(raw)) {
      this.keep(name, raw);
      return raw;
    }
    const l = labelOf(name);
    this.add(name, raw, `${l.zh}“${raw}”不是有效日期：应写作 2026-11-16（年-月-日）`, `the ${l.en} "${raw}" is not a date: write it as 2026-11-16 (year-month-day)`);
    return undefined;
  }

  /**
   * The evaluation date of `period`: absent → `today`; it may be neither before the period begins
   * (nothing would be due) nor after today (the evidence of a day to come does not exist).
   */
  asOf(name: string, period: string | undefined, today: string): string {
    const day = this.date(name);
    if (day === undefined) return today;
    const l = labelOf(name);
    if (day > today) {
      this.kept.delete(name);
      this.add(name, day, `${l.zh} ${day} 晚于今天（${today}）：不能按尚未到来的日期评价`, `the ${l.en} ${day} is after today (${today}): a day to come cannot be evaluated`);
      return today;
    }
    if (period && isPeriodKey(period) && day < periodStart(period)) {
      this.kept.delete(name);
      this.add(
        name,
        day,
        `${l.zh} ${day} 早于${periodLabel("zh", period)}的开始（${periodStart(period)}）：评价日应在期间开始之后`,
        `the ${l.en} ${day} is before ${periodLabel("en", period)} begins (${periodStart(period)}): evaluate a period on or after its first day`,
      );
      return today;
    }
    return day;
  }

  /** A version number (1, 2, …; at most 6 digits); absent → undefined. */
  version(name = "version"): number | undefined {
    const raw = this.one(name);
    if (raw === undefined || raw === "") return undefined;
    if (/^[1-9]\d{0,5}$/.test(raw)) {
      this.keep(name, raw);
      return Number(raw);
    }
    this.add(name, raw, `版本“${raw}”无效，应为正整数（如 version=1）`, `invalid version "${raw}": expected a positive whole number (version=1)`);
    return undefined;
  }

  /** A period written as a period (2026-10, 2026-Q3, 2026) whatever data there are; absent → undefined. */
  periodKey(name = "period"): string | undefined {
    const raw = this.one(name);
    if (raw === undefined || raw === "") return undefined;
    if (isPeriodKey(raw)) {
      this.keep(name, raw);
      return raw;
    }
    const l = labelOf(name);
    this.add(name, raw, `${l.zh}“${raw}”无法识别：应写作 2026-03（月）、2026-Q1（季度）或 2026（年度）`, `the ${l.en} "${raw}" is not a period: write 2026-03 (a month), 2026-Q1 (a quarter) or 2026 (a year)`);
    return undefined;
  }

  /** A page number (1, 2, …); absent → 1. Whether it exists is `pageWithin`'s question, once the list is counted. */
  page(name = "page"): number {
    const raw = this.one(name);
    if (raw === undefined || raw === "") return 1;
    if (/^[1-9]\d{0,6}$/.test(raw) && Number(raw) <= PAGE_MAX) {
      this.keep(name, raw);
      return Number(raw);
    }
    this.add(name, raw, `页码“${raw}”无效：应为正整数（1、2、3……）`, `the page "${raw}" is not valid: a page is a whole number (1, 2, 3 …)`, "1");
    return 1;
  }

  /** The page asked for must exist: past the last page is a problem whose fix is the last page. */
  pageWithin(name: string, page: number, pages: number): number {
    if (page <= pages) return page;
    this.kept.delete(name);
    this.add(name, String(page), `没有第 ${page} 页：共 ${pages} 页`, `there is no page ${page}: there ${pages === 1 ? "is 1 page" : `are ${pages} pages`}`, String(pages));
    return pages;
  }

  /** Keeps a parameter the page has checked itself (a valid address repeats it). */
  accept(name: string, value: string | undefined) {
    this.keep(name, value);
  }

  /** Records a problem the page found itself (a version that does not exist, say). */
  problem(field: string, value: string, zh: string, en: string, fix?: string) {
    this.add(field, value, zh, en, fix);
  }

  /**
   * Where to go instead, in the page's language: the same address with each wrong parameter
   * corrected or left out (for a page past the end: the last page), then `path` without any filter.
   */
  links(path: string): { href: string; zh: string; en: string }[] {
    const q = new URLSearchParams();
    for (const [k, v] of this.kept) q.set(k, v);
    for (const p of this.problems) if (p.fix !== undefined) q.set(p.field, p.fix);
    const query = q.toString();
    const fixed = withLang(this.lang, query ? `${path}?${query}` : path);
    const plain = withLang(this.lang, path);
    const onlyPage = this.problems.length === 1 && this.problems[0]!.field === "page" && this.problems[0]!.fix !== undefined && this.problems[0]!.fix !== "1";
    const out = [
      onlyPage
        ? { href: fixed, zh: `最后一页（第 ${this.problems[0]!.fix} 页）`, en: `the last page (page ${this.problems[0]!.fix})` }
        : { href: fixed, zh: "更正后的网址", en: "the corrected address" },
    ];
    if (plain !== fixed) out.push({ href: plain, zh: "不带任何条件的本页", en: "this page without any filter" });
    return out;
  }

  /** What components/BadAddress.tsx shows: the problems and where to go instead. */
  view(path: string): { lang: Lang; problems: QueryProblem[]; links: { href: string; zh: string; en: string }[] } {
    return { lang: this.lang, problems: this.problems, links: this.links(path) };
  }

  /** For a route handler: stop here with a 400 naming every problem (lib/web/handler.ts answers it as text). */
  check(): void {
    if (this.problems.length > 0) throw new BadQueryError(this.problems);
  }
}

/** A query string with mistakes, as a route handler's answer: 400, the problems as text in the request's language. */
export class BadQueryError extends AppError {
  constructor(readonly problems: QueryProblem[]) {
    super("bad_query", problemText(problems, "zh"), problemText(problems, "en"), 400);
  }
}

/** The problems as plain text, one a line. */
export function problemText(problems: QueryProblem[], lang: Lang): string {
  const head = lang === "en" ? "This address has a mistake:" : "网址中的参数有误：";
  return [head, ...problems.map((p) => `- ${lang === "en" ? p.en : p.zh}`)].join("\n");
}
