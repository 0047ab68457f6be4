import Link from "next/link";
import { AppShell } from "@/components/AppShell";
import { EnableTwoFactorForm, RenewRecoveryCodesForm } from "@/components/TwoFactorForms";
import { requireUser } from "@/lib/auth/guards";
import { enrolment, twoFactorStatus } from "@/lib/auth/two-factor";
import { getDb } from "@/lib/db";
import { langOf, withLang, beijingTime } from "@/lib/i18n";
import { confirmTwoFactorAction, disableTwoFactorAction, renewRecoveryCodesAction } from "./actions";

export const dynamic = "force-dynamic";

/**
 * The user's own two-factor sign-in (TOTP): set it up with a QR code and a first code — required for
 * the office before anything else —, renew recovery codes, or (where not required) switch it off.
 */
export default async function TwoFactorPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const sp = await searchParams;
  const lang = langOf(sp.lang);
  const en = lang === "en";
  const user = await requireUser("/account/two-factor");
  const db = await getDb();
  const status = await twoFactorStatus(db, user.username);
  const setUp = status.enabled ? null : await enrolment(db, user);
  const continueHref = withLang(lang, status.required && !status.enabled ? "/after-login" : "/account/two-factor");
  return (
    <AppShell lang={lang} user={user}>
      <section className="card narrow">
        <h1>{en ? "Two-factor sign-in" : "两步验证"}</h1>
        {sp.error && <p className="error" role="alert">{sp.error}</p>}
        {sp.did === "off" && <p className="notice" role="status">{en ? "Two-factor sign-in is off." : "两步验证已关闭。"}</p>}
        {setUp ? (
          <>
            {status.required && (
              <p className="notice" role="status">
                {en
                  ? "Office accounts must use two-factor sign-in: set it up now to go on."
                  : "领导小组办公室账户必须使用两步验证：请先完成设置再继续。"}
              </p>
            )}
            <ol>
              <li>
                {en
                  ? "Install an authenticator app on your phone (any TOTP app: e.g. Microsoft Authenticator, Google Authenticator, FreeOTP, or the one your unit uses)."
                  : "在手机上安装验证器应用（任何支持 TOTP 的应用均可，如 Microsoft Authenticator、Google Authenticator、FreeOTP 或本单位统一使用的应用）。"}
              </li>
              <li>{en ? "Scan this QR code with it, or type in the key below." : "用它扫描下面的二维码，或手动输入下方密钥。"}</li>
              <li>{en ? "Enter the 6-digit code it shows." : "输入应用显示的 6 位验证码。"}</li>
            </ol>
            <div className="qr" role="img" aria-label={en ? "QR code for the authenticator app" : "验证器应用二维码"} dangerouslySetInnerHTML={{ __html: setUp.qrSvg }} />
            <p className="small">
              {en ? "Key: " : "密钥："}
              <code data-testid="totp-secret" style={{ userSelect: "all", wordBreak: "break-all" }}>{setUp.secret.replace(/(.{4})/g, "$1 ").trim()}</code>
              <br />
              <span className="muted">{en ? `Account: ${user.username} · Issuer: 问效 Wenxiao · time-based, 6 digits, 30 s` : `账户：${user.username} · 发行方：问效 Wenxiao · 基于时间，6 位，30 秒`}</span>
            </p>
            <EnableTwoFactorForm lang={lang} action={confirmTwoFactorAction} ticket={setUp.ticket} continueHref={continueHref} />
          </>
        ) : (
          <>
            <p>
              {en
                ? `On since ${(status.enabledAt ? beijingTime(status.enabledAt) : "")}. Every sign-in asks for the code from your authenticator app.`
                : `已于 ${(status.enabledAt ? beijingTime(status.enabledAt) : "")} 启用。每次登录都需输入验证器应用中的验证码。`}
            </p>
            <p>{en ? `Unused recovery codes: ${status.recoveryCodesLeft}.` : `未使用的恢复码：${status.recoveryCodesLeft} 个。`}</p>
            {status.recoveryCodesLeft <= 3 && (
              <p className="notice" role="status">{en ? "Few recovery codes left: make new ones." : "恢复码所剩不多，请重新生成。"}</p>
            )}
            <RenewRecoveryCodesForm lang={lang} action={renewRecoveryCodesAction} continueHref={continueHref} />
            <h2>{en ? "Switch it off" : "关闭两步验证"}</h2>
            {status.required ? (
              <p className="muted">
                {en
                  ? "Office accounts must keep it on. A lost phone: sign in with a recovery code, or ask another office account holder to reset it."
                  : "办公室账户必须保持启用。手机丢失时，可用恢复码登录，或请办公室其他账户持有人为您重置。"}
              </p>
            ) : (
              <form action={disableTwoFactorAction} className="filters">
                <input type="hidden" name="lang" value={lang} />
                <p className="small">{en ? "Signing in will then need the password only. Confirm with a current code:" : "关闭后登录只需密码。请输入当前验证码确认："}</p>
                <label>
                  {en ? "Code" : "验证码"}
                  <input name="code" inputMode="numeric" autoComplete="one-time-code" required minLength={6} maxLength={20} />
                </label>
                <button type="submit" className="secondary">{en ? "Switch off" : "确认关闭"}</button>
              </form>
            )}
          </>
        )}
        <p><Link href={withLang(lang, "/account")}>{en ? "My account" : "我的账户"}</Link></p>
      </section>
    </AppShell>
  );
}
