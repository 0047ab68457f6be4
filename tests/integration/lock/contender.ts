// One process contending for the embedded data directory's lock (tests/integration/lock.test.ts).
import { lockDataDir } from "@/db/lock";

const dir = process.argv[2]!;
const start = Number(process.argv[3]);
// start together, to the millisecond
await new Promise((r) => setTimeout(r, Math.max(0, start - Date.now())));
try {
  const release = lockDataDir(dir);
  console.log("acquired");
  await new Promise((r) => setTimeout(r, 800));
  release();
} catch (e) {
  console.log((e as Error).name);
}
