import "server-only";
import { z } from "zod";
import { KINDS } from "@/lib/ingest/kinds";
import { UNIT_KINDS, type UnitKind } from "@/lib/ingest/scope";

/**
 * The push API's shapes as zod schemas: the handler checks every row of a body with its kind's
 * schema, and lib/api/openapi.ts builds the OpenAPI document from the same schemas. A row schema
 * checks the shape only — the fields of CONTRACT §3 (the kind's columns in lib/ingest/kinds.ts, no
 * others) with scalar values; what the values mean (a date, a known unit, a valid code) is the
 * import's to judge, row by row, with the same rules and counts as a file.
 */
const Text = z.union([z.string(), z.number()]).nullable();
const Day = z.string().nullable();
const Count = z.union([z.number().int().nonnegative(), z.string()]).nullable();

const TITLES: Record<UnitKind, { zh: string; en: string }> = {
  records: { zh: "双公示记录", en: "administrative licensing and penalty records" },
  stats: { zh: "归集统计", en: "collection statistics" },
  cases: { zh: "联合奖惩（每项义务一行）", en: "joint reward and punishment cases (one row per obligation)" },
  feedback: { zh: "执行反馈", en: "implementation feedback" },
  objections: { zh: "异议", en: "objections" },
  repairs: { zh: "信用修复", en: "credit repairs" },
  receipts: { zh: "响应（接收推送的措施）", en: "receipts of pushed measures" },
  notifications: { zh: "告知当事人", en: "notifications of the subject" },
  credit_checks: { zh: "应查必查（每月许可决定数与事前查询信用数）", en: "credit checks (licence decisions and prior credit checks per month)" },
  tasks: { zh: "任务分工", en: "tasks" },
  progress: { zh: "任务进展", en: "task progress" },
};

export const kindTitle = (kind: UnitKind) => TITLES[kind];

function buildRowSchema(kind: UnitKind) {
  const spec = KINDS[kind];
  const shape: Record<string, z.ZodType> = {};
  for (const [field, zh] of Object.entries(spec.headers)) {
    const type = spec.columns.find((c) => c.name === field)?.type ?? "text";
    const base = type === "date" ? Day : type === "int" ? Count : Text;
    const key = spec.key.includes(field) ? "; part of the key" : "";
    const format = type === "date" ? " (YYYY-MM-DD)" : type === "int" ? " (a non-negative integer)" : "";
    shape[field] = base.optional().meta({ description: `${zh.join(" / ")}${format}${key}` });
  }
  const name = kind.replace(/(?:^|_)([a-z])/g, (_, c: string) => c.toUpperCase()); // credit_checks → CreditChecks
  return z.strictObject(shape).meta({
    id: `${name}Row`,
    description: `${TITLES[kind].zh} (${TITLES[kind].en}): one row, with the field names of CONTRACT §3; key ${spec.key.join(" + ")}. A field left out is empty.`,
  });
}

const ROW_SCHEMAS = Object.fromEntries(UNIT_KINDS.map((k) => [k, buildRowSchema(k)])) as Record<UnitKind, z.ZodObject>;

export function rowSchema(kind: UnitKind): z.ZodObject {
  return ROW_SCHEMAS[kind];
}

const Message = z.object({ code: z.string(), zh: z.string(), en: z.string() });

/** The import summary of CONTRACT §2, and the batch that stored it. */
export const Summary = z
  .object({
    kind: z.enum(UNIT_KINDS),
    rows: z.number().int(),
    inserted: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    superseded: z.number().int(),
    rejected: z.array(z.object({ row: z.number().int(), errors: z.array(z.string()) })),
    batch_id: z.number().int(),
  })
  .meta({ id: "ImportSummary", description: "rows = inserted + updated + unchanged + superseded + rejected rows (CONTRACT §2)" });

export const ApiErrorBody = z.object({ error: Message }).meta({ id: "Error", description: "what went wrong, in Chinese and English" });

export const ScopeRefusal = z
  .object({
    error: Message,
    rejected: z.array(z.object({ row: z.number().int(), field: z.string(), value: z.string(), zh: z.string(), en: z.string() })),
    total: z.number().int(),
  })
  .meta({ id: "ScopeRefusal", description: "rows naming a unit outside the token's unit and its agencies: the whole request is refused, nothing is stored (the first 1 000 rows listed)" });

export const BadRequest = z
  .object({ error: Message, row: z.number().int().optional(), line: z.number().int().optional(), field: z.string().optional() })
  .meta({ id: "BadRequest", description: "a body that cannot be read: not JSON, not rows, unknown fields (line and row number given)" });

export const Batch = z
  .object({
    id: z.number().int(),
    kind: z.string(),
    unit: z.string().nullable(),
    status: z.enum(["running", "done"]),
    started_at: z.string(),
    finished_at: z.string().nullable(),
    summary: z.object({
      rows: z.number().int(),
      inserted: z.number().int(),
      updated: z.number().int(),
      unchanged: z.number().int(),
      superseded: z.number().int(),
      rejected: z.number().int(),
      rejections: z.array(z.object({ row: z.number().int(), errors: z.array(z.string()) })),
    }),
  })
  .meta({ id: "Batch", description: "a batch pushed with a token of the same unit" });
