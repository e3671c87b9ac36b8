import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { memoryTree, memoryTreeFromDir } from "../../../test/support/memory-tree.js";
import { amazonDistributionScanner, fromSystemRelease } from "./distribution-scanner.js";
import { namespaceOfDistribution, releaseOfVersionId } from "./releases.js";

// Each case reproduces the release's published os-release / system-release text.
const CASES = join(import.meta.dirname, "testdata", "dist");

for (const name of readdirSync(CASES).sort()) {
  test(`testdata/dist/${name}: distribution and advisory namespace`, () => {
    const want = JSON.parse(readFileSync(join(CASES, name, "want.json"), "utf8")) as { found: unknown[]; namespace: string | null };
    const got = amazonDistributionScanner.scan(memoryTreeFromDir(join(CASES, name)));
    assert.deepEqual(got.found, want.found);
    assert.deepEqual(got.problems, []);
    const dist = got.found[0];
    assert.equal(dist ? (namespaceOfDistribution(dist) ?? null) : null, want.namespace);
  });
}

test("system-release forms", () => {
  assert.equal(fromSystemRelease("Amazon Linux release 2023.3.20240131 (Amazon Linux)")?.versionId, "2023");
  assert.equal(fromSystemRelease("Amazon Linux release 2 (Karoo)")?.versionId, "2");
  assert.equal(fromSystemRelease("Amazon Linux AMI release 2017.09")?.versionId, "2017.09");
  assert.equal(fromSystemRelease("Amazon Linux something else"), undefined);
});

test("an unreadable Amazon system-release is a problem, not a guess", () => {
  const got = amazonDistributionScanner.scan(memoryTree({ "etc/system-release": "Amazon Linux next\n" }));
  assert.deepEqual(got.found, []);
  assert.equal(got.problems.length, 1);
});

test("os-release wins over system-release, and VERSION_ID maps to the feed release", () => {
  assert.deepEqual(
    amazonDistributionScanner.scan(memoryTree({ "etc/os-release": 'ID="fedora"\nVERSION_ID=39\n', "etc/system-release": "Amazon Linux release 2 (Karoo)\n" }))
      .found,
    [],
  );
  assert.equal(releaseOfVersionId("2017.09"), "1");
  assert.equal(releaseOfVersionId("2022"), "2022");
  assert.equal(releaseOfVersionId("2025"), undefined);
});
