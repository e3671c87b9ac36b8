// One configuration (issue 10.2), through the real CLI: flags > CLARO_* environment > claro.yaml
// for each command that reads settings (db update, scan, check, serve), one duration grammar,
// `--db PATH` meaning SQLite, and `--ignore-file` with its alias `--ignorefile`.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { claro, claroArgv } from "../../test/support/claro.js";
import { sharedPath } from "../../test/support/shared.js";

const FEED = sharedPath("fixtures/vulndata/debian/derived-bookworm/data.json");
const IMAGE = `oci-archive:${sharedPath("images/debian-bookworm.oci.tar")}:bookworm-multilayer`;
const IGNORE = fileURLToPath(new URL("./testdata/enrich/claroignore.yaml", import.meta.url));
// No user config may speak: ~/.config/claro would otherwise be read.
const NO_USER_CONFIG = { XDG_CONFIG_HOME: "/nonexistent/claro-test", CLARO_CONFIG: "", CLARO_DB: "", CLARO_FORMAT: "", CLARO_LISTEN: "", CLARO_DB_MAX_AGE: "" };

describe("one configuration: flags > env > file for every command (real CLI)", () => {
  let dir = "";
  const path = (name: string): string => join(dir, name);
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "claro-precedence-"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("db update: --db over CLARO_DB over the file's db; a bare path is a SQLite file", { timeout: 300_000 }, async () => {
    writeFileSync(path("claro.yaml"), `db: ${path("file.sqlite")}\n`);
    const update = (args: string[], env: NodeJS.ProcessEnv): ReturnType<typeof claro> =>
      claro(["db", "update", "--config", path("claro.yaml"), "-q", "--source", `debian=${FEED}`, ...args], { ...NO_USER_CONFIG, ...env });
    const flag = await update(["--db", path("flag.sqlite")], { CLARO_DB: path("env.sqlite") });
    assert.equal(flag.code, 0, flag.stderr);
    assert.deepEqual([existsSync(path("flag.sqlite")), existsSync(path("env.sqlite")), existsSync(path("file.sqlite"))], [true, false, false]);
    const env = await update([], { CLARO_DB: path("env.sqlite") });
    assert.equal(env.code, 0, env.stderr);
    assert.deepEqual([existsSync(path("env.sqlite")), existsSync(path("file.sqlite"))], [true, false]);
    const file = await update([], {});
    assert.equal(file.code, 0, file.stderr);
    assert.ok(existsSync(path("file.sqlite")));
    // db update's --timeout takes the same grammar: `90s` was read as NaN and silently dropped.
    const timed = await update(["--db", path("flag.sqlite"), "--timeout", "90s"], {});
    assert.equal(timed.code, 0, timed.stderr);
    const bad = await update(["--db", path("flag.sqlite"), "--timeout", "soon"], {});
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--timeout: invalid duration 'soon'/);
    const status = await claro(["db", "status", "--db", path("flag.sqlite"), "--format", "json"], NO_USER_CONFIG);
    assert.equal(status.code, 0, status.stderr);
    const s = JSON.parse(status.stdout) as { backend: string; location: string; advisories: number };
    assert.equal(s.backend, "sqlite");
    assert.equal(s.location, path("flag.sqlite"));
    assert.ok(s.advisories > 0);
  });

  it("scan: --db-max-age over CLARO_DB_MAX_AGE over the file's dbMaxAge, and 1s is a duration", { timeout: 300_000 }, async () => {
    // The database was updated by the test above, seconds ago: 1s makes it stale, 30d does not.
    writeFileSync(path("scan.yaml"), `db: ${path("flag.sqlite")}\nformat: json\ndbMaxAge: 1s\n`);
    const stale = /warning: the vulnerability database was last updated/;
    const scan = (args: string[], env: NodeJS.ProcessEnv): ReturnType<typeof claro> =>
      claro(["scan", "--config", path("scan.yaml"), ...args, IMAGE], { ...NO_USER_CONFIG, ...env });
    const flag = await scan(["--db-max-age", "1s"], { CLARO_DB_MAX_AGE: "30d" });
    assert.equal(flag.code, 0, flag.stderr);
    assert.match(flag.stderr, stale);
    // The file's format (json) applies when no flag or variable names one.
    assert.ok((JSON.parse(flag.stdout) as { vulnerabilities: unknown[] }).vulnerabilities.length > 0);
    const env = await scan([], { CLARO_DB_MAX_AGE: "30d" });
    assert.equal(env.code, 0, env.stderr);
    assert.doesNotMatch(env.stderr, stale);
    const file = await scan([], {});
    assert.equal(file.code, 0, file.stderr);
    assert.match(file.stderr, stale);
  });

  it("scan: --ignore-file, and --ignorefile as its alias, suppress the same findings", { timeout: 300_000 }, async () => {
    const run = (flag: string): ReturnType<typeof claro> =>
      claro(["scan", "--db", path("flag.sqlite"), "--format", "json", "-q", flag, IGNORE, IMAGE], NO_USER_CONFIG);
    const [dashed, alias] = [await run("--ignore-file"), await run("--ignorefile")];
    assert.equal(dashed.code, 0, dashed.stderr);
    assert.equal(alias.code, 0, alias.stderr);
    type Doc = { vulnerabilities: { id: string }[]; suppressed?: { vulnerability: { id: string }; by: string }[] };
    const a = JSON.parse(dashed.stdout) as Doc;
    const b = JSON.parse(alias.stdout) as Doc;
    assert.deepEqual(
      a.suppressed?.map((s) => [s.vulnerability.id, s.by]),
      [["CVE-2024-22365", "ignore-file"]],
    );
    assert.deepEqual(b.suppressed, a.suppressed);
    assert.deepEqual(
      b.vulnerabilities.map((v) => v.id),
      a.vulnerabilities.map((v) => v.id),
    );
    const both = await claro(["scan", "--db", path("flag.sqlite"), "--ignore-file", IGNORE, "--ignorefile", path("other.yaml"), IMAGE], NO_USER_CONFIG);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /--ignore-file and --ignorefile name different files/);
  });

  it("check: --format over CLARO_FORMAT over the file's format", { timeout: 300_000 }, async () => {
    writeFileSync(path("Dockerfile"), "FROM debian:bookworm\nRUN apt-get update\n");
    writeFileSync(path("check.yaml"), "format: sarif\nserve:\n  listen: 127.0.0.1:7070\n");
    const check = (args: string[], env: NodeJS.ProcessEnv): ReturnType<typeof claro> =>
      claro(["check", "--config", path("check.yaml"), ...args, "dockerfile", path("Dockerfile")], { ...NO_USER_CONFIG, ...env });
    const flag = await check(["--format", "json"], { CLARO_FORMAT: "junit" });
    assert.ok(flag.code === 0 || flag.code === 1, flag.stderr);
    assert.ok(Array.isArray((JSON.parse(flag.stdout) as { results: unknown[] }).results));
    const env = await check([], { CLARO_FORMAT: "junit" });
    assert.match(env.stdout, /^<\?xml[^>]*>\s*<testsuites/);
    const file = await check([], {});
    assert.equal((JSON.parse(file.stdout) as { version: string }).version, "2.1.0");
  });
});

/** Starts `claro serve` in `cwd` and returns the port of LISTEN it answered /readyz on, or null. */
async function serveOn(cwd: string, args: string[], env: NodeJS.ProcessEnv, ports: readonly number[]): Promise<{ port: number | null; stderr: string }> {
  // Another working directory: tsx is resolved from here, not from `cwd`.
  const argv = claroArgv().map((a) => (a === "tsx" ? import.meta.resolve("tsx") : a));
  const child = spawn(process.execPath, [...argv, "serve", ...args], {
    cwd,
    env: { ...process.env, ...NO_USER_CONFIG, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  child.stdout.resume();
  const exited = new Promise<void>((resolve) => child.on("close", () => resolve()));
  try {
    // Polls until one of the ports answers; there is no deadline but the test's own timeout.
    for (;;) {
      if (child.exitCode !== null) return { port: null, stderr };
      for (const port of ports) {
        if (
          await fetch(`http://127.0.0.1:${port}/readyz`).then(
            (r) => r.status === 200,
            () => false,
          )
        )
          return { port, stderr };
      }
      await sleep(250);
    }
  } finally {
    child.kill("SIGTERM");
    await exited;
  }
}

describe("claro serve reads the same claro.yaml: its serve: section, found in the working directory", () => {
  let dir = "";
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "claro-serve-precedence-"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  const base = 20000 + ((process.pid * 7) % 20000);
  const [fromFile, fromEnv, fromFlag] = [base, base + 1, base + 2];

  it("--listen over CLARO_LISTEN over serve.listen of ./claro.yaml; its updatePeriod is a duration like 7d", { timeout: 300_000 }, async () => {
    // A bare top-level db path is SQLite for serve too; serve.updatePeriod takes the one grammar (7d was refused).
    writeFileSync(
      join(dir, "claro.yaml"),
      `db: ${join(dir, "serve.sqlite")}\nserve:\n  listen: 127.0.0.1:${fromFile}\n  healthListen: 127.0.0.1:0\n  updatePeriod: 7d\n  sources: [debian=${FEED}]\n`,
    );
    const ports = [fromFile, fromEnv, fromFlag];
    const flag = await serveOn(dir, ["--listen", `127.0.0.1:${fromFlag}`], { CLARO_LISTEN: `127.0.0.1:${fromEnv}` }, ports);
    assert.equal(flag.port, fromFlag, flag.stderr);
    const env = await serveOn(dir, [], { CLARO_LISTEN: `127.0.0.1:${fromEnv}` }, ports);
    assert.equal(env.port, fromEnv, env.stderr);
    // No --config and no CLARO_CONFIG: ./claro.yaml is found as every other command finds it.
    const file = await serveOn(dir, [], {}, ports);
    assert.equal(file.port, fromFile, file.stderr);
    assert.ok(existsSync(join(dir, "serve.sqlite")));
  });
});
