import Link from "next/link";
import type { ItemNote } from "@/lib/explanation-keys";
import { withLang, type Lang } from "@/lib/i18n";

const SHORT = 40;

export const EXPLANATION_HEADER = { zh: "说明", en: "Explanation" };

/**
 * An item's explanation (说明迟报原因) in a list: the first words, the whole text on hover and when
 * opened (a <details>, without JavaScript); on the unit's own view a problem item links to the form.
 */
export function ExplanationCell({ lang, note, period, from, explainBase }: { lang: Lang; note: ItemNote | undefined; period: string; from: "todo" | "items"; explainBase?: string }) {
  if (!note) return null;
  const en = lang === "en";
  const href =
    explainBase && note.explainable
      ? withLang(lang, `${explainBase}?${new URLSearchParams({ target: note.target, key: note.key, period, from }).toString()}`)
      : undefined;
  const text = note.text;
  const short = text && [...text].length > SHORT ? `${[...text].slice(0, SHORT).join("")}…` : text;
  return (
    <>
      {text && short !== text && (
        <details className="explanation" title={text}>
          <summary>{short}</summary>
          <p className="pre-line">{text}</p>
        </details>
      )}
      {text && short === text && <span className="explanation pre-line" title={text}>{text}</span>}
      {href && (
        <>
          {text && " "}
          <Link href={href} className="small" prefetch={false}>{text ? (en ? "Edit" : "修改") : en ? "Explain" : "说明"}</Link>
        </>
      )}
    </>
  );
}
