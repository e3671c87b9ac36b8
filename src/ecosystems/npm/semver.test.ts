import assert from "node:assert/strict";
import { test } from "node:test";
import { compareSemver, npmSemverScheme, parseSemver } from "./semver.js";

// semver.org §11: "1.0.0-alpha < 1.0.0-alpha.1 < 1.0.0-alpha.beta < 1.0.0-beta < 1.0.0-beta.2
// < 1.0.0-beta.11 < 1.0.0-rc.1 < 1.0.0", and "1.0.0 < 2.0.0 < 2.1.0 < 2.1.1".
const SPEC_CHAINS = [
  ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0"],
  ["1.0.0", "2.0.0", "2.1.0", "2.1.1"],
  // §2: numeric, not lexical, comparison.
  ["1.9.0", "1.10.0", "1.11.0"],
];

test("semver.org §11 precedence examples, every pair both ways", () => {
  for (const chain of SPEC_CHAINS) {
    for (let i = 0; i < chain.length; i++) {
      for (let j = 0; j < chain.length; j++) {
        const got = Math.sign(compareSemver(chain[i]!, chain[j]!));
        assert.equal(got, Math.sign(i - j), `${chain[i]} vs ${chain[j]}`);
      }
    }
  }
});

test("build metadata is ignored for precedence (§10)", () => {
  assert.equal(compareSemver("1.0.0-alpha+001", "1.0.0-alpha"), 0);
  assert.equal(compareSemver("1.0.0+20130313144700", "1.0.0"), 0);
  assert.equal(compareSemver("1.0.0-beta+exp.sha.5114f85", "1.0.0-beta"), 0);
  assert.deepEqual(parseSemver("1.0.0+21AF26D3----117B344092BD")?.build, ["21AF26D3----117B344092BD"]);
});

test("a leading v or = is tolerated, as node-semver does", () => {
  assert.equal(compareSemver("v1.2.3", "1.2.3"), 0);
  assert.equal(compareSemver("=1.2.3", "v1.2.3"), 0);
  assert.ok(npmSemverScheme.isValid("v4.17.15"));
});

test("spec-valid and spec-invalid strings (semver.org §2, §9, §10 and its regex examples)", () => {
  for (const v of [
    "0.0.4",
    "1.2.3",
    "10.20.30",
    "1.1.2-prerelease+meta",
    "1.0.0-alpha.beta.1",
    "1.0.0-alpha0.valid",
    "1.0.0-alpha-a.b-c-somethinglong+build.1-aef.1-its-okay",
    "1.0.0-0A.is.legal",
    "2.0.0-rc.1+build.123",
  ]) {
    assert.ok(npmSemverScheme.isValid(v), v);
  }
  for (const v of ["1", "1.2", "1.2.3-0123", "01.1.1", "1.01.1", "1.1.01", "1.2.3-", "1.2.3+", "1.0.0-alpha..1", "1.2.3.DEV", "alpha", "1.2.3-alpha_beta"]) {
    assert.equal(npmSemverScheme.isValid(v), false, v);
  }
});

test("numeric prerelease identifiers rank below alphanumeric ones", () => {
  assert.ok(compareSemver("1.0.0-1", "1.0.0-a") < 0);
  assert.ok(compareSemver("1.0.0-alpha.10", "1.0.0-alpha.9") > 0);
  assert.ok(compareSemver("1.0.0-rc.1", "1.0.0-rc.1.1") < 0);
});

test("invalid versions sort below valid ones and the order stays total", () => {
  assert.ok(compareSemver("not-a-version", "0.0.0") < 0);
  assert.ok(compareSemver("0.0.0", "not-a-version") > 0);
  assert.equal(compareSemver("x", "x"), 0);
});
