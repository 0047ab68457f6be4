import { NoticeDocumentLegacy } from "@/components/NoticeDocumentLegacy";
import { documentDate, groupDigits } from "@/lib/document-dates";
import { cellText, statusText } from "@/lib/explain-text";
import type { PrintedAnnex } from "@/lib/notices/annex";
import { printColumns } from "@/lib/notices/annex-columns";
import { documentForm } from "@/lib/notices/form";
import type { NoticeRow } from "@/lib/notices/lifecycle";
import { INDICATOR_NAMES, INDICATORS, type Indicator } from "@/lib/scoring/indicators";

export const ISSUER = "甘肃省社会信用体系建设领导小组办公室";

/**
 * The notice in the form of GB/T 9704-2012 (form 2). Sizes follow the standard: 版心 156 × 225 mm
 * (A4, margins 37 / 26 / 35 / 28 mm), body in 3号仿宋 (16 pt), title in 2号小标宋 (22 pt), the annex
 * and 版记 in 4号 (14 pt). The fonts named first are the ones a Chinese office installs; Noto Serif
 * CJK SC (fonts-noto-cjk) is what prints where they are missing (README "Notices").
 */
const DOC_CSS = `
.doc { max-width: 720px; width: 100%; box-sizing: border-box; margin: 0 auto; background: #fff; padding: 56px 64px; color: #000;
  font-family: "FangSong_GB2312", "仿宋_GB2312", "FangSong", "STFangsong", "Noto Serif CJK SC", serif; font-size: 16pt; line-height: 1.75;
  overflow-wrap: anywhere; word-break: normal; }
.doc .title-font { font-family: "FZXiaoBiaoSong-B05S", "方正小标宋简体", "STZhongsong", "Noto Serif CJK SC", serif; font-weight: 700; }
.doc .org { color: #c00; text-align: center; white-space: nowrap; line-height: 1.2; margin-top: 8mm; }
.doc .no { text-align: center; margin-top: 1.5em; }
.doc hr.red { border: 0; border-top: 2px solid #c00; margin: 4mm 0 0; }
.doc h1 { text-align: center; font-size: 22pt; margin: 2em 0 1em; line-height: 1.5; }
.doc p { margin: 0; white-space: pre-wrap; }
.doc .to { text-indent: 0; }
.doc .annex-ref { margin-top: 1em; }
.doc table { width: 100%; border-collapse: collapse; margin: 0.6em 0; table-layout: auto; }
.doc th, .doc td { border: 1px solid #000; padding: 2px 4px; vertical-align: top; }
/* headings never break inside a word; long codes in cells wrap instead of widening the page */
.doc th { white-space: nowrap; word-break: keep-all; font-weight: 700; text-align: center; }
.doc td { overflow-wrap: anywhere; word-break: break-all; }
.doc .figures { font-size: 12pt; }
.doc .figures td { text-align: center; }
.doc .sign { text-align: right; margin-top: 3em; padding-right: 2em; }
.doc .draft { color: #c00; border: 2px solid #c00; display: inline-block; padding: 0 8px; font-size: 12pt; }
.doc .annex { break-before: page; margin-top: 3em; font-size: 14pt; }
.doc .annex-label { font-family: "SimHei", "黑体", "Noto Sans CJK SC", sans-serif; font-size: 16pt; }
.doc .annex h2 { text-align: center; font-size: 18pt; margin: 0.5em 0 0.8em; }
.doc .annex h3 { font-size: 14pt; margin: 1em 0 0.3em; font-family: "SimHei", "黑体", "Noto Sans CJK SC", sans-serif; font-weight: 400; }
.doc .annex table { font-size: 10.5pt; line-height: 1.4; }
.doc .annex .bounded { font-size: 12pt; margin: 0.5em 0; }
.doc .colophon { margin-top: 3em; font-size: 14pt; break-inside: avoid; }
.doc .colophon .rule-thick { border-top: 1.5px solid #000; }
.doc .colophon .rule-thin { border-top: 0.75px solid #000; }
.doc .colophon p { padding: 0.2em 1em; white-space: normal; }
.doc .colophon .printed { display: flex; justify-content: space-between; gap: 1em; }
@media print { .doc { padding: 0; max-width: none; } @page { size: A4; margin: 37mm 26mm 35mm 28mm; } }
`;

type Figures = { score?: number | null; rank?: number | null; violations?: number; indicators?: Record<Indicator, { numerator: number; denominator: number; rate: number | null }> };

const rate = (r: number | null) => (r === null ? "—" : `${(r * 100).toFixed(1)}%`);

/**
 * The 发文机关标志 on one line: as large as the standard's look asks (26 pt at most) and no wider than
 * the 156 mm text block (≈ 440 pt), whatever the office's name.
 */
function orgSize(name: string): string {
  return `${Math.min(26, Math.floor((440 / [...name].length) * 10) / 10)}pt`;
}

/**
 * The body's paragraphs. A draft made before form 2 still starts with its salutation ("定西市："):
 * 主送 is printed once, above the body, so that line is left out.
 */
function paragraphs(body: string, addressees: string): string[] {
  const lines = body.split("\n");
  const first = lines[0]?.trim() ?? "";
  if (first.endsWith("：") && (first === `${addressees}：` || !first.startsWith("\u3000"))) lines.shift();
  return lines;
}

/**
 * A notice as an official document: form 2 for drafts and notices issued in it, the form it was
 * issued in (NoticeDocumentLegacy) for those issued before. `deadline` is the rectification deadline
 * (for a draft: what issuing today would give); `annex` the printed annex (lib/notices/annex.ts), left
 * out with `showAnnex` false (pages that link to the annex's own paged list instead).
 */
export function NoticeDocument({ notice, issuedDate, deadline, annex, showAnnex = true }: { notice: NoticeRow; issuedDate: string | null; deadline?: string | null; annex?: PrintedAnnex | null; showAnnex?: boolean }) {
  if (documentForm(notice) < 2) return <NoticeDocumentLegacy notice={notice} issuedDate={issuedDate} />;
  const f = notice.figures as Figures;
  const date = issuedDate ? documentDate("zh", issuedDate) : null;
  const hasAnnexItems = !!annex && annex.total > 0;
  return (
    <article className="doc" lang="zh-CN">
      <style>{DOC_CSS}</style>
      <div className="org title-font" style={{ fontSize: orgSize(ISSUER) }}>{ISSUER}</div>
      <div className="no">{notice.number ?? <span className="draft">草稿 · 未印发</span>}</div>
      <hr className="red" />
      <h1 className="title-font">{notice.title}</h1>
      <p className="to">{notice.addressees}：</p>
      {paragraphs(notice.body, notice.addressees).map((p, i) => (
        <p key={i}>{p}</p>
      ))}
      {deadline && <p>{`\u3000\u3000整改期限：${documentDate("zh", deadline)}前。`}</p>}
      {f.indicators && (
        <table className="figures">
          <thead>
            <tr>
              <th>项目</th>
              <th>达标数 / 应计数</th>
              <th>比率</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <td>得分（排名）</td>
              <td colSpan={2}>
                {f.score ?? "—"} 分（第 {f.rank ?? "—"} 位）
              </td>
            </tr>
            {INDICATORS.map((k) => (
              <tr key={k}>
                <td>{INDICATOR_NAMES[k].zh}</td>
                <td>
                  {groupDigits(f.indicators![k].numerator)} / {groupDigits(f.indicators![k].denominator)}
                </td>
                <td>{rate(f.indicators![k].rate)}</td>
              </tr>
            ))}
            <tr>
              <td>违规执行</td>
              <td colSpan={2}>{f.violations ?? 0} 次</td>
            </tr>
          </tbody>
        </table>
      )}
      {hasAnnexItems && <p className="annex-ref">{"\u3000\u3000附件：问题清单"}</p>}
      <p className="sign">
        {ISSUER}
        <br />
        {date ?? "（印发时填写日期）"}
      </p>
      {hasAnnexItems && showAnnex && <Annex annex={annex} />}
      <Colophon copiesTo={notice.copies_to} date={date} />
    </article>
  );
}

/** 附件: the list of problems, section by section, as many items as the print bound allows. */
function Annex({ annex }: { annex: PrintedAnnex }) {
  return (
    <section className="annex">
      <div className="annex-label">附件</div>
      <h2 className="title-font">问题清单</h2>
      {annex.shown < annex.total && (
        <p className="bounded">
          本附件共 {groupDigits(annex.total)} 条，因篇幅所限印出前 {groupDigits(annex.shown)} 条；完整清单见随通报提供的 CSV / Excel 文件。
        </p>
      )}
      {annex.sections.map(({ section, total, items }, s) => {
        const cols = printColumns(section.target);
        return (
          <div key={section.target}>
            <h3>
              {"一二三四五六七八九十"[s]}、{section.zh}（{groupDigits(total)} 条{items.length < total ? `，印出 ${groupDigits(items.length)} 条` : ""}）
            </h3>
            {items.length > 0 && (
              <table>
                <thead>
                  <tr>
                    <th>序号</th>
                    {cols.map((c) => (
                      <th key={c.key}>{c.zh}</th>
                    ))}
                    <th>状态</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((i, n) => (
                    <tr key={n}>
                      <td>{n + 1}</td>
                      {cols.map((c) => (
                        <td key={c.key}>{cellText("zh", c.key, i[c.key])}</td>
                      ))}
                      <td>{statusText("zh", String(i.status))}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
        );
      })}
    </section>
  );
}

/** 版记: 抄送, then 印发机关 and 印发日期, between rules (a thick one first and last). */
function Colophon({ copiesTo, date }: { copiesTo: string | null; date: string | null }) {
  return (
    <footer className="colophon">
      <div className="rule-thick" />
      {copiesTo && (
        <>
          <p>抄送：{copiesTo.replace(/[。.]$/u, "")}。</p>
          <div className="rule-thin" />
        </>
      )}
      <p className="printed">
        <span>{ISSUER}</span>
        <span>{date ? `${date}印发` : "（印发日期）"}</span>
      </p>
      <div className="rule-thick" />
    </footer>
  );
}
