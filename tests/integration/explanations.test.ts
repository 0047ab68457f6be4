import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ExplanationForm } from "@/components/ExplanationForm";
import { NoticeExplanations } from "@/components/NoticeExplanations";
import { UnitDetail } from "@/components/UnitDetail";
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { explanationForm, explanationsForPeriod, itemNotes, noticeExplanations, saveExplanation, type SaveExplanationInput } from "@/lib/explanations";
import { closePeriod } from "@/lib/notices/close";
import { approve, issue } from "@/lib/notices/lifecycle";
import { saveRules } from "@/lib/notices/rules";
import { explain } from "@/lib/scoring/explain";
import { loadUnitDetail } from "@/lib/unit-page";
import { QueryReader } from "@/lib/web/query";
import { OFFICE, clerk, head } from "../helpers/actors";
import { freshDatabase, rollbackEach, type TestDatabase } from "../helpers/db";
import { feedbackRow, insertRegions, insertRows, obligation, record } from "../helpers/fixtures";

/**
 * Explanations of problem items (说明迟报原因): a unit's head or clerk explains a late, missing,
 * non-compliant, short item or a violation of their own unit's lists; not the office, not another
 * unit's items, not items in order; the text is checked; replacing keeps the earlier text in the audit
 * trail; the office sees them on the unit's page and on a notice's review, and is told when an item of
 * an issued notice's annex is explained.
 */
let db: TestDatabase;
const tx = rollbackEach(() => db);
const A = "620100";
const B = "620200";
const AS_OF = "2024-04-30";
let draftA = 0;
let draftB = 0;

beforeAll(async () => {
  db = await freshDatabase();
  await insertRegions(db, 2);
  await insertRows(db, "records", [
    record("late-a", A, "2024-03-01", "2024-03-20", "2024-03-02"), // published late
    record("missing-a", A, "2024-03-04", null, null), // never published
    record("ok-a", A, "2024-03-04", "2024-03-05", "2024-03-05"), // on time, compliant
    record("bad-a", A, "2024-03-05", "2024-03-06", "2024-03-06", false), // on time, not compliant
    record("late-b", B, "2024-03-01", null, null),
  ]);
  await insertRows(db, "cases", [obligation("LH-1", "M-07", A, B, "2024-03-15"), obligation("LH-1", "M-08", A, B, "2024-03-15")]);
  await insertRows(db, "feedback", [feedbackRow("LH-1", "M-08", A, "2024-03-10")]);
  await insertRows(db, "users", [{ username: "office", display_name: "领导小组办公室", password_hash: "x", role: "office", unit_code: null }]);
  // 620100 published 2 of its 4 records in time: below 0.6, so both regions get a draft
  await saveRules(db, [{ id: "publication_late_over_half", floor: 0.6 }], OFFICE);
  await closePeriod(db, { period: "2024-03", asOf: AS_OF, actor: OFFICE });
  const ids = Object.fromEntries((await db.query<{ id: number; unit_code: string }>(`SELECT id, unit_code FROM notices`)).map((r) => [r.unit_code, r.id]));
  draftA = ids[A]!;
  draftB = ids[B]!;
});

afterAll(async () => {
  await db?.drop();
});

const explainAs = (actor: Actor, input: Partial<SaveExplanationInput> & { key: string }) =>
  saveExplanation(tx(), actor, { target: "publication_timeliness", period: "2024-03", text: "系统对接故障，已于3月20日补录。", ...input }, AS_OF);

/** The AppError a call ends with, as code, status and both texts. */
async function refusal(run: Promise<unknown>) {
  try {
    await run;
  } catch (e) {
    if (e instanceof AppError) return { code: e.code, status: e.status, zh: e.text("zh"), en: e.text("en") };
    throw e;
  }
  throw new Error("the call was not refused");
}

const stored = () => tx().query(`SELECT unit_code, target, item_key, period, text, author FROM item_explanations ORDER BY id`);
const audit = () => tx().query<{ actor: string; entity_key: string; before: { text: string } | null; after: { text: string } }>(`SELECT actor, entity_key, before, after FROM audit_log WHERE entity = 'item_explanations' ORDER BY id`);

describe("who may explain what", () => {
  it("the unit's head explains its late record: stored with the item's month, audited", async () => {
    expect(await explainAs(head(A), { key: "late-a" })).toEqual({ replaced: false, notices: [] });
    expect(await stored()).toEqual([{ unit_code: A, target: "publication_timeliness", item_key: "late-a", period: "2024-03", text: "系统对接故障，已于3月20日补录。", author: "head-620100" }]);
    expect(await audit()).toMatchObject([{ actor: "head-620100", entity_key: `${A}|publication_timeliness|late-a`, before: null, after: { text: "系统对接故障，已于3月20日补录。" } }]);
  });

  it("a clerk replaces it: one current explanation, the earlier text kept in the audit trail", async () => {
    await explainAs(head(A), { key: "late-a", text: "第一稿" });
    expect(await explainAs(clerk(A), { key: "late-a", text: "  第二稿：经办人休假，已调整分工。  " })).toEqual({ replaced: true, notices: [] });
    expect(await stored()).toEqual([{ unit_code: A, target: "publication_timeliness", item_key: "late-a", period: "2024-03", text: "第二稿：经办人休假，已调整分工。", author: "clerk-620100" }]);
    const trail = await audit();
    expect(trail.map((r) => [r.actor, r.before?.text ?? null, r.after.text])).toEqual([
      ["head-620100", null, "第一稿"],
      ["clerk-620100", "第一稿", "第二稿：经办人休假，已调整分工。"],
    ]);
  });

  it("explains missing, non-compliant and collected-late items, an unanswered obligation under either feedback list, and a quarter's list", async () => {
    await explainAs(head(A), { key: "missing-a" });
    await explainAs(head(A), { key: "bad-a", target: "compliance" });
    await explainAs(head(A), { key: "missing-a", target: "collection_timeliness", period: "2024-Q1" });
    await explainAs(head(A), { key: `LH-1|M-07|${A}`, target: "feedback_coverage" });
    // the same obligation seen in the other feedback list is the same item: replaced, not doubled
    expect((await explainAs(head(A), { key: `LH-1|M-07|${A}`, target: "feedback_timeliness", text: "已反馈" })).replaced).toBe(true);
    expect((await stored()).map((r) => [(r as { target: string }).target, (r as { item_key: string }).item_key])).toEqual([
      ["publication_timeliness", "missing-a"],
      ["compliance", "bad-a"],
      ["collection_timeliness", "missing-a"],
      ["feedback_timeliness", `LH-1|M-07|${A}`],
    ]);
  });

  it("refuses items in order: on time, compliant, answered in time", async () => {
    const inOrder = { code: "invalid", status: 400, zh: "该事项没有问题（按时、合规或尚未到期），无需说明", en: "this item is in order (on time, compliant or not yet due): there is nothing to explain" };
    expect(await refusal(explainAs(head(A), { key: "ok-a" }))).toEqual(inOrder);
    expect(await refusal(explainAs(head(A), { key: "ok-a", target: "compliance" }))).toEqual(inOrder);
    expect(await refusal(explainAs(head(A), { key: `LH-1|M-08|${A}`, target: "feedback_timeliness" }))).toEqual(inOrder);
    expect(await stored()).toEqual([]);
  });

  it("refuses another unit's items as not found, and the office and a user without a unit outright", async () => {
    // 620200's own record, asked for by 620100; 620100's record, asked for by 620200's clerk
    expect(await refusal(explainAs(head(A), { key: "late-b" }))).toMatchObject({ code: "not_found", status: 404 });
    expect(await refusal(explainAs(clerk(B), { key: "late-a" }))).toMatchObject({ code: "not_found", status: 404, en: `your unit's list for 2024-03 has no item "late-a"` });
    expect(await refusal(explainAs(head(A), { key: "no-such-record" }))).toMatchObject({ code: "not_found", status: 404 });
    expect(await refusal(explainAs(OFFICE, { key: "late-a" }))).toMatchObject({ code: "forbidden", status: 403 });
    expect(await refusal(explainAs({ username: "clerk-x", name: "x", role: "clerk", unitCode: null }, { key: "late-a" }))).toMatchObject({ status: 403 });
    expect(await stored()).toEqual([]);
    expect(await audit()).toEqual([]);
  });
});

describe("the text", () => {
  it("is refused empty, too long or with control characters, in both languages; trimmed and with \\n line breaks when stored", async () => {
    expect(await refusal(explainAs(head(A), { key: "late-a", text: " \n\t " }))).toEqual({ code: "invalid", status: 400, zh: "请填写说明", en: "write the explanation" });
    expect(await refusal(explainAs(head(A), { key: "late-a", text: "长".repeat(501) }))).toEqual({
      code: "invalid",
      status: 400,
      zh: "说明最多 500 个字（现有 501 个），请精简",
      en: "the explanation is limited to 500 characters (it has 501): shorten it",
    });
    expect(await refusal(explainAs(head(A), { key: "late-a", text: "迟报\u0007原因" }))).toEqual({
      code: "invalid",
      status: 400,
      zh: "说明含有不可见的控制字符，请删除后重新填写",
      en: "the explanation contains invisible control characters: remove them and try again",
    });
    expect(await stored()).toEqual([]);
    // 500 characters exactly (an emoji is one), over two lines
    const text = `${"长".repeat(498)}\r\n😀`;
    await explainAs(head(A), { key: "late-a", text });
    expect((await stored())[0]).toMatchObject({ text: `${"长".repeat(498)}\n😀` });
  });
});

describe("who sees them", () => {
  const MARCH = { period: "2024-03", asOf: AS_OF };

  async function page(query: Record<string, string>, office: boolean) {
    const q = new QueryReader(query);
    const base = office ? `/office/units/${A}` : "/unit";
    const p = await loadUnitDetail(tx(), A, q, { base, exportBase: `${base}/export` }, !office, office ? OFFICE : head(A));
    if (!p || p === "bad address") throw new Error(JSON.stringify(q.problems));
    return { p, html: renderToStaticMarkup(createElement(UnitDetail, p)) };
  }

  it("the unit's list shows each item's explanation and links problem items to the form; the office's shows the text only", async () => {
    await explainAs(head(A), { key: "late-a", text: "经办人休假，已调整分工，今后按时公示并加强复核。".repeat(2) });
    for (const office of [false, true]) {
      const { p, html } = await page({ ...MARCH, indicator: "publication_timeliness" }, office);
      const byKey = Object.fromEntries(p.items.items.map((i, n) => [String(i.record_id), p.notes[n]]));
      expect(byKey["late-a"]).toMatchObject({ target: "publication_timeliness", key: "late-a", explainable: true, author: "head-620100" });
      expect(byKey["late-a"]!.text).toContain("经办人休假");
      expect(byKey["ok-a"]).toMatchObject({ explainable: false, text: null });
      // the text truncated, the whole of it on hover and when opened
      expect(html).toContain("<details");
      expect(html).toContain(`title="${"经办人休假，已调整分工，今后按时公示并加强复核。".repeat(2)}"`);
      const links = [...html.matchAll(/href="(\/unit\/explain[^"]*)"/g)].map((m) => m[1]!.replaceAll("&amp;", "&"));
      expect(p.explainBase).toBe(office ? undefined : "/unit/explain");
      expect(links).toEqual(
        office
          ? []
          : ["/unit/explain?target=publication_timeliness&key=late-a&period=2024-03&from=items", "/unit/explain?target=publication_timeliness&key=missing-a&period=2024-03&from=items"],
      );
    }
  });

  it("the to-do list names each item's list: an explanation shows there too", async () => {
    await explainAs(head(A), { key: `LH-1|M-07|${A}`, target: "feedback_coverage", text: "已补报" });
    const { p } = await page(MARCH, false);
    expect(p.view).toBe("todo");
    const fb = p.items.items.findIndex((i) => i.task === "feedback_timeliness" && i.number === "LH-1");
    expect(p.notes[fb]).toMatchObject({ target: "feedback_timeliness", key: `LH-1|M-07|${A}`, text: "已补报", explainable: true });
  });

  it("itemNotes keys every list's items as the explanations do", async () => {
    const items = (await explain(tx(), { period: "2024-03", asOf: AS_OF, group: "region", entity: A, target: "feedback_coverage" })).items;
    await explainAs(head(A), { key: `LH-1|M-07|${A}`, target: "feedback_timeliness", text: "已补报" });
    const notes = await itemNotes(tx(), A, "feedback_coverage", items);
    expect(notes.map((n) => [n.key, n.text])).toEqual(items.map((i) => [`LH-1|${String(i.measure_code)}|${A}`, i.measure_code === "M-07" ? "已补报" : null]));
  });

  it("the form shows the item (ID numbers masked) and its current explanation; another unit's item is not there", async () => {
    await explainAs(head(A), { key: "missing-a", text: "正在补录" });
    const form = await explanationForm(tx(), A, { target: "publication_timeliness", key: "missing-a", period: "2024-03" }, "en", AS_OF);
    expect(form?.found).toMatchObject({ status: "missing", explainable: true, month: "2024-03", item: { record_id: "missing-a", unit_name: "市620100" } });
    expect(form?.current).toMatchObject({ text: "正在补录", author: "head-620100" });
    const action = async (): Promise<never> => {
      throw new Error("not called");
    };
    const html = renderToStaticMarkup(
      createElement(ExplanationForm, { lang: "en", target: "publication_timeliness", period: "2024-03", from: "todo", found: form!.found, current: form!.current, error: "write the explanation", action, cancelHref: "/unit?period=2024-03&lang=en" }),
    );
    // the item's facts, the current text to edit, the fields the action reads, the message
    expect(html).toContain("missing-a");
    expect(html).toContain("市620100");
    expect(html).toContain(">正在补录</textarea>");
    expect(html).toContain('maxLength="500"');
    for (const [name, value] of [["target", "publication_timeliness"], ["key", "missing-a"], ["period", "2024-03"], ["from", "todo"], ["lang", "en"]]) {
      expect(html).toContain(`name="${name}" value="${value}"`);
    }
    expect(html).toContain('role="alert">write the explanation</p>');
    expect(await explanationForm(tx(), A, { target: "publication_timeliness", key: "late-b", period: "2024-03" }, "zh", AS_OF)).toBeUndefined();
    expect((await explanationsForPeriod(tx(), A, "2024")).map((e) => e.item_key)).toEqual(["missing-a"]);
    expect(await explanationsForPeriod(tx(), A, "2024-04")).toEqual([]);
  });

  it("a draft notice's review lists the unit's explanations of the period, another unit's notice none of them", async () => {
    await explainAs(head(A), { key: "missing-a", text: "正在补录" });
    const notice = (id: number) => tx().query<{ id: number; unit_code: string; period: string; issued_at: string | null }>(`SELECT id, unit_code, period, issued_at::text FROM notices WHERE id = $1`, [id]);
    const [a] = await notice(draftA);
    const onA = await noticeExplanations(tx(), a!);
    expect(onA.total).toBe(1);
    expect(onA.items.map((e) => [e.item_key, e.text])).toEqual([["missing-a", "正在补录"]]);
    const [b] = await notice(draftB);
    expect(await noticeExplanations(tx(), b!)).toEqual({ items: [], total: 0 });
    const html = renderToStaticMarkup(createElement(NoticeExplanations, { lang: "zh", items: onA.items, total: onA.total, issued: false }));
    expect(html).toContain("单位说明");
    expect(html).toContain("正在补录");
  });

  it("explaining an item of an issued notice's annex tells the office, and the notice's review lists it with its annex status", async () => {
    await approve(tx(), OFFICE, draftA);
    await issue(tx(), OFFICE, draftA, "2024-05-06");
    // not in the annex (on time): nothing to tell; in it: a message linking the notice
    const result = await explainAs(head(A), { key: "missing-a", text: "正在补录，预计5月10日前完成。" });
    expect(result).toEqual({ replaced: false, notices: [draftA] });
    const inbox = await tx().query(`SELECT username, kind, title, body, title_en, link FROM inbox WHERE kind = 'explanation' ORDER BY id`);
    expect(inbox).toEqual([
      {
        username: "office",
        kind: "explanation",
        title: `单位说明：${A} 的事项 missing-a`,
        body: `${A} 对已印发通报附件中的事项 missing-a 作了说明：正在补录，预计5月10日前完成。`,
        title_en: `Explanation: ${A}'s item missing-a`,
        link: `/office/notices/${draftA}`,
      },
    ]);
    // the unanswered obligation is in the annex too (its feedback section): a second message
    await explainAs(head(A), { key: `LH-1|M-07|${A}`, target: "feedback_timeliness", text: "已补报" });
    const [n] = await tx().query<{ id: number; unit_code: string; period: string; issued_at: string | null }>(`SELECT id, unit_code, period, issued_at::text FROM notices WHERE id = $1`, [draftA]);
    const listed = await noticeExplanations(tx(), n!);
    expect(listed.items.map((e) => [e.target, e.item_key, e.status]).sort()).toEqual([
      ["feedback_timeliness", `LH-1|M-07|${A}`, "missing"],
      ["publication_timeliness", "missing-a", "missing"],
    ]);
    expect(await tx().query(`SELECT count(*)::int AS n FROM inbox WHERE kind = 'explanation'`)).toEqual([{ n: 2 }]);
  });
});
