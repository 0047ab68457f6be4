import { AppShell } from "@/components/AppShell";
import { CreateTokenForm } from "@/components/ApiTokenForm";
import { RevokePanel, TokenFilters, TokenOutcome, TokenTable, tokenHref } from "@/components/ApiTokenList";
import { BadAddress } from "@/components/BadAddress";
import { loadTokensView } from "@/lib/api/tokens";
import { unitName } from "@/lib/auth/accounts";
import { requireUnitHead } from "@/lib/auth/guards";
import { getDb } from "@/lib/db";
import { langOf } from "@/lib/i18n";
import { QueryReader } from "@/lib/web/query";
import { createUnitTokenAction, revokeUnitTokenAction } from "./actions";

export const dynamic = "force-dynamic";

const BASE = "/unit/api-tokens";

/**
 * A unit head's API tokens, for their own unit only: make one (shown once), the list, revoke after a
 * confirmation. The domain functions enforce the same limits whatever is posted.
 */
export default async function UnitApiTokensPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const sp = await searchParams;
  const lang = langOf(sp.lang);
  const en = lang === "en";
  const user = await requireUnitHead("view:unit-api-tokens", BASE, "/office/api-tokens");
  const db = await getDb();
  const q = new QueryReader(sp);
  const { list, target, name } = await loadTokensView(db, user, q, lang, sp.revoke);
  if (!list) {
    return (
      <AppShell lang={lang} user={user}>
        <BadAddress {...q.view(BASE)} />
      </AppShell>
    );
  }
  const unit = { code: user.unitCode, name: name(user.unitCode, await unitName(db, user.unitCode)) };
  return (
    <AppShell lang={lang} user={user}>
      <section className="card">
        <h1>{en ? "My unit's API tokens" : "本单位接口令牌"}</h1>
        <TokenOutcome lang={lang} did={sp.did} token={sp.token} error={sp.error} />
        <p className="muted small">
          {en
            ? "A token lets your unit's systems push its data to /api/v1 (your unit's rows and its agencies', nothing else). It is shown once when made; Wenxiao keeps only its hash. Every step and every push is logged."
            : "接口令牌供本单位的系统向 /api/v1 推送本单位的数据（只能报送本单位及其所属机构的数据）。令牌只在创建时显示一次，问效只保存其哈希。每一步操作和每一次推送都有记录。"}
        </p>
        <h2>{en ? "New token" : "新建令牌"}</h2>
        <CreateTokenForm lang={lang} action={createUnitTokenAction} fixedUnit={unit} />
      </section>

      {sp.revoke && !target && (
        <section className="card">
          <p className="error" role="alert">{en ? `Your unit has no token "${sp.revoke}".` : `本单位没有令牌“${sp.revoke}”。`}</p>
        </section>
      )}
      {target && <RevokePanel lang={lang} token={target} cancelHref={tokenHref(lang, BASE, list.query)} revokeAction={revokeUnitTokenAction} />}

      <section className="card">
        <h2>{en ? "Tokens" : "令牌列表"}</h2>
        <TokenFilters lang={lang} base={BASE} query={list.query} />
        <TokenTable lang={lang} base={BASE} list={list} office={false} />
      </section>
    </AppShell>
  );
}
