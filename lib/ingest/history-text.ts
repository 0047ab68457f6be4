import type { Lang } from "@/lib/i18n";
import type { BatchStatus, ImportChannel } from "@/db/schema/imports";
import { KIND_INFO } from "./fields";
import { IMPORT_KINDS, type ImportKind } from "./kinds";

// The words of the import history (导入记录) in both languages: kinds, channels, statuses, headings.

/** The kinds by the names the templates give them (lib/ingest/fields.ts): one name for a kind everywhere. */
export const KIND_NAMES = Object.fromEntries(IMPORT_KINDS.map((k) => [k, { zh: KIND_INFO[k].zh, en: KIND_INFO[k].en }])) as Record<ImportKind, { zh: string; en: string }>;

export const CHANNEL_NAMES: Record<ImportChannel, { zh: string; en: string }> = {
  cli: { zh: "命令行", en: "Command line" },
  api: { zh: "接口推送", en: "API" },
  upload: { zh: "网页上传", en: "Upload" },
  demo: { zh: "演示数据", en: "Demo" },
  form: { zh: "网页更正", en: "Correction form" },
};

export const STATUS_NAMES: Record<BatchStatus, { zh: string; en: string }> = {
  running: { zh: "进行中", en: "Running" },
  done: { zh: "已完成", en: "Done" },
  failed: { zh: "失败", en: "Failed" },
  undone: { zh: "已撤销", en: "Undone" },
};

export const kindName = (lang: Lang, kind: string) => KIND_NAMES[kind as ImportKind]?.[lang] ?? kind;
export const channelName = (lang: Lang, channel: string) => CHANNEL_NAMES[channel as ImportChannel]?.[lang] ?? channel;
export const batchStatusName = (lang: Lang, status: string) => STATUS_NAMES[status as BatchStatus]?.[lang] ?? status;

/** How long an import took, in words: "0.8 秒", "2 分 5 秒"; "—" while running. */
export function durationText(lang: Lang, ms: number | null): string {
  if (ms === null) return "—";
  if (ms < 60_000) {
    const s = (ms / 1000).toFixed(ms < 10_000 ? 1 : 0);
    return lang === "en" ? `${s} s` : `${s} 秒`;
  }
  const m = Math.floor(ms / 60_000);
  const s = Math.round((ms % 60_000) / 1000);
  return lang === "en" ? `${m} min ${s} s` : `${m} 分 ${s} 秒`;
}
