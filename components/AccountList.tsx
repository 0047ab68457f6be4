import Link from "next/link";
import { Pager } from "@/components/Pager";
import type { AccountPage, AccountQuery, AccountRow, AccountSort } from "@/lib/auth/accounts";
import { withLang, type Lang } from "@/lib/i18n";

/**
 * The account list of /office/users and /unit/users: filters, a sortable table a page at a time,
 * and the confirmation panels of the steps that cannot be undone as such (disable ends sessions,
 * a reset replaces the password). The pages pass the data and the actions.
 */
type FormAction = (form: FormData) => Promise<void>;

export const ROLE_LABEL = {
  zh: { office: "领导小组办公室", unit_head: "单位负责人", clerk: "联络员" },
  en: { office: "Office", unit_head: "Unit head", clerk: "Clerk" },
} as const;

/** The list's address with its query (defaults left out) and any extra parameters. */
export function accountHref(lang: Lang, base: string, query: AccountQuery, extra: Record<string, string | number | undefined> = {}): string {
  const p = new URLSearchParams();
  const all: Record<string, string | number | undefined> = {
    role: query.role,
    unit: query.unit,
    status: query.status,
    q: query.q,
    sort: query.sort === "username" ? undefined : query.sort,
    dir: query.dir === "asc" ? undefined : query.dir,
    page: query.page > 1 ? query.page : undefined,
    ...extra,
  };
  for (const [k, v] of Object.entries(all)) if (v !== undefined && v !== "") p.set(k, String(v));
  const s = p.toString();
  return withLang(lang, s ? `${base}?${s}` : base);
}

export function AccountOutcome({ lang, did, who, error }: { lang: Lang; did?: string; who?: string; error?: string }) {
  const en = lang === "en";
  const messages: Record<string, [string, string]> = {
    disabled: [`已停用账户 ${who}，其会话已全部结束，并已通知本人。`, `Account ${who} disabled; its sessions have ended and the user was told.`],
    enabled: [`已启用账户 ${who}，并已通知本人。`, `Account ${who} enabled; the user was told.`],
    changed: [`已更改账户 ${who} 的角色或单位，其会话已全部结束，并已通知本人。`, `Account ${who} changed; its sessions have ended and the user was told.`],
    unlocked: [`已解锁账户 ${who}，并已通知本人。`, `Account ${who} unlocked; the user was told.`],
    two_factor_reset: [`已重置账户 ${who} 的两步验证，其会话已全部结束，并已通知本人。`, `Two-factor sign-in of ${who} reset; its sessions have ended and the user was told.`],
  };
  const m = did && who ? messages[did] : undefined;
  return (
    <>
      {error && <p className="error" role="alert">{error}</p>}
      {m && <p className="notice" role="status">{en ? m[1] : m[0]}</p>}
    </>
  );
}

export function AccountFilters({ lang, base, query, units }: { lang: Lang; base: string; query: AccountQuery; units?: { code: string; name: string }[] }) {
  const en = lang === "en";
  return (
    <form className="filters" method="get" action={base}>
      {en && <input type="hidden" name="lang" value="en" />}
      <input type="hidden" name="sort" value={query.sort} />
      <input type="hidden" name="dir" value={query.dir} />
      {units && (
        <>
          <label>
            {en ? "Role" : "角色"}
            <select name="role" defaultValue={query.role ?? ""}>
              <option value="">{en ? "all" : "全部"}</option>
              {(["office", "unit_head", "clerk"] as const).map((r) => <option key={r} value={r}>{ROLE_LABEL[lang][r]}</option>)}
            </select>
          </label>
          <label>
            {en ? "Unit" : "单位"}
            <select name="unit" defaultValue={query.unit ?? ""}>
              <option value="">{en ? "all" : "全部"}</option>
              {units.map((u) => <option key={u.code} value={u.code}>{u.code} {u.name}</option>)}
            </select>
          </label>
        </>
      )}
      <label>
        {en ? "Status" : "状态"}
        <select name="status" defaultValue={query.status ?? ""}>
          <option value="">{en ? "all" : "全部"}</option>
          <option value="active">{en ? "enabled" : "已启用"}</option>
          <option value="disabled">{en ? "disabled" : "已停用"}</option>
          <option value="locked">{en ? "locked" : "已锁定"}</option>
        </select>
      </label>
      <label>
        {en ? "Search" : "搜索"}
        <input type="search" name="q" defaultValue={query.q ?? ""} maxLength={100} placeholder={en ? "username, name, e-mail, unit" : "用户名、姓名、邮箱、单位"} />
      </label>
      <button type="submit">{en ? "Show" : "查看"}</button>
    </form>
  );
}

export function AccountTable({
  lang,
  base,
  list,
  office,
  setActiveAction,
  unlockAction,
}: {
  lang: Lang;
  base: string;
  list: AccountPage;
  /** the office's list: role and unit columns, and "change role or unit" */
  office: boolean;
  setActiveAction: FormAction;
  unlockAction: FormAction;
}) {
  const en = lang === "en";
  const q = list.query;
  const header = (key: AccountSort, label: string) => {
    const current = q.sort === key;
    const dir = current && q.dir === "asc" ? "desc" : "asc";
    return (
      <th scope="col" aria-sort={current ? (q.dir === "asc" ? "ascending" : "descending") : undefined}>
        <Link href={accountHref(lang, base, { ...q, page: 1 }, { sort: key === "username" ? undefined : key, dir: dir === "asc" ? undefined : dir })}>
          {label}
          {current ? (q.dir === "asc" ? " ▲" : " ▼") : ""}
        </Link>
      </th>
    );
  };
  const action = (row: AccountRow, what: string) => accountHref(lang, base, q, { do: what, user: row.username });
  return (
    <>
      <p className="muted">{en ? `${list.total} accounts` : `共 ${list.total} 个账户`}</p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              {header("username", en ? "Username" : "用户名")}
              {header("name", en ? "Name" : "姓名")}
              {office && header("role", en ? "Role" : "角色")}
              {office && header("unit", en ? "Unit" : "单位")}
              <th scope="col">{en ? "Status" : "状态"}</th>
              {header("last_sign_in", en ? "Last sign-in" : "最近登录")}
              {header("created", en ? "Created" : "创建日期")}
              <th scope="col">{en ? "Actions" : "操作"}</th>
            </tr>
          </thead>
          <tbody>
            {list.rows.map((r) => (
              <tr key={r.username}>
                <th scope="row">
                  {r.username}
                  {r.demo && <span className="badge">{en ? "demo" : "演示"}</span>}
                </th>
                <td>
                  {r.name}
                  {r.email && <div className="small muted">{r.email}</div>}
                </td>
                {office && <td>{ROLE_LABEL[lang][r.role]}</td>}
                {office && <td>{r.unit_code ? `${r.unit_code} ${r.unit_name ?? ""}` : "—"}</td>}
                <td>
                  {r.active ? (en ? "enabled" : "已启用") : <strong>{en ? "disabled" : "已停用"}</strong>}
                  {r.locked_until && <div className="small">{en ? `locked until ${r.locked_until}` : `锁定至 ${r.locked_until}`}</div>}
                  <div className="small muted">{r.two_factor ? (en ? "two-factor on" : "已启用两步验证") : en ? "password only" : "仅密码"}</div>
                </td>
                <td>{r.last_sign_in ?? "—"}</td>
                <td>{r.created}</td>
                <td className="small">
                  {office && <><Link href={action(r, "edit")}>{en ? "Role / unit…" : "角色/单位…"}</Link> · </>}
                  {r.active ? (
                    <Link href={action(r, "disable")}>{en ? "Disable…" : "停用…"}</Link>
                  ) : (
                    <form action={setActiveAction} style={{ display: "inline" }}>
                      <input type="hidden" name="lang" value={lang} />
                      <input type="hidden" name="username" value={r.username} />
                      <input type="hidden" name="active" value="1" />
                      <button type="submit" className="link-button">{en ? "Enable" : "启用"}</button>
                    </form>
                  )}
                  {" · "}
                  <Link href={action(r, "reset")}>{en ? "Reset password…" : "重置密码…"}</Link>
                  {r.two_factor && (
                    <>
                      {" · "}
                      <Link href={action(r, "reset2fa")}>{en ? "Reset two-factor…" : "重置两步验证…"}</Link>
                    </>
                  )}
                  {r.locked_until && (
                    <>
                      {" · "}
                      <form action={unlockAction} style={{ display: "inline" }}>
                        <input type="hidden" name="lang" value={lang} />
                        <input type="hidden" name="username" value={r.username} />
                        <button type="submit" className="link-button">{en ? "Unlock" : "解锁"}</button>
                      </form>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {list.rows.length === 0 && <p className="muted">{en ? "No accounts match." : "没有符合条件的账户。"}</p>}
      </div>
      <Pager lang={lang} page={list.page} pages={list.pages} href={(n) => accountHref(lang, base, { ...q, page: n })} />
    </>
  );
}

/** Who the panel is about, in one line. */
export function AccountSummary({ lang, account }: { lang: Lang; account: AccountRow }) {
  const en = lang === "en";
  return (
    <p>
      <strong>{account.name}</strong> ({account.username}) · {ROLE_LABEL[lang][account.role]}
      {account.unit_code && ` · ${account.unit_code} ${account.unit_name ?? ""}`}
      {" · "}
      {en ? `${account.open_sessions} open session(s)` : `未结束的会话 ${account.open_sessions} 个`}
    </p>
  );
}

/** Disabling, confirmed: what will happen, then the button. */
export function DisablePanel({ lang, account, cancelHref, setActiveAction }: { lang: Lang; account: AccountRow; cancelHref: string; setActiveAction: FormAction }) {
  const en = lang === "en";
  return (
    <section className="card" aria-labelledby="confirm-title">
      <h2 id="confirm-title">{en ? "Disable this account?" : "停用此账户？"}</h2>
      <AccountSummary lang={lang} account={account} />
      <ul>
        <li>{en ? "Every open session of the account ends now: the user is signed out at once." : "该账户所有已登录的会话立即结束，本人会被立即退出登录。"}</li>
        <li>{en ? "The user cannot sign in until the account is enabled again; the password is kept." : "在重新启用之前，本人无法登录；密码保持不变。"}</li>
        <li>{en ? "The user is told in their inbox (and by e-mail where set up); the step is in the audit log." : "系统将通过站内消息（及已配置的邮件）通知本人，并记入审计日志。"}</li>
      </ul>
      <form action={setActiveAction} className="filters">
        <input type="hidden" name="lang" value={lang} />
        <input type="hidden" name="username" value={account.username} />
        <input type="hidden" name="active" value="0" />
        <button type="submit">{en ? "Disable the account" : "确认停用"}</button>
        <Link href={cancelHref}>{en ? "Cancel" : "取消"}</Link>
      </form>
    </section>
  );
}

/** What a reset does, said before it is done (the form itself is the client component that shows the password). */
export function ResetExplanation({ lang, account }: { lang: Lang; account: AccountRow }) {
  const en = lang === "en";
  return (
    <>
      <h2 id="confirm-title">{en ? "Reset this account's password?" : "重置此账户的密码？"}</h2>
      <AccountSummary lang={lang} account={account} />
      <ul>
        <li>{en ? "A new one-time password is made and shown on this page once; you give it to the person yourself." : "系统生成新的一次性密码，只在本页显示一次，由您亲自告知本人。"}</li>
        <li>{en ? "The current password stops working at once, every open session of the account ends, and a lockout is lifted." : "原密码立即失效，该账户所有已登录的会话立即结束，登录锁定一并解除。"}</li>
        <li>{en ? "The user is told in their inbox (without the password); the step is in the audit log." : "系统将通过站内消息通知本人（不含密码），并记入审计日志。"}</li>
      </ul>
    </>
  );
}

/** Resetting two-factor sign-in, confirmed: what will happen, then the button. */
export function TwoFactorResetPanel({ lang, account, cancelHref, resetTwoFactorAction }: { lang: Lang; account: AccountRow; cancelHref: string; resetTwoFactorAction: FormAction }) {
  const en = lang === "en";
  return (
    <section className="card" aria-labelledby="confirm-title">
      <h2 id="confirm-title">{en ? "Reset this account's two-factor sign-in?" : "重置此账户的两步验证？"}</h2>
      <AccountSummary lang={lang} account={account} />
      <ul>
        <li>{en ? "For a lost or replaced phone: make sure it is really the account holder who asks." : "用于手机丢失或更换：请先确认确系账户持有人本人申请。"}</li>
        <li>{en ? "The authenticator entry and every recovery code stop working, and every open session of the account ends now." : "原验证器和全部恢复码立即失效，该账户所有已登录的会话立即结束。"}</li>
        <li>
          {en
            ? "The user signs in with the password only, then sets two-factor up again (an office account must do so before anything else)."
            : "本人随后只需密码即可登录，再重新启用两步验证（办公室账户须先完成设置才能继续使用）。"}
        </li>
        <li>{en ? "The user is told in their inbox; the step is in the audit log." : "系统将通过站内消息通知本人，并记入审计日志。"}</li>
      </ul>
      <form action={resetTwoFactorAction} className="filters">
        <input type="hidden" name="lang" value={lang} />
        <input type="hidden" name="username" value={account.username} />
        <button type="submit">{en ? "Reset two-factor sign-in" : "确认重置两步验证"}</button>
        <Link href={cancelHref}>{en ? "Cancel" : "取消"}</Link>
      </form>
    </section>
  );
}
