import Link from "next/link";
import { AppShell } from "@/components/AppShell";
import { CreateAccountForm, ResetPasswordForm } from "@/components/AccountForms";
import { AccountFilters, AccountOutcome, AccountSummary, AccountTable, DisablePanel, ROLE_LABEL, ResetExplanation, TwoFactorResetPanel, accountHref } from "@/components/AccountList";
import { loadAccountsView, placeableUnits, unitsWithAccounts } from "@/lib/auth/accounts";
import { requireOffice } from "@/lib/auth/guards";
import { getDb } from "@/lib/db";
import { BadAddress } from "@/components/BadAddress";
import { QueryReader } from "@/lib/web/query";
import { langOf, type Lang } from "@/lib/i18n";
import { withNames } from "@/lib/unit-names";
import { changeAction, createUserAction, resetPasswordAction, resetTwoFactorAction, setActiveAction, unlockAction } from "./actions";

export const dynamic = "force-dynamic";

const BASE = "/office/users";

/**
 * The office's accounts: every account, filtered, sorted and paged in SQL; create (the one-time
 * password is shown once, in the answer to the form), disable and enable, change role or unit,
 * reset a password or two-factor sign-in, unlock. Disabling and resetting are confirmed on a panel that says what happens.
 */
export default async function OfficeUsersPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const sp = await searchParams;
  const lang = langOf(sp.lang);
  const en = lang === "en";
  const user = await requireOffice("view:users", BASE);
  const db = await getDb();
  const q = new QueryReader(sp);
  const { list, target, name } = await loadAccountsView(db, user, q, lang, { user: sp.user, do: sp.do, steps: ["disable", "reset", "reset2fa", "edit"] });
  if (!list) {
    return (
      <AppShell lang={lang} user={user}>
        <BadAddress {...q.view(BASE)} />
      </AppShell>
    );
  }
  const listHref = accountHref(lang, BASE, list.query);
  const units = withNames(await placeableUnits(db), name);
  return (
    <AppShell lang={lang} user={user}>
      <section className="card">
        <h1>{en ? "Accounts" : "账户管理"}</h1>
        <AccountOutcome lang={lang} did={sp.did} who={sp.who} error={sp.error} />
        <p className="muted small">
          {en
            ? "Changing an account's role or unit, disabling it and resetting its password end its sessions at once; the person concerned is told in their inbox; every step is in the audit log."
            : "更改角色或单位、停用、重置密码会立即结束该账户的会话；系统会以站内消息通知本人；每一步都记入审计日志。"}
        </p>
        <h2>{en ? "New account" : "新建账户"}</h2>
        <CreateAccountForm lang={lang} action={createUserAction} units={units} />
      </section>

      {sp.user && sp.do && !target && (
        <section className="card">
          <p className="error" role="alert">{en ? `There is no account "${sp.user}".` : `账户“${sp.user}”不存在。`}</p>
        </section>
      )}
      {target && sp.do === "disable" && (target.active ? <DisablePanel lang={lang} account={target} cancelHref={listHref} setActiveAction={setActiveAction} /> : <AlreadyDisabled lang={lang} href={listHref} />)}
      {target && sp.do === "reset" && (
        <section className="card" aria-labelledby="confirm-title">
          <ResetExplanation lang={lang} account={target} />
          <ResetPasswordForm key={target.username} lang={lang} action={resetPasswordAction} username={target.username} cancelHref={listHref} />
        </section>
      )}
      {target && sp.do === "reset2fa" && <TwoFactorResetPanel lang={lang} account={target} cancelHref={listHref} resetTwoFactorAction={resetTwoFactorAction} />}
      {target && sp.do === "edit" && (
        <section className="card" aria-labelledby="edit-title">
          <h2 id="edit-title">{en ? "Change role or unit" : "更改角色或单位"}</h2>
          <AccountSummary lang={lang} account={target} />
          <p>
            {en
              ? "Saving ends every open session of the account: the user signs in again with the new role and unit. An office account has no unit; a unit head or clerk needs one."
              : "保存后该账户所有已登录的会话立即结束，本人需以新的角色和单位重新登录。办公室账户不属于任何单位；单位负责人和联络员必须填写单位。"}
          </p>
          <form action={changeAction} className="filters">
            <input type="hidden" name="lang" value={lang} />
            <input type="hidden" name="username" value={target.username} />
            <label>
              {en ? "Role" : "角色"}
              <select name="role" defaultValue={target.role}>
                {(["clerk", "unit_head", "office"] as const).map((r) => <option key={r} value={r}>{ROLE_LABEL[lang][r]}</option>)}
              </select>
            </label>
            <label>
              {en ? "Unit (code)" : "单位（编码）"}
              <input name="unitCode" list="account-units" maxLength={64} defaultValue={target.unit_code ?? ""} />
            </label>
            <button type="submit">{en ? "Save and end the sessions" : "保存并结束其会话"}</button>
            <Link href={listHref}>{en ? "Cancel" : "取消"}</Link>
          </form>
        </section>
      )}

      <section className="card">
        <h2>{en ? "All accounts" : "全部账户"}</h2>
        <AccountFilters lang={lang} base={BASE} query={list.query} units={withNames(await unitsWithAccounts(db), name)} />
        <AccountTable lang={lang} base={BASE} list={list} office setActiveAction={setActiveAction} unlockAction={unlockAction} />
      </section>
    </AppShell>
  );
}

function AlreadyDisabled({ lang, href }: { lang: Lang; href: string }) {
  return (
    <section className="card">
      <p className="muted">{lang === "en" ? "This account is already disabled." : "该账户已停用。"} <Link href={href}>{lang === "en" ? "Back to the list" : "返回列表"}</Link></p>
    </section>
  );
}
