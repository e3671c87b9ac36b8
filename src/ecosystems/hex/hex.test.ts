import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { memoryTree } from "../../../test/support/memory-tree.js";
import { advisoryLines, langPackage, loadOsvMirror, matcherHits } from "../../../test/support/osv-ecosystem.js";
import { sharedPath } from "../../../test/support/shared.js";
import { HEX_NAMESPACE, HEX_OSV_URL, hex, hexMatcher, hexUpdaters, mixLockScanner, parseMixLock } from "./index.js";

const FIX = sharedPath("fixtures/pkgdb/hex/hex");

test("hex/mix.lock: the 12 :hex entries of expected.json", () => {
  const expected = JSON.parse(readFileSync(join(FIX, "expected.json"), "utf8")) as { name: string; version: string }[];
  const got = mixLockScanner.scan(memoryTree({ "srv/app/mix.lock": readFileSync(join(FIX, "mix.lock"), "utf8") }), { distribution: null });
  assert.deepEqual(got.problems, []);
  assert.deepEqual(got.found.map((p) => `${p.name}@${p.version}`).sort(), expected.map((p) => `${p.name}@${p.version}`).sort());
  assert.equal(got.found.length, 12);
  assert.ok(got.found.every((p) => p.type === "hex" && p.purl === `pkg:hex/${p.name}@${p.version}` && p.dev === undefined));
  assert.ok(parseMixLock(readFileSync(join(FIX, "mix.lock"), "utf8")) instanceof Array);
});

test("renamed deps use the Hex package name, old `=>` lockfiles and organisation repos read, git deps skipped, other text is a problem", () => {
  const lock = [
    "%{",
    '  "my_json" => {:hex, :jason, "1.4.1", "abc", [:mix], [], "hexpm:acme", "0123abcd"},',
    '  "old": {:hex, :old_pkg, "0.1.0", "abc"},',
    '  "fork": {:git, "https://github.com/me/fork.git", "0123456789abcdef", [branch: "main"]},',
    "}",
  ].join("\n");
  assert.deepEqual(parseMixLock(lock), [
    { app: "my_json", name: "jason", version: "1.4.1", repo: "hexpm:acme", line: 2 },
    { app: "old", name: "old_pkg", version: "0.1.0", repo: null, line: 3 },
  ]);
  const got = mixLockScanner.scan(memoryTree({ "x/mix.lock": "[1, 2]\n" }), { distribution: null });
  assert.deepEqual(
    got.problems.map((p) => p.kind),
    ["malformed-record"],
  );
});

test("Hex OSV records (GHSA's oidcc record and a synthetic one) load as osv:Hex advisories and match with SemVer ordering", async () => {
  const advisories = await loadOsvMirror(hexUpdaters, join(import.meta.dirname, "testdata", "osv"));
  assert.deepEqual(advisoryLines(advisories), [
    "CLARO-TEST-HEX-1 osv:Hex plug -..1.14.3 semver low",
    "CLARO-TEST-HEX-1 osv:Hex plug 1.15.0..1.15.4 semver low",
    "GHSA-mj35-2rgf-cv8p osv:Hex oidcc 3.0.0..3.0.2 semver medium",
  ]);
  const hits = matcherHits(hexMatcher, HEX_NAMESPACE, advisories, (n, v) => langPackage("hex", n, v, "mix.lock"));
  assert.deepEqual(hits("oidcc", "2.9.0"), []);
  assert.deepEqual(hits("oidcc", "3.0.0"), ["GHSA-mj35-2rgf-cv8p"]);
  assert.deepEqual(hits("oidcc", "3.0.1"), ["GHSA-mj35-2rgf-cv8p"]);
  assert.deepEqual(hits("oidcc", "3.0.2"), []);
  assert.deepEqual(hits("plug", "1.14.2"), ["CLARO-TEST-HEX-1"]);
  assert.deepEqual(hits("plug", "1.14.3"), []);
  assert.deepEqual(hits("plug", "1.15.3"), ["CLARO-TEST-HEX-1"]);
  // The version the shared mix.lock resolves.
  assert.deepEqual(hits("plug", "1.18.1"), []);
});

test("upstream is OSV.dev's Hex all.zip; the ecosystem wires its scanner", async () => {
  const seen: string[] = [];
  const client = { get: async (l: string) => (seen.push(l), { status: "unchanged" as const }), listDir: async () => [] };
  const [u] = await hexUpdaters({ kind: "upstream" }, client);
  await u?.fetch(null, client);
  assert.deepEqual(seen, [HEX_OSV_URL]);
  assert.equal(HEX_OSV_URL, "https://osv-vulnerabilities.storage.googleapis.com/Hex/all.zip");
  assert.deepEqual(
    hex.packageScanners.map((s) => s.id),
    ["mix-lock"],
  );
});
