import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { memoryTree } from "../../../test/support/memory-tree.js";
import { loadOsvMirror } from "../../../test/support/osv-ecosystem.js";
import { sharedPath } from "../../../test/support/shared.js";
import { parseBunLock, stripTrailingCommas } from "./bun-lock.js";
import { NPM_NAMESPACE, npmMatcher, npmPackageScanner, npmUpdaters } from "./index.js";

const FIX = sharedPath("fixtures/pkgdb/bun/bun");

for (const dir of ["explain-fixture", "react-spa-simple"]) {
  test(`bun/${dir}/bun.lock: the packages of expected.json, with its dev flags`, () => {
    const expected = JSON.parse(readFileSync(join(FIX, dir, "expected.json"), "utf8")) as { name: string; version: string; dev: boolean }[];
    const got = npmPackageScanner.scan(memoryTree({ [`srv/${dir}/bun.lock`]: readFileSync(join(FIX, dir, "bun.lock"), "utf8") }), { distribution: null });
    assert.deepEqual(got.problems, []);
    const rows = (ps: readonly { name: string; version: string; dev?: boolean }[]): string[] =>
      ps.map((p) => `${p.name}@${p.version}${p.dev === true ? " dev" : ""}`).sort();
    assert.deepEqual(rows(got.found), rows(expected));
    assert.ok(got.found.every((p) => p.type === "npm" && p.foundIn === `srv/${dir}/bun.lock`));
  });
}

const MONOREPO = `{
  "lockfileVersion": 1,
  "workspaces": {
    "": { "name": "mono", "dependencies": { "@acme/web": "workspace:*", "lodash": "^4.17.0" }, "devDependencies": { "jest-lite": "^1.0.0" } },
    "packages/web": { "name": "@acme/web", "dependencies": { "@scope/util": "^2.0.0" } },
  },
  "packages": {
    "@acme/web": ["@acme/web@workspace:packages/web"],
    "@scope/util": ["@scope/util@2.1.0", "", { "dependencies": { "lodash": "^3.0.0" } }, "sha512-x"],
    "@scope/util/lodash": ["lodash@3.10.1", "", {}, "sha512-y"],
    "jest-lite": ["jest-lite@1.2.0", "", { "dependencies": { "kleur": "^4.0.0" } }, "sha512-z"],
    "kleur": ["kleur@4.1.5", "", {}, "sha512-k"],
    "lodash": ["lodash@4.17.20", "", {}, "sha512-l"],
    "mine": ["mine@github:me/mine#0123abc", {}, "me-mine-0123abc"],
  },
}`;

test("workspaces, scoped names, nested copies and dev-only trees: workspace and git entries are left out, dev comes from reachability", () => {
  const got = parseBunLock(MONOREPO);
  assert.deepEqual(got.errors, []);
  assert.deepEqual(got.entries.map((e) => `${e.name}@${e.version}${e.dev ? " dev" : ""}`).sort(), [
    "@scope/util@2.1.0",
    "jest-lite@1.2.0 dev",
    "kleur@4.1.5 dev",
    "lodash@3.10.1",
    "lodash@4.17.20",
  ]);
  assert.equal(stripTrailingCommas('{"a": "x,}", "b": [1, 2,],}'), '{"a": "x,}", "b": [1, 2]}');
  assert.deepEqual(parseBunLock("{ nope").errors.length, 1);
});

test("bun.lock packages match npm's OSV records (GHSA lodash) through the npm matcher", async () => {
  const advisories = await loadOsvMirror(npmUpdaters, join(import.meta.dirname, "testdata", "osv"));
  const found = npmPackageScanner.scan(memoryTree({ "app/bun.lock": MONOREPO }), { distribution: null }).found;
  const ids = (name: string, version: string): string[] => {
    const p = found.find((f) => f.name === name && f.version === version);
    assert.ok(p !== undefined, `${name}@${version} scanned`);
    const pkg = { ...p, layer: `sha256:${"1".repeat(64)}` as const };
    const [q] = npmMatcher.queries(pkg, null);
    assert.equal(q?.namespace, NPM_NAMESPACE);
    return [...new Set(advisories.filter((a) => a.packageName === q?.packageName && npmMatcher.isAffected(pkg, a)).map((a) => a.id))].sort();
  };
  assert.deepEqual(ids("lodash", "4.17.20"), ["GHSA-35jh-r3h4-6jhm"]);
  // The copy nested under @scope/util is its own package, in both lodash ranges.
  assert.deepEqual(ids("lodash", "3.10.1"), ["GHSA-35jh-r3h4-6jhm", "GHSA-p6mc-m468-83gw"]);
  assert.deepEqual(ids("kleur", "4.1.5"), []);
});
