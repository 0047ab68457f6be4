// One process contending for the embedded data directory's lock (tests/integration/lock.test.ts).
import { lockDataDir } from "@/db/lock";

const dir = process.argv[2]!;
const start = Number(process.argv[3]);
// start together, to the millisecond
await new Promise((r) => setTimeout(r, Math.max(0, start - Date.now())));
// a winner holds the lock until the test has heard from every contender (it closes our stdin): on a
// busy machine a contender may start late, and one that tried after the winner let go would win fairly
try {
  const release = lockDataDir(dir);
  console.log("acquired");
  await new Promise((r) => {
    process.stdin.on("end", r).resume();
  });
  release();
} catch (e) {
  console.log((e as Error).name);
}
