import { AppShell } from "@/components/AppShell";
import { getDb } from "@/lib/db";
import { requireOffice } from "@/lib/auth/guards";
import { langOf, beijingTime } from "@/lib/i18n";
import { RulesForm } from "@/components/RulesForm";
import { describeRule, RULE_FORM_ROWS, RULE_TEXT, RULE_THRESHOLD, ruleToFields, rulesHistory, rulesInForce, type Rule } from "@/lib/notices/rules";
import { INDICATOR_NAMES, INDICATORS } from "@/lib/scoring/indicators";
import { JOINT_FINDINGS, JOINT_INDICATORS, JOINT_NAMES } from "@/lib/scoring/joint-indicators";
import { saveRulesAction } from "./actions";

export const dynamic = "force-dynamic";

const KIND_NAMES: Record<Rule["id"], { zh: string; en: string }> = {
  score_below_line: { zh: "得分低于分数线", en: "score below a line" },
  second_period_below_line: { zh: "连续两期低于分数线", en: "two periods in a row below a line" },
  publication_late_over_half: { zh: "公示及时率低于下限", en: "publication timeliness below a floor" },
  indicator_floor: { zh: "某项指标低于下限", en: "an indicator below a floor" },
  violations: { zh: "违规反馈达到次数", en: "violations reach a count" },
  bottom_n: { zh: "本组排名后几位", en: "bottom of the group" },
  joint_finding: { zh: "联合奖惩问题达到起数", en: "joint-measures findings reach a count" },
};

/** The notice rules: those in force in words, a form per rule to change them, and every version. */
export default async function RulesPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const sp = await searchParams;
  const lang = langOf(sp.lang);
  const user = await requireOffice("view:rules", "/office/rules");
  const db = await getDb();
  const current = await rulesInForce(db);
  const history = await rulesHistory(db);
  const en = lang === "en";
  return (
    <AppShell lang={lang} user={user}>
      <section className="card">
        <h1>{en ? "Notice rules" : "通报规则"}</h1>
        {sp.error && <p className="error" role="alert">{sp.error}</p>}
        {sp.saved && <p className="notice" role="status">{en ? "Saved as a new version." : "已保存为新版本。"}</p>}
        <p>{current.version === null ? (en ? "In force: the default rules (CONTRACT §5); saving makes version 1." : "现行：默认规则（CONTRACT §5）；保存后为第 1 版。") : en ? `In force: version ${current.version}` : `现行：第 ${current.version} 版`}</p>
        <ul>{current.rules.map((r, i) => <li key={i}>{describeRule(r, lang)}</li>)}</ul>
        <h2>{en ? "Change the rules" : "修改规则"}</h2>
        <RulesForm
          lang={lang}
          action={saveRulesAction}
          rows={current.rules.slice(0, RULE_FORM_ROWS).map(ruleToFields)}
          kinds={(Object.keys(RULE_TEXT) as Rule["id"][]).map((id) => ({ id, name: KIND_NAMES[id][lang], threshold: RULE_THRESHOLD[id][lang] }))}
          indicators={[
            ...INDICATORS.map((id) => ({ id, name: INDICATOR_NAMES[id][lang] })),
            ...JOINT_INDICATORS.map((id) => ({ id, name: JOINT_NAMES[id][lang] })),
            // a joint-measures finding rule names its kind in the same column
            ...JOINT_FINDINGS.map((id) => ({ id, name: `${en ? "Finding: " : "问题："}${JOINT_NAMES[id][lang]}` })),
          ]}
        />
      </section>
      <section className="card">
        <h2>{en ? "Versions" : "历史版本"}</h2>
        <ul>
          {history.map((h) => (
            <li key={h.version}>v{h.version} · {beijingTime(h.created_at)} · {h.created_by} · {h.rules.map((r) => describeRule(r, lang)).join(en ? "; " : "；")}</li>
          ))}
        </ul>
      </section>
    </AppShell>
  );
}
