import assert from "node:assert/strict";
import { test } from "node:test";
import { compareGemVersions, gemCanonicalSegments, gemVersionScheme, isGemPrerelease } from "./version.js";

// Vectors from RubyGems' own test/rubygems/test_gem_version.rb (test_spaceship, test_semver,
// test_equals2, test_initialize, test_initialize_bad, test_prerelease, test_canonical_segments).
const sign = (n: number): number => Math.sign(n);

test("test_spaceship: <=> in both directions", () => {
  const cases: [string, string, number][] = [
    ["1.0", "1.0.0", 0],
    ["1.0", "1.0.a", 1],
    ["1.8.2", "0.0.0", 1],
    ["1.8.2", "1.8.2.a", 1],
    ["1.8.2.b", "1.8.2.a", 1],
    ["1.8.2.a", "1.8.2", -1],
    ["1.8.2.a10", "1.8.2.a9", 1],
    ["", "0", 0],
    ["0.beta.1", "0.0.beta.1", 0],
    ["0.0.beta", "0.0.beta.1", -1],
    ["0.0.beta", "0.beta.1", -1],
    ["5.a", "5.0.0.rc2", -1],
    ["5.x", "5.0.0.rc2", 1],
  ];
  for (const [a, b, want] of cases) {
    assert.equal(sign(compareGemVersions(a, b)), want, `${a} <=> ${b}`);
    assert.equal(sign(compareGemVersions(b, a)), -want || 0, `${b} <=> ${a}`);
  }
});

test("test_semver: SemVer-style pre-releases written with '-' are Gem pre-releases", () => {
  const chain = ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1"];
  for (let i = 0; i + 1 < chain.length; i++) assert.ok(compareGemVersions(chain[i]!, chain[i + 1]!) < 0, `${chain[i]} < ${chain[i + 1]}`);
  assert.ok(compareGemVersions("1.0.0-rc1", "1.0.0") < 0);
  assert.ok(compareGemVersions("1.0.0-1", "1") < 0);
});

test("test_equals2 / test_initialize: equal spellings, and malformed strings rejected", () => {
  assert.equal(compareGemVersions("1.2.b1", "1.2.b.1"), 0);
  assert.notEqual(compareGemVersions("1.2", "1.3"), 0);
  for (const good of ["1.0", "1.0 ", " 1.0 ", "1.0\n", "\n1.0\n"]) assert.equal(compareGemVersions("1.0", good), 0, JSON.stringify(good));
  for (const bad of ["junk", "1.0\n2.0"]) assert.equal(gemVersionScheme.isValid(bad), false, JSON.stringify(bad));
  assert.ok(compareGemVersions("junk", "0") < 0, "malformed sorts below valid");
});

test("test_prerelease and test_canonical_segments", () => {
  for (const v of ["1.2.0.a", "2.9.b", "22.1.50.0.d", "1.2.d.42", "1.A"]) assert.equal(isGemPrerelease(v), true, v);
  for (const v of ["1.2.0", "2.9", "22.1.50.0"]) assert.equal(isGemPrerelease(v), false, v);
  assert.deepEqual(gemCanonicalSegments("1.0.0"), [1]);
  assert.deepEqual(gemCanonicalSegments("1.0.0.a.1.0"), [1, "a", 1]);
  assert.deepEqual(gemCanonicalSegments("1.2.3-1"), [1, 2, 3, "pre", 1]);
});

test("four-part security releases order as RubyGems orders them (rack 2.2.3 < 2.2.3.1 < 2.2.4)", () => {
  const chain = ["2.2.3", "2.2.3.1", "2.2.4.rc1", "2.2.4", "2.10.0"];
  for (let i = 0; i + 1 < chain.length; i++) assert.ok(compareGemVersions(chain[i]!, chain[i + 1]!) < 0, `${chain[i]} < ${chain[i + 1]}`);
});
