import Link from "next/link";
import type { ReactNode } from "react";
import { Pager } from "@/components/Pager";
import { numberFormat, withLang, type Lang } from "@/lib/i18n";
import { BATCH_SORTABLE, type BatchFilter, type BatchRow, type Rejection, type StoredRows } from "@/lib/ingest/history";
import { batchStatusName, channelName, durationText, kindName, CHANNEL_NAMES, KIND_NAMES, STATUS_NAMES } from "@/lib/ingest/history-text";

/**
 * The import history (导入记录): the list of batches with its filters, and one batch with its rows.
 * The office's pages and a unit's pages show the same, each from what its viewer may see
 * (lib/ingest/history.ts); only the office filters by unit.
 */
const T = {
  zh: {
    title: "导入记录",
    intro: "每一次导入（命令行、接口推送、网页上传、网页更正、演示数据）都在这里留有记录：谁在何时以何种方式导入了哪个文件（含 SHA-256 指纹）、各类行数、状态和用时。每条数据都标明最后写入它的批次。",
    unitIntro: "本单位的数据所在的导入批次，以及本单位人员所做的导入。每条数据都标明最后写入它的批次；本单位的批次可在导入后若干个工作日内撤销。",
    kind: "类型",
    channel: "方式",
    status: "状态",
    from: "起",
    to: "止",
    unit: "单位编码",
    all: "全部",
    show: "查询",
    none: "没有符合条件的导入记录。",
    total: (n: number) => `共 ${n} 个批次`,
    id: "批次",
    startedAt: "开始时间",
    file: "文件",
    actor: "导入人",
    rows: "行数",
    inserted: "新增",
    updated: "修改",
    unchanged: "未变",
    superseded: "被覆盖",
    rejected: "拒绝",
    duration: "用时",
  },
  en: {
    title: "Imports",
    intro: "Every import (command line, API, upload, correction form, demo) is recorded here: who imported which file (with its SHA-256 fingerprint), when and how, its row counts, status and duration. Every stored row names the batch that last wrote it.",
    unitIntro: "The import batches that hold your unit's data, and the imports your unit's people made. Every stored row names the batch that last wrote it; your unit's own batches can be undone for a few working days after the import.",
    kind: "Kind",
    channel: "Channel",
    status: "Status",
    from: "From",
    to: "To",
    unit: "Unit code",
    all: "All",
    show: "Search",
    none: "No import matches.",
    total: (n: number) => `${n} batches`,
    id: "Batch",
    startedAt: "Started",
    file: "File",
    actor: "By",
    rows: "Rows",
    inserted: "New",
    updated: "Changed",
    unchanged: "Unchanged",
    superseded: "Superseded",
    rejected: "Rejected",
    duration: "Duration",
  },
};

export function BatchList({ lang, base, office, filter, rows, total, page, pageSize }: { lang: Lang; base: string; office: boolean; filter: BatchFilter; rows: BatchRow[]; total: number; page: number; pageSize: number }) {
  const t = T[lang];
  const nf = numberFormat(lang, 0);
  const own: Record<string, string | undefined> = {
    kind: filter.kind,
    channel: filter.channel,
    status: filter.status,
    from: filter.from,
    to: filter.to,
    unit: filter.unit,
    sort: filter.sort?.column,
    dir: filter.sort && filter.sort.dir !== "desc" ? filter.sort.dir : undefined,
  };
  const link = (over: Record<string, string | undefined>) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...own, ...over })) if (v) q.set(k, v);
    const query = q.toString();
    return withLang(lang, query ? `${base}?${query}` : base);
  };
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const cols: { key: string; label: string; num?: boolean }[] = [
    { key: "id", label: t.id },
    { key: "started_at", label: t.startedAt },
    { key: "kind", label: t.kind },
    { key: "channel", label: t.channel },
    { key: "file", label: t.file },
    { key: "actor", label: t.actor },
    { key: "rows", label: t.rows, num: true },
    { key: "inserted", label: t.inserted, num: true },
    { key: "updated", label: t.updated, num: true },
    { key: "unchanged", label: t.unchanged, num: true },
    { key: "rejected", label: t.rejected, num: true },
    { key: "status", label: t.status },
    { key: "duration", label: t.duration, num: true },
  ];
  const header = (c: (typeof cols)[number]) => {
    if (!(BATCH_SORTABLE as readonly string[]).includes(c.key)) return <th key={c.key} scope="col">{c.label}</th>;
    const current = filter.sort?.column === c.key ? filter.sort.dir : undefined;
    const dir = current === "desc" ? "asc" : "desc";
    return (
      <th key={c.key} scope="col" className="sortable" aria-sort={current ? (current === "asc" ? "ascending" : "descending") : undefined}>
        <Link href={link({ sort: c.key, dir: dir === "desc" ? undefined : dir, page: undefined })}>
          {c.label}{"\u00a0"}<span aria-hidden="true" className={current ? undefined : "muted"}>{current === "asc" ? "▲" : current === "desc" ? "▼" : "↕"}</span>
        </Link>
      </th>
    );
  };
  const choice = (name: string, label: string, options: Record<string, { zh: string; en: string }>, value: string | undefined) => (
    <label>
      {label}
      <select name={name} defaultValue={value ?? ""}>
        <option value="">{t.all}</option>
        {Object.entries(options).map(([k, v]) => <option key={k} value={k}>{v[lang]}</option>)}
      </select>
    </label>
  );
  return (
    <>
      <section className="card">
        <h1>{t.title}</h1>
        <p className="muted">{office ? t.intro : t.unitIntro}</p>
        <form className="filters" method="get">
          {lang === "en" && <input type="hidden" name="lang" value="en" />}
          {choice("kind", t.kind, KIND_NAMES, filter.kind)}
          {choice("channel", t.channel, CHANNEL_NAMES, filter.channel)}
          {choice("status", t.status, STATUS_NAMES, filter.status)}
          <label>{t.from}<input type="date" name="from" defaultValue={filter.from} /></label>
          <label>{t.to}<input type="date" name="to" defaultValue={filter.to} /></label>
          {office && <label>{t.unit}<input name="unit" defaultValue={filter.unit} maxLength={50} /></label>}
          <button type="submit">{t.show}</button>
        </form>
        <p className="muted">{t.total(total)}</p>
      </section>
      <section className="card">
        {rows.length === 0 ? (
          <p className="muted">{t.none}</p>
        ) : (
          <div className="table-wrap">
            <table className="items imports">
              <thead><tr>{cols.map(header)}</tr></thead>
              <tbody>
                {rows.map((b) => (
                  <tr key={b.id}>
                    <th scope="row"><Link href={withLang(lang, `${base}/${b.id}`)}>#{b.id}</Link></th>
                    <td className="date">{b.started_at}</td>
                    <td>{kindName(lang, b.kind)}</td>
                    <td className="code">{channelName(lang, b.channel)}</td>
                    <td className="small">{b.file_name}<br /><span className="muted" title={b.file_sha256}>{b.file_sha256.slice(0, 12)}…</span></td>
                    <td className="code">{b.actor}</td>
                    <td className="num">{nf.format(b.rows)}</td>
                    <td className="num">{nf.format(b.inserted)}</td>
                    <td className="num">{nf.format(b.updated)}</td>
                    <td className="num">{nf.format(b.unchanged)}</td>
                    <td className="num">{nf.format(b.rejected)}</td>
                    <td><span className={`status batch-${b.status}`}>{batchStatusName(lang, b.status)}</span></td>
                    <td className="num">{durationText(lang, b.duration_ms)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pager lang={lang} page={page} pages={pages} href={(n) => link({ page: n > 1 ? String(n) : undefined })} summary={pages > 1 ? (lang === "en" ? `Page ${page} of ${pages}` : `第 ${page} / ${pages} 页`) : undefined} />
      </section>
    </>
  );
}

const D = {
  zh: {
    back: "← 全部导入记录",
    title: (id: number) => `导入批次 #${id}`,
    who: "导入人",
    when: "时间",
    how: "方式",
    kind: "类型",
    file: "文件",
    sha: "SHA-256",
    bytes: (n: string) => `${n} 字节`,
    status: "状态",
    duration: "用时",
    counts: "行数",
    units: "涉及单位",
    undone: (at: string, by: string) => `已于 ${at} 由 ${by} 撤销`,
    reason: "原因",
    note: "更正原因",
    undo: "撤销导入…",
    rejectedTitle: (n: number, kept: number) => (n > kept ? `被拒绝的行（共 ${n} 行，保存了前 ${kept} 行）` : `被拒绝的行（${n} 行）`),
    row: "行号",
    errors: "原因",
    storedTitle: (n: number) => `本批次最后写入的数据（${n} 行）`,
    storedNote: "本批次新增或修改、此后未被其他批次改动的数据；已被之后的批次改动的行显示在那个批次下。",
    unitNote: "只显示本单位的数据。",
    calendarNote: "工作日历不按天记录批次：本批次对日历的修改见审计记录。",
    none: "没有。",
    doneUndo: "已撤销该批次。",
  },
  en: {
    back: "← All imports",
    title: (id: number) => `Import batch #${id}`,
    who: "Imported by",
    when: "When",
    how: "Channel",
    kind: "Kind",
    file: "File",
    sha: "SHA-256",
    bytes: (n: string) => `${n} bytes`,
    status: "Status",
    duration: "Duration",
    counts: "Rows",
    units: "Units named",
    undone: (at: string, by: string) => `undone at ${at} by ${by}`,
    reason: "Reason",
    note: "Reason for the correction",
    undo: "Undo import…",
    rejectedTitle: (n: number, kept: number) => (n > kept ? `Rejected rows (${n}; the first ${kept} are kept)` : `Rejected rows (${n})`),
    row: "Row",
    errors: "Reason",
    storedTitle: (n: number) => `Rows this batch wrote last (${n})`,
    storedNote: "The rows this batch inserted or changed that no later batch has changed since; a row changed later is listed under that batch.",
    unitNote: "Your unit's rows only.",
    calendarNote: "The calendar keeps no batch per day: this batch's changes to it are in the audit trail.",
    none: "None.",
    doneUndo: "The batch has been undone.",
  },
};

export interface BatchDetailProps {
  lang: Lang;
  base: string;
  batch: BatchRow;
  /** the viewer sees only their units' rows */
  unitView: boolean;
  stored: StoredRows;
  page: number;
  rejections: { rows: Rejection[]; kept: number };
  rpage: number;
  pageSize: number;
  /** the undo button, when the viewer may ask for it */
  undoHref?: string;
  error?: string;
  undoneNow?: boolean;
}

export function BatchDetail(p: BatchDetailProps) {
  const t = D[p.lang];
  const c = T[p.lang];
  const nf = numberFormat(p.lang, 0);
  const b = p.batch;
  const here = (over: Record<string, number | undefined>) => {
    const q = new URLSearchParams();
    const all = { page: p.page > 1 ? p.page : undefined, rpage: p.rpage > 1 ? p.rpage : undefined, ...over };
    for (const [k, v] of Object.entries(all)) if (v && v > 1) q.set(k, String(v));
    const query = q.toString();
    return withLang(p.lang, query ? `${p.base}/${b.id}?${query}` : `${p.base}/${b.id}`);
  };
  const storedPages = Math.max(1, Math.ceil(p.stored.total / p.pageSize));
  const rejectedPages = Math.max(1, Math.ceil(p.rejections.kept / p.pageSize));
  return (
    <>
      <section className="card">
        <p><Link href={withLang(p.lang, p.base)}>{t.back}</Link></p>
        <h1>{t.title(b.id)}</h1>
        {p.error && <p className="error" role="alert">{p.error}</p>}
        {p.undoneNow && <p className="notice" role="status">{t.doneUndo}</p>}
        <table className="compact facts">
          <tbody>
            <Fact label={t.kind}>{kindName(p.lang, b.kind)}</Fact>
            <Fact label={t.how}>{channelName(p.lang, b.channel)}</Fact>
            <Fact label={t.who}>{b.actor}</Fact>
            <Fact label={t.when}>{b.started_at}{b.finished_at ? ` – ${b.finished_at.slice(11)}` : ""}</Fact>
            <Fact label={t.duration}>{durationText(p.lang, b.duration_ms)}</Fact>
            <Fact label={t.file}>{b.file_name} <span className="muted">({t.bytes(nf.format(b.file_bytes))})</span></Fact>
            {b.note && <Fact label={t.note}>{b.note}</Fact>}
            <Fact label={t.sha}><code>{b.file_sha256}</code></Fact>
            <Fact label={t.status}>
              <span className={`status batch-${b.status}`}>{batchStatusName(p.lang, b.status)}</span>
              {b.undone_at && <> · {t.undone(b.undone_at, b.undone_by ?? "")}{b.undo_reason ? ` · ${t.reason}: ${b.undo_reason}` : ""}</>}
            </Fact>
            <Fact label={t.counts}>
              {c.rows} {nf.format(b.rows)} · {c.inserted} {nf.format(b.inserted)} · {c.updated} {nf.format(b.updated)} · {c.unchanged} {nf.format(b.unchanged)} · {c.superseded} {nf.format(b.superseded)} · {c.rejected} {nf.format(b.rejected)}
            </Fact>
            {b.unit_codes.length > 0 && <Fact label={t.units}>{b.unit_codes.length > 30 ? `${b.unit_codes.slice(0, 30).join(", ")} … (${b.unit_codes.length})` : b.unit_codes.join(", ")}</Fact>}
          </tbody>
        </table>
        {p.undoHref && (
          <div className="filters">
            <Link className="button" href={p.undoHref}>{t.undo}</Link>
          </div>
        )}
      </section>
      {b.rejected > 0 && (
        <section className="card" aria-labelledby="rejected">
          <h2 id="rejected">{t.rejectedTitle(b.rejected, p.rejections.kept)}</h2>
          <div className="table-wrap">
            <table className="compact">
              <thead><tr><th scope="col">{t.row}</th><th scope="col">{t.errors}</th></tr></thead>
              <tbody>
                {p.rejections.rows.map((r) => (
                  <tr key={r.row}><td className="num">{r.row}</td><td>{r.errors.map((e) => e[p.lang]).join(p.lang === "en" ? "; " : "；")}</td></tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager lang={p.lang} page={p.rpage} pages={rejectedPages} href={(n) => here({ rpage: n })} />
        </section>
      )}
      <section className="card" aria-labelledby="stored">
        <h2 id="stored">{t.storedTitle(p.stored.total)}</h2>
        <p className="muted small">{b.kind === "calendar" ? t.calendarNote : `${t.storedNote}${p.unitView ? ` ${t.unitNote}` : ""}`}</p>
        {p.stored.rows.length === 0 ? (
          b.kind !== "calendar" && <p className="muted">{t.none}</p>
        ) : (
          <div className="table-wrap">
            <table className="items compact">
              <thead><tr>{p.stored.columns.map((k) => <th key={k} scope="col">{k}</th>)}</tr></thead>
              <tbody>
                {p.stored.rows.map((r, i) => (
                  <tr key={i}>{p.stored.columns.map((k) => <td key={k}>{cell(r[k])}</td>)}</tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pager lang={p.lang} page={p.page} pages={storedPages} href={(n) => here({ page: n })} />
      </section>
    </>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <tr>
      <th scope="row">{label}</th>
      <td>{children}</td>
    </tr>
  );
}

function cell(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (Array.isArray(v)) return v.join(", ");
  if (typeof v === "boolean") return v ? "✓" : "✗";
  if (typeof v === "string" || typeof v === "number") return String(v);
  return JSON.stringify(v);
}
