// Loaded into the CLI (node --import) by crash-safety.test.ts: the first file the CLI opens schedules an
// error outside any promise chain, as a database driver's timer may throw one, to check the exit code
// the CLI gives it (WX_STRAY=exception: thrown from a timer; rejection: a promise nobody handles).
import fs from "node:fs";

const original = fs.createReadStream;
let thrown = false;
fs.createReadStream = (...args: Parameters<typeof original>) => {
  if (!thrown) {
    thrown = true;
    if (process.env.WX_STRAY === "rejection") void Promise.reject(new Error("stray rejection"));
    else
      setImmediate(() => {
        throw new Error("stray exception");
      });
  }
  return original(...args);
};
