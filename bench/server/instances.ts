// Real `claro serve` child processes for the server bench.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, openSync, closeSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

export interface Instance {
  readonly base: string;
  readonly child: ChildProcess;
  readonly log: string;
}

const root = join(import.meta.dirname, "..", "..");

/**
 * How to start the CLI: through tsx from src/ (always the current code; tsx only costs start-up
 * time), or the compiled dist/ when BENCH_SERVER_DIST=1 and it exists.
 */
export function cliCommand(): { argv: string[]; label: string } {
  const dist = join(root, "dist", "cli", "entry.js");
  if (process.env["BENCH_SERVER_DIST"] === "1" && existsSync(dist)) return { argv: [dist], label: "dist/cli/entry.js" };
  return { argv: ["--import", "tsx", join(root, "src", "cli", "entry.ts")], label: "node --import tsx src/cli/entry.ts" };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const addr = s.address();
      s.close(() => (typeof addr === "object" && addr !== null ? resolve(addr.port) : reject(new Error("no port"))));
    });
  });
}

/** Starts `claro serve` on a free port with its logs in `logFile`, and waits for /readyz. */
export async function startInstance(db: string, logFile: string, logLevel: string): Promise<Instance> {
  const [port, health] = [await freePort(), await freePort()];
  const fd = openSync(logFile, "a");
  // BENCH_SERVER_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the servers.
  const nodeArgs = (process.env["BENCH_SERVER_NODE_ARGS"] ?? "").split(" ").filter(Boolean);
  const child = spawn(
    process.execPath,
    [...nodeArgs, ...cliCommand().argv, "serve", "--db", db, "--listen", `127.0.0.1:${port}`, "--health-listen", `127.0.0.1:${health}`, "--update-period", "0"],
    {
      cwd: root,
      env: { ...process.env, NO_COLOR: "1", CLARO_LOG_LEVEL: logLevel },
      stdio: ["ignore", fd, fd],
    },
  );
  closeSync(fd);
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`claro serve exited with ${child.exitCode}; see ${logFile}`);
    try {
      const r = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(1000) });
      await r.arrayBuffer();
      if (r.ok) return { base, child, log: logFile };
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  child.kill("SIGKILL");
  throw new Error(`claro serve not ready within 60 s; see ${logFile}`);
}

/** SIGTERM (graceful shutdown), SIGKILL after 10 s. */
export async function stopInstance(i: Instance): Promise<void> {
  if (i.child.exitCode !== null || i.child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => i.child.once("exit", () => resolve()));
  i.child.kill("SIGTERM");
  const timer = setTimeout(() => i.child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}
