import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { memoryTree } from "../../../test/support/memory-tree.js";
import { sharedPath } from "../../../test/support/shared.js";
import type { ScannedPackage } from "../../core/package.js";
import { cargoLockScanner } from "./index.js";
import { devWorkspace } from "./testdata/dev-workspace.js";

const ids = (found: readonly ScannedPackage[]): string[] => found.map((p) => `${p.name}@${p.version}${p.dev === true ? " dev" : ""}`).sort();

test("Cargo workspace: crates only [dev-dependencies] reach are dev (target-specific and nested ones too); build, renamed and shared ones are not", () => {
  const got = cargoLockScanner.scan(memoryTree(devWorkspace), { distribution: null });
  assert.deepEqual(got.problems, []);
  assert.deepEqual(ids(got.found), [
    "app@0.1.0",
    "bytes@1.0.1 dev",
    "cc@1.0.79",
    "fastrand@1.9.0 dev",
    "memchr@2.4.1",
    "memchr@2.5.0 dev",
    "regex@1.5.4",
    "serde@1.0.130",
    "tempfile@3.3.0 dev",
    "tokio@1.8.0 dev",
    "util@0.1.0",
  ]);
});

test("the same lock below a directory: the Cargo.toml beside it counts, not one elsewhere", () => {
  const nested = Object.fromEntries(Object.entries(devWorkspace).map(([p, body]) => [`srv/rust/${p}`, body]));
  const got = cargoLockScanner.scan(memoryTree(nested), { distribution: null });
  assert.equal(got.found.filter((p) => p.dev === true).length, 5);
  assert.ok(got.found.every((p) => p.foundIn === "srv/rust/Cargo.lock"));
});

test("without a readable Cargo.toml nothing is marked dev (a lock alone cannot tell), and a broken one changes nothing else", () => {
  const lockOnly = cargoLockScanner.scan(memoryTree({ "Cargo.lock": devWorkspace["Cargo.lock"]! }), { distribution: null });
  assert.equal(lockOnly.found.length, 11);
  assert.ok(lockOnly.found.every((p) => p.dev === undefined));
  const broken = cargoLockScanner.scan(memoryTree({ ...devWorkspace, "Cargo.toml": "[workspace\nmembers = [" }), { distribution: null });
  assert.equal(broken.found.length, 11);
  assert.ok(broken.found.every((p) => p.dev === undefined));
});

test("a real Cargo.lock (Trivy's cargo_normal.lock, v1 references `name version (source)`) with a manifest beside it", () => {
  const lock = readFileSync(sharedPath("fixtures/pkgdb/cargo/trivy/cargo_normal.lock"), "utf8");
  // The root package `normal` names only libc; url's and typemap's trees are not reached from it
  // at all, so they stay non-dev: only what a dev-dependency alone reaches is dev.
  const manifest = '[package]\nname = "normal"\nversion = "0.1.0"\n\n[dev-dependencies]\nlibc = "0.2"\n';
  const got = cargoLockScanner.scan(memoryTree({ "Cargo.lock": lock, "Cargo.toml": manifest }), { distribution: null });
  assert.equal(got.found.length, 8);
  assert.deepEqual(
    got.found.filter((p) => p.dev === true).map((p) => `${p.name}@${p.version}`),
    ["libc@0.2.54"],
  );
});
