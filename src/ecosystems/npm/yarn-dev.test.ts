import assert from "node:assert/strict";
import { test } from "node:test";
import { memoryTree } from "../../../test/support/memory-tree.js";
import { npmPackageScanner } from "./scanner.js";

// Issue 12 (12): yarn.lock has no dev flags; package.json's devDependencies tell them.
const YARN_V1 = `# yarn lockfile v1

express@^4.16.4:
  version "4.16.4"
  dependencies:
    debug "2.6.9"

debug@2.6.9:
  version "2.6.9"
  dependencies:
    ms "2.0.0"

ms@2.0.0:
  version "2.0.0"

mocha@^10.0.0:
  version "10.2.0"
  dependencies:
    debug "4.3.4"
    ms "2.0.0"

debug@4.3.4:
  version "4.3.4"
  dependencies:
    ms "2.1.2"

ms@2.1.2:
  version "2.1.2"
`;
const PACKAGE_JSON = JSON.stringify({ name: "app", dependencies: { express: "^4.16.4" }, devDependencies: { mocha: "^10.0.0" } });
const ids = (files: Record<string, string>): string[] =>
  npmPackageScanner
    .scan(memoryTree(files), { distribution: null })
    .found.map((p) => `${p.name}@${p.version}${p.dev ? " dev" : ""}`)
    .sort();

test("yarn v1 with package.json: what only devDependencies reach is dev; shared packages are not", () => {
  assert.deepEqual(ids({ "app/yarn.lock": YARN_V1, "app/package.json": PACKAGE_JSON }), [
    "debug@2.6.9",
    "debug@4.3.4 dev",
    "express@4.16.4",
    "mocha@10.2.0 dev",
    "ms@2.0.0",
    "ms@2.1.2 dev",
  ]);
});

test("yarn v1 without package.json: nothing is known to be dev", () => {
  assert.ok(ids({ "app/yarn.lock": YARN_V1 }).every((id) => !id.endsWith(" dev")));
});
