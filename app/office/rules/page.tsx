import { AppShell } from "@/components/AppShell";
import { getDb } from "@/lib/db";
import { requireOffice } from "@/lib/auth/guards";
import { langOf } from "@/lib/i18n";
import { describeRule, rulesHistory, rulesInForce } from "@/lib/notices/rules";
import { saveRulesAction } from "./actions";

export const dynamic = "force-dynamic";

export default async function RulesPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const sp = await searchParams;
  const lang = langOf(sp.lang);
  const user = await requireOffice("view:rules", "/office/rules");
  const db = await getDb();
  const current = await rulesInForce(db);
  const history = await rulesHistory(db);
  const en = lang === "en";
  return (
    <AppShell lang={lang} user={user} path="/office/rules">
      <section className="card">
        <h1>{en ? "Notice rules" : "通报规则"}</h1>
        {sp.error && <p className="error" role="alert">{sp.error}</p>}
        {sp.saved && <p className="notice" role="status">{en ? "Saved as a new version." : "已保存为新版本。"}</p>}
        <p>{current.version === null ? (en ? "In force: the default rules (CONTRACT §5); saving makes version 1." : "现行：默认规则（CONTRACT §5）；保存后为第 1 版。") : en ? `In force: version ${current.version}` : `现行：第 ${current.version} 版`}</p>
        <ul>{current.rules.map((r, i) => <li key={i}>{describeRule(r, lang)}</li>)}</ul>
        <form action={saveRulesAction} className="login-form">
          <input type="hidden" name="lang" value={lang} />
          <label>
            {en ? "Rules (JSON): score_below_line {line}, publication_late_over_half {floor}, violations {atLeast}, bottom_n {n}, indicator_floor {indicator, floor}, second_period_below_line {line}" : "规则（JSON）：score_below_line {line}、publication_late_over_half {floor}、violations {atLeast}、bottom_n {n}、indicator_floor {indicator, floor}、second_period_below_line {line}"}
            <textarea name="rules" rows={8} defaultValue={JSON.stringify(current.rules, null, 2)} style={{ fontFamily: "monospace" }} />
          </label>
          <button type="submit">{en ? "Save as a new version" : "保存为新版本"}</button>
        </form>
      </section>
      <section className="card">
        <h2>{en ? "Versions" : "历史版本"}</h2>
        <ul>
          {history.map((h) => (
            <li key={h.version}>v{h.version} · {h.created_at.slice(0, 16)} · {h.created_by} · {h.rules.map((r) => describeRule(r, lang)).join(en ? "; " : "；")}</li>
          ))}
        </ul>
      </section>
    </AppShell>
  );
}
