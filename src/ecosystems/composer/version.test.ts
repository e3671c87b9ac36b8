import assert from "node:assert/strict";
import { test } from "node:test";
import { compareComposerVersions, composerVersionScheme, normalizeComposerVersion } from "./version.js";

// Input → normalised pairs from Composer's own test suite: composer/semver
// tests/VersionParserTest.php, successfulNormalizedVersions() (classical versions; claro reads
// numbers as numbers, so zero-padded date parts like `2012.06.07` come out unpadded, which
// orders the same).
test("VersionParserTest::successfulNormalizedVersions (classical versions, stability suffixes, v prefix, metadata, x-dev)", () => {
  const cases: [string, string][] = [
    ["1.0.0", "1.0.0.0"],
    ["1.2.3.4", "1.2.3.4"],
    ["1.0.0RC1dev", "1.0.0.0-RC1-dev"],
    ["1.0.0-rC15-dev", "1.0.0.0-RC15-dev"],
    ["1.0.0.RC.15-dev", "1.0.0.0-RC15-dev"],
    ["1.0.0-rc1", "1.0.0.0-RC1"],
    ["1.0.0.pl3-dev", "1.0.0.0-patch3-dev"],
    ["1.0-dev", "1.0.0.0-dev"],
    ["0", "0.0.0.0"],
    ["10.4.13-beta", "10.4.13.0-beta"],
    ["10.4.13beta2", "10.4.13.0-beta2"],
    ["10.4.13beta.2", "10.4.13.0-beta2"],
    ["10.4.13-b", "10.4.13.0-beta"],
    ["10.4.13-b5", "10.4.13.0-beta5"],
    ["v1.0.0", "1.0.0.0"],
    ["v1.13.11-beta.0", "1.13.11.0-beta0"],
    ["1.13.11.0-beta0", "1.13.11.0-beta0"],
    ["2012.06.07", "2012.6.7.0"], // Composer: "2012.06.07.0" (padding kept)
    ["1.0.0-beta.5+foo", "1.0.0.0-beta5"],
    ["1.0.0+foo", "1.0.0.0"],
    ["1.0.0-alpha.3.1+foo", "1.0.0.0-alpha3.1"],
    ["1.0.0-alpha2.1+foo", "1.0.0.0-alpha2.1"],
    ["1.x-dev", "1.9999999.9999999.9999999-dev"],
    ["dev-master", "dev-master"],
    ["dev-feature-foo", "dev-feature-foo"],
    [" 1.0.0", "1.0.0.0"],
    ["1.0.0 ", "1.0.0.0"],
  ];
  for (const [input, want] of cases) assert.equal(normalizeComposerVersion(input), want, input);
  // failingNormalizedVersions (those that are not constraints or aliases).
  for (const bad of ["", "a", "1.0.0-meh", "1.0.0.0.0", "feature-foo", "1.0.1-SNAPSHOT", "1.0 .2", "~1", "^1", "1.*"]) {
    assert.equal(composerVersionScheme.isValid(bad), false, JSON.stringify(bad));
  }
});

test("stability order of normalised versions: dev < alpha < beta < RC < release < patch, -dev before its release", () => {
  const chain = [
    "1.0.0-dev",
    "1.0.0-alpha1",
    "1.0.0-alpha3.1",
    "1.0.0-beta",
    "1.0.0-beta2-dev",
    "1.0.0-beta2",
    "1.0.0-RC1",
    "1.0.0",
    "1.0.0-patch1",
    "1.0.0.1",
    "1.0.1",
    "v1.27.0",
    "1.x-dev",
  ];
  for (let i = 0; i < chain.length; i++) {
    for (let j = i + 1; j < chain.length; j++) {
      assert.ok(compareComposerVersions(chain[i]!, chain[j]!) < 0, `${chain[i]} < ${chain[j]}`);
      assert.ok(compareComposerVersions(chain[j]!, chain[i]!) > 0, `${chain[j]} > ${chain[i]}`);
    }
  }
  assert.equal(compareComposerVersions("v1.0", "1.0.0.0"), 0);
  assert.equal(compareComposerVersions("1.0.0-b2", "1.0.0-beta.2"), 0);
  assert.ok(compareComposerVersions("dev-master", "0.0.1") < 0);
});
