import Link from "next/link";
import { Pager } from "@/components/Pager";
import type { TokenPage, TokenQuery, TokenRow } from "@/lib/api/tokens";
import { withLang, type Lang } from "@/lib/i18n";

/**
 * The token list of /office/api-tokens and /unit/api-tokens: filters, a sortable table a page at a
 * time, and the revocation's confirmation panel. The pages pass the data and the action.
 */
type FormAction = (form: FormData) => Promise<void>;
type Sort = TokenQuery["sort"];

const STATUS_LABEL = {
  zh: { active: "有效", revoked: "已撤销", expired: "已过期" },
  en: { active: "active", revoked: "revoked", expired: "expired" },
} as const;

/** The list's address with its query (defaults left out) and any extra parameters. */
export function tokenHref(lang: Lang, base: string, query: TokenQuery, extra: Record<string, string | number | undefined> = {}): string {
  const p = new URLSearchParams();
  const all: Record<string, string | number | undefined> = {
    unit: query.unit,
    status: query.status,
    sort: query.sort === "created" ? undefined : query.sort,
    dir: query.dir === "desc" ? undefined : query.dir,
    page: query.page > 1 ? query.page : undefined,
    ...extra,
  };
  for (const [k, v] of Object.entries(all)) if (v !== undefined && v !== "") p.set(k, String(v));
  const s = p.toString();
  return withLang(lang, s ? `${base}?${s}` : base);
}

export function TokenOutcome({ lang, did, token, error }: { lang: Lang; did?: string; token?: string; error?: string }) {
  const en = lang === "en";
  return (
    <>
      {error && <p className="error" role="alert">{error}</p>}
      {did === "revoked" && token && (
        <p className="notice" role="status">
          {en ? `Token ${token}… revoked: pushes with it are refused from now on.` : `令牌 ${token}… 已撤销：使用它的推送从现在起会被拒绝。`}
        </p>
      )}
    </>
  );
}

export function TokenFilters({ lang, base, query, units }: { lang: Lang; base: string; query: TokenQuery; units?: { code: string; name: string }[] }) {
  const en = lang === "en";
  return (
    <form className="filters" method="get" action={base}>
      {en && <input type="hidden" name="lang" value="en" />}
      <input type="hidden" name="sort" value={query.sort} />
      <input type="hidden" name="dir" value={query.dir} />
      {units && (
        <label>
          {en ? "Unit" : "单位"}
          <select name="unit" defaultValue={query.unit ?? ""}>
            <option value="">{en ? "all" : "全部"}</option>
            {units.map((u) => (
              <option key={u.code} value={u.code}>{u.code} {u.name}</option>
            ))}
          </select>
        </label>
      )}
      <label>
        {en ? "Status" : "状态"}
        <select name="status" defaultValue={query.status ?? ""}>
          <option value="">{en ? "all" : "全部"}</option>
          {(["active", "revoked", "expired"] as const).map((s) => (
            <option key={s} value={s}>{STATUS_LABEL[lang][s]}</option>
          ))}
        </select>
      </label>
      <button type="submit">{en ? "Show" : "查看"}</button>
    </form>
  );
}

export function TokenTable({ lang, base, list, office }: { lang: Lang; base: string; list: TokenPage; office: boolean }) {
  const en = lang === "en";
  const q = list.query;
  const header = (key: Sort, label: string) => {
    const current = q.sort === key;
    const dir = current && q.dir === "desc" ? "asc" : "desc";
    return (
      <th scope="col" aria-sort={current ? (q.dir === "asc" ? "ascending" : "descending") : undefined}>
        <Link href={tokenHref(lang, base, { ...q, page: 1 }, { sort: key === "created" ? undefined : key, dir: dir === "desc" ? undefined : dir })}>
          {label}
          {current ? (q.dir === "asc" ? " ▲" : " ▼") : ""}
        </Link>
      </th>
    );
  };
  return (
    <>
      <p className="muted">{en ? `${list.total} token${list.total === 1 ? "" : "s"}` : `共 ${list.total} 个令牌`}</p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              {office && header("unit", en ? "Unit" : "单位")}
              {header("name", en ? "Name" : "名称")}
              <th scope="col">{en ? "Token begins" : "令牌开头"}</th>
              {header("created", en ? "Made" : "创建时间")}
              {header("last_used", en ? "Last used" : "最近使用")}
              <th scope="col">{en ? "Status" : "状态"}</th>
              <th scope="col">{en ? "Actions" : "操作"}</th>
            </tr>
          </thead>
          <tbody>
            {list.rows.map((r) => (
              <tr key={r.id}>
                {office && <td>{`${r.unit_code} ${r.unit_name ?? ""}`}</td>}
                <td>{r.name || "—"}</td>
                <td><code>{r.prefix}…</code></td>
                <td>
                  {r.created}
                  <div className="small muted">{r.created_by}</div>
                </td>
                <td>{r.last_used ?? (en ? "never" : "从未使用")}</td>
                <td>
                  {r.status === "active" ? STATUS_LABEL[lang].active : <strong>{STATUS_LABEL[lang][r.status]}</strong>}
                  {r.status === "revoked" && <div className="small muted">{`${r.revoked ?? ""} · ${r.revoked_by ?? ""}`}</div>}
                  {r.expires && <div className="small muted">{en ? `last day ${r.expires}` : `有效期至 ${r.expires}`}</div>}
                </td>
                <td className="small">{r.status !== "revoked" ? <Link href={tokenHref(lang, base, q, { revoke: r.id })}>{en ? "Revoke…" : "撤销…"}</Link> : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {list.rows.length === 0 && <p className="muted">{en ? "No tokens match." : "没有符合条件的令牌。"}</p>}
      </div>
      <Pager lang={lang} page={list.page} pages={list.pages} href={(n) => tokenHref(lang, base, { ...q, page: n })} />
    </>
  );
}

/** Revoking, confirmed: what stops working, then the button. */
export function RevokePanel({ lang, token, cancelHref, revokeAction }: { lang: Lang; token: TokenRow; cancelHref: string; revokeAction: FormAction }) {
  const en = lang === "en";
  if (token.status === "revoked") {
    return (
      <section className="card">
        <p className="muted">
          {en ? `Token ${token.prefix}… is already revoked.` : `令牌 ${token.prefix}… 已经撤销。`} <Link href={cancelHref}>{en ? "Back to the list" : "返回列表"}</Link>
        </p>
      </section>
    );
  }
  return (
    <section className="card" aria-labelledby="confirm-title">
      <h2 id="confirm-title">{en ? "Revoke this API token?" : "撤销此接口令牌？"}</h2>
      <p>
        <code>{token.prefix}…</code> · {token.name || (en ? "(no name)" : "（未命名）")} · {token.unit_code} {token.unit_name ?? ""} ·{" "}
        {en ? `last used ${token.last_used ?? "never"}` : `最近使用 ${token.last_used ?? "从未使用"}`}
      </p>
      <ul>
        <li>
          {en
            ? "Every push with this token is refused from now on (401), including a system's scheduled pushes: whatever uses it stops delivering the unit's data until it is given a new token."
            : "从现在起，使用此令牌的推送一律被拒绝（401），包括系统的定时推送：使用它的系统在换用新令牌之前将无法报送本单位的数据。"}
        </li>
        <li>{en ? "Batches already delivered stay as they are. A revoked token cannot be restored: make a new one if needed." : "已报送的批次保持不变。撤销后无法恢复；如需继续推送，请新建令牌。"}</li>
        <li>{en ? "The unit's head is told in their inbox when the office revokes; the step is in the audit log." : "由领导小组办公室撤销时，系统会以站内消息通知单位负责人；此操作记入审计日志。"}</li>
      </ul>
      <form action={revokeAction} className="filters">
        <input type="hidden" name="lang" value={lang} />
        <input type="hidden" name="id" value={token.id} />
        <button type="submit">{en ? "Revoke the token" : "确认撤销"}</button>
        <Link href={cancelHref}>{en ? "Cancel" : "取消"}</Link>
      </form>
    </section>
  );
}
