import assert from "node:assert/strict";
import { test } from "node:test";
import { compareNuGetVersions, nugetVersionScheme } from "./version.js";

// Vectors from NuGet.Client's own test/NuGet.Core.Tests/NuGet.Versioning.Test/VersionComparerTests.cs
// (VersionComparisonDefaultEqual / NotEqual / Less), checked both ways as that test does.
test("VersionComparerTests.VersionComparisonDefaultEqual", () => {
  for (const [a, b] of [
    ["1.0.0", "1.0.0"],
    ["1.0.0-BETA", "1.0.0-beta"],
    ["1.0.0-BETA+AA", "1.0.0-beta+aa"],
    ["1.0.0-BETA.X.y.5.77.0+AA", "1.0.0-beta.x.y.5.77.0+aa"],
  ] as const) {
    assert.equal(compareNuGetVersions(a, b), 0, `${a} == ${b}`);
    assert.equal(compareNuGetVersions(b, a), 0, `${b} == ${a}`);
  }
});

test("VersionComparerTests.VersionComparisonDefaultNotEqual (metadata-only difference compares equal, as VersionComparer.Default does)", () => {
  for (const [a, b] of [
    ["0.0.0", "1.0.0"],
    ["1.1.0", "1.0.0"],
    ["1.0.0", "1.0.1"].reverse(),
    ["1.0.0-BETA", "1.0.0-beta2"],
    ["1.0.0+AA", "1.0.0-beta+aa"],
    ["1.0.0-BETA.X.y.5.77.0+AA", "1.0.0-beta.x.y.5.79.0+aa"],
  ]) {
    assert.notEqual(compareNuGetVersions(a!, b!), 0, `${a} != ${b}`);
  }
  // NuGet lists ("1.0.0-BETA+AA", "1.0.0-beta") as not Equals() because that test compares the
  // objects (metadata differs); ordering ignores metadata, which is what range checks use.
  assert.equal(compareNuGetVersions("1.0.0-BETA+AA", "1.0.0-beta"), 0);
});

test("VersionComparerTests.VersionComparisonDefaultLess", () => {
  for (const [a, b] of [
    ["0.0.0", "1.0.0"],
    ["1.0.0", "1.1.0"],
    ["1.0.0", "1.0.1"],
    ["1.999.9999", "2.1.1"],
    ["1.0.0-BETA", "1.0.0-beta2"],
    ["1.0.0-beta+AA", "1.0.0+aa"],
    ["1.0.0-BETA", "1.0.0-beta.1+AA"],
    ["1.0.0-BETA.X.y.5.77.0+AA", "1.0.0-beta.x.y.5.79.0+aa"],
    ["1.0.0-BETA.X.y.5.79.0+AA", "1.0.0-beta.x.y.5.790.0+abc"],
  ] as const) {
    assert.ok(compareNuGetVersions(a, b) < 0, `${a} < ${b}`);
    assert.ok(compareNuGetVersions(b, a) > 0, `${b} > ${a}`);
  }
});

test("four-part and short versions (NuGetVersion: missing parts are 0, a fourth part is the revision)", () => {
  assert.equal(compareNuGetVersions("1.0", "1.0.0.0"), 0);
  assert.equal(compareNuGetVersions("1.01.1", "1.1.1"), 0);
  assert.ok(compareNuGetVersions("3.7.10.6", "3.7.10.10") < 0);
  assert.ok(compareNuGetVersions("1.0.0", "1.0.0.1") < 0);
  assert.ok(compareNuGetVersions("1.0.0.1-beta", "1.0.0.1") < 0);
  assert.equal(nugetVersionScheme.isValid("1.2.3.4.5"), false);
  assert.equal(nugetVersionScheme.isValid("v1.0"), false);
  assert.ok(compareNuGetVersions("junk", "0.0.0") < 0);
});
