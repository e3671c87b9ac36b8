import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import type { Advisory } from "../../core/advisory.js";
import { compareSemver } from "../semver.js";
import { isAffectedByRange, type OsvMappingOptions, parseOsvBody } from "./index.js";

// No fixture under shared/fixtures carries `last_known_affected_version_range` (the osv/go and
// chainguard samples are not GHSA-sourced), so this self-made record reproduces the shape GHSA's
// OSV export writes for advisories without a patched version: `introduced` alone plus the field.
const NPM: OsvMappingOptions = { namespaceOf: (e) => (e === "npm" ? "osv:npm" : undefined), versionScheme: "npm-semver", updater: "osv/npm" };
const body = readFileSync(new URL("./testdata/ghsa-last-known.json", import.meta.url));

function load(options: OsvMappingOptions): { byName: Map<string, Advisory>; problems: string[] } {
  const out = parseOsvBody(body, options);
  const advisories = [...out.advisories];
  return { byName: new Map(advisories.map((a) => [a.packageName, a])), problems: out.problems.map((p) => ("detail" in p ? String(p.detail) : p.kind)) };
}

test("an open GHSA range is bounded by last_known_affected_version_range; the entry's own events win", () => {
  const { byName, problems } = load(NPM);
  const bounds = Object.fromEntries([...byName].map(([n, a]) => [n, [a.status, a.introducedVersion, a.fixedVersion, a.lastAffectedVersion ?? null]]));
  assert.deepEqual(bounds, {
    "sheet-lib": ["affected", null, null, "<0.20.2"],
    "pad-lib": ["affected", "1.0.0", null, "2.0.1"],
    "fixed-lib": ["fixed", null, "1.2.0", null],
    "both-lib": ["affected", "1.0.0", null, "<3.0.0"],
    "odd-lib": ["affected", null, null, null],
    "open-lib": ["affected", null, null, null],
  });
  assert.equal(problems.length, 1);
  assert.match(problems[0]!, /odd-lib: last_known_affected_version_range "~> 2" not read; the range stays open/);
});

test("npm matching inside the bound only, read as node-semver reads `< 0.20.2` (prereleases of other tuples excluded)", () => {
  const { byName } = load(NPM);
  const hit = (name: string, v: string): boolean => isAffectedByRange(v, byName.get(name)!, compareSemver);
  assert.deepEqual(
    ["0.18.5", "0.20.1", "0.20.2", "0.21.0", "0.20.2-rc.1", "0.19.0-beta"].map((v) => hit("sheet-lib", v)),
    [true, true, false, false, false, false],
  );
  assert.deepEqual(
    ["0.9.0", "1.0.0", "2.0.1", "2.0.2"].map((v) => hit("pad-lib", v)),
    [false, true, true, false],
  );
  assert.deepEqual(
    ["0.9.0", "1.0.0", "2.9.9", "3.0.0"].map((v) => hit("both-lib", v)),
    [false, true, true, false],
  );
  assert.deepEqual(
    ["1.1.9", "1.2.0", "1.4.0"].map((v) => hit("fixed-lib", v)),
    [true, false, false],
  );
  // Without the field nothing bounds the range: every version matches, the false positive the bound avoids.
  assert.deepEqual(
    ["0.0.1", "99.0.0"].map((v) => hit("open-lib", v)),
    [true, true],
  );
});

test("other schemes read `<V` as an exclusive bound with their own ordering", () => {
  const { byName } = load({ ...NPM, versionScheme: "cargo-semver" });
  const a = byName.get("sheet-lib")!;
  assert.equal(a.lastAffectedVersion, "<0.20.2");
  // Plain ordering: a prerelease below the bound is affected (no node-semver tuple rule outside npm).
  assert.deepEqual(
    ["0.20.1", "0.20.2-rc.1", "0.20.2"].map((v) => isAffectedByRange(v, a, compareSemver)),
    [true, true, false],
  );
});
