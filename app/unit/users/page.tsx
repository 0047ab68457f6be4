import { AppShell } from "@/components/AppShell";
import { CreateAccountForm, ResetPasswordForm } from "@/components/AccountForms";
import { AccountFilters, AccountOutcome, AccountTable, DisablePanel, ResetExplanation, TwoFactorResetPanel, accountHref } from "@/components/AccountList";
import { loadAccountsView, unitName } from "@/lib/auth/accounts";
import { requireUnitHead } from "@/lib/auth/guards";
import { getDb } from "@/lib/db";
import { BadAddress } from "@/components/BadAddress";
import { QueryReader } from "@/lib/web/query";
import { langOf } from "@/lib/i18n";
import { createClerkAction, resetClerkPasswordAction, resetClerkTwoFactorAction, setClerkActiveAction, unlockClerkAction } from "./actions";

export const dynamic = "force-dynamic";

const BASE = "/unit/users";

/**
 * A unit head's clerks: the list (their own unit's clerks only), a new clerk of the unit (its
 * one-time password shown once), disable and enable, reset a password or two-factor sign-in, unlock — nothing else. The
 * domain functions enforce the same limits whatever is posted.
 */
export default async function UnitUsersPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const sp = await searchParams;
  const lang = langOf(sp.lang);
  const en = lang === "en";
  const user = await requireUnitHead("view:unit-users", BASE, "/office/users");
  const db = await getDb();
  const q = new QueryReader(sp);
  const { list, target, name } = await loadAccountsView(db, user, q, lang, { user: sp.user, do: sp.do, steps: ["disable", "reset", "reset2fa"] });
  if (!list) {
    return (
      <AppShell lang={lang} user={user}>
        <BadAddress {...q.view(BASE)} />
      </AppShell>
    );
  }
  const listHref = accountHref(lang, BASE, list.query);
  const unit = { code: user.unitCode, name: name(user.unitCode, await unitName(db, user.unitCode)) };
  return (
    <AppShell lang={lang} user={user}>
      <section className="card">
        <h1>{en ? "My unit's clerks" : "本单位联络员账户"}</h1>
        <AccountOutcome lang={lang} did={sp.did} who={sp.who} error={sp.error} />
        <p className="muted small">
          {en
            ? "You manage the clerk accounts of your own unit: create, disable and enable, reset a password or two-factor sign-in, unlock. Other changes (roles, units, heads' accounts) are made by the office."
            : "您可管理本单位的联络员账户：新建、停用与启用、重置密码或两步验证、解锁。其他变更（角色、单位、负责人账户）由领导小组办公室办理。"}
        </p>
        <h2>{en ? "New clerk" : "新建联络员"}</h2>
        <CreateAccountForm lang={lang} action={createClerkAction} fixedUnit={unit} />
      </section>

      {sp.user && sp.do && !target && (
        <section className="card">
          <p className="error" role="alert">{en ? `Your unit has no clerk account "${sp.user}".` : `本单位没有联络员账户“${sp.user}”。`}</p>
        </section>
      )}
      {target && sp.do === "disable" && target.active && <DisablePanel lang={lang} account={target} cancelHref={listHref} setActiveAction={setClerkActiveAction} />}
      {target && sp.do === "reset2fa" && <TwoFactorResetPanel lang={lang} account={target} cancelHref={listHref} resetTwoFactorAction={resetClerkTwoFactorAction} />}
      {target && sp.do === "reset" && (
        <section className="card" aria-labelledby="confirm-title">
          <ResetExplanation lang={lang} account={target} />
          <ResetPasswordForm key={target.username} lang={lang} action={resetClerkPasswordAction} username={target.username} cancelHref={listHref} />
        </section>
      )}

      <section className="card">
        <h2>{en ? "Clerks" : "联络员"}</h2>
        <AccountFilters lang={lang} base={BASE} query={list.query} />
        <AccountTable lang={lang} base={BASE} list={list} office={false} setActiveAction={setClerkActiveAction} unlockAction={unlockClerkAction} />
      </section>
    </AppShell>
  );
}
