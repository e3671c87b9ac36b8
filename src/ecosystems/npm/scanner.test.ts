import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import type { ScannedPackage } from "../../core/package.js";
import { memoryTree, memoryTreeFromDir } from "../../../test/support/memory-tree.js";
import { sharedPath } from "../../../test/support/shared.js";
import { npmPackageScanner, npmPurl } from "./scanner.js";

const ctx = { distribution: null };
const fixture = (...p: string[]): string => readFileSync(sharedPath("fixtures", "pkgdb", ...p), "utf8");
const ids = (found: readonly ScannedPackage[]): string[] => found.map((p) => `${p.name}@${p.version}${p.dev ? " dev" : ""}`).sort();

/** One lockfile placed at `app/<name>` in an otherwise empty tree. */
function scanLock(name: string, text: string): ReturnType<typeof npmPackageScanner.scan> {
  return npmPackageScanner.scan(memoryTree({ [`app/${name}`]: text }), ctx);
}

// Transcribed from aquasecurity/trivy pkg/dependency/parser/nodejs/npm/parse_testcase.go
// (`npmV1Pkgs`): the same project locked as v1, v2 and v3; debug@2.5.2 and ms@0.7.2 are dev.
const TRIVY_NPM_V1 = [
  "@babel/helper-string-parser@7.19.4",
  "asap@2.0.6",
  "body-parser@1.18.3",
  "bytes@3.0.0",
  "content-type@1.0.5",
  "debug@2.5.2 dev",
  "debug@2.6.9",
  "depd@1.1.2",
  "ee-first@1.1.1",
  "encodeurl@1.0.2",
  "escape-html@1.0.3",
  "finalhandler@1.1.1",
  "http-errors@1.6.3",
  "iconv-lite@0.4.23",
  "inherits@2.0.3",
  "media-typer@0.3.0",
  "mime-db@1.52.0",
  "mime-types@2.1.35",
  "ms@0.7.2 dev",
  "ms@1.0.0",
  "ms@2.0.0",
  "on-finished@2.3.0",
  "parseurl@1.3.3",
  "promise@8.3.0",
  "qs@6.5.2",
  "raw-body@2.3.3",
  "safer-buffer@2.1.2",
  "setprototypeof@1.1.0",
  "statuses@1.4.0",
  "type-is@1.6.18",
  "unpipe@1.0.0",
].sort();

for (const v of ["v1", "v2", "v3"]) {
  test(`package-lock ${v} equals trivy's expected package list (with dev flags)`, () => {
    const r = scanLock("package-lock.json", fixture("npm", "trivy", `package-lock_${v}.json`));
    assert.deepEqual(r.problems, []);
    assert.deepEqual(ids(r.found), TRIVY_NPM_V1);
    assert.ok(r.found.every((p) => p.foundIn === "app/package-lock.json" && p.type === "npm"));
  });
}

test("package-lock v3 with workspaces equals trivy's list, minus the versionless workspace `function1`", () => {
  const r = scanLock("package-lock.json", fixture("npm", "trivy", "package-lock_v3_with_workspace.json"));
  assert.deepEqual(ids(r.found), ["debug@2.5.2", "debug@2.6.9", "ms@0.7.2", "ms@2.0.0", "nested_func@1.0.0"]);
});

test("yarn v1: registry packages only; git and file: dependencies are skipped (as trivy does)", () => {
  const happy = scanLock("yarn.lock", fixture("yarn", "trivy", "yarn_happy.lock"));
  assert.deepEqual(happy.problems, []);
  assert.equal(happy.found.length, 18);
  assert.ok(ids(happy.found).includes("@babel/helper-regex@7.4.4"));
  assert.ok(ids(happy.found).includes("ansi-regex@2.1.1") && ids(happy.found).includes("ansi-regex@3.0.0"));
  assert.deepEqual(ids(scanLock("yarn.lock", fixture("yarn", "trivy", "yarn_with_git.lock")).found), []);
  assert.deepEqual(ids(scanLock("yarn.lock", fixture("yarn", "trivy", "yarn_with_local.lock")).found), ["asap@2.0.6", "jquery@3.4.1", "promise@8.0.3"]);
});

test("yarn berry: __metadata skipped, quoted multi-descriptor headers read", () => {
  const r = scanLock("yarn.lock", fixture("yarn", "trivy", "yarn_v2_happy.lock"));
  assert.deepEqual(r.problems, []);
  assert.deepEqual(ids(r.found), [
    "@types/color-name@1.1.1",
    "abbrev@1.1.1",
    "ansi-styles@3.2.1",
    "ansi-styles@4.2.1",
    "assert-plus@1.0.0",
    "async@3.2.0",
    "color-convert@1.9.3",
    "color-convert@2.0.1",
    "color-name@1.1.3",
    "color-name@1.1.4",
    "fsevents@2.1.3",
    "ipaddr.js@1.9.1",
    "js-tokens@4.0.0",
    "loose-envify@1.4.0",
    "node-gyp@7.1.0",
    "once@1.4.0",
    "wrappy@1.0.2",
  ]);
});

test("yarn berry `patch:` entries are the patched registry package; a patch of a local package is not", () => {
  const lock = [
    "__metadata:\n  version: 6\n",
    '"resolve@patch:resolve@npm%3A^1.20.0#~builtin<compat/resolve>":\n  version: 1.22.8\n',
    '"resolve@npm:^1.20.0":\n  version: 1.22.8\n',
    '"local@patch:local@file:./local#./fix.patch::locator=app%40workspace%3A.":\n  version: 0.0.1\n',
  ].join("\n");
  const r = scanLock("yarn.lock", lock);
  assert.deepEqual(r.problems, []);
  assert.deepEqual(ids(r.found), ["resolve@1.22.8"]);
});

test("pnpm v5 and v6 lockfiles of the same project give the same packages", () => {
  for (const f of ["pnpm-lock_normal.yaml", "pnpm-lock_v6.yaml"]) {
    assert.deepEqual(ids(scanLock("pnpm-lock.yaml", fixture("pnpm", "trivy", f)).found), ["asap@2.0.6", "jquery@3.6.0", "promise@8.1.0"], f);
  }
});

test("pnpm v6 `dev:` flags: mocha's tree is dev, react/redux's is not", () => {
  const r = scanLock("pnpm-lock.yaml", fixture("pnpm", "trivy", "pnpm-lock_v6_with_dev.yaml"));
  const byId = new Map(r.found.map((p) => [`${p.name}@${p.version}`, p.dev === true]));
  assert.equal(byId.get("mocha@10.0.0"), true);
  assert.equal(byId.get("react@18.1.0"), false);
  assert.equal(byId.get("@babel/runtime@7.22.3"), false);
  const text = fixture("pnpm", "trivy", "pnpm-lock_v6_with_dev.yaml");
  assert.equal(r.found.filter((p) => p.dev).length, (text.match(/^ {4}dev: true$/gm) ?? []).length);
});

test("pnpm v9: dev derived from importers' devDependencies through snapshots; peer suffixes stripped", () => {
  const r = scanLock("pnpm-lock.yaml", fixture("pnpm", "trivy", "pnpm-lock_v9.yaml"));
  assert.deepEqual(r.problems, []);
  const got = ids(r.found);
  for (const want of ["jquery@3.6.0 dev", "await-sleep@0.0.1 dev", "sleep-utils@1.0.3", "debug@4.3.4", "ms@2.0.0", "promise@8.1.0", "asap@2.0.6"]) {
    assert.ok(got.includes(want), `${want} in ${got.join(", ")}`);
  }
  // ms@2.0.0 is a devDependency of the root but also reached from prod through finalhandler → debug.
  assert.ok(!got.includes("ms@2.0.0 dev"));
});

test("with node_modules present, what is installed wins: lockfile-only entries are left out", () => {
  const r = npmPackageScanner.scan(memoryTreeFromDir(sharedPath("fixtures", "pkgdb", "npm", "trivy-node_modules")), ctx);
  assert.deepEqual(ids(r.found), [
    "@babel/parser@7.23.6",
    "body-parser@1.18.3",
    "debug@2.6.9",
    "debug@2.6.9",
    "express@4.16.4",
    "ms@2.0.0",
    "ms@2.0.0",
    "ms@2.1.1",
  ]);
  // ansi-colors (dev) and array-flatten are in package-lock.json but not installed.
  assert.ok(r.found.every((p) => p.foundIn.endsWith("/package.json")));
  assert.equal(r.found.find((p) => p.name === "@babel/parser")?.purl, "pkg:npm/%40babel/parser@7.23.6");
});

test("a lockfile beside no node_modules still lists its packages; one in another project does not hide them", () => {
  const lock = JSON.stringify({
    lockfileVersion: 3,
    packages: { "": {}, "node_modules/a": { version: "1.0.0" }, "node_modules/b": { version: "2.0.0", dev: true } },
  });
  const tree = memoryTree({
    "app/package-lock.json": lock,
    "other/package-lock.json": lock,
    "other/node_modules/a/package.json": JSON.stringify({ name: "a", version: "1.0.0" }),
  });
  assert.deepEqual(
    npmPackageScanner
      .scan(tree, ctx)
      .found.map((p) => `${p.name}@${p.version} ${p.foundIn}`)
      .sort(),
    ["a@1.0.0 app/package-lock.json", "a@1.0.0 other/node_modules/a/package.json", "b@2.0.0 app/package-lock.json"],
  );
});

test("manifests deeper than node_modules/<name>/ and ones without name/version are not packages", () => {
  const tree = memoryTree({
    "app/node_modules/a/package.json": JSON.stringify({ name: "a", version: "1.0.0" }),
    "app/node_modules/a/test/fixtures/package.json": JSON.stringify({ name: "fixture", version: "9.9.9" }),
    "app/node_modules/a/lib/package.json": JSON.stringify({ type: "module" }),
    "app/node_modules/b/package.json": JSON.stringify({ name: "b" }),
    "app/node_modules/a/node_modules/c/package-lock.json": JSON.stringify({ lockfileVersion: 3, packages: { "node_modules/z": { version: "1.0.0" } } }),
  });
  assert.deepEqual(ids(npmPackageScanner.scan(tree, ctx).found), ["a@1.0.0"]);
});

test("purl: scope percent-encoded in the namespace", () => {
  assert.equal(npmPurl("@babel/core", "7.0.0"), "pkg:npm/%40babel/core@7.0.0");
  assert.equal(npmPurl("lodash", "4.17.15"), "pkg:npm/lodash@4.17.15");
});
