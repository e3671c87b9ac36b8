import assert from "node:assert/strict";
import { test } from "node:test";
import { compareMavenVersions } from "./version.js";

/*
 * Vectors copied from Maven's own ComparableVersionTest:
 * apache/maven maven-artifact/src/test/java/org/apache/maven/artifact/versioning/ComparableVersionTest.java
 * at commit 5bc542fce94ec873f503e9e127fbfd9d46d3a11d (Apache-2.0; the Maven 3.8 line). Each ordered list must be
 * strictly increasing for every pair, as its checkVersionsOrder(String[]) asserts.
 */
const VERSIONS_QUALIFIER = [
  "1-alpha2snapshot",
  "1-alpha2",
  "1-alpha-123",
  "1-beta-2",
  "1-beta123",
  "1-m2",
  "1-m11",
  "1-rc",
  "1-cr2",
  "1-rc123",
  "1-SNAPSHOT",
  "1",
  "1-sp",
  "1-sp2",
  "1-sp123",
  "1-abc",
  "1-def",
  "1-pom-1",
  "1-1-snapshot",
  "1-1",
  "1-2",
  "1-123",
];
const VERSIONS_NUMBER = [
  "2.0",
  "2-1",
  "2.0.a",
  "2.0.0.a",
  "2.0.2",
  "2.0.123",
  "2.1.0",
  "2.1-a",
  "2.1b",
  "2.1-c",
  "2.1-1",
  "2.1.0.1",
  "2.2",
  "2.123",
  "11.a2",
  "11.a11",
  "11.b2",
  "11.b11",
  "11.m2",
  "11.m11",
  "11",
  "11.a",
  "11b",
  "11c",
  "11m",
];
const EQUAL: readonly (readonly [string, string])[] = [
  ["1", "1"],
  ["1", "1.0"],
  ["1", "1.0.0"],
  ["1.0", "1.0.0"],
  ["1", "1-0"],
  ["1", "1.0-0"],
  ["1.0", "1.0-0"],
  ["1a", "1-a"],
  ["1a", "1.0-a"],
  ["1a", "1.0.0-a"],
  ["1.0a", "1-a"],
  ["1.0.0a", "1-a"],
  ["1x", "1-x"],
  ["1x", "1.0-x"],
  ["1x", "1.0.0-x"],
  ["1.0x", "1-x"],
  ["1.0.0x", "1-x"],
  ["1ga", "1"],
  ["1release", "1"],
  ["1final", "1"],
  ["1cr", "1rc"],
  ["1a1", "1-alpha-1"],
  ["1b2", "1-beta-2"],
  ["1m3", "1-milestone-3"],
  ["1X", "1x"],
  ["1A", "1a"],
  ["1B", "1b"],
  ["1M", "1m"],
  ["1Ga", "1"],
  ["1GA", "1"],
  ["1RELEASE", "1"],
  ["1release", "1"],
  ["1RELeaSE", "1"],
  ["1Final", "1"],
  ["1FinaL", "1"],
  ["1FINAL", "1"],
  ["1Cr", "1Rc"],
  ["1cR", "1rC"],
  ["1m3", "1Milestone3"],
  ["1m3", "1MileStone3"],
  ["1m3", "1MILESTONE3"],
  // testLocaleIndependent
  ["1-abcdefghijklmnopqrstuvwxyz", "1-ABCDEFGHIJKLMNOPQRSTUVWXYZ"],
];
const ORDERED_PAIRS: readonly (readonly [string, string])[] = [
  ["1", "2"],
  ["1.5", "2"],
  ["1", "2.5"],
  ["1.0", "1.1"],
  ["1.1", "1.2"],
  ["1.0.0", "1.1"],
  ["1.0.1", "1.1"],
  ["1.1", "1.2.0"],
  ["1.0-alpha-1", "1.0"],
  ["1.0-alpha-1", "1.0-alpha-2"],
  ["1.0-alpha-1", "1.0-beta-1"],
  ["1.0-beta-1", "1.0-SNAPSHOT"],
  ["1.0-SNAPSHOT", "1.0"],
  ["1.0-alpha-1-SNAPSHOT", "1.0-alpha-1"],
  ["1.0", "1.0-1"],
  ["1.0-1", "1.0-2"],
  ["1.0.0", "1.0-1"],
  ["2.0-1", "2.0.1"],
  ["2.0.1-klm", "2.0.1-lmn"],
  ["2.0.1", "2.0.1-xyz"],
  ["2.0.1", "2.0.1-123"],
  ["2.0.1-xyz", "2.0.1-123"],
];

function checkOrder(versions: readonly string[]): void {
  for (let i = 1; i < versions.length; i++) {
    for (let j = i; j < versions.length; j++) {
      const low = versions[i - 1]!;
      const high = versions[j]!;
      assert.ok(compareMavenVersions(low, high) < 0, `expected ${low} < ${high}`);
      assert.ok(compareMavenVersions(high, low) > 0, `expected ${high} > ${low}`);
    }
  }
}

test("Maven ComparableVersionTest.testVersionsQualifier", () => checkOrder(VERSIONS_QUALIFIER));
test("Maven ComparableVersionTest.testVersionsNumber", () => checkOrder(VERSIONS_NUMBER));
test("Maven ComparableVersionTest.testVersionsEqual (+ testLocaleIndependent)", () => {
  for (const [a, b] of EQUAL) {
    assert.equal(compareMavenVersions(a, b), 0, `${a} == ${b}`);
    assert.equal(compareMavenVersions(b, a), 0, `${b} == ${a}`);
  }
});
test("Maven ComparableVersionTest.testVersionComparing", () => {
  for (const pair of ORDERED_PAIRS) checkOrder(pair);
});

test("Maven ComparableVersionTest.testMng5568, testMng6572, testMng6964", () => {
  checkOrder(["6.1.0rc3", "6.1.0"]);
  checkOrder(["6.1.0rc3", "6.1H.5-beta"]);
  checkOrder(["6.1.0", "6.1H.5-beta"]);
  checkOrder(["20190126.230843", "1234567890.12345", "123456789012345.1H.5-beta", "12345678901234567890.1H.5-beta"]);
  checkOrder(["1-0.alpha", "1-0.beta", "1"]);
});
test("Maven ComparableVersionTest.testVersionEqualWithLeadingZeroes / testVersionZeroEqualWithLeadingZeroes", () => {
  for (const digit of ["1", "0"]) {
    const arr = Array.from({ length: 19 }, (_, i) => "0".repeat(18 - i) + digit);
    for (const a of arr) for (const b of arr) assert.equal(compareMavenVersions(a, b), 0, `${a} == ${b}`);
  }
});

test("the log4j advisory bounds order as Maven orders them", () => {
  checkOrder(["2.0-alpha1", "2.0-beta9", "2.0-rc1", "2.0", "2.3.1", "2.12.1", "2.12.2", "2.14.1", "2.15.0", "2.15.0.1", "2.16.0"]);
  checkOrder(["4.1.58.Final", "4.1.59.Final", "4.1.100.Final"]);
});
