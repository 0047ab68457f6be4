import path from "node:path";
import { z } from "zod";

// Read once, validated; nothing else in the code base reads process.env directly.
const schema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgres:// URL")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  WENXIAO_DATA_DIR: z.string().default("./.data"),
  WENXIAO_DEMO: z.string().default("1"),
  PORT: z.coerce.number().int().positive().default(3000),
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

export function env(): Env {
  cached ??= schema.parse(process.env);
  return cached;
}

export function dataDir(): string {
  return path.resolve(env().WENXIAO_DATA_DIR);
}
