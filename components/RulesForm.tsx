"use client";

import { useActionState, useEffect } from "react";
import { useRouter } from "next/navigation";
import type { Lang } from "@/lib/i18n";

/**
 * The notice rules as a form, one row per rule: kind, its threshold (in the unit the kind reads),
 * the indicator where the kind needs one, the group it applies to, and whether it is on. A mistake
 * comes back with its row and field named, and everything typed kept. (The state's shape is
 * lib/web/action.ts's FormState; components do not import lib/web.)
 */
type SaveState =
  | { status: "idle" }
  | { status: "done"; data: { version: number } }
  | { status: "error"; message: string; values: Record<string, string> };

export interface RuleRow {
  kind: string;
  threshold: string;
  indicator: string;
  group: string;
  enabled: boolean;
}

const IDLE: SaveState = { status: "idle" };

export function RulesForm({
  lang,
  action,
  rows,
  kinds,
  indicators,
}: {
  lang: Lang;
  action: (form: FormData) => Promise<SaveState>;
  rows: RuleRow[];
  /** id → what the rule does, and what its number means */
  kinds: { id: string; name: string; threshold: string }[];
  indicators: { id: string; name: string }[];
}) {
  const [state, formAction, pending] = useActionState<SaveState, FormData>((_previous, form) => action(form), IDLE);
  const router = useRouter();
  const en = lang === "en";
  useEffect(() => {
    if (state.status === "done") router.refresh();
  }, [state, router]);
  // after a mistake, what was typed; otherwise the rules in force
  const typed = state.status === "error" ? state.values : null;
  const value = (i: number, name: keyof RuleRow): string => {
    if (typed) return typed[`${name}_${i}`] ?? "";
    const v = rows[i]?.[name];
    return typeof v === "boolean" ? (v ? "1" : "") : (v ?? "");
  };
  return (
    <form action={formAction} key={state === IDLE ? "idle" : JSON.stringify(state)}>
      <input type="hidden" name="lang" value={lang} />
      <div className="table-wrap">
        <table className="rules-form">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">{en ? "On" : "启用"}</th>
              <th scope="col">{en ? "Rule" : "规则"}</th>
              <th scope="col">{en ? "Threshold" : "阈值"}</th>
              <th scope="col">{en ? "Indicator (for an indicator floor) or finding (for a joint-measures count)" : "指标（“指标下限”）或问题类型（“联合奖惩问题”）"}</th>
              <th scope="col">{en ? "Applies to" : "适用"}</th>
            </tr>
          </thead>
          <tbody>
            {Array.from({ length: Math.max(rows.length, 0) + 2 }, (_, i) => i)
              .filter((i) => i < 12)
              .map((i) => (
                <tr key={i}>
                  <td>{i + 1}</td>
                  <td>
                    <input type="checkbox" name={`enabled_${i}`} value="1" defaultChecked={value(i, "enabled") === "1" || (i >= rows.length && !typed)} aria-label={en ? `rule ${i + 1} on` : `第 ${i + 1} 行启用`} />
                  </td>
                  <td>
                    <select name={`kind_${i}`} defaultValue={value(i, "kind")} aria-label={en ? `rule ${i + 1}` : `第 ${i + 1} 行规则`}>
                      <option value="">{en ? "— none —" : "—（空）—"}</option>
                      {kinds.map((k) => (
                        <option key={k.id} value={k.id}>{k.name}</option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <input name={`threshold_${i}`} inputMode="decimal" size={6} defaultValue={value(i, "threshold")} aria-label={en ? `rule ${i + 1} threshold` : `第 ${i + 1} 行阈值`} />
                  </td>
                  <td>
                    <select name={`indicator_${i}`} defaultValue={value(i, "indicator")} aria-label={en ? `rule ${i + 1} indicator` : `第 ${i + 1} 行指标`}>
                      <option value="">—</option>
                      {indicators.map((x) => (
                        <option key={x.id} value={x.id}>{x.name}</option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <select name={`group_${i}`} defaultValue={value(i, "group")} aria-label={en ? `rule ${i + 1} group` : `第 ${i + 1} 行适用范围`}>
                      <option value="">{en ? "both groups" : "两组均适用"}</option>
                      <option value="region">{en ? "regions" : "市州"}</option>
                      <option value="department">{en ? "departments" : "省直部门"}</option>
                    </select>
                  </td>
                </tr>
              ))}
          </tbody>
        </table>
      </div>
      <details className="small">
        <summary>{en ? "What each rule's threshold means" : "各类规则的阈值含义"}</summary>
        <ul>
          {kinds.map((k) => (
            <li key={k.id}>
              {k.name}: {k.threshold}
            </li>
          ))}
        </ul>
      </details>
      {state.status === "error" && <p className="error" role="alert">{state.message}</p>}
      {state.status === "done" && <p className="notice" role="status">{en ? `Saved as version ${state.data.version}; it applies from the next close.` : `已保存为第 ${state.data.version} 版，自下一次关闭期间起适用。`}</p>}
      <p className="small muted">
        {en
          ? "Saving makes a new version; notices already drafted or issued keep citing the version they were made by. An empty rule row is left out."
          : "保存即生成新版本；已起草或已印发的通报仍引用其所依据的版本。留空的行不计入。"}
      </p>
      <button type="submit" disabled={pending}>{pending ? (en ? "Saving…" : "正在保存…") : en ? "Save as a new version" : "保存为新版本"}</button>
    </form>
  );
}
