import { withLang, type Lang } from "@/lib/i18n";
import type { FieldDoc, KindInfo } from "@/lib/ingest/fields";

/** Each import kind: what it is for, its template's downloads and its fields table. */
export function TemplateList({ lang, kinds }: { lang: Lang; kinds: { kind: string; info: KindInfo; fields: FieldDoc[]; ignored: string[] }[] }) {
  const en = lang === "en";
  return (
    <>
      {kinds.map(({ kind, info, fields, ignored }) => (
        <section key={kind} id={kind} className="card" aria-labelledby={`${kind}-title`}>
          <h2 id={`${kind}-title`}>
            {en ? info.en : info.zh} <span className="muted small">({kind})</span>
          </h2>
          <p>{en ? info.purposeEn : info.purposeZh}</p>
          <p>
            {en ? "Template: " : "下载模板："}
            <a href={withLang(lang, `/templates/${kind}.xlsx`)} download>{en ? "Excel (XLSX)" : "Excel（XLSX）"}</a>
            {" · "}
            <a href={withLang(lang, `/templates/${kind}.csv`)} download>CSV</a>
          </p>
          <div className="table-wrap">
            <table className="fields">
              <thead>
                <tr>
                  <th scope="col">{en ? "Column (template)" : "列名（模板）"}</th>
                  <th scope="col">{en ? "Field" : "字段名"}</th>
                  <th scope="col">{en ? "Required" : "必填"}</th>
                  <th scope="col">{en ? "Format" : "格式"}</th>
                  <th scope="col">{en ? "Allowed values" : "允许的值"}</th>
                  <th scope="col">{en ? "Other accepted headers" : "也接受的列名"}</th>
                </tr>
              </thead>
              <tbody>
                {fields.map((f) => (
                  <tr key={f.field}>
                    <td>{f.header}</td>
                    <td className="code">{f.field}{f.key && <span className="muted small">{en ? " (key)" : "（主键）"}</span>}</td>
                    <td>{f.required ? (en ? "yes" : "是") : en ? "no" : "否"}</td>
                    <td>{en ? f.formatEn : f.formatZh}</td>
                    <td>
                      {f.values?.map((v) => (
                        <div key={v.id}><span className="code">{v.id}</span> = {v.names.join(" / ")}</div>
                      ))}
                    </td>
                    <td>{f.aliases.join(en ? ", " : "、")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {ignored.length > 0 && (
            <p className="muted small">
              {en ? "Accepted and not stored (other columns of 双公示 exports): " : "可以保留但不导入的列（双公示导出文件的其他列）："}
              {ignored.join(en ? ", " : "、")}
            </p>
          )}
        </section>
      ))}
    </>
  );
}
