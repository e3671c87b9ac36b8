// The import-boundary rule of scripts/lint.ts, run as `npm run lint` runs it (a real process),
// on small trees of its own: cli/ and server/ reach ecosystems, matchers and stores only
// through app/ (issue 10), and the project's own src/ keeps to that.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { repoRoot } from "./support/shared.js";

function lint(src?: string): { code: number | null; stderr: string; stdout: string } {
  const r = spawnSync(process.execPath, ["--import", "tsx", join(repoRoot, "scripts", "lint.ts"), ...(src ? [src] : [])], { cwd: repoRoot, encoding: "utf8" });
  return { code: r.status, stderr: r.stderr, stdout: r.stdout };
}

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "claro-lint-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const ENGINES = {
  "store/open-store.ts": "export const openStore = (): number => 1;\n",
  "matcher/match.ts": "export const matchReport = (): number => 2;\n",
  "ecosystems/index.ts": "export const ecosystems = {};\n",
  "app/scan.ts":
    'import { openStore } from "../store/open-store.js";\nimport { matchReport } from "../matcher/match.js";\nimport { ecosystems } from "../ecosystems/index.js";\nexport const scan = (): number => openStore() + matchReport() + Object.keys(ecosystems).length;\n',
};

test("cli/ and server/ importing a store, a matcher or an ecosystem directly fail the lint", () => {
  const src = tree({
    ...ENGINES,
    "cli/scan-command.ts": 'import { openStore } from "../store/open-store.js";\nexport const run = (): number => openStore();\n',
    "server/routes.ts": 'import { matchReport } from "../matcher/match.js";\nexport const route = (): number => matchReport();\n',
    "server/notifier.ts": 'import type { ecosystems } from "../ecosystems/index.js";\nexport type E = typeof ecosystems;\n',
    // Loaded lazily (as main.ts loads each command) is still an import.
    "cli/help.ts": 'export const names = async (): Promise<string[]> => Object.keys((await import("../ecosystems/index.js")).ecosystems);\n',
  });
  try {
    const r = lint(src);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /cli\/scan-command\.ts: 'cli' may not import 'store' \(\.\.\/store\/open-store\.js\); go through src\/app\//);
    assert.match(r.stderr, /server\/routes\.ts: 'server' may not import 'matcher' \(\.\.\/matcher\/match\.js\); go through src\/app\//);
    // A type-only import is still a dependency on the engine's module layout.
    assert.match(r.stderr, /server\/notifier\.ts: 'server' may not import 'ecosystems'/);
    assert.match(r.stderr, /cli\/help\.ts: 'cli' may not import 'ecosystems' \(\.\.\/ecosystems\/index\.js\); go through src\/app\//);
    assert.match(r.stderr, /lint: 4 problem\(s\)/);
  } finally {
    rmSync(src, { recursive: true, force: true });
  }
});

test("the same imports through app/ pass, and app/ may not import the front ends", () => {
  const ok = tree({
    ...ENGINES,
    "cli/scan-command.ts": 'import { scan } from "../app/scan.js";\nexport const run = (): number => scan();\n',
    "server/routes.ts":
      'import { scan } from "../app/scan.js";\nexport const route = async (): Promise<number> => (await import("../app/scan.js")).scan() + scan();\n',
    // Tests may wire real components together; the rule is for production code.
    "cli/scan-command.test.ts": 'import { openStore } from "../store/open-store.js";\nopenStore();\n',
  });
  const backwards = tree({
    ...ENGINES,
    "cli/main.ts": "export const x = 1;\n",
    "app/uses-cli.ts": 'import { x } from "../cli/main.js";\nexport const y = x;\n',
  });
  try {
    const r = lint(ok);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /lint: ok/);
    const b = lint(backwards);
    assert.equal(b.code, 1);
    assert.match(b.stderr, /app\/uses-cli\.ts: 'app' may not import 'cli'/);
  } finally {
    rmSync(ok, { recursive: true, force: true });
    rmSync(backwards, { recursive: true, force: true });
  }
});

test("the project's own src/ keeps the boundaries", () => {
  const r = lint();
  assert.equal(r.code, 0, r.stderr);
});

test("a server dialect importing another dialect, or a sub-folder with no rule, fails the lint", () => {
  const src = tree({
    "server/harbor/routes.ts": 'import { shape } from "../clair-v4/shape.js";\nexport const r = (): number => shape();\n',
    "server/clair-v4/shape.ts": "export const shape = (): number => 1;\n",
    // Shared files at server/'s top and the job pool are open to every dialect.
    "server/clair-v2/routes.ts": 'import { pool } from "../jobs/pool.js";\nimport { dep } from "../deps.js";\nexport const r = (): number => pool() + dep();\n',
    "server/jobs/pool.ts": "export const pool = (): number => 1;\n",
    "server/deps.ts": "export const dep = (): number => 1;\n",
    "server/grpc/routes.ts": "export const r = 1;\n",
  });
  try {
    const r = lint(src);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /server\/harbor\/routes\.ts: 'server\/harbor' may not import 'server\/clair-v4'/);
    assert.match(r.stderr, /server\/grpc\/routes\.ts: sub-folder 'server\/grpc' has no rule in SUBFOLDERS/);
    assert.match(r.stderr, /lint: 2 problem\(s\)/);
  } finally {
    rmSync(src, { recursive: true, force: true });
  }
});

test("every sub-folder of server/ and store/ has a rule, and build-server.ts wires every server folder", async () => {
  const { SUBFOLDERS } = await import("../scripts/lint.js");
  for (const top of ["server", "store"] as const) {
    const dir = join(repoRoot, "src", top);
    const onDisk = readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory() && e.name !== "testdata")
      .map((e) => e.name)
      .sort();
    assert.deepEqual(onDisk, Object.keys(SUBFOLDERS[top]).sort(), `src/${top}/'s folders and SUBFOLDERS.${top}`);
  }
  const wiring = readFileSync(join(repoRoot, "src", "server", "build-server.ts"), "utf8");
  for (const folder of Object.keys(SUBFOLDERS.server)) assert.match(wiring, new RegExp(`from "\\./${folder}/`), `build-server.ts wires server/${folder}/`);
});
