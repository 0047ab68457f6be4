import Link from "next/link";
import { AppShell } from "@/components/AppShell";
import { TemplateList } from "@/components/TemplateList";
import { requireUser } from "@/lib/auth/guards";
import { langOf } from "@/lib/i18n";
import { documentedKinds } from "@/lib/ingest/fields";
import { EXAMPLE_UNIT } from "@/lib/ingest/templates";

export const dynamic = "force-dynamic";

/**
 * /templates (导入模板): every import kind, what it is for, its fields (required, format, allowed values,
 * the other headers accepted) and its template to download as XLSX or CSV. For anyone signed in.
 */
export default async function TemplatesPage({ searchParams }: { searchParams: Promise<{ lang?: string }> }) {
  const lang = langOf((await searchParams).lang);
  const user = await requireUser("/templates");
  const en = lang === "en";
  const kinds = documentedKinds();
  return (
    <AppShell lang={lang} user={user}>
      <section className="card">
        <h1>{en ? "Import templates" : "导入模板"}</h1>
        <p>
          {en
            ? "Each kind of data has a template: an Excel workbook (sheet 1 the headers and one example row, sheet 2 the notes) and a CSV file (UTF-8). Fill in one row per item from the second row down, delete the example row, and import the file. The headers may also be English field names or the other names listed for each field, such as the column names of provincial 双公示 exports; columns may come in any order."
            : "每类数据都有模板：Excel 工作簿（第一个工作表为表头和一行示例，第二个工作表为填写说明）和 CSV 文件（UTF-8）。从第二行起每行填写一条，删除示例行后导入。表头也可以使用英文字段名或各字段列出的其他列名（如省级双公示导出文件的列名），列的顺序不限。"}
        </p>
        <p className="muted small">
          {en
            ? `The example rows name the unit ${EXAMPLE_UNIT} (兰州市 in the demo): replace it with your own unit's code. Dates are written YYYY-MM-DD. Required columns must be in the file; an optional column may be left out.`
            : `示例行中的单位编码 ${EXAMPLE_UNIT}（演示数据中的兰州市）请换成本单位的编码。日期一律写作 YYYY-MM-DD。必填列必须出现在文件中，非必填列可以省略。`}
        </p>
        <nav aria-label={en ? "Kinds" : "数据类型"} className="filters">
          {kinds.map((k) => (
            <Link key={k.kind} href={`#${k.kind}`}>{en ? k.info.en : k.info.zh}</Link>
          ))}
        </nav>
      </section>
      <TemplateList lang={lang} kinds={kinds} />
    </AppShell>
  );
}
