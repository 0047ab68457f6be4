import Link from "next/link";
import { AppShell } from "@/components/AppShell";
import { getDb } from "@/lib/db";
import { requireOffice } from "@/lib/auth/guards";
import { AppError } from "@/lib/errors";
import { formatDate, isoOrToday, langOf, periodLabel, withLang, beijingTime } from "@/lib/i18n";
import { methodHistory, methodInForce, parseMinSample, previewMinSample, MIN_SAMPLE_MAX, type MinSamplePreview } from "@/lib/scoring/method";
import { jointMethodSource, type JointMethodFrom } from "@/lib/scoring/joint-method";
import { dataMonths } from "@/lib/scoring/provisional";
import { setMinSampleAction } from "./actions";

export const dynamic = "force-dynamic";

const T = {
  zh: {
    title: "评价方法：最小样本量",
    intro: "某单位某项指标本期应计对象少于最小样本量的，标为“样本不足”，不计入得分，也不据此通报。0 表示不设下限（凡有可计算对象的指标均计入得分）。已发布的排名保留其计算时的数值，修改后只影响今后的计算和发布。",
    inForce: (n: number, v: number | null) => (v === null ? `现行：${n}（未设置，默认值）` : `现行：${n}（第 ${v} 版）`),
    label: `新的最小样本量（0–${MIN_SAMPLE_MAX} 的整数）`,
    note: "说明（可选）",
    next: "下一步：查看影响…",
    saved: "已保存为新版本。",
    confirmTitle: (a: number, b: number) => `将最小样本量由 ${a} 改为 ${b}？`,
    effect: (p: MinSamplePreview, label: string) => `以 ${label}（评价日 ${p.asOf}）的暂定数据计：样本不足的指标由 ${p.insufficientBefore} 项变为 ${p.insufficientAfter} 项；${p.changes.length} 个单位的得分或排名将变化。`,
    after: "确认后立即生效：各页面的暂定得分和排名、期末通报起草都按新数值计算；已发布的排名不变，再次发布时将注明“评价方法调整”。此操作记入审计日志。",
    cols: ["单位", "原得分", "新得分", "原排名", "新排名"],
    confirm: "确认修改",
    cancel: "取消",
    history: "历史版本",
    from: (a: number, b: number) => `${a} → ${b}`,
    none: "尚无修改记录。",
    noData: "还没有任何数据，无法预览影响；仍可确认修改。",
    jointTitle: "联合奖惩评价方法",
    joint: (j: JointMethodFrom) =>
      j.from === undefined
        ? "未启用：各期均按约定的六项指标计分（合同第4–5节）。"
        : `自 ${j.from.slice(0, 4)} 年 ${Number(j.from.slice(5))} 月起（以期间最后一个月计）按联合奖惩评价方法计分，此前各期按约定的六项指标计分。设置来源：${j.source === "env" ? "环境变量 WENXIAO_JOINT_METHOD_FROM" : "数据库设置 joint_method_from"}。`,
    jointNote: "此处仅供查看；修改将由后续的评价方法版本管理提供。权重与扣分见公开的评价方法页。",
  },
  en: {
    title: "Scoring method: minimum sample",
    intro: "An indicator with fewer items to count for a unit in the period than the minimum sample is marked \"too few items\": left out of the score, and no notice names a unit for it. 0 means none (every indicator with anything to count is scored). Published rankings keep the value they were computed with; a change applies to later scoring and publications only.",
    inForce: (n: number, v: number | null) => (v === null ? `In force: ${n} (not set, the default)` : `In force: ${n} (version ${v})`),
    label: `New minimum sample (a whole number, 0–${MIN_SAMPLE_MAX})`,
    note: "Note (optional)",
    next: "Next: see what it changes…",
    saved: "Saved as a new version.",
    confirmTitle: (a: number, b: number) => `Change the minimum sample from ${a} to ${b}?`,
    effect: (p: MinSamplePreview, label: string) => `On the provisional figures of ${label} (as of ${p.asOf}): indicators with too few items go from ${p.insufficientBefore} to ${p.insufficientAfter}; ${p.changes.length} units change score or rank.`,
    after: "It applies at once: provisional scores and ranks on every page and the drafting of notices at close use the new value; published rankings do not change, and a republication will say \"the scoring method changed\". The change is audited.",
    cols: ["Unit", "Score before", "Score after", "Rank before", "Rank after"],
    confirm: "Confirm the change",
    cancel: "Cancel",
    history: "Versions",
    from: (a: number, b: number) => `${a} → ${b}`,
    none: "Never changed.",
    noData: "No data yet, so nothing to preview; the change can still be confirmed.",
    jointTitle: "Joint-measures method",
    joint: (j: JointMethodFrom) =>
      j.from === undefined
        ? "Off: every period is scored by the contract's six indicators (CONTRACT §4–5)."
        : `From ${j.from} (a period's last month) periods are scored by the joint-measures method; earlier ones by the contract's six indicators. Set by ${j.source === "env" ? "the environment variable WENXIAO_JOINT_METHOD_FROM" : "the database setting joint_method_from"}.`,
    jointNote: "Shown here read-only; changing it comes with the versioned scoring methods. The weights and deductions are on the public methodology page.",
  },
};

/** The office sets the minimum sample: the value in force, a form, a confirmation that says what changes, the history. */
export default async function MethodPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const sp = await searchParams;
  const lang = langOf(sp.lang);
  const user = await requireOffice("view:method", "/office/method");
  const t = T[lang];
  const db = await getDb();
  const current = await methodInForce(db);
  const history = await methodHistory(db);
  const joint = await jointMethodSource(db);
  // the confirmation step (?min_sample=…): the value checked, and its effect on the latest month with data
  let wanted: number | undefined;
  let inputError: string | undefined;
  let preview: MinSamplePreview | undefined;
  if (sp.min_sample !== undefined) {
    try {
      wanted = parseMinSample(sp.min_sample);
      if (wanted === current.minSample) throw new AppError("nothing_changed", `最小样本量已经是 ${wanted}，无需修改`, `the minimum sample is already ${wanted}: nothing to change`);
      // the latest month that has ended: the running one has too little due yet to show an effect
      const today = isoOrToday(undefined);
      const months = await dataMonths(db);
      const latest = months.filter((m) => m < today.slice(0, 7)).at(-1) ?? months.at(-1);
      if (latest) preview = await previewMinSample(db, latest, today, wanted);
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      inputError = e.text(lang);
      wanted = undefined;
    }
  }
  const nf = new Intl.NumberFormat(lang === "en" ? "en-US" : "zh-CN");
  const score = (s: number | null) => (s === null ? "—" : nf.format(s));
  return (
    <AppShell lang={lang} user={user}>
      <section className="card">
        <h1>{t.title}</h1>
        <p>{t.intro}</p>
        {sp.saved && <p className="notice" role="status">{t.saved}</p>}
        {sp.error && <p className="error" role="alert">{sp.error}</p>}
        <p data-min-sample={current.minSample}><strong>{t.inForce(current.minSample, current.version)}</strong></p>
        {wanted === undefined && (
          <form method="get" className="filters">
            {lang === "en" && <input type="hidden" name="lang" value="en" />}
            <label>
              {t.label}
              <input name="min_sample" inputMode="numeric" defaultValue={sp.min_sample ?? String(current.minSample)} aria-invalid={inputError ? true : undefined} />
            </label>
            <label style={{ flex: 1 }}>
              {t.note}
              <input name="note" maxLength={500} defaultValue={sp.note ?? ""} />
            </label>
            <button type="submit">{t.next}</button>
          </form>
        )}
        {inputError && <p className="error" role="alert">{inputError}</p>}
      </section>

      <section className="card" aria-labelledby="joint-method-title">
        <h2 id="joint-method-title">{t.jointTitle}</h2>
        <p data-joint-method-from={joint.from ?? ""}>{t.joint(joint)}</p>
        <p className="muted">
          {t.jointNote} <Link href={withLang(lang, "/methodology#joint")}>{lang === "en" ? "Methodology" : "评价方法"}</Link>
        </p>
      </section>

      {wanted !== undefined && (
        <section className="card" aria-labelledby="confirm-title" id="confirm">
          <h2 id="confirm-title">{t.confirmTitle(current.minSample, wanted)}</h2>
          <p>{preview ? t.effect(preview, periodLabel(lang, preview.period)) : t.noData}</p>
          <p>{t.after}</p>
          {preview && preview.changes.length > 0 && (
            <div className="table-wrap">
              <table className="compact">
                <thead><tr>{t.cols.map((c) => <th key={c} scope="col">{c}</th>)}</tr></thead>
                <tbody>
                  {preview.changes.map((c) => (
                    <tr key={`${c.group}:${c.code}`}>
                      <th scope="row">{c.name}</th>
                      <td className="num">{score(c.score_before)}</td>
                      <td className="num">{score(c.score_after)}</td>
                      <td className="num">{c.rank_before ?? "—"}</td>
                      <td className="num">{c.rank_after ?? "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <form action={setMinSampleAction} className="filters">
            <input type="hidden" name="lang" value={lang} />
            <input type="hidden" name="min_sample" value={String(wanted)} />
            <input type="hidden" name="note" value={sp.note ?? ""} />
            <input type="hidden" name="from" value={String(current.minSample)} />
            <button type="submit">{t.confirm}</button>
            <Link href={withLang(lang, "/office/method")}>{t.cancel}</Link>
          </form>
        </section>
      )}

      <section className="card">
        <h2>{t.history}</h2>
        {history.length === 0 ? (
          <p className="muted">{t.none}</p>
        ) : (
          <ul>
            {history.map((h) => (
              <li key={h.version}>
                v{h.version} · {formatDate(lang, h.created_at)} {beijingTime(h.created_at).slice(11)} · {h.created_by} · {t.from(h.previous, h.min_sample)}
                {h.note && <> · {h.note}</>}
              </li>
            ))}
          </ul>
        )}
      </section>
    </AppShell>
  );
}
