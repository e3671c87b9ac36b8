// Child process for the crash test: starts replacing an updater's advisories and, once
// `signalAfter` rows are inside the open transaction, tells the parent on stdout and blocks
// synchronously so the parent can SIGKILL it mid-write. Usage: crash-child.ts SPEC UPDATER TOTAL SIGNAL_AFTER
import { writeSync } from "node:fs";
import { openStore } from "../open-store.js";
import { makeAdvisory, makeRun } from "./advisories.js";

const [spec, updater, totalArg, afterArg] = process.argv.slice(2);
if (spec === undefined || updater === undefined || totalArg === undefined || afterArg === undefined) {
  throw new Error("usage: crash-child.ts SPEC UPDATER TOTAL SIGNAL_AFTER");
}
const total = Number(totalArg);
const signalAfter = Number(afterArg);

function* rows() {
  for (let i = 0; i < total; i++) {
    if (i === signalAfter) {
      writeSync(1, `inserted ${i}\n`);
      // Blocks the whole process (no event loop, no commit) until the parent kills it.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 120_000);
      writeSync(1, "not killed\n");
    }
    yield makeAdvisory(i, { updater, fixedVersion: `9.${i}-1`, description: "from the killed run" });
  }
}

const store = await openStore(spec, {});
await store.replaceAdvisories(makeRun(updater, "fp-killed", "changed", new Date().toISOString()), rows());
await store.close();
writeSync(1, "committed\n");
