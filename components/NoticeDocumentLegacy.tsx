import type { NoticeRow } from "@/lib/notices/lifecycle";
import { INDICATOR_NAMES, INDICATORS, type Indicator } from "@/lib/scoring/indicators";

export const ISSUER = "甘肃省社会信用体系建设领导小组办公室";

const DOC_CSS = `
.doc { max-width: 720px; margin: 0 auto; background: #fff; padding: 56px 64px; color: #000;
  font-family: "Noto Serif CJK SC", "Songti SC", "SimSun", "Noto Sans CJK SC", serif; font-size: 16pt; line-height: 1.8; }
.doc .org { color: #c00; text-align: center; font-size: 28pt; font-weight: 700; letter-spacing: 2px; line-height: 1.3; }
.doc .no { text-align: center; font-size: 14pt; margin-top: 18px; }
.doc hr { border: 0; border-top: 3px solid #c00; margin: 8px 0 24px; }
.doc h1 { text-align: center; font-size: 20pt; font-weight: 700; margin: 16px 0 24px; line-height: 1.5; }
.doc p { margin: 0; white-space: pre-wrap; }
.doc table { width: 100%; border-collapse: collapse; font-size: 11pt; margin: 16px 0; }
.doc th, .doc td { border: 1px solid #000; padding: 4px 6px; text-align: center; }
.doc .sign { text-align: right; margin-top: 48px; }
.doc .draft { color: #c00; border: 2px solid #c00; display: inline-block; padding: 0 8px; font-size: 12pt; }
@media print { .doc { padding: 0; } @page { size: A4; margin: 25mm 22mm; } }
`;

function rate(r: number | null) {
  return r === null ? "—" : `${(r * 100).toFixed(1)}%`;
}

/**
 * The notice as it was printed before the GB/T 9704 form (doc_form null): notices issued in it are
 * frozen, so their printable page and PDF keep this markup byte for byte. Do not change it.
 */
export function NoticeDocumentLegacy({ notice, issuedDate }: { notice: NoticeRow; issuedDate: string | null }) {
  const f = notice.figures as { score?: number | null; rank?: number | null; violations?: number; indicators?: Record<Indicator, { numerator: number; denominator: number; rate: number | null }> };
  const [greeting, ...paragraphs] = notice.body.split("\n");
  const date = issuedDate ? `${Number(issuedDate.slice(0, 4))}年${Number(issuedDate.slice(5, 7))}月${Number(issuedDate.slice(8, 10))}日` : "";
  return (
    <article className="doc" lang="zh-CN">
      <style>{DOC_CSS}</style>
      <div className="org">{ISSUER}</div>
      <div className="no">{notice.number ?? <span className="draft">草稿 · 未印发</span>}</div>
      <hr />
      <h1>{notice.title}</h1>
      <p>主送：{notice.addressees}</p>
      <p>{greeting?.endsWith("：") ? "" : greeting}</p>
      {paragraphs.map((p, i) => (
        <p key={i}>{p}</p>
      ))}
      {f.indicators && (
        <table>
          <thead>
            <tr>
              <th>得分</th>
              <th>排名</th>
              {INDICATORS.map((k) => (
                <th key={k}>{INDICATOR_NAMES[k].zh}</th>
              ))}
              <th>违规反馈</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <td>{f.score ?? "—"}</td>
              <td>{f.rank ?? "—"}</td>
              {INDICATORS.map((k) => (
                <td key={k}>
                  {rate(f.indicators![k].rate)}
                  <br />
                  <small>
                    {f.indicators![k].numerator}/{f.indicators![k].denominator}
                  </small>
                </td>
              ))}
              <td>{f.violations ?? 0}</td>
            </tr>
          </tbody>
        </table>
      )}
      <p className="sign">
        {ISSUER}
        <br />
        {date}
      </p>
    </article>
  );
}
