// `npm run test:unit` / `test:integration` / `test`: which test files run, decided by what they
// use. Integration tests need PostgreSQL or the test registry, or start the whole CLI or server
// as users do (everything under test/); the rest are unit tests, runnable on a bare checkout.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

export type TestKind = "unit" | "integration";

// Services, or a whole process started as users start it: the real CLI (support/claro.js), a
// server, a child node with a heap limit, or an external oracle run over a whole corpus.
const NEEDS_SERVICES =
  /support\/(postgres|registry|claro)\.js|\bpgTestUrl\b|\bensureRegistry\b|\bclaroArgv\b|\b(spawn|spawnSync|execFile|execFileSync|fork)\(\s*process\.execPath|--max-old-space-size|compare-versions/;

function testFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...testFiles(p));
    else if (e.name.endsWith(".test.ts")) out.push(p);
  }
  return out;
}

export function kindOf(root: string, file: string): TestKind {
  if (relative(root, file).startsWith(`test${"/"}`)) return "integration";
  return NEEDS_SERVICES.test(readFileSync(file, "utf8")) ? "integration" : "unit";
}

const root = join(import.meta.dirname, "..");
const want = process.argv[2] ?? "all";
if (!["unit", "integration", "all"].includes(want)) throw new Error(`usage: run-tests.ts unit|integration|all (got ${want})`);
const files = [...testFiles(join(root, "src")), ...testFiles(join(root, "test"))]
  .filter((f) => want === "all" || kindOf(root, f) === want)
  .map((f) => relative(root, f))
  .sort();
if (process.argv.includes("--list")) {
  console.log(files.join("\n"));
} else {
  const r = spawnSync(process.execPath, ["--import", "tsx", "--test", "--test-concurrency=2", ...files], { cwd: root, stdio: "inherit" });
  process.exitCode = r.status ?? 1;
}
