import assert from "node:assert/strict";
import { test } from "node:test";
import type { Package } from "../core/package.js";
import type { IndexReport } from "../core/report.js";
import { packagesToMatch } from "./dev-deps.js";

const pkg = (name: string, dev?: boolean): Package => ({
  name,
  version: "1.0.0",
  type: "npm",
  arch: null,
  source: null,
  purl: `pkg:npm/${name}@1.0.0`,
  layer: `sha256:${"0".repeat(64)}`,
  foundIn: "app/yarn.lock",
  ...(dev === undefined ? {} : { dev }),
});

const index = (packages: Package[]): IndexReport => ({ packages }) as unknown as IndexReport;

test("dev packages are left out of matching by default and counted; dev: false and unflagged ones stay", () => {
  const all = [pkg("express"), pkg("mocha", true), pkg("chai", true), pkg("debug", false)];
  const got = packagesToMatch(index(all), false);
  assert.deepEqual(
    got.index.packages.map((p) => p.name),
    ["express", "debug"],
  );
  assert.equal(got.devLeftOut, 2);
  // The input (the inventory the report lists) is not changed.
  assert.equal(all.length, 4);
});

test("--include-dev-deps: every package is matched, none left out", () => {
  const all = index([pkg("express"), pkg("mocha", true)]);
  const got = packagesToMatch(all, true);
  assert.equal(got.index, all);
  assert.equal(got.devLeftOut, 0);
});
