import Link from "next/link";
import { AppShell } from "@/components/AppShell";
import { CorrectionForm } from "@/components/CorrectionForm";
import { requireCorrectionAccess } from "@/lib/auth/correct-access";
import { langOf, withLang } from "@/lib/i18n";
import { KIND_INFO } from "@/lib/ingest/fields";

/**
 * 更正数据: one stored row corrected in the browser, for the office (/office/correct/<kind>?<key>, any
 * unit's row) and a unit (/unit/correct/<kind>?<key>, its own and its agencies' rows; anything else a
 * 404, logged). The key is in the address; the side's page passes its own action.
 */
export async function CorrectPageView({ side, kind, sp, action }: { side: "office" | "unit"; kind: string; sp: Record<string, string | undefined>; action: Parameters<typeof CorrectionForm>[0]["action"] }) {
  const lang = langOf(sp.lang);
  const en = lang === "en";
  const query = new URLSearchParams(Object.entries(sp).filter((e): e is [string, string] => typeof e[1] === "string" && e[0] !== "lang")).toString();
  const path = `/${side}/correct/${encodeURIComponent(kind)}${query ? `?${query}` : ""}`;
  const { user, view } = await requireCorrectionAccess(side, kind, sp, path);
  const info = KIND_INFO[view.kind];
  const imports = `/${side}/imports`;
  return (
    <AppShell lang={lang} user={user}>
      <section className="card correction">
        <h1>{en ? `Correct a row: ${info.en}` : `更正数据：${info.zh}`}</h1>
        <p className="muted">
          {en
            ? "Change the values that are wrong and give the reason. The row is checked as an import would check it, and you see what will change before it is saved. A saved correction is an import batch of one row: it is listed in the import history with its reason, audited with the old and new values, and can be undone there. The key fields name the row and cannot be changed here; a new row is an upload."
            : "修改有误的值并填写更正原因。系统按导入的规则检查，保存前先列出将要改变的内容。保存的更正是只有一行的导入批次：在导入记录中列出并附更正原因，审计记录保存修改前后的值，也可在那里撤销。主键字段标识这条数据，不能在这里修改；新增数据请上传。"}
        </p>
        <table className="compact facts">
          <tbody>
            <tr><th scope="row">{en ? "Unit" : "所属单位"}</th><td>{view.owner}</td></tr>
            <tr>
              <th scope="row">{en ? "Last written by" : "最后写入"}</th>
              <td>{view.batchId ? <Link href={withLang(lang, `${imports}/${view.batchId}`)} prefetch={false}>{en ? `Batch #${view.batchId}` : `批次 #${view.batchId}`}</Link> : "—"}</td>
            </tr>
          </tbody>
        </table>
        <CorrectionForm lang={lang} action={action} kind={view.kind} keyValues={view.key} fields={view.fields} importsBase={imports} again={withLang(lang, path)} />
      </section>
    </AppShell>
  );
}
