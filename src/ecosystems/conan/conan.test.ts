import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { memoryTree } from "../../../test/support/memory-tree.js";
import { advisoryLines, langPackage, loadOsvMirror, matcherHits } from "../../../test/support/osv-ecosystem.js";
import { CONAN_NAMESPACE, CONAN_OSV_URL, compareConanVersions, conan, conanLockScanner, conanMatcher, conanUpdaters, parseConanRef } from "./index.js";

const TESTDATA = join(import.meta.dirname, "testdata");
const want = JSON.parse(readFileSync(join(TESTDATA, "want.json"), "utf8")) as Record<string, string[]>;

for (const file of ["conan1.lock", "conan2.lock"]) {
  test(`testdata/lock/${file}: the packages of want.json, build-only tools dev`, () => {
    const got = conanLockScanner.scan(memoryTree({ "src/conan.lock": readFileSync(join(TESTDATA, "lock", file), "utf8") }), { distribution: null });
    assert.deepEqual(got.problems, []);
    assert.deepEqual(got.found.map((p) => `${p.name}@${p.version}${p.dev === true ? " dev" : ""}`).sort(), want[file]);
    assert.ok(got.found.every((p) => p.type === "conan" && p.foundIn === "src/conan.lock"));
  });
}

test("references: revisions, timestamps, package ids and user/channel; purls put the user in the namespace", () => {
  assert.deepEqual(parseConanRef("zlib/1.2.13#97d5730b%1692672717.68"), { name: "zlib", version: "1.2.13" });
  assert.deepEqual(parseConanRef("zlib/1.2.11:6af9cc7cb931c5ad942174fd7838eb655717c709"), { name: "zlib", version: "1.2.11" });
  assert.deepEqual(parseConanRef("pkg/1.0@_/_"), { name: "pkg", version: "1.0" });
  assert.equal(parseConanRef("conanfile.txt"), undefined);
  const found = conanLockScanner.scan(memoryTree({ "conan.lock": readFileSync(join(TESTDATA, "lock", "conan1.lock"), "utf8") }), { distribution: null }).found;
  assert.equal(found.find((p) => p.name.startsWith("mylib"))?.purl, "pkg:conan/acme/mylib@0.3?channel=stable");
  assert.equal(found.find((p) => p.name === "zlib")?.purl, "pkg:conan/zlib@1.2.12");
  const bad = conanLockScanner.scan(memoryTree({ "x/conan.lock": "{}" }), { distribution: null });
  assert.deepEqual(
    bad.problems.map((p) => p.kind),
    ["malformed-record"],
  );
});

test("Conan version order: numbers numerically, lettered releases after the plain one, trailing zeros ignored, pre-releases first", () => {
  assert.ok(compareConanVersions("1.1.1q", "1.1.1t") < 0);
  assert.ok(compareConanVersions("1.1.1", "1.1.1q") < 0);
  assert.ok(compareConanVersions("1.2.9", "1.2.13") < 0);
  assert.equal(compareConanVersions("1.2", "1.2.0"), 0);
  assert.ok(compareConanVersions("3.0.0-beta1", "3.0.0") < 0);
  assert.ok(compareConanVersions("cci.20230613", "cci.20240101") < 0);
});

test("a ConanCenter OSV record (synthetic) loads as osv:ConanCenter and matches lockfile versions in Conan order", async () => {
  const advisories = await loadOsvMirror(conanUpdaters, join(TESTDATA, "osv"));
  assert.deepEqual(advisoryLines(advisories), [
    "CLARO-TEST-CONAN-1 osv:ConanCenter openssl -..1.1.1t conan unknown",
    "CLARO-TEST-CONAN-1 osv:ConanCenter openssl 3.0.0..3.0.8 conan unknown",
  ]);
  const hits = matcherHits(conanMatcher, CONAN_NAMESPACE, advisories, (n, v) => langPackage("conan", n, v, "conan.lock"));
  // conan1.lock pins openssl 1.1.1q; conan2.lock pins 3.1.2.
  assert.deepEqual(hits("openssl", "1.1.1q"), ["CLARO-TEST-CONAN-1"]);
  assert.deepEqual(hits("openssl", "1.1.1t"), []);
  assert.deepEqual(hits("openssl", "3.0.7"), ["CLARO-TEST-CONAN-1"]);
  assert.deepEqual(hits("openssl", "3.1.2"), []);
  // A user/channel package is not ConanCenter's: no lookup at all.
  assert.deepEqual(conanMatcher.queries(langPackage("conan", "openssl@acme/stable", "1.1.1q", "conan.lock"), null), []);
});

test("upstream is OSV.dev's ConanCenter all.zip; the ecosystem wires its scanner", async () => {
  const seen: string[] = [];
  const client = { get: async (l: string) => (seen.push(l), { status: "unchanged" as const }), listDir: async () => [] };
  const [u] = await conanUpdaters({ kind: "upstream" }, client);
  await u?.fetch(null, client);
  assert.deepEqual(seen, [CONAN_OSV_URL]);
  assert.equal(CONAN_OSV_URL, "https://osv-vulnerabilities.storage.googleapis.com/ConanCenter/all.zip");
  assert.deepEqual(
    conan.packageScanners.map((s) => s.id),
    ["conan-lock"],
  );
});
