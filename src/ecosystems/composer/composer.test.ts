import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { memoryTree } from "../../../test/support/memory-tree.js";
import { sharedPath } from "../../../test/support/shared.js";
import type { Advisory } from "../../core/advisory.js";
import type { Package } from "../../core/package.js";
import { advisoryLines, langPackage, loadOsvMirror, matcherHits } from "../../../test/support/osv-ecosystem.js";
import { COMPOSER_NAMESPACE, COMPOSER_OSV_URL, composer, composerMatcher, composerScanner, composerUpdaters } from "./index.js";

const FIX = sharedPath("fixtures/pkgdb/composer");
const TESTDATA = join(import.meta.dirname, "testdata");
const lines = (name: string): string[] =>
  readFileSync(join(TESTDATA, "want", name), "utf8")
    .trim()
    .split("\n")
    .filter((l) => !l.startsWith("#"));

function scan(path: string, text: string): ReturnType<typeof composerScanner.scan> {
  const got = composerScanner.scan(memoryTree({ [path]: text }), { distribution: null });
  assert.deepEqual(got.problems, []);
  assert.ok(got.found.every((p) => p.type === "composer" && p.foundIn === path));
  return got;
}

test("trivy/composer_happy.lock: names, versions, dev flags and licences equal trivy's composerPkgs", () => {
  const got = scan("app/composer.lock", readFileSync(join(FIX, "trivy", "composer_happy.lock"), "utf8"));
  const rows = got.found.map((p) => [p.name, p.version, String(p.dev === true), (p.licenses ?? []).join(",")].join("\t"));
  assert.deepEqual(rows.sort(), lines("trivy-composer_happy.lock.tsv").sort());
  assert.equal(got.found.find((p) => p.name === "symfony/polyfill-php72")?.purl, "pkg:composer/symfony/polyfill-php72@v1.27.0");
});

test("syft/composer.lock: the non-dev packages equal syft's expected two; claro adds the two packages-dev entries flagged dev", () => {
  const got = scan("composer.lock", readFileSync(join(FIX, "syft", "composer.lock"), "utf8"));
  assert.deepEqual(
    got.found
      .filter((p) => p.dev !== true)
      .map((p) => `${p.name}@${p.version}`)
      .sort(),
    lines("syft-composer.lock.txt").sort(),
  );
  assert.deepEqual(
    got.found
      .filter((p) => p.dev === true)
      .map((p) => `${p.name}@${p.version}`)
      .sort(),
    ["behat/gherkin@v4.6.2", "codeception/codeception@4.1.6"],
  );
});

test("syft vendor/composer/installed.json (Composer 2): both packages, behat/mink flagged dev from dev-package-names", () => {
  const text = readFileSync(join(FIX, "syft", "vendor-composer_2-installed.json"), "utf8");
  const got = scan("var/www/vendor/composer/installed.json", text);
  assert.deepEqual(got.found.map((p) => `${p.name}@${p.version}`).sort(), lines("syft-vendor-composer_2-installed.json.txt").sort());
  assert.deepEqual(
    got.found.filter((p) => p.dev === true).map((p) => p.name),
    ["behat/mink"],
  );
  // Composer 1 wrote a bare array of the same package objects.
  const v1 = JSON.stringify((JSON.parse(text) as { packages: unknown[] }).packages);
  assert.deepEqual(
    scan("vendor/composer/installed.json", v1).found.map((p) => [p.name, p.dev ?? false]),
    [
      ["asm89/stack-cors", false],
      ["behat/mink", false],
    ],
  );
});

test("unreadable files are problems; installed.json elsewhere than vendor/composer/ is ignored", () => {
  const got = composerScanner.scan(memoryTree({ "composer.lock": "{", "x/installed.json": "[]" }), { distribution: null });
  assert.deepEqual(got.found, []);
  assert.deepEqual(
    got.problems.map((p) => p.kind),
    ["malformed-record"],
  );
});

const loadAdvisories = (): Promise<Advisory[]> => loadOsvMirror(composerUpdaters, join(TESTDATA, "osv"));

const pkg = (name: string, version: string): Package => langPackage("composer", name, version, "composer.lock");

test("hand-written Packagist OSV records load as osv:Packagist advisories and match with Composer ordering", async () => {
  const advisories = await loadAdvisories();
  assert.deepEqual(advisoryLines(advisories), [
    "GHSA-w248-ffj2-4v5q osv:Packagist guzzlehttp/guzzle -..6.5.6 composer high",
    "GHSA-w248-ffj2-4v5q osv:Packagist guzzlehttp/guzzle 7.0.0..7.4.3 composer high",
    "GHSA-wxmh-65f7-jcvw osv:Packagist guzzlehttp/psr7 -..1.9.1 composer medium",
    "GHSA-wxmh-65f7-jcvw osv:Packagist guzzlehttp/psr7 2.0.0..2.4.5 composer medium",
  ]);
  const hits = matcherHits(composerMatcher, COMPOSER_NAMESPACE, advisories, pkg);
  // The versions in trivy's composer_happy.lock: psr7 1.9.0 is affected, guzzle 6.5.8 is not.
  assert.deepEqual(hits("guzzlehttp/psr7", "1.9.0"), ["GHSA-wxmh-65f7-jcvw"]);
  assert.deepEqual(hits("guzzlehttp/guzzle", "6.5.8"), []);
  assert.deepEqual(hits("guzzlehttp/psr7", "v1.9.1"), []);
  assert.deepEqual(hits("guzzlehttp/psr7", "2.4.5-RC1"), ["GHSA-wxmh-65f7-jcvw"]);
  assert.deepEqual(hits("guzzlehttp/guzzle", "6.5.5.1"), ["GHSA-w248-ffj2-4v5q"]);
  assert.deepEqual(hits("guzzlehttp/guzzle", "7.0.0-beta1"), []);
  assert.deepEqual(hits("guzzlehttp/guzzle", "v7.4.2"), ["GHSA-w248-ffj2-4v5q"]);
  assert.deepEqual(hits("GuzzleHttp/Guzzle", "7.4.3"), []);
});

test("upstream is OSV.dev's Packagist all.zip; the ecosystem wires its scanner", async () => {
  const seen: string[] = [];
  const client = { get: async (l: string) => (seen.push(l), { status: "unchanged" as const }), listDir: async () => [] };
  const [u] = await composerUpdaters({ kind: "upstream" }, client);
  await u?.fetch(null, client);
  assert.deepEqual(seen, [COMPOSER_OSV_URL]);
  assert.equal(COMPOSER_OSV_URL, "https://osv-vulnerabilities.storage.googleapis.com/Packagist/all.zip");
  assert.deepEqual(
    composer.packageScanners.map((s) => s.id),
    ["composer"],
  );
});
