import { redirect } from "next/navigation";
import { PublicShell } from "@/components/PublicShell";
import { currentUser } from "@/lib/auth/guards";
import { langOf } from "@/lib/i18n";
import { safeLocalPath } from "@/lib/web/local-path";
import { verifyCodeAction } from "./actions";

export const dynamic = "force-dynamic";

/** The second step of signing in, for accounts with two-factor sign-in on: the authenticator's code. */
export default async function VerifyPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const sp = await searchParams;
  const lang = langOf(sp.lang);
  const en = lang === "en";
  const user = await currentUser();
  if (!user) redirect("/login");
  const next = safeLocalPath(sp.next ?? "") ?? "/after-login";
  if (user.secondFactor !== "verify") redirect(next);
  return (
    <PublicShell lang={lang}>
      <section className="card narrow">
        <h1>{en ? "Two-factor sign-in" : "两步验证"}</h1>
        <p className="muted">
          {en
            ? `Signed in with the password as ${user.username}. Enter the 6-digit code your authenticator app shows now for “问效 Wenxiao”.`
            : `已用密码登录账户 ${user.username}。请输入验证器应用中“问效 Wenxiao”当前显示的 6 位验证码。`}
        </p>
        {sp.error && <p className="error" role="alert">{sp.error}</p>}
        <form action={verifyCodeAction} className="login-form">
          <input type="hidden" name="lang" value={lang} />
          <input type="hidden" name="next" value={next} />
          <label>
            {en ? "Code" : "验证码"}
            <input name="code" inputMode="numeric" autoComplete="one-time-code" required minLength={6} maxLength={20} autoFocus />
          </label>
          <button type="submit">{en ? "Verify" : "验证"}</button>
        </form>
        <p className="small muted">
          {en
            ? "Lost the phone? Enter one of your recovery codes (xxxxx-xxxxx) instead; each works once. Without them, ask the office to reset your two-factor sign-in. Five wrong codes lock the account for 30 minutes."
            : "手机丢失？可改为输入一个恢复码（xxxxx-xxxxx），每个只能用一次；如恢复码也已遗失，请联系领导小组办公室重置两步验证。连续输错 5 次，账户将锁定 30 分钟。"}
        </p>
        <form action="/logout" method="post">
          <button type="submit" className="link-button">{en ? "Cancel and sign out" : "取消并退出登录"}</button>
        </form>
      </section>
    </PublicShell>
  );
}
