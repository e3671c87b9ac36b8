import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import type { ScannedPackage } from "../../core/package.js";
import { memoryTree, memoryTreeFromDir } from "../../../test/support/memory-tree.js";
import { sharedPath } from "../../../test/support/shared.js";
import { npmPackageScanner } from "./scanner.js";

// syft's npm fixtures (anchore/syft syft/pkg/cataloger/javascript/test-fixtures). syft keeps its
// expected package lists in Go test code, which was not copied; the lists below were read off each
// fixture's own entries (one line per lock entry), and every difference from what the file says
// is named in the test.
const ctx = { distribution: null };
const syft = (...p: string[]): string => sharedPath("fixtures", "pkgdb", "npm", "syft", ...p);
const ids = (found: readonly ScannedPackage[]): string[] => found.map((p) => `${p.name}@${p.version}${p.dev ? " dev" : ""}`).sort();

function scanLock(file: string): string[] {
  const r = npmPackageScanner.scan(memoryTree({ "app/package-lock.json": readFileSync(syft("pkg-lock", file), "utf8") }), ctx);
  assert.deepEqual(r.problems, [], file);
  assert.ok(r.found.every((p) => p.foundIn === "app/package-lock.json" && p.type === "npm"));
  return ids(r.found);
}

test("alias-package-lock-1 (v1) and -2 (v2): `npm:` aliases resolve to the real package in both lockfile shapes", () => {
  const want = ["@bundled-es-modules/chai@4.2.2", "case@1.6.2", "case@1.6.3"];
  assert.deepEqual(scanLock("alias-package-lock-1.json"), want);
  assert.deepEqual(scanLock("alias-package-lock-2.json"), want);
});

test("package-lock-2 (v2) and package-lock-3 (v3): the four @types/csstype packages, async flagged dev; the root project is not a package", () => {
  assert.deepEqual(scanLock("package-lock-2.json"), [
    "@types/prop-types@15.7.5",
    "@types/react@18.0.17",
    "@types/scheduler@0.16.2",
    "async@3.2.4 dev",
    "csstype@3.1.0",
  ]);
  assert.deepEqual(scanLock("package-lock-3.json"), [
    "@types/prop-types@15.7.5",
    "@types/react@18.0.20",
    "@types/scheduler@0.16.2",
    "async@3.2.4 dev",
    "csstype@3.1.1",
  ]);
});

test("nested-package-lock-1 (v1): every nesting level read, the same name at three versions kept apart, duplicates merged", () => {
  // dev-nested is not flagged: the fixture marks only dev-parent `dev: true`, and claro reads the flag as written.
  assert.deepEqual(scanLock("nested-package-lock-1.json"), [
    "dev-nested@1.0.0",
    "dev-parent@1.0.0 dev",
    "duplicate@1.0.0",
    "middle@1.0.0",
    "parent@1.0.0",
    "shared@0.5.0",
    "shared@1.0.0",
    "shared@2.0.0",
  ]);
});

test("array-license-package-lock (v2): both packages (licences in lockfiles are not read: claro takes them from installed manifests)", () => {
  assert.deepEqual(scanLock("array-license-package-lock.json"), ["pause-stream@0.0.11", "through@2.3.8"]);
});

test("package-lock.json (v1): 12 entries; the path-style key `node_modules/async` is the package `async`", () => {
  assert.deepEqual(scanLock("package-lock.json"), [
    "@actions/core@1.6.0",
    "ansi-regex@3.0.0",
    "async@3.2.4 dev",
    "cowsay@1.4.0",
    "get-stdin@5.0.1",
    "is-fullwidth-code-point@2.0.0",
    "minimist@0.0.10",
    "optimist@0.6.1",
    "string-width@2.1.1",
    "strip-ansi@4.0.0",
    "strip-eof@1.0.0",
    "wordwrap@0.0.3",
  ]);
});

test("the pkg-lock directory as a project: only installed node_modules manifests count", () => {
  const r = npmPackageScanner.scan(memoryTreeFromDir(syft("pkg-lock")), ctx);
  const where = new Map(r.found.map((p) => [`${p.name}@${p.version}`, p.foundIn]));
  assert.equal(where.get("cowsay@1.4.0"), "node_modules/cowsay/package.json");
  assert.equal(where.get("@actions/core@1.6.0"), "node_modules/@actions/core/package.json");
  assert.equal(r.found.filter((p) => p.name === "cowsay").length, 1);
  // node_modules exists, so the lockfile's other entries (wordwrap…) are not installed and left out.
  assert.ok(!where.has("wordwrap@0.0.3"));
  assert.equal(r.found.length, 2);
  assert.ok(!where.has("case@1.6.3"));
});

test("package.json (npm's own manifest): a package when installed under node_modules, not at a project root", () => {
  const text = readFileSync(syft("package.json"));
  assert.deepEqual(npmPackageScanner.scan(memoryTree({ "package.json": text }), ctx).found, []);
  const installed = npmPackageScanner.scan(memoryTree({ "usr/lib/node_modules/npm/package.json": text }), ctx).found;
  assert.deepEqual(
    installed.map((p) => [p.name, p.version, p.purl]),
    [["npm", "6.14.6", "pkg:npm/npm@6.14.6"]],
  );
});
