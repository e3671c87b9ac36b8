import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, describe, it } from "node:test";
import { claro } from "../../test/support/claro.js";
import { sharedPath } from "../../test/support/shared.js";
import { enrichers } from "../app/enrichers.js";
import { isFatalError } from "../core/problem.js";
import { ecosystems } from "../ecosystems/index.js";
import { loadServeSettings } from "./serve-command.js";

// Issue 11: help texts that list what the code reads, -v, and several reports from one run.
const here = (name: string): string => new URL(name, import.meta.url).pathname;
const ALPINE = sharedPath("images", "alpine-3.9.6.docker.tar");

describe("help texts (real CLI)", () => {
  it("db update --help lists every updater of the registry and the enrichers", async () => {
    const r = await claro(["db", "update", "--help"]);
    assert.equal(r.code, 0, r.stderr);
    const section = r.stdout.slice(r.stdout.indexOf("Updaters (names for --only and --source NAME=…):"));
    assert.ok(section.length > 0, r.stdout);
    for (const name of [...Object.keys(ecosystems), ...Object.keys(enrichers)]) assert.match(section, new RegExp(`\\b${name}\\b`), name);
    assert.match(section, /--source golang=DIR\|URL/);
  });

  it("klar --help lists every variable klar-command.ts and klar-env.ts read", async () => {
    const sources = readFileSync(here("./klar-command.ts"), "utf8") + readFileSync(here("../report/klar-env.ts"), "utf8");
    const read = new Set([...sources.matchAll(/env\["([A-Z_]+)"\]|\(env, "([A-Z_]+)"\)/g)].map((m) => m[1] ?? m[2] ?? ""));
    for (const name of [
      "CLAIR_ADDR",
      "CLAIR_OUTPUT",
      "CLAIR_THRESHOLD",
      "CLAIR_TIMEOUT",
      "DOCKER_USER",
      "DOCKER_PASSWORD",
      "DOCKER_TOKEN",
      "DOCKER_INSECURE",
      "REGISTRY_INSECURE",
      "JSON_OUTPUT",
      "FORMAT_OUTPUT",
      "WHITELIST_FILE",
    ]) {
      assert.ok(read.has(name), `${name} is no longer read; update this test`);
    }
    const r = await claro(["klar", "--help"]);
    assert.equal(r.code, 0, r.stderr);
    for (const name of read) assert.match(r.stdout, new RegExp(`^  ${name} +\\S`, "m"), name);
  });

  it("serve --help shows --config, -v, the log level, the allowed hosts and every setting serve-command.ts accepts", async () => {
    // The settings' own error names every valid key, so the list comes from serve-command.ts.
    let keys: string[] = [];
    try {
      loadServeSettings({}, undefined, { CLARO_LISTEN: "no port" });
    } catch (e) {
      assert.ok(isFatalError(e));
      keys = (e.hint ?? "").replace(/^valid keys: /, "").split(", ");
    }
    assert.ok(keys.includes("logLevel") && keys.includes("allowHosts"), keys.join(","));
    const r = await claro(["serve", "--help"]);
    assert.equal(r.code, 0, r.stderr);
    for (const flag of [
      "--config <file>",
      "-v, --verbose",
      "--log-level <level>",
      "--allow-hosts <hosts>",
      "--listen <host:port>",
      "--health-listen <host:port>",
    ])
      assert.ok(r.stdout.includes(flag), flag);
    for (const key of keys) assert.match(r.stdout, new RegExp(`^  ${key}(\\.\\w+)? \\(CLARO_`, "m"), key);
    assert.match(r.stdout, /default 127\.0\.0\.1:6061/);
  });

  it("main.ts loads no help text, debug or output module before a command runs (claro --version stays cheap)", async () => {
    // Every module main.ts loads before argv is parsed: its static imports, and theirs.
    const eager = new Set<string>();
    const visit = (file: string): void => {
      const text = readFileSync(here(file.replace(/\.js$/, ".ts")), "utf8");
      for (const [, spec] of text.matchAll(/^import (?!type )[^;]*? from "([^"]+)";/gms)) {
        const key = spec!.startsWith(".") ? `./${join(dirname(file), spec!)}`.replace(/^\.\/\.\.\//, "../") : spec!;
        if (eager.has(key)) continue;
        eager.add(key);
        if (spec!.startsWith(".")) visit(key);
      }
    };
    visit("./main.ts");
    assert.deepEqual([...eager].sort(), [
      "../core/problem.js",
      "../report/format-names.js",
      "./check-help.js",
      "./db-program.js",
      "./errors.js",
      "./program-helpers.js",
      "./service-program.js",
      "commander",
    ]);
    const r = await claro(["--version"]);
    assert.equal(r.code, 0);
    assert.equal(r.stdout.trim(), "0.1.0");
  });
});

describe("-v and several outputs in one run (real CLI, alpine-3.9.6)", () => {
  let dir: string;
  let db: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "claro-outputs-"));
    db = `sqlite:${join(dir, "db.sqlite")}`;
    const r = await claro(["db", "update", "-q", "--db", db, "--source", `alpine=${sharedPath("fixtures", "vulndata", "alpine", "secdb-yaml")}`]);
    assert.equal(r.code, 0, r.stderr);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("-v, before or after the command, prints debug lines on stderr; without it there are none", async () => {
    for (const args of [
      ["-v", "sbom", ALPINE],
      ["sbom", "--verbose", ALPINE],
    ]) {
      const r = await claro(args);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /^claro: debug: .*: linux\/amd64, 1 layers, 14 packages, 0 problems$/m);
      assert.equal((JSON.parse(r.stdout) as { packages: unknown[] }).packages.length, 14);
    }
    const quiet = await claro(["sbom", ALPINE]);
    assert.doesNotMatch(quiet.stderr, /debug/);
  });

  it("scan: the table on stdout, and JSON and SARIF files from the same run; the JSON equals a JSON-only scan", async () => {
    const json = join(dir, "report.json");
    const sarif = join(dir, "report.sarif");
    const r = await claro(["scan", "--db", db, "--format", "table", "--format", `json=${json}`, "--output", `sarif=${sarif}`, ALPINE]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /alpine 3\.9\.6, 14 packages/);
    const doc = JSON.parse(readFileSync(json, "utf8")) as { kind: string; createdAt: string; packages: unknown[] };
    assert.equal(doc.kind, "vulnerability-report");
    assert.equal(doc.packages.length, 14);
    const alone = await claro(["scan", "--db", db, "--format", "json", ALPINE]);
    const single = JSON.parse(alone.stdout) as { createdAt: string };
    assert.deepEqual({ ...doc, createdAt: "" }, { ...single, createdAt: "" });
    const log = JSON.parse(readFileSync(sarif, "utf8")) as { version: string; runs: unknown[] };
    assert.equal(log.version, "2.1.0");
    assert.equal(log.runs.length, 1);
  });

  it("sbom: a plain -o FILE still works next to FORMAT=FILE; FORMAT=FILE alone leaves stdout empty", async () => {
    const plain = join(dir, "inventory.json");
    const cdx = join(dir, "bom.cdx.json");
    const r = await claro(["sbom", "-o", plain, "--format", `cyclonedx-json=${cdx}`, ALPINE]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, "");
    assert.equal((JSON.parse(readFileSync(plain, "utf8")) as { packages: unknown[] }).packages.length, 14);
    const bom = JSON.parse(readFileSync(cdx, "utf8")) as { bomFormat: string; components: { purl?: string }[] };
    assert.equal(bom.bomFormat, "CycloneDX");
    assert.equal(bom.components.filter((c) => c.purl?.startsWith("pkg:apk/")).length, 14);
    const spdx = join(dir, "bom.spdx.json");
    const only = await claro(["sbom", "--output", `spdx-json=${spdx}`, ALPINE]);
    assert.equal(only.code, 0, only.stderr);
    assert.equal(only.stdout, "");
    assert.equal((JSON.parse(readFileSync(spdx, "utf8")) as { spdxVersion: string }).spdxVersion, "SPDX-2.3");
  });

  it("check: JSON on stdout, SARIF and JUnit files from the same run, each with the JSON's results", async () => {
    const sarif = join(dir, "check.sarif");
    const junit = join(dir, "check.xml");
    const r = await claro(["check", "-q", "--format", "json", "--output", `sarif=${sarif}`, "--format", `junit=${junit}`, `docker-archive:${ALPINE}`]);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as { summary: { total: number; fail: number }; results: { ruleId: string; status: string }[] };
    assert.ok(doc.summary.total > 0 && doc.summary.fail > 0);
    const log = JSON.parse(readFileSync(sarif, "utf8")) as { runs: { results: { ruleId: string }[] }[] };
    assert.deepEqual(
      log.runs[0]!.results.map((x) => x.ruleId).sort(),
      doc.results
        .filter((x) => x.status === "fail")
        .map((x) => x.ruleId)
        .sort(),
    );
    assert.equal(readFileSync(junit, "utf8").match(/<testcase /g)?.length, doc.summary.total);
  });

  it("two bare formats, or one file twice, is a one-line error (exit 2) before the image is read", async () => {
    const twice = await claro(["scan", "--db", db, "--format", "json", "--format", "table", ALPINE]);
    assert.equal(twice.code, 2);
    assert.match(twice.stderr, /^claro: error \[CONFIG_INVALID\]: --format given 2 times without a file \(json, table\)$/m);
    const clash = await claro(["sbom", "-o", join(dir, "x.json"), "--output", `spdx-json=${join(dir, "x.json")}`, ALPINE]);
    assert.equal(clash.code, 2);
    assert.match(clash.stderr, /two reports would be written to/);
  });
});
