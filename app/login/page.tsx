import { redirect } from "next/navigation";
import { PublicShell } from "@/components/PublicShell";
import { currentUser } from "@/lib/auth/guards";
import { demoMode } from "@/lib/env";
import { langOf } from "@/lib/i18n";
import { LoginForm } from "./LoginForm";

export const dynamic = "force-dynamic";

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ lang?: string; next?: string; changed?: string; locked?: string }> }) {
  const sp = await searchParams;
  const lang = langOf(sp.lang);
  const user = await currentUser();
  if (user) redirect(user.role === "office" ? "/office" : "/unit");
  const demo = demoMode();
  return (
    <PublicShell lang={lang}>
      <section className="card narrow">
        <h1>{lang === "en" ? "Sign in" : "登录"}</h1>
        <p className="muted">
          {lang === "en"
            ? "For the leading-group office, unit heads and their clerks. The public pages need no sign-in."
            : "供领导小组办公室、各单位负责人及联络员使用。公示页面无需登录。"}
        </p>
        {sp.changed && (
          <p className="notice" role="status">
            {lang === "en" ? "Your password was changed and you were signed out everywhere: sign in with the new one." : "密码已修改，您已在所有设备上退出；请用新密码登录。"}
          </p>
        )}
        {sp.locked && (
          <p className="error" role="alert">
            {lang === "en"
              ? "Too many wrong codes: the account is locked for 30 minutes and you were signed out. The office can unlock it."
              : "验证码连续错误次数过多，账户已锁定 30 分钟，您已退出登录；可请领导小组办公室解锁。"}
          </p>
        )}
        <LoginForm lang={lang} next={sp.next ?? ""} />
        {demo && (
          <p className="muted small">
            {lang === "en"
              ? "Demo: office, head-620100, clerk-620100 or head-<code>, password wenxiao-demo-2026."
              : "演示账号：office、head-620100、clerk-620100 或 head-<单位编码>，密码 wenxiao-demo-2026。"}
          </p>
        )}
      </section>
    </PublicShell>
  );
}
