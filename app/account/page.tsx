import Link from "next/link";
import { AppShell } from "@/components/AppShell";
import { requireUser } from "@/lib/auth/guards";
import { MIN_LENGTH } from "@/lib/auth/password-policy";
import { langOf, withLang } from "@/lib/i18n";
import { changePasswordAction } from "./actions";

export const dynamic = "force-dynamic";

/** The signed-in user's own account: the password change (forced after a one-time password) and two-factor sign-in. */
export default async function AccountPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const sp = await searchParams;
  const lang = langOf(sp.lang);
  const en = lang === "en";
  const user = await requireUser("/account");
  return (
    <AppShell lang={lang} user={user}>
      <section className="card narrow">
        <h1>{en ? "Change my password" : "修改密码"}</h1>
        {(sp.first || user.mustChangePassword) && (
          <p className="notice" role="status">
            {en ? "You signed in with a one-time password: choose your own before going on." : "您使用的是一次性密码登录，请先设置自己的密码再继续。"}
          </p>
        )}
        {sp.error && <p className="error" role="alert">{sp.error}</p>}
        <p className="muted">
          {en
            ? `At least ${MIN_LENGTH} characters, not a common password, a keyboard run or your own name: several unrelated words work well. Changing it signs you out everywhere; then sign in with the new one.`
            : `至少 ${MIN_LENGTH} 个字符，不能是常见密码、键盘序列或含有您的姓名；几个不相关的词连在一起即可。修改后您会在所有设备上退出，请用新密码重新登录。`}
        </p>
        <form action={changePasswordAction} className="login-form">
          <input type="hidden" name="lang" value={lang} />
          <label>{en ? "Current password" : "当前密码"}<input type="password" name="current" autoComplete="current-password" required /></label>
          <label>{en ? "New password" : "新密码"}<input type="password" name="next" autoComplete="new-password" minLength={MIN_LENGTH} required /></label>
          <label>{en ? "New password again" : "再次输入新密码"}<input type="password" name="confirm" autoComplete="new-password" minLength={MIN_LENGTH} required /></label>
          <button type="submit">{en ? "Change the password" : "修改密码"}</button>
        </form>
      </section>
      <section className="card narrow">
        <h2>{en ? "Two-factor sign-in" : "两步验证"}</h2>
        <p className="muted">
          {en
            ? "A code from an authenticator app on your phone at every sign-in, besides the password (required for office accounts)."
            : "每次登录时除密码外，还需输入手机验证器应用中的验证码（办公室账户必须启用）。"}
        </p>
        <p><Link href={withLang(lang, "/account/two-factor")}>{en ? "Set up or manage two-factor sign-in" : "设置或管理两步验证"}</Link></p>
      </section>
    </AppShell>
  );
}
