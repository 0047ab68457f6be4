import { AppShell } from "@/components/AppShell";
import { CreateTokenForm } from "@/components/ApiTokenForm";
import { RevokePanel, TokenFilters, TokenOutcome, TokenTable, tokenHref } from "@/components/ApiTokenList";
import { BadAddress } from "@/components/BadAddress";
import { loadTokensView } from "@/lib/api/tokens";
import { placeableUnits } from "@/lib/auth/accounts";
import { requireOffice } from "@/lib/auth/guards";
import { getDb } from "@/lib/db";
import { langOf } from "@/lib/i18n";
import { withNames } from "@/lib/unit-names";
import { QueryReader } from "@/lib/web/query";
import { createTokenAction, revokeTokenAction } from "./actions";

export const dynamic = "force-dynamic";

const BASE = "/office/api-tokens";

/**
 * The push API's tokens of every unit (CONTRACT §8): make one for a unit (shown once), the list
 * filtered, sorted and paged in SQL, and revoke after a confirmation that says what stops working.
 */
export default async function OfficeApiTokensPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const sp = await searchParams;
  const lang = langOf(sp.lang);
  const en = lang === "en";
  const user = await requireOffice("view:api-tokens", BASE);
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
  const units = withNames(await placeableUnits(db), name);
  return (
    <AppShell lang={lang} user={user}>
      <section className="card">
        <h1>{en ? "API tokens" : "接口令牌"}</h1>
        <TokenOutcome lang={lang} did={sp.did} token={sp.token} error={sp.error} />
        <p className="muted small">
          {en
            ? "A token lets a unit's systems (a credit platform, say) push the unit's data to /api/v1 — its own rows and its agencies', nothing else. It is shown once when made; Wenxiao keeps only its hash. The unit's head is told when you make or revoke one; every step and every push is logged."
            : "接口令牌供单位的系统（如信用信息共享平台）向 /api/v1 推送本单位的数据——只能报送本单位及其所属机构的数据。令牌只在创建时显示一次，问效只保存其哈希。为某单位创建或撤销令牌时，系统会通知该单位负责人；每一步操作和每一次推送都有记录。"}
        </p>
        <h2>{en ? "New token" : "新建令牌"}</h2>
        <CreateTokenForm lang={lang} action={createTokenAction} units={units} />
      </section>

      {sp.revoke && !target && (
        <section className="card">
          <p className="error" role="alert">{en ? `There is no token "${sp.revoke}".` : `令牌“${sp.revoke}”不存在。`}</p>
        </section>
      )}
      {target && <RevokePanel lang={lang} token={target} cancelHref={tokenHref(lang, BASE, list.query)} revokeAction={revokeTokenAction} />}

      <section className="card">
        <h2>{en ? "All tokens" : "全部令牌"}</h2>
        <TokenFilters lang={lang} base={BASE} query={list.query} units={units} />
        <TokenTable lang={lang} base={BASE} list={list} office />
      </section>
    </AppShell>
  );
}
