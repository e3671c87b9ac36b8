import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { claroArgv } from "../support/claro.js";
import { repoRoot } from "../support/shared.js";

export interface LimitedRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Peak resident set of the process, in MB (getrusage of the child itself). */
  readonly peakRssMb: number;
  /** True when the run was killed for going over its time or memory limit. */
  readonly killed: "time" | "memory" | null;
}

export interface Limits {
  /** Wall-clock limit; past it the process is killed (the hostile case then fails). */
  readonly timeoutMs: number;
  /** Resident-set limit, sampled from /proc; past it the process is killed. */
  readonly maxRssMb: number;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
}

// The child reports its own peak RSS at exit (process.resourceUsage is the child's getrusage),
// so the figure is exact even when the sampling below misses a short spike.
const probeDir = mkdtempSync(join(tmpdir(), "claro-hostile-probe-"));
const probe = join(probeDir, "rss-probe.mjs");
writeFileSync(
  probe,
  `import { writeFileSync } from "node:fs";\nconst out = process.env.CLARO_RSS_OUT;\nif (out) process.on("exit", () => { try { writeFileSync(out, String(process.resourceUsage().maxRSS)); } catch {} });\n`,
);
process.on("exit", () => rmSync(probeDir, { recursive: true, force: true }));

function rssMbOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * Runs the real CLI on a hostile input under a time and memory limit. The limits are the
 * property under test ("bounded"), not a speed goal: they are far above what a correct run
 * needs, so a loaded machine does not fail them.
 */
export function claroLimited(args: readonly string[], limits: Limits): Promise<LimitedRun> {
  const rssOut = join(probeDir, `rss-${process.pid}-${Math.random().toString(36).slice(2)}`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", pathToFileURL(probe).href, ...claroArgv(), ...args], {
      cwd: limits.cwd ?? repoRoot,
      env: { ...process.env, NO_COLOR: "1", CLARO_RSS_OUT: rssOut, ...limits.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    let killed: LimitedRun["killed"] = null;
    let sampledPeak = 0;
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      killed = "time";
      child.kill("SIGKILL");
    }, limits.timeoutMs);
    const sampler = setInterval(() => {
      if (child.pid === undefined) return;
      const rss = rssMbOf(child.pid);
      sampledPeak = Math.max(sampledPeak, rss);
      if (rss > limits.maxRssMb) {
        killed = "memory";
        child.kill("SIGKILL");
      }
    }, 50);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      clearInterval(sampler);
      let reported = 0;
      try {
        reported = Number(readFileSync(rssOut, "utf8")) / 1024;
        rmSync(rssOut, { force: true });
      } catch {
        // killed before exit: only the sampled figure exists
      }
      resolve({ code, signal, stdout, stderr, peakRssMb: Math.max(reported, sampledPeak), killed });
    });
  });
}

/** A fresh temporary directory removed when the test process exits. */
export function hostileDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `claro-hostile-${prefix}-`));
  process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
