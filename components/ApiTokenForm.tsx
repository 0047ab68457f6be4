"use client";

import { useActionState, useEffect, useState } from "react";
import { useRouter } from "next/navigation";
import type { Lang } from "@/lib/i18n";

/**
 * Making an API token: the token arrives as the server action's return value, in the response to
 * that one POST only (as a one-time password does, components/AccountForms.tsx): never in a URL, a
 * log or the database (which keeps its hash). The state lives here, so the next submission does not
 * carry the token back to the server. This form therefore needs JavaScript.
 */
type TokenState =
  | { status: "idle" }
  | { status: "done"; data: { id: number; token: string; unit: string; prefix: string; name: string } }
  | { status: "error"; message: string; values: Record<string, string> };

type TokenAction = (form: FormData) => Promise<TokenState>;

const IDLE: TokenState = { status: "idle" };

/** The token, once, with a copy button and what to do with it; "hide" takes it off the screen for good. */
function OneTimeToken({ lang, token, unit, name }: { lang: Lang; token: string; unit: string; name: string }) {
  const [hidden, setHidden] = useState(false);
  const [copied, setCopied] = useState<boolean | null>(null);
  const en = lang === "en";
  if (hidden) return <p className="muted" role="status">{en ? "The token is no longer shown." : "令牌已不再显示。"}</p>;
  const copy = () => {
    navigator.clipboard.writeText(token).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  };
  return (
    <div className="notice" role="status">
      <p>
        {en ? `API token made for unit ${unit}${name ? ` (${name})` : ""}. ` : `已为单位 ${unit} 创建接口令牌${name ? `（${name}）` : ""}。`}
        <strong>{en ? "It is shown only this once:" : "令牌只显示这一次："}</strong>
      </p>
      <p>
        <code style={{ fontSize: "1.1em", userSelect: "all", wordBreak: "break-all" }} data-testid="api-token">{token}</code>{" "}
        <button type="button" className="secondary" onClick={copy}>{en ? "Copy" : "复制"}</button>
        {copied === true && <span className="small muted"> {en ? "copied" : "已复制"}</span>}
        {copied === false && <span className="small"> {en ? "copying failed: select the token and copy it by hand" : "复制失败：请选中令牌后手动复制"}</span>}
      </p>
      <p className="small">
        {en
          ? "Whoever holds it can deliver this unit's data: give it only to the system that pushes (keep it in that system's secret settings, never in an e-mail, a chat or source code). Wenxiao keeps only its hash and cannot show it again: a lost token is revoked and a new one made."
          : "持有该令牌即可报送本单位的数据：只交给负责推送的系统（保存在该系统的密钥配置中，切勿通过邮件、聊天工具传送或写入源代码）。问效只保存其哈希，无法再次显示：遗失后请撤销并重新创建。"}
      </p>
      <p className="small muted">
        {en ? "Use it as the header " : "推送时使用请求头 "}
        <code>Authorization: Bearer {token.slice(0, 10)}…</code>
        {en ? "; the API is described at " : "；接口说明见 "}
        <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>
        {en ? "." : "。"}
      </p>
      <button type="button" className="secondary" onClick={() => setHidden(true)}>
        {en ? "I have stored it — hide" : "已妥善保存，隐藏"}
      </button>
    </div>
  );
}

/** A new token: the office chooses the unit; a unit head's form has their own unit fixed. */
export function CreateTokenForm({
  lang,
  action,
  units,
  fixedUnit,
}: {
  lang: Lang;
  action: TokenAction;
  /** the office's choice of units (code, name); absent on a unit head's page */
  units?: { code: string; name: string }[];
  fixedUnit?: { code: string; name: string };
}) {
  const [state, formAction, pending] = useActionState<TokenState, FormData>((_previous, form) => action(form), IDLE);
  const router = useRouter();
  const en = lang === "en";
  // the list below shows the new token (its prefix); the token itself stays in this component's state
  useEffect(() => {
    if (state.status === "done") router.refresh();
  }, [state, router]);
  const v = state.status === "error" ? state.values : {};
  return (
    <>
      {state.status === "done" && <OneTimeToken key={state.data.id} lang={lang} token={state.data.token} unit={state.data.unit} name={state.data.name} />}
      <noscript>
        <p className="error">{en ? "This form needs JavaScript: the token is shown by the page itself, never sent in a link." : "此表单需要启用 JavaScript：令牌只由本页显示，不经链接传递。"}</p>
      </noscript>
      <form action={formAction} className="filters" autoComplete="off">
        <input type="hidden" name="lang" value={lang} />
        {fixedUnit ? (
          <span className="muted">{en ? `For ${fixedUnit.name} (${fixedUnit.code})` : `用于 ${fixedUnit.name}（${fixedUnit.code}）`}</span>
        ) : (
          <>
            <label>
              {en ? "Unit (code)" : "单位（编码）"}
              <input name="unitCode" list="token-units" required maxLength={64} defaultValue={v.unitCode ?? ""} />
            </label>
            <datalist id="token-units">
              {(units ?? []).map((u) => (
                <option key={u.code} value={u.code}>{u.name}</option>
              ))}
            </datalist>
          </>
        )}
        <label>
          {en ? "Name (what pushes with it)" : "名称（由哪个系统使用）"}
          <input name="name" maxLength={100} placeholder={en ? "e.g. credit platform" : "如：信用信息共享平台"} defaultValue={v.name ?? ""} />
        </label>
        <label>
          {en ? "Last day (optional)" : "有效期至（可选）"}
          <input name="expires" type="date" defaultValue={v.expires ?? ""} />
        </label>
        <button type="submit" disabled={pending}>{pending ? (en ? "Making…" : "正在创建…") : en ? "Make a token" : "创建令牌"}</button>
      </form>
      {state.status === "error" && <p className="error" role="alert">{state.message}</p>}
    </>
  );
}
