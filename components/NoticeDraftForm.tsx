"use client";

import { useActionState, useEffect } from "react";
import { useRouter } from "next/navigation";
import type { Lang } from "@/lib/i18n";

/**
 * The office's form for a draft notice. It answers in place: a mistake (a title over the limit, an
 * empty body) is shown above the form with everything typed kept. (The state's shape is
 * lib/web/action.ts's FormState; components do not import lib/web.)
 */
type SaveState = { status: "idle" } | { status: "done"; data: null } | { status: "error"; message: string; values: Record<string, string> };
const IDLE: SaveState = { status: "idle" };

export interface DraftValues {
  title: string;
  addressees: string;
  body: string;
  copiesTo: string;
  deadlineWorkdays: number;
}

export function NoticeDraftForm({ lang, id, action, draft, titleMax }: { lang: Lang; id: number; action: (form: FormData) => Promise<SaveState>; draft: DraftValues; titleMax: number }) {
  const [state, formAction, pending] = useActionState<SaveState, FormData>((_previous, form) => action(form), IDLE);
  const router = useRouter();
  const en = lang === "en";
  useEffect(() => {
    if (state.status === "done") router.refresh();
  }, [state, router]);
  const typed = state.status === "error" ? state.values : null;
  const v = (name: keyof DraftValues) => (typed ? (typed[name] ?? "") : String(draft[name]));
  return (
    <form action={formAction} className="login-form" key={state === IDLE ? "idle" : JSON.stringify(state)}>
      {state.status === "error" && (
        <p className="error" role="alert">
          {state.message}
        </p>
      )}
      {state.status === "done" && (
        <p className="notice" role="status">
          {en ? "Saved." : "已保存。"}
        </p>
      )}
      <input type="hidden" name="lang" value={lang} />
      <input type="hidden" name="id" value={id} />
      <label>
        {en ? `Title (at most ${titleMax} characters)` : `标题（不超过 ${titleMax} 字）`}
        <input name="title" defaultValue={v("title")} required />
      </label>
      <label>
        {en ? "Addressee (主送, printed once as the salutation)" : "主送机关（作为称谓只出现一次）"}
        <input name="addressees" defaultValue={v("addressees")} required />
      </label>
      <label>
        {en ? "Body (the rectification deadline is printed as a date after it)" : "正文（整改期限按日期印在正文之后）"}
        <textarea name="body" defaultValue={v("body")} rows={12} required />
      </label>
      <label>
        {en ? "Copies to (抄送, in the 版记)" : "抄送（版记）"}
        <input name="copiesTo" defaultValue={v("copiesTo")} />
      </label>
      <label>
        {en ? "Working days to rectify" : "整改期限（工作日）"}
        <input type="number" name="deadlineWorkdays" min={1} max={120} defaultValue={v("deadlineWorkdays")} />
      </label>
      <button type="submit" disabled={pending}>
        {en ? "Save" : "保存"}
      </button>
    </form>
  );
}
