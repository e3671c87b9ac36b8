// The bench measures compiled code, as `npx claro` runs it (tsx would add its own time and memory
// to both sides): tsc into dist-bench/, plus the stores' SQL migrations, which tsc leaves behind
// and the stores look up next to their compiled modules, and the CLI's bundle (dist-bench/bundle/).
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

/** Compiles the bench build and returns its directory (dist-bench/). */
export function compileBench(root: string): string {
  const compiled = join(root, "dist-bench");
  try {
    execFileSync(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", join(root, "tsconfig.bench.json")], {
      stdio: ["ignore", "pipe", "pipe"],
    });
  } catch (e) {
    // tsc still emits on type errors; in a shared tree those are usually someone else's edit in progress.
    const out = e instanceof Error && "stdout" in e ? String(e.stdout).split("\n").slice(0, 5).join("\n") : String(e);
    if (!existsSync(join(compiled, "src", "cli", "entry.js"))) throw e;
    console.log(`note: tsc reported errors (emitted anyway):\n${out}\n`);
  }
  execFileSync(process.execPath, [join(root, "scripts", "copy-sql.mjs"), join("dist-bench", "src")], { stdio: ["ignore", "pipe", "pipe"] });
  // The whole-process rows run the bundle, as bin/claro.js does (scripts/bundle-cli.mjs).
  execFileSync(process.execPath, [join(root, "scripts", "bundle-cli.mjs"), join("dist-bench", "src", "cli"), join("dist-bench", "bundle")], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  return compiled;
}
