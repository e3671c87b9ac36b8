import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { claro } from "../../../test/support/claro.js";
import { memoryTree } from "../../../test/support/memory-tree.js";
import { advisoryLines, langPackage, loadOsvMirror, matcherHits } from "../../../test/support/osv-ecosystem.js";
import { sharedPath } from "../../../test/support/shared.js";
import { PUB_NAMESPACE, PUB_OSV_URL, pub, pubMatcher, pubUpdaters, pubspecLockScanner } from "./index.js";

const FIX = sharedPath("fixtures/pkgdb/pub/dart-lang-pub");

interface Expected {
  readonly name: string;
  readonly version: string;
  readonly dev: boolean;
}

test("dart-lang-pub/pubspec.lock: the 58 hosted packages of expected.json, `direct dev` ones flagged dev", () => {
  const expected = JSON.parse(readFileSync(join(FIX, "expected.json"), "utf8")) as Expected[];
  const got = pubspecLockScanner.scan(memoryTree({ "app/pubspec.lock": readFileSync(join(FIX, "pubspec.lock"), "utf8") }), { distribution: null });
  assert.deepEqual(got.problems, []);
  const rows = (ps: readonly { name: string; version: string; dev?: boolean }[]): string[] =>
    ps.map((p) => `${p.name}@${p.version}${p.dev === true ? " dev" : ""}`).sort();
  assert.deepEqual(rows(got.found), rows(expected));
  assert.equal(got.found.length, 58);
  assert.ok(got.found.every((p) => p.type === "pub" && p.purl === `pkg:pub/${p.name}@${p.version}` && p.foundIn === "app/pubspec.lock"));
});

test("sdk packages are left out, git and path ones kept; a lockfile that is not YAML is a problem", () => {
  const lock = [
    "packages:",
    "  flutter:",
    '    dependency: "direct main"',
    "    description: flutter",
    "    source: sdk",
    '    version: "0.0.0"',
    "  my_fork:",
    '    dependency: "direct main"',
    "    description:",
    '      path: "."',
    "      ref: main",
    "      resolved-ref: 0123abcd",
    '      url: "https://github.com/me/my_fork.git"',
    "    source: git",
    '    version: "1.2.0"',
    "sdks:",
    '  dart: ">=3.0.0 <4.0.0"',
    "",
  ].join("\n");
  const got = pubspecLockScanner.scan(memoryTree({ "pubspec.lock": lock, "bad/pubspec.lock": "packages: [\n" }), { distribution: null });
  assert.deepEqual(
    got.found.map((p) => `${p.name}@${p.version}`),
    ["my_fork@1.2.0"],
  );
  assert.deepEqual(
    got.problems.map((p) => ("path" in p ? p.path : "")),
    ["bad/pubspec.lock"],
  );
});

test("hand-written Pub OSV records load as osv:Pub advisories and match with SemVer ordering", async () => {
  const advisories = await loadOsvMirror(pubUpdaters, join(import.meta.dirname, "testdata", "osv"));
  assert.deepEqual(advisoryLines(advisories), [
    "GHSA-4rgh-jx4f-qfcq osv:Pub http -..0.13.3 semver medium",
    "GHSA-9324-jv53-9cc8 osv:Pub dio -..5.0.0 semver high",
  ]);
  const hits = matcherHits(pubMatcher, PUB_NAMESPACE, advisories, (n, v) => langPackage("pub", n, v, "pubspec.lock"));
  assert.deepEqual(hits("http", "0.13.2"), ["GHSA-4rgh-jx4f-qfcq"]);
  assert.deepEqual(hits("http", "0.13.3-dev"), ["GHSA-4rgh-jx4f-qfcq"]);
  assert.deepEqual(hits("http", "0.13.3"), []);
  // What the shared lockfile resolves.
  assert.deepEqual(hits("http", "1.6.0"), []);
  assert.deepEqual(hits("dio", "4.0.6"), ["GHSA-9324-jv53-9cc8"]);
  assert.deepEqual(hits("dio", "5.0.0"), []);
});

test("upstream is OSV.dev's Pub all.zip; the ecosystem wires its scanner", async () => {
  const seen: string[] = [];
  const client = { get: async (l: string) => (seen.push(l), { status: "unchanged" as const }), listDir: async () => [] };
  const [u] = await pubUpdaters({ kind: "upstream" }, client);
  await u?.fetch(null, client);
  assert.deepEqual(seen, [PUB_OSV_URL]);
  assert.equal(PUB_OSV_URL, "https://osv-vulnerabilities.storage.googleapis.com/Pub/all.zip");
  assert.deepEqual(
    pub.packageScanners.map((s) => s.id),
    ["pubspec-lock"],
  );
});

test("CLI: db update --only pub --source pub=<OSV mirror>, then scan an app directory holding a pubspec.lock", async () => {
  const tmp = mkdtempSync(join(tmpdir(), "claro-pub-"));
  try {
    const db = `sqlite:${join(tmp, "claro.sqlite")}`;
    const update = await claro(["db", "update", "--db", db, "--only", "pub", "--source", `pub=${join(import.meta.dirname, "testdata", "osv")}`]);
    assert.equal(update.code, 0, update.stderr);
    mkdirSync(join(tmp, "root", "app"), { recursive: true });
    const lock = [
      "packages:",
      "  http:",
      '    dependency: "direct main"',
      "    description:",
      "      name: http",
      '      url: "https://pub.dev"',
      "    source: hosted",
      '    version: "0.13.2"',
      "",
    ].join("\n");
    writeFileSync(join(tmp, "root", "app", "pubspec.lock"), lock);
    const scan = await claro(["scan", "--format", "json", "--db", db, `dir:${join(tmp, "root")}`]);
    assert.equal(scan.code, 0, scan.stderr);
    const report = JSON.parse(scan.stdout) as { vulnerabilities: { id: string; package: { name: string; type: string }; fixedVersion: string | null }[] };
    assert.deepEqual(
      report.vulnerabilities.map((v) => [v.id, v.package.type, v.package.name, v.fixedVersion]),
      [["GHSA-4rgh-jx4f-qfcq", "pub", "http", "0.13.3"]],
    );
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
