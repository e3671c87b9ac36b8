import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { memoryTree } from "../../../test/support/memory-tree.js";
import { sharedPath } from "../../../test/support/shared.js";
import type { Advisory } from "../../core/advisory.js";
import type { Package } from "../../core/package.js";
import { advisoryLines, langPackage, loadOsvMirror, matcherHits } from "../../../test/support/osv-ecosystem.js";
import { GEM_NAMESPACE, GEM_OSV_URL, gem, gemfileLockScanner, gemMatcher, gemspecScanner, gemUpdaters, parseGemfileLock, parseGemspec } from "./index.js";

const FIX = sharedPath("fixtures/pkgdb/ruby");
const TESTDATA = join(import.meta.dirname, "testdata");
const SPECS = "usr/local/bundle/specifications";

const wantSpecs = readFileSync(join(TESTDATA, "want", "gemspecs.tsv"), "utf8")
  .split("\n")
  .filter((l) => l !== "" && !l.startsWith("#"))
  .map((l) => l.split("\t") as [string, string, string, string]);

test("every shared gemspec: name, version and licences equal the upstream tests' expectations (normal01's non-array `licenses` gives none, as in Trivy)", () => {
  const nodes: Record<string, string> = {};
  for (const [file] of wantSpecs) nodes[`${SPECS}/${file.replace("/", "-")}`] = readFileSync(join(FIX, file), "utf8");
  const got = gemspecScanner.scan(memoryTree(nodes), { distribution: null });
  assert.deepEqual(got.problems, []);
  const rows = got.found.map((p) => [p.foundIn.slice(SPECS.length + 1).replace("-", "/"), p.name, p.version, (p.licenses ?? []).join(",")]);
  assert.deepEqual(rows.sort(), wantSpecs.map((r) => [...r]).sort());
  assert.ok(got.found.every((p) => p.type === "gem" && p.purl === `pkg:gem/${p.name}@${p.version}`));
});

test("gemspecs outside specifications/ are not installed gems; one without a literal version is a problem", () => {
  const rake = readFileSync(join(FIX, "trivy", "normal00.gemspec"), "utf8");
  const tree = memoryTree({
    "src/rake/rake.gemspec": rake,
    [`${SPECS}/broken-1.0.gemspec`]: 'Gem::Specification.new do |s|\n  s.name = "broken"\n  s.version = Broken::VERSION\nend\n',
  });
  const got = gemspecScanner.scan(tree, { distribution: null });
  assert.deepEqual(got.found, []);
  assert.deepEqual(
    got.problems.map((p) => p.kind),
    ["malformed-record"],
  );
  // Ruby escapes in either quote style, and a trailing comment, do not leak into the values.
  assert.deepEqual(parseGemspec("s.name = 'it\\'s'.freeze\ns.version = \"1.0\\u00E9\" # x\ns.licenses = []\n"), {
    name: "it's",
    version: "1.0é",
    licenses: [],
  });
});

test("syft/Gemfile.lock: the 52 gems of syft's TestParseGemfileLockEntries (GEM, GIT and PATH specs; not the invalid BAD-SECTION)", () => {
  const text = readFileSync(join(FIX, "syft", "Gemfile.lock"), "utf8");
  const got = gemfileLockScanner.scan(memoryTree({ "app/Gemfile.lock": text }), { distribution: null });
  const want = readFileSync(join(TESTDATA, "want", "syft-Gemfile.lock.txt"), "utf8")
    .trim()
    .split("\n");
  assert.deepEqual(got.found.map((p) => `${p.name}@${p.version}`).sort(), want.sort());
  assert.deepEqual(
    parseGemfileLock(text)
      .filter((e) => e.section !== "GEM")
      .map((e) => `${e.section} ${e.name}`),
    ["PATH google-cloud-errors", "GIT turbolinks"],
  );
});

test("Gemfile.lock platform suffixes split off the version into the arch and the purl qualifier", () => {
  const lock =
    "GEM\n  remote: https://rubygems.org/\n  specs:\n    nokogiri (1.13.10-x86_64-linux)\n      racc (~> 1.4)\n    racc (1.6.2)\n\nPLATFORMS\n  x86_64-linux\n";
  const got = gemfileLockScanner.scan(memoryTree({ "Gemfile.lock": lock }), { distribution: null });
  assert.deepEqual(
    got.found.map((p) => [p.name, p.version, p.arch, p.purl]),
    [
      ["nokogiri", "1.13.10", "x86_64-linux", "pkg:gem/nokogiri@1.13.10?platform=x86_64-linux"],
      ["racc", "1.6.2", null, "pkg:gem/racc@1.6.2"],
    ],
  );
});

const loadAdvisories = (): Promise<Advisory[]> => loadOsvMirror(gemUpdaters, join(TESTDATA, "osv"));

const gemPkg = (name: string, version: string): Package => langPackage("gem", name, version, "Gemfile.lock");

test("hand-written RubyGems OSV records load as osv:RubyGems advisories and match with Gem::Version ordering", async () => {
  const advisories = await loadAdvisories();
  assert.deepEqual(advisoryLines(advisories), [
    "GHSA-crjr-9rc5-ghw8 osv:RubyGems nokogiri -..1.13.4 gem high",
    "GHSA-hxqx-xwvh-44m2 osv:RubyGems rack -..2.0.9.1 gem high",
    "GHSA-hxqx-xwvh-44m2 osv:RubyGems rack 2.1.0..2.1.4.1 gem high",
    "GHSA-hxqx-xwvh-44m2 osv:RubyGems rack 2.2.0..2.2.3.1 gem high",
  ]);
  const hits = matcherHits(gemMatcher, GEM_NAMESPACE, advisories, gemPkg);
  // rack 1.5.2 is the version in syft's Gemfile.lock fixture.
  assert.deepEqual(hits("rack", "1.5.2"), ["GHSA-hxqx-xwvh-44m2"]);
  assert.deepEqual(hits("rack", "2.0.9"), ["GHSA-hxqx-xwvh-44m2"]);
  assert.deepEqual(hits("rack", "2.0.9.1"), []);
  assert.deepEqual(hits("rack", "2.1.4"), ["GHSA-hxqx-xwvh-44m2"]);
  assert.deepEqual(hits("rack", "2.2.3"), ["GHSA-hxqx-xwvh-44m2"]);
  assert.deepEqual(hits("rack", "2.2.3.1"), []);
  assert.deepEqual(hits("rack", "2.2.4"), []);
  assert.deepEqual(hits("nokogiri", "1.13.4.rc1"), ["GHSA-crjr-9rc5-ghw8"]);
  assert.deepEqual(hits("nokogiri", "1.13.4"), []);
});

test("upstream is OSV.dev's RubyGems all.zip; the ecosystem wires its scanners", async () => {
  const seen: string[] = [];
  const client = { get: async (l: string) => (seen.push(l), { status: "unchanged" as const }), listDir: async () => [] };
  const [u] = await gemUpdaters({ kind: "upstream" }, client);
  await u?.fetch(null, client);
  assert.deepEqual(seen, [GEM_OSV_URL]);
  assert.equal(GEM_OSV_URL, "https://osv-vulnerabilities.storage.googleapis.com/RubyGems/all.zip");
  assert.deepEqual(
    gem.packageScanners.map((s) => s.id),
    ["gemspec", "gemfile-lock"],
  );
});
