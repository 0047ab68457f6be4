"use client";

import { useActionState } from "react";
import { login, type LoginState } from "./actions";

const T = {
  zh: { username: "用户名", password: "密码", submit: "登录", invalid: "用户名或密码不正确；连续失败 5 次后账户将锁定 30 分钟（可请领导小组办公室解锁）。", failed: "登录失败，请稍后再试。", busy: "正在登录…" },
  en: { username: "Username", password: "Password", submit: "Sign in", invalid: "Wrong username or password; after 5 failures in a row the account is locked for 30 minutes (the office can unlock it).", failed: "Sign-in failed; please try again.", busy: "Signing in…" },
};

export function LoginForm({ lang, next }: { lang: "zh" | "en"; next: string }) {
  const [state, action, pending] = useActionState<LoginState, FormData>(login, {});
  const t = T[lang];
  return (
    <form action={action} className="login-form">
      <input type="hidden" name="next" value={next} />
      <label>
        {t.username}
        <input name="username" autoComplete="username" required autoFocus={!state.username} defaultValue={state.username ?? ""} key={state.username ?? ""} />
      </label>
      <label>
        {t.password}
        <input name="password" type="password" autoComplete="current-password" required autoFocus={Boolean(state.username)} />
      </label>
      {state.error && (
        <p role="alert" className="error">
          {t[state.error]}
        </p>
      )}
      <button type="submit" disabled={pending}>
        {pending ? t.busy : t.submit}
      </button>
    </form>
  );
}
