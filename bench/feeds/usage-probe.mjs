// Preloaded (`node --import`) into every bench:update process: writes the process's peak RSS
// (getrusage maxRSS, KB) and CPU time (user + system, ms) where BENCH_USAGE_OUT says, at exit.
// CPU time is printed next to wall time because the shared machine's load moves wall time a lot.
import { writeFileSync } from "node:fs";

const out = process.env.BENCH_USAGE_OUT;
if (out) {
  process.on("exit", () => {
    const u = process.resourceUsage();
    writeFileSync(out, JSON.stringify({ maxRssKB: u.maxRSS, cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000 }));
  });
}
