// Preloaded (`node --import`) into every whole-process sample: writes the process's own peak
// RSS (getrusage maxRSS, KB) where BENCH_RSS_OUT says, at exit, so the parent reads an exact figure.
import { writeFileSync } from "node:fs";

const out = process.env.BENCH_RSS_OUT;
if (out) process.on("exit", () => writeFileSync(out, String(process.resourceUsage().maxRSS)));
