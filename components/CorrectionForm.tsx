"use client";

import { startTransition, useActionState, useState, type FormEvent } from "react";
import Link from "next/link";
import { withLang, type Lang } from "@/lib/i18n";

/**
 * The correction form of one stored row (app/_correct): one input per field of the kind, prefilled
 * with the stored values, the key read-only, a required reason. "Check" asks the server what will
 * change (nothing stored); the confirmation lists the changed fields, old → new, and saves exactly the
 * values checked; the result links the batch in the import history. A refusal comes back next to its
 * field. (The shapes are lib/ingest/correct.ts's and lib/web/action.ts's FormState; components do not
 * import lib/web or server modules.)
 */
interface Message {
  field: string | null;
  zh: string;
  en: string;
}
interface Change {
  field: string;
  before: string;
  after: string;
}
type Outcome =
  | { outcome: "invalid"; errors: Message[] }
  | { outcome: "unchanged" }
  | { outcome: "confirm"; changes: Change[]; version: string }
  | { outcome: "saved"; changes: Change[]; batchId: number };
type State = { status: "idle" } | { status: "done"; data: Outcome } | { status: "error"; message: string; values: Record<string, string> };

export interface FormField {
  field: string;
  labelZh: string;
  labelEn: string;
  input: "text" | "date" | "number" | "select" | "month";
  options?: { id: string; zh: string; en: string }[];
  key: boolean;
  required: boolean;
  value: string;
  masked?: string;
}

const IDLE: State = { status: "idle" };

const T = {
  zh: {
    reason: "更正原因",
    reasonHint: "例如：决定日期录入错误，以决定书为准",
    check: "检查更正…",
    confirmTitle: "确认更正",
    confirmIntro: "保存后将作为一个导入批次（网页更正）记录，并可在导入记录中撤销。将要改变：",
    field: "字段",
    before: "原值",
    after: "新值",
    save: "保存更正",
    back: "返回修改",
    unchanged: "填写的值与已存的值相同，没有需要保存的更正，未保存任何内容。",
    saved: (id: number) => `已保存：导入批次 #${id}（网页更正）。`,
    savedIntro: "已改变：",
    history: "在导入记录中查看（可撤销）",
    again: "重新打开这条数据",
    key: "主键，不能修改",
    keep: (masked: string) => `已存：${masked}（出于个人信息保护不显示；留空则保持不变）`,
    empty: "（空）",
    none: "—（空）—",
    checking: "正在检查…",
    saving: "正在保存…",
  },
  en: {
    reason: "Reason for the correction",
    reasonHint: "e.g. the decision date was typed wrong; the decision document says otherwise",
    check: "Check the correction…",
    confirmTitle: "Confirm the correction",
    confirmIntro: "Once saved it is recorded as an import batch (correction form) and can be undone in the import history. What will change:",
    field: "Field",
    before: "Stored",
    after: "New",
    save: "Save the correction",
    back: "Back to the form",
    unchanged: "The values are those already stored: there is nothing to correct, and nothing was stored.",
    saved: (id: number) => `Saved: import batch #${id} (correction form).`,
    savedIntro: "Changed:",
    history: "See it in the import history (it can be undone there)",
    again: "Open the row again",
    key: "key, cannot be changed",
    keep: (masked: string) => `stored: ${masked} (hidden to protect personal data; leave empty to keep it)`,
    empty: "(empty)",
    none: "— empty —",
    checking: "Checking…",
    saving: "Saving…",
  },
};

export function CorrectionForm({
  lang,
  action,
  kind,
  keyValues,
  fields,
  importsBase,
  again,
}: {
  lang: Lang;
  action: (form: FormData) => Promise<State>;
  kind: string;
  keyValues: Record<string, string>;
  fields: FormField[];
  importsBase: string;
  again: string;
}) {
  const t = T[lang];
  const [state, formAction, pending] = useActionState<State, FormData>((_previous, form) => action(form), IDLE);
  // the values typed (controlled: the form is not reset after a submission), and those last checked
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(fields.filter((f) => !f.key).map((f) => [f.field, f.value])));
  const [reason, setReason] = useState("");
  const [checked, setChecked] = useState<{ values: Record<string, string>; reason: string } | null>(null);
  const [editing, setEditing] = useState(true);
  const outcome = state.status === "done" ? state.data : null;
  // submitted by hand rather than through the form's action, which would reset the form afterwards
  // (a controlled <select> would then show its first option while the state still holds the value)
  const send = (e: FormEvent<HTMLFormElement>, before?: () => void) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    before?.();
    startTransition(() => formAction(data));
  };
  const label = (f: { labelZh: string; labelEn: string }) => (lang === "en" ? f.labelEn : f.labelZh);
  const labelOf = (field: string) => {
    const f = fields.find((x) => x.field === field);
    return f ? label(f) : field;
  };
  const text = (m: Message) => (lang === "en" ? m.en : m.zh);
  const errorsFor = (field: string | null) => (outcome?.outcome === "invalid" ? outcome.errors.filter((e) => e.field === field) : []);
  const hidden = (
    <>
      <input type="hidden" name="lang" value={lang} />
      <input type="hidden" name="kind" value={kind} />
      {Object.entries(keyValues).map(([k, v]) => (
        <input key={k} type="hidden" name={`k_${k}`} value={v} />
      ))}
    </>
  );
  const changesTable = (changes: Change[]) => (
    <div className="table-wrap">
      <table className="compact changes">
        <thead><tr><th scope="col">{t.field}</th><th scope="col">{t.before}</th><th scope="col">{t.after}</th></tr></thead>
        <tbody>
          {changes.map((c) => (
            <tr key={c.field}>
              <th scope="row">{labelOf(c.field)} <code className="muted small">{c.field}</code></th>
              <td>{c.before === "" ? <span className="muted">{t.empty}</span> : c.before}</td>
              <td><strong>{c.after === "" ? t.empty : c.after}</strong></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );

  if (outcome?.outcome === "saved") {
    return (
      <div className="notice" role="status" data-outcome="saved">
        <p><strong>{t.saved(outcome.batchId)}</strong> {t.savedIntro}</p>
        {changesTable(outcome.changes)}
        <p>
          <Link href={withLang(lang, `${importsBase}/${outcome.batchId}`)} prefetch={false}>{t.history}</Link> · <a href={again}>{t.again}</a>
        </p>
      </div>
    );
  }

  if (outcome?.outcome === "confirm" && checked && !editing) {
    return (
      <form className="confirm" aria-labelledby="confirm-title" onSubmit={(e) => send(e)}>
        <h2 id="confirm-title">{t.confirmTitle}</h2>
        <p>{t.confirmIntro}</p>
        {changesTable(outcome.changes)}
        <p>{t.reason}: {checked.reason}</p>
        {hidden}
        {Object.entries(checked.values).map(([k, v]) => (
          <input key={k} type="hidden" name={`v_${k}`} value={v} />
        ))}
        <input type="hidden" name="reason" value={checked.reason} />
        <input type="hidden" name="version" value={outcome.version} />
        <input type="hidden" name="step" value="save" />
        <div className="filters">
          <button type="submit" disabled={pending}>{pending ? t.saving : t.save}</button>
          <button type="button" className="secondary" onClick={() => setEditing(true)} disabled={pending}>{t.back}</button>
        </div>
      </form>
    );
  }

  return (
    <form
      className="correction-form"
      onSubmit={(e) =>
        send(e, () => {
          setChecked({ values: { ...values }, reason });
          setEditing(false);
        })
      }
    >
      {hidden}
      <input type="hidden" name="step" value="check" />
      {state.status === "error" && <p className="error" role="alert">{state.message}</p>}
      {errorsFor(null).map((e, i) => (
        <p key={i} className="error" role="alert">{text(e)}</p>
      ))}
      {outcome?.outcome === "unchanged" && <p className="notice" role="status">{t.unchanged}</p>}
      <div className="correction-fields">
        {fields.map((f) => {
          const id = `f-${f.field}`;
          const errors = errorsFor(f.field);
          const described = errors.length > 0 ? `${id}-error` : f.masked ? `${id}-note` : undefined;
          const common = { id, name: f.key ? undefined : `v_${f.field}`, "aria-invalid": errors.length > 0 || undefined, "aria-describedby": described };
          const set = (v: string) => setValues((old) => ({ ...old, [f.field]: v }));
          return (
            <div key={f.field} className="correction-field">
              <label htmlFor={id}>
                {label(f)} <code className="muted small">{f.field}</code>
                {f.key && <span className="muted small"> · {t.key}</span>}
              </label>
              {f.key ? (
                <input id={id} value={keyValues[f.field] ?? f.value} readOnly aria-readonly="true" className="readonly" />
              ) : f.input === "select" ? (
                <select {...common} value={values[f.field] ?? ""} onChange={(e) => set(e.target.value)}>
                  <option value="">{t.none}</option>
                  {/* a stored value outside the list stays choosable, so that an untouched field is not changed */}
                  {values[f.field] && !f.options?.some((o) => o.id === values[f.field]) && <option value={values[f.field]}>{values[f.field]}</option>}
                  {f.options?.map((o) => (
                    <option key={o.id} value={o.id}>{lang === "en" ? `${o.en} (${o.zh})` : o.zh}</option>
                  ))}
                </select>
              ) : (
                <input {...common} type={f.input === "number" ? "text" : f.input} inputMode={f.input === "number" ? "numeric" : undefined} value={values[f.field] ?? ""} onChange={(e) => set(e.target.value)} placeholder={f.masked} maxLength={500} />
              )}
              {f.masked && <span id={`${id}-note`} className="muted small">{t.keep(f.masked)}</span>}
              {errors.map((e, i) => (
                <span key={i} id={i === 0 ? `${id}-error` : undefined} className="error small" role="alert">{text(e)}</span>
              ))}
            </div>
          );
        })}
      </div>
      <div className="correction-field correction-reason">
        <label htmlFor="f-reason">{t.reason}</label>
        <textarea id="f-reason" name="reason" required maxLength={500} rows={2} placeholder={t.reasonHint} value={reason} onChange={(e) => setReason(e.target.value)} aria-invalid={errorsFor("reason").length > 0 || undefined} />
        {errorsFor("reason").map((e, i) => (
          <span key={i} className="error small" role="alert">{text(e)}</span>
        ))}
      </div>
      <div className="filters">
        <button type="submit" disabled={pending}>{pending ? t.checking : t.check}</button>
      </div>
    </form>
  );
}
