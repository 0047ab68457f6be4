"use client";

import { useActionState, useEffect, useState } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import type { Lang } from "@/lib/i18n";

/**
 * The two account forms whose answer is a one-time password: creating an account and resetting a
 * password. The password arrives as the server action's return value, i.e. only in the response to
 * that one POST: it is never in a URL, a redirect, a log or the database (which keeps its hash), and
 * it is gone when the page is reloaded or left. The state lives here: the server action takes the
 * form alone, so the next submission does not carry the last password back to the server (as
 * useActionState does with a server action's previous state). These two forms therefore need
 * JavaScript. (The state's shape is lib/web/action.ts's FormState; components do not import lib/web.)
 */
type PasswordState =
  | { status: "idle" }
  | { status: "done"; data: { username: string; password: string } }
  | { status: "error"; message: string; values: Record<string, string> };

type PasswordAction = (form: FormData) => Promise<PasswordState>;

const IDLE: PasswordState = { status: "idle" };

/** useActionState around the server action, which never sees the previous state. */
function usePasswordAction(action: PasswordAction) {
  return useActionState<PasswordState, FormData>((_previous, form) => action(form), IDLE);
}

function NeedsScript({ lang }: { lang: Lang }) {
  return <noscript><p className="error">{lang === "en" ? "This form needs JavaScript: the password is shown by the page itself, never sent in a link." : "此表单需要启用 JavaScript：密码只由本页显示，不经链接传递。"}</p></noscript>;
}

const ROLE_LABEL = {
  zh: { office: "领导小组办公室", unit_head: "单位负责人", clerk: "联络员" },
  en: { office: "Office", unit_head: "Unit head", clerk: "Clerk" },
} as const;

/** The password, once, with what to do with it; "hide" takes it off the screen for good. */
function OneTimePassword({ lang, username, password, created }: { lang: Lang; username: string; password: string; created: boolean }) {
  const [hidden, setHidden] = useState(false);
  const en = lang === "en";
  if (hidden) return <p className="muted" role="status">{en ? "The password is no longer shown." : "密码已不再显示。"}</p>;
  return (
    <div className="notice" role="status">
      <p>
        {created ? (en ? `Account ${username} created. ` : `已创建账户 ${username}。`) : en ? `New password for ${username}. ` : `已为 ${username} 重置密码。`}
        {en ? "One-time password (shown only this once — give it to the person in person or by a trusted channel):" : "一次性密码（只显示这一次，请当面或通过可靠渠道告知本人）："}
      </p>
      <p>
        <code style={{ fontSize: "1.25em", userSelect: "all" }} data-testid="one-time-password">{password}</code>
      </p>
      <p className="small muted">
        {en
          ? "It is not stored (only its hash), not e-mailed and not shown again: reloading or leaving this page loses it; a lost password is reset again."
          : "系统只保存其哈希，不发送邮件，也不会再次显示：刷新或离开本页即丢失；遗失后只能再次重置。"}
      </p>
      <button type="button" className="secondary" onClick={() => setHidden(true)}>
        {en ? "I have noted it — hide" : "已记下，隐藏"}
      </button>
    </div>
  );
}

/** A new account: the office chooses role and unit; a unit head's form has them fixed (clerk, own unit). */
export function CreateAccountForm({
  lang,
  action,
  units,
  fixedUnit,
}: {
  lang: Lang;
  action: PasswordAction;
  /** the office's choice of units (code, name); absent on a unit head's page */
  units?: { code: string; name: string }[];
  /** a unit head's own unit: new accounts are clerks of it */
  fixedUnit?: { code: string; name: string };
}) {
  const [state, formAction, pending] = usePasswordAction(action);
  const router = useRouter();
  const en = lang === "en";
  // the list below the form shows the new account; the password stays in this component's state
  useEffect(() => {
    if (state.status === "done") router.refresh();
  }, [state, router]);
  const v = state.status === "error" ? state.values : {};
  return (
    <>
      {state.status === "done" && <OneTimePassword key={state.data.username} lang={lang} username={state.data.username} password={state.data.password} created />}
      <NeedsScript lang={lang} />
      <form action={formAction} className="filters" autoComplete="off">
        <input type="hidden" name="lang" value={lang} />
        <label>
          {en ? "Username" : "用户名"}
          <input name="username" required maxLength={64} title={en ? "2–64 letters, digits, . _ -" : "2–64 位字母、数字或 . _ -"} defaultValue={v.username ?? ""} />
        </label>
        <label>
          {en ? "Name" : "姓名"}
          <input name="name" required maxLength={100} defaultValue={v.name ?? ""} />
        </label>
        {fixedUnit ? (
          <span className="muted">
            {en ? `Clerk of ${fixedUnit.name}` : `${fixedUnit.name} 联络员`}
          </span>
        ) : (
          <>
            <label>
              {en ? "Role" : "角色"}
              <select name="role" defaultValue={v.role ?? "clerk"}>
                {(["clerk", "unit_head", "office"] as const).map((r) => (
                  <option key={r} value={r}>{ROLE_LABEL[lang][r]}</option>
                ))}
              </select>
            </label>
            <label>
              {en ? "Unit (code; none for the office)" : "单位（编码；办公室不填）"}
              <input name="unitCode" list="account-units" maxLength={64} defaultValue={v.unitCode ?? ""} />
            </label>
            <datalist id="account-units">
              {(units ?? []).map((u) => (
                <option key={u.code} value={u.code}>{u.name}</option>
              ))}
            </datalist>
          </>
        )}
        <label>
          {en ? "E-mail (optional)" : "电子邮箱（可选）"}
          <input name="email" type="email" maxLength={200} defaultValue={v.email ?? ""} />
        </label>
        <button type="submit" disabled={pending}>{pending ? (en ? "Creating…" : "正在创建…") : en ? "Create account" : "创建账户"}</button>
      </form>
      {state.status === "error" && <p className="error" role="alert">{state.message}</p>}
    </>
  );
}

/** The confirmed reset: one button; its answer is the new password. */
export function ResetPasswordForm({ lang, action, username, cancelHref }: { lang: Lang; action: PasswordAction; username: string; cancelHref: string }) {
  const [state, formAction, pending] = usePasswordAction(action);
  const en = lang === "en";
  if (state.status === "done") {
    return (
      <>
        <OneTimePassword lang={lang} username={state.data.username} password={state.data.password} created={false} />
        <p><Link href={cancelHref}>{en ? "Back to the list" : "返回列表"}</Link></p>
      </>
    );
  }
  return (
    <form action={formAction} className="filters">
      <NeedsScript lang={lang} />
      <input type="hidden" name="lang" value={lang} />
      <input type="hidden" name="username" value={username} />
      <button type="submit" disabled={pending}>{pending ? (en ? "Resetting…" : "正在重置…") : en ? "Reset the password" : "确认重置密码"}</button>
      <Link href={cancelHref}>{en ? "Cancel" : "取消"}</Link>
      {state.status === "error" && <p className="error" role="alert">{state.message}</p>}
    </form>
  );
}
