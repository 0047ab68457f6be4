import Link from "next/link";
import type { Lang } from "@/lib/i18n";

/**
 * What is wrong with the address, in the page's language, and where to go instead (the same page
 * with each mistake corrected or left out, then the page without filters): a page shows this inside
 * its own shell instead of quietly showing something else. The page passes `QueryReader.view(path)`
 * (lib/web/query.ts).
 */
export function BadAddress({ lang, problems, links }: { lang: Lang; problems: { field: string; value: string; zh: string; en: string }[]; links: { href: string; zh: string; en: string }[] }) {
  const en = lang === "en";
  return (
    <section className="card bad-address" role="alert" aria-labelledby="bad-address-title">
      <h1 id="bad-address-title">{en ? "This address has a mistake" : "网址中的参数有误"}</h1>
      <p>{en ? "The page is not shown, so that you do not read figures for something you did not ask for:" : "为免显示与所问不符的内容，本页未予显示。原因："}</p>
      <ul>
        {problems.map((p) => (
          <li key={p.field}>
            <code>{p.field}={p.value}</code>
            {en ? " — " : "："}
            {en ? p.en.charAt(0).toUpperCase() + p.en.slice(1) : p.zh}
            {en ? "." : "。"}
          </li>
        ))}
      </ul>
      <p>
        {en ? "Go to " : "请前往"}
        {links.map((l, i) => (
          <span key={l.href}>
            {i > 0 && (en ? " or " : "或")}
            <Link href={l.href}>{en ? l.en : l.zh}</Link>
          </span>
        ))}
        {en ? "." : "。"}
      </p>
    </section>
  );
}
