import { spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "./shared.js";

let argv: readonly string[] | undefined;

/** Newest modification time of a source file under `dir` (tests excluded: they are not built). */
function newestSource(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (e.name.endsWith(".ts") && !e.name.endsWith(".test.ts")) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * How tests start the real CLI: as users do, `bin/claro.js` on the bundle in `dist/bundle/`, when
 * that is newer than every source file (`npm ci` builds it, and it starts in about half the time),
 * else the sources through tsx, so a test never runs stale code.
 */
export function claroArgv(): readonly string[] {
  if (argv === undefined) {
    const built = join(repoRoot, "dist", "bundle", "main.mjs");
    const fresh = existsSync(built) && statSync(built).mtimeMs > newestSource(join(repoRoot, "src"));
    argv = fresh ? [join(repoRoot, "bin", "claro.js")] : ["--import", "tsx", join(repoRoot, "src", "cli", "entry.ts")];
  }
  return argv;
}

export interface ClaroRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real CLI in a child process (through tsx, so tests need no build). */
export function claro(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<ClaroRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...claroArgv(), ...args], {
      cwd: repoRoot,
      env: { ...process.env, NO_COLOR: "1", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}
