"use client";

import { useActionState, useState } from "react";
import type { Lang } from "@/lib/i18n";

/**
 * The two two-factor forms whose answer is a list of recovery codes: switching it on (with the first
 * code) and renewing the codes. As with one-time passwords (AccountForms.tsx), the codes are the
 * server action's return value only — never in a URL or a log — and the server action takes the
 * form alone, so the next submission does not carry them back.
 */
type CodesState =
  | { status: "idle" }
  | { status: "done"; data: { recoveryCodes: string[] } }
  | { status: "error"; message: string; values: Record<string, string> };

type CodesAction = (form: FormData) => Promise<CodesState>;

const IDLE: CodesState = { status: "idle" };

function useCodesAction(action: CodesAction) {
  return useActionState<CodesState, FormData>((_previous, form) => action(form), IDLE);
}

function NeedsScript({ lang }: { lang: Lang }) {
  return <noscript><p className="error">{lang === "en" ? "This form needs JavaScript: the recovery codes are shown by the page itself." : "此表单需要启用 JavaScript：恢复码只由本页显示。"}</p></noscript>;
}

/** The recovery codes, once, with what to do with them. */
function RecoveryCodes({ lang, codes, enabled, continueHref }: { lang: Lang; codes: string[]; enabled: boolean; continueHref: string }) {
  const en = lang === "en";
  return (
    <div className="notice" role="status">
      {enabled && <p><strong>{en ? "Two-factor sign-in is on." : "两步验证已启用。"}</strong></p>}
      <p>
        {en
          ? "Your recovery codes — each works once, instead of a code from the phone. Print or write them down now and keep them apart from the phone; they are shown only this once."
          : "您的恢复码——每个可代替手机验证码使用一次。请现在打印或抄写，并与手机分开保管；它们只显示这一次。"}
      </p>
      <ol className="recovery-codes" data-testid="recovery-codes">
        {codes.map((c) => (
          <li key={c}><code>{c}</code></li>
        ))}
      </ol>
      <p><a href={continueHref}>{en ? "I have kept them — continue" : "已妥善保存，继续"}</a></p>
    </div>
  );
}

/** The first code from the authenticator, which switches two-factor on. */
export function EnableTwoFactorForm({ lang, action, ticket, continueHref }: { lang: Lang; action: CodesAction; ticket: string; continueHref: string }) {
  const [state, formAction, pending] = useCodesAction(action);
  const en = lang === "en";
  if (state.status === "done") return <RecoveryCodes lang={lang} codes={state.data.recoveryCodes} enabled continueHref={continueHref} />;
  return (
    <form action={formAction} className="login-form">
      <NeedsScript lang={lang} />
      <input type="hidden" name="lang" value={lang} />
      <input type="hidden" name="ticket" value={ticket} />
      <label>
        {en ? "The 6-digit code the app shows now" : "应用当前显示的 6 位验证码"}
        <input name="code" inputMode="numeric" autoComplete="one-time-code" required minLength={6} maxLength={8} />
      </label>
      {state.status === "error" && <p className="error" role="alert">{state.message}</p>}
      <button type="submit" disabled={pending}>{pending ? (en ? "Checking…" : "正在验证…") : en ? "Switch two-factor sign-in on" : "启用两步验证"}</button>
    </form>
  );
}

/** New recovery codes, confirmed first: the old ones stop working. */
export function RenewRecoveryCodesForm({ lang, action, continueHref }: { lang: Lang; action: CodesAction; continueHref: string }) {
  const [state, formAction, pending] = useCodesAction(action);
  const [asked, setAsked] = useState(false);
  const en = lang === "en";
  if (state.status === "done") return <RecoveryCodes lang={lang} codes={state.data.recoveryCodes} enabled={false} continueHref={continueHref} />;
  if (!asked) {
    return (
      <button type="button" className="secondary" onClick={() => setAsked(true)}>
        {en ? "Make new recovery codes…" : "生成新的恢复码…"}
      </button>
    );
  }
  return (
    <form action={formAction} className="filters">
      <NeedsScript lang={lang} />
      <input type="hidden" name="lang" value={lang} />
      <p>{en ? "Ten new codes replace all the old ones, used or not: the old ones stop working at once." : "将生成 10 个新的恢复码，全部旧恢复码（无论是否用过）立即失效。"}</p>
      <button type="submit" disabled={pending}>{en ? "Make new codes" : "确认生成"}</button>
      <button type="button" className="link-button" onClick={() => setAsked(false)}>{en ? "Cancel" : "取消"}</button>
      {state.status === "error" && <p className="error" role="alert">{state.message}</p>}
    </form>
  );
}
