import { PublicShell } from "@/components/PublicShell";
import { getDb } from "@/lib/db";
import { describeRule, rulesInForce } from "@/lib/notices/rules";
import { methodInForce } from "@/lib/scoring/method";
import { GRADES, SCORE_LINE } from "@/lib/publication/grade";
import { langOf, type Lang } from "@/lib/i18n";
import { DEFAULT_WEIGHTS, INDICATOR_NAMES, INDICATORS, RECORD_DEADLINE_WORKDAYS, VIOLATION_PENALTY, type Indicator } from "@/lib/scoring/indicators";
import { JOINT_DEADLINES, jointDeadlineDays } from "@/lib/scoring/joint-deadlines";
import { JOINT_INDICATORS, JOINT_NAMES } from "@/lib/scoring/joint-indicators";
import { JOINT_METHOD_DEDUCTED, JOINT_METHOD_WEIGHTS, jointMethodSource } from "@/lib/scoring/joint-method";
import { JOINT_RULE_TEXTS } from "@/lib/scoring/joint-rule-texts";

const DEFINITIONS: Record<Indicator, { zh: string; en: string }> = {
  publication_timeliness: {
    zh: `应公示的行政许可、行政处罚记录中，在作出决定之日起 ${RECORD_DEADLINE_WORKDAYS} 个工作日内公示的比例。决定日后第 ${RECORD_DEADLINE_WORKDAYS} 个工作日已过的记录才计入；到评价日仍未公示的记为迟报。`,
    en: `Of the licence and penalty records that are due, the share published within ${RECORD_DEADLINE_WORKDAYS} working days of the decision. A record counts once the ${RECORD_DEADLINE_WORKDAYS}th working day after its decision has passed; one not published by the evaluation date is late.`,
  },
  collection_timeliness: {
    zh: `同上，以记录归集到信用信息共享平台的日期计算。`,
    en: `The same, counted by the date the record reached the credit information platform.`,
  },
  compliance: {
    zh: "本期全部记录中，必填项齐全、统一社会信用代码（法人）或身份证号码（自然人）校验正确、公示日期不早于决定日期的比例。",
    en: "Of all the period's records, the share with every required field, a valid unified social credit code (legal persons) or ID number (natural persons), and a publication date not before the decision.",
  },
  coverage: {
    zh: "各目录项已归集数（不超过应归集数）之和占应归集数之和的比例，做到“应归尽归”。",
    en: "Records collected (up to the number expected) over records expected, summed over catalogue items: everything that should be collected is.",
  },
  feedback_timeliness: {
    zh: "已到反馈期限的联合奖惩措施中，在期限内反馈执行情况的比例。",
    en: "Of the joint-measure obligations past their due date, the share answered by the due date.",
  },
  feedback_coverage: {
    zh: "已到反馈期限的联合奖惩措施中，到评价日已有任何反馈的比例。",
    en: "Of the joint-measure obligations past their due date, the share with any feedback by the evaluation date.",
  },
};

const T = {
  zh: {
    title: "评价方法",
    intro: "问效平台按月、季度、年度评价各市州（含兰州新区）和省直部门的社会信用工作。地区和部门分别排名。本页说明现行指标、权重和工作日规则。",
    indicators: "指标与权重",
    cols: ["指标", "权重", "计算方法"],
    score: "得分",
    scoreText: `得分 = Σ 权重 × 指标值（0–1），某项指标本期没有可计算的对象时不参与计算，其余权重按比例放大到 100；每发生一次违规反馈（异议核实期间仍反馈“已执行”）扣 ${VIOLATION_PENALTY} 分；最低 0 分，保留两位小数。得分相同的单位名次相同（如 1、2、2、4）。`,
    grades: "等级",
    gradeText: (g: (typeof GRADES)[number]) => (g.min > 0 ? `${g.grade}（${g.zh}）：${g.min} 分及以上` : `${g.grade}（${g.zh}）：${SCORE_LINE} 分以下`),
    line: `低于 ${SCORE_LINE} 分的单位将被重点提示，并可能被通报、督促整改。`,
    workdays: "工作日",
    workdayText:
      "“工作日”按国务院办公厅每年公布的节假日安排计算：法定节假日和周末休息，调休上班的周末计为工作日。“决定日后第 n 个工作日”指决定日之后（不含当日）的第 n 个工作日。",
    roll: "归属",
    rollText: "地区的指标包括其本级及下辖县区全部单位的记录和措施；部门的指标包括其本级及各地对口单位（条线）的记录和措施。",
    publication: "发布与更正",
    publicationText: "排名经领导小组办公室审核后发布，发布内容不再修改；如需更正，发布同一期间的新版本，并在排名页注明变化。",
    privacy: "本站只公示统计结果，不公示任何自然人的姓名或身份证号码。",
  },
  en: {
    title: "Methodology",
    intro: "Wenxiao evaluates the credit work of every city and prefecture (with Lanzhou New Area) and every provincial department by month, quarter and year. Regions and departments are ranked separately. This page sets out the indicators, weights and working-day rule in force.",
    indicators: "Indicators and weights",
    cols: ["Indicator", "Weight", "How it is computed"],
    score: "Score",
    scoreText: `Score = Σ weight × rate (0–1). An indicator with nothing to count in the period is left out and the other weights are scaled up to 100; each violation (feedback "executed" while an objection was being verified) takes ${VIOLATION_PENALTY} points off; never below 0; two decimals. Equal scores share a rank (1, 2, 2, 4).`,
    grades: "Grades",
    gradeText: (g: (typeof GRADES)[number]) => (g.min > 0 ? `${g.grade} (${g.en}): ${g.min} and above` : `${g.grade} (${g.en}): below ${SCORE_LINE}`),
    line: `Units scoring below ${SCORE_LINE} are highlighted and may receive a notice to rectify.`,
    workdays: "Working days",
    workdayText:
      "Working days follow the official schedule the State Council publishes each year: public holidays and weekends are off, make-up working days on weekends are on. 'the n-th working day after the decision' counts from the day after the decision.",
    roll: "What counts for whom",
    rollText: "A region's figures include its own units and every unit of its counties and districts; a department's include its own and its bureaus in every region (its line).",
    publication: "Publication and corrections",
    publicationText: "Rankings are published after the leading-group office has reviewed them and are never edited afterwards; a correction is a new version of the same period, with the changes shown on the ranking page.",
    privacy: "Only statistics are published here, never a natural person's name or ID number.",
  },
};

export const dynamic = "force-dynamic";

export default async function MethodologyPage({ searchParams }: { searchParams: Promise<{ lang?: string }> }) {
  const lang: Lang = langOf((await searchParams).lang);
  const t = T[lang];
  const db = await getDb();
  const rules = await rulesInForce(db);
  const method = await methodInForce(db);
  const joint = await jointMethodSource(db);
  const days = jointDeadlineDays();
  const deadlineText = (d: (typeof JOINT_RULE_TEXTS)[number]["deadline"]) => {
    if (d === null) return "—";
    if (d === "due_date") return lang === "en" ? "the obligation's own due date" : "措施自身的反馈期限";
    const def = JOINT_DEADLINES.find((x) => x.key === d)!;
    const n = days[d];
    if (lang === "en") return `${def.en}: ${n === 0 ? "the same day" : `${n} working days`} (${n === def.defaultDays ? "default" : `set; default ${def.defaultDays}`})`;
    return `${def.zh}：${n === 0 ? "当日" : `${n} 个工作日`}（${n === def.defaultDays ? "默认值" : `已设置，默认 ${def.defaultDays}`}）`;
  };
  const month = (m: string) => (lang === "en" ? m : `${m.slice(0, 4)} 年 ${Number(m.slice(5))} 月`);
  return (
    <PublicShell lang={lang}>
      <section className="card prose">
        <h1>{t.title}</h1>
        <p>{t.intro}</p>
        <h2>{t.indicators}</h2>
        <table>
          <thead>
            <tr>{t.cols.map((c) => <th scope="col" key={c}>{c}</th>)}</tr>
          </thead>
          <tbody>
            {INDICATORS.map((k) => (
              <tr key={k}>
                <th scope="row">{INDICATOR_NAMES[k][lang]}</th>
                <td className="num">{DEFAULT_WEIGHTS[k]}</td>
                <td>{DEFINITIONS[k][lang]}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h2>{t.score}</h2>
        <p>{t.scoreText}</p>
        <h3 id="min-sample">{lang === "en" ? "Minimum sample" : "最小样本量"}</h3>
        <p data-min-sample={method.minSample}>
          {method.minSample > 0
            ? lang === "en"
              ? `An indicator with fewer than ${method.minSample} items to count for a unit in the period (records due, records, items expected, obligations due) is marked "too few items": its rate and counts are shown, but it is left out of the score exactly like an indicator with nothing to count, and no notice names a unit for it. Published rankings state the minimum sample they were computed with.`
              : `某单位某项指标本期应计对象（应公示记录、记录、应归集数、到期措施）少于 ${method.minSample} 个的，标为“样本不足”：照常显示其比率和分子/分母，但与没有可计算对象的指标一样不计入得分，也不据此通报。已发布的排名注明其计算时采用的最小样本量。`
            : lang === "en"
              ? "No minimum sample is set: every indicator with at least one item to count is scored."
              : "未设最小样本量：凡有可计算对象的指标均计入得分。"}
        </p>
        <h2 id="joint">{lang === "en" ? "Joint rewards and punishments (联合奖惩)" : "联合奖惩"}</h2>
        <p>
          {lang === "en"
            ? "The cycle of joint measures — listing, push, receipt, feedback, objection or repair, exit — is measured by the rules below. Deadlines are counted in working days as above; each rule names the unit it is charged to and the passage of the provincial documents behind it (quoted as published)."
            : "联合奖惩的全过程——认定、推送、响应、执行反馈、异议处理或信用修复、退出——按下列规则评价。时限按上文的工作日计算；每条规则注明其责任单位和所依据的文件原文。"}
        </p>
        <table>
          <thead>
            <tr>
              {(lang === "en" ? ["Rule", "Deadline", "Charged to", "What counts", "Source"] : ["规则", "时限", "责任单位", "计算方法", "依据"]).map((c) => (
                <th scope="col" key={c}>{c}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {JOINT_RULE_TEXTS.map((r) => (
              <tr key={r.key} id={`joint-${r.key}`}>
                <th scope="row">{JOINT_NAMES[r.key][lang]}</th>
                <td>{deadlineText(r.deadline)}</td>
                <td>{r.unit[lang]}</td>
                <td>{r.rule[lang]}</td>
                <td>
                  <q lang="zh-Hant">{r.seed}</q> ({r.source})
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <p>
          {lang === "en"
            ? "The cross-checks (a subject on a red and a black list at once; the warning list; key-attention listings not reviewed or not moved to the black list) are findings for the initiating units, with the cases behind them; they are not deducted from any score."
            : "交叉核查（同时列入红黑名单、大数据警示名单、重点关注有效期届满未复核或受处罚未转入黑名单）作为问题列明相关案件，由发起单位处理，不扣分。"}
        </p>
        <h3 id="joint-method">{lang === "en" ? "The two scoring methods" : "两种评价方法"}</h3>
        <p data-joint-method-from={joint.from ?? ""}>
          {joint.from === undefined
            ? lang === "en"
              ? "Every period is scored by the contract's method (the six indicators above). The joint-measures method is not in use."
              : "各期均按约定评价方法（上述六项指标）计分，未启用联合奖惩评价方法。"
            : lang === "en"
              ? `Periods whose last month is before ${month(joint.from)} are scored by the contract's method; from ${month(joint.from)} on, by the joint-measures method. A published ranking states the method it was computed with.`
              : `期间最后一个月早于 ${month(joint.from)}的，按约定评价方法计分；自 ${month(joint.from)}起按联合奖惩评价方法计分。已发布的排名注明其计算时采用的方法。`}
        </p>
        <table>
          <thead>
            <tr>
              {(lang === "en" ? ["Indicator", "Contract's method", "Joint-measures method"] : ["指标", "约定评价方法", "联合奖惩评价方法"]).map((c) => (
                <th scope="col" key={c}>{c}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {[...INDICATORS, ...JOINT_INDICATORS].map((k) => (
              <tr key={k}>
                <th scope="row">{(k in INDICATOR_NAMES ? INDICATOR_NAMES[k as Indicator] : JOINT_NAMES[k as keyof typeof JOINT_NAMES])[lang]}</th>
                <td className="num">{k in DEFAULT_WEIGHTS ? DEFAULT_WEIGHTS[k as Indicator] : "—"}</td>
                <td className="num">{JOINT_METHOD_WEIGHTS[k]}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p>
          {lang === "en"
            ? `Deductions: under the contract's method, ${VIOLATION_PENALTY} points per execution during an objection; under the joint-measures method also ${VIOLATION_PENALTY} points per ${JOINT_METHOD_DEDUCTED.map((f) => JOINT_NAMES[f].en.toLowerCase()).join(" and per ")}. Indicators of weight 0 are reported, not scored; an indicator with nothing to count is left out and the other weights are scaled up, in both methods.`
            : `扣分：约定评价方法下，异议核实期间执行每起扣 ${VIOLATION_PENALTY} 分；联合奖惩评价方法下，${JOINT_METHOD_DEDUCTED.map((f) => JOINT_NAMES[f].zh).join("、")}也每起扣 ${VIOLATION_PENALTY} 分。权重为 0 的指标只报告、不计分；两种方法下，没有可计算对象的指标均不参与计算，其余权重按比例放大。`}
        </p>
        <h2>{t.grades}</h2>
        <ul>{GRADES.map((g) => <li key={g.grade}>{t.gradeText(g)}</li>)}</ul>
        <p>{t.line}</p>
        <h2>{lang === "en" ? "Notices of underperformance" : "通报规则"}</h2>
        <p>
          {lang === "en"
            ? `At the close of each month, a unit is drafted a notice when (${rules.version === null ? "the default rules" : `rules version ${rules.version}`}):`
            : `每月结束后，单位有下列情形之一的，起草通报（${rules.version === null ? "默认规则" : `规则第 ${rules.version} 版`}）：`}
        </p>
        <ul>{rules.rules.map((r, i) => <li key={i}>{describeRule(r, lang)}</li>)}</ul>
        <h2>{t.workdays}</h2>
        <p>{t.workdayText}</p>
        <h2>{t.roll}</h2>
        <p>{t.rollText}</p>
        <h2>{t.publication}</h2>
        <p>{t.publicationText}</p>
        <p className="muted">{t.privacy}</p>
      </section>
    </PublicShell>
  );
}
